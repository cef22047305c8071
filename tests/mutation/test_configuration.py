"""Smoke test of the mutation-testing setup (`./dev mutate`): the configuration loads and names the modules.

No mutant is run here (a full run takes minutes per module); this keeps the command from rotting in CI.
"""

import json
import tomllib
from pathlib import Path

import pytest
from django.conf import settings

from tests.mutation import mutate

SECURITY_CORE = {"authz/identifiers.py", "api/tokens.py", "authz/selectors.py", "api/onbehalfof.py"}


@pytest.fixture
def project() -> dict:
    return tomllib.loads((mutate.ROOT / "pyproject.toml").read_text("utf-8"))


def test_every_security_core_module_is_mutated_with_existing_tests():
    modules = mutate.load_modules()
    assert {m.path for m in modules} >= SECURITY_CORE
    for module in modules:
        assert module.tests, module.path
        assert all((mutate.ROOT / path).exists() for path in module.tests)


def test_unknown_module_path_in_the_list_is_refused(tmp_path):
    listing = tmp_path / "modules.toml"
    listing.write_text('[[module]]\npath = "authz/nothing.py"\ntests = ["tests/authz"]\n')
    with pytest.raises(ValueError, match=r"authz/nothing\.py does not exist"):
        mutate.load_modules(listing)


def test_mutmut_reads_the_generated_configuration(tmp_path, project, monkeypatch):
    """mutmut's own configuration loader reads what the runner writes for each module."""
    from mutmut import configuration

    local_apps = {app.split(".")[0] for app in settings.INSTALLED_APPS if (mutate.ROOT / app.split(".")[0]).is_dir()}
    assert {"authz", "api", "integrations"} <= local_apps

    for module in mutate.load_modules():
        folder = tmp_path / module.slug
        folder.mkdir()
        (folder / "pyproject.toml").write_text(mutate.pyproject_text(module, project))
        monkeypatch.chdir(folder)
        config = configuration._load_config()
        assert config.only_mutate == [module.path]
        assert config.source_paths == [Path(module.path.split("/")[0])]
        assert config.pytest_add_cli_args_test_selection == list(module.tests)
        assert config.process_isolation == configuration.ProcessIsolation.FORKSERVER
        # the rest of the project is copied beside the mutated app, so Django and the tests can start
        copied = {str(path) for path in (*config.also_copy, *config.source_paths)}
        assert copied >= local_apps | {"config", "templates", "locale", "manage.py"}
        assert "pyproject.toml" not in mutate.mutmut_settings(module, project)["also_copy"]
        pytest_settings = tomllib.loads((folder / "pyproject.toml").read_text())["tool"]["pytest"]["ini_options"]
        assert pytest_settings["DJANGO_SETTINGS_MODULE"] == "config.settings.test"


def test_score_counts_only_failed_tests_as_killed(tmp_path):
    module = mutate.Module(path="authz/identifiers.py", tests=("tests/authz/test_identifiers.py",))
    meta = tmp_path / "mutants" / "authz" / "identifiers.py.meta"
    meta.parent.mkdir(parents=True)
    codes = {"a__mutmut_1": 1, "a__mutmut_2": 1, "a__mutmut_3": 3, "a__mutmut_4": 0, "a__mutmut_5": 0,
             "a__mutmut_6": 36, "a__mutmut_7": 33}
    meta.write_text(json.dumps({"exit_code_by_key": codes}))
    score = mutate.score(tmp_path, module, equivalent={"a__mutmut_5"})
    assert score.statuses["killed"] == 2
    assert score.statuses["pytest error"] == 1
    assert score.survivors == ("a__mutmut_4", "a__mutmut_5")
    assert score.equivalent == ("a__mutmut_5",)
    line = score.line(module.path)
    assert "2 / 7" in line and "29 %" in line
    assert "non-equivalent killed 2 / 6" in line and "33 %" in line


def test_equivalent_mutants_are_listed_with_names():
    names = mutate.equivalent_mutants()
    assert names
    modules = {m.path.removesuffix(".py").replace("/", ".") for m in mutate.load_modules()}
    assert all(any(name.startswith(prefix + ".") for prefix in modules) for name in names)


def test_preparing_a_module_never_touches_the_projects_files(tmp_path, project, monkeypatch):
    monkeypatch.setattr(mutate, "WORK_DIR", tmp_path / "mutation")
    module = mutate.load_modules()[0]
    before = (mutate.ROOT / "pyproject.toml").read_bytes()
    folder = mutate.prepare(module, project)
    assert (mutate.ROOT / "pyproject.toml").read_bytes() == before
    assert not (folder / "pyproject.toml").is_symlink()
    assert f'only_mutate = ["{module.path}"]' in (folder / "pyproject.toml").read_text()
    assert (folder / "config").resolve() == mutate.ROOT / "config"
