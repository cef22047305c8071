"""Mutation testing of the security core with mutmut, one module at a time (`./dev mutate`).

Usage: `python tests/mutation/mutate.py [PATH ...] [--max-children N]`. Without paths every module in
`tests/mutation/modules.toml` is run; a PATH (e.g. `authz/identifiers.py`) runs only that module.

For each module the runner makes a fresh folder `var/mutation/<module>/` that links to the project, writes a
`pyproject.toml` there (the project's pytest settings and `[tool.mutmut]`, plus the module as `only_mutate` and
its tests as the test selection) and runs `mutmut run` in it. Then it prints the module's score from mutmut's
result files: killed / total and the share of non-equivalent mutants killed (equivalent mutants are listed in
`tests/mutation/EQUIVALENT.md`). A mutant counts as killed only when pytest exits 1 (a test failed); pytest's
internal errors (exit 3, which mutmut counts as killed), timeouts and crashes are shown apart and not counted.
Exit status: 0, or 1 if a module could not be run.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tomllib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MODULES_FILE = Path(__file__).with_name("modules.toml")
EQUIVALENT_FILE = Path(__file__).with_name("EQUIVALENT.md")
WORK_DIR = ROOT / "var" / "mutation"
# mutmut's exit codes per mutant (mutmut/stats.py), reduced to what the score needs.
_STATUS = {0: "survived", 1: "killed", 3: "pytest error", 5: "no tests", 33: "no tests", 36: "timeout",
           24: "timeout", -24: "timeout", 152: "timeout", 255: "timeout", None: "not checked"}
_EQUIVALENT_NAME = re.compile(r"`([\w.]+__mutmut_\d+)`")


@dataclass(frozen=True)
class Module:
    """One module to mutate: `path` relative to the project (e.g. "api/tokens.py") and its test paths."""

    path: str
    tests: tuple[str, ...]

    @property
    def slug(self) -> str:
        """Folder name under var/mutation: "api/tokens.py" -> "api-tokens"."""
        return self.path.removesuffix(".py").replace("/", "-")


@dataclass(frozen=True)
class Score:
    """A module's result: counts per status and the mutants that survived."""

    statuses: Counter
    survivors: tuple[str, ...]
    equivalent: tuple[str, ...]

    @property
    def total(self) -> int:
        return sum(self.statuses.values())

    def line(self, path: str) -> str:
        """One line of the summary table: killed / total (%), the share of non-equivalent killed, the rest."""
        killed, total = self.statuses["killed"], self.total
        relevant = total - len(self.equivalent)
        others = ", ".join(f"{n} {s}" for s, n in sorted(self.statuses.items()) if s not in ("killed", "survived"))
        return (f"{path:<26} {killed:>4} / {total:<4} {_percent(killed, total):>6}   non-equivalent killed "
                f"{killed} / {relevant} {_percent(killed, relevant):>6}   survived {self.statuses['survived']}"
                f" ({len(self.equivalent)} equivalent){'   ' + others if others else ''}")


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f} %" if whole else "-"


def load_modules(path: Path = MODULES_FILE) -> list[Module]:
    """The modules of `modules.toml` as `Module`s. Raises `ValueError` if a module or test path does not exist."""
    data = tomllib.loads(path.read_text("utf-8"))
    modules = [Module(path=m["path"], tests=tuple(m["tests"])) for m in data["module"]]
    for module in modules:
        for name in (module.path, *module.tests):
            if not (ROOT / name).exists():
                raise ValueError(f"{path.name}: {name} does not exist")
    return modules


def equivalent_mutants(path: Path = EQUIVALENT_FILE) -> set[str]:
    """Names of the mutants listed as equivalent in EQUIVALENT.md (each written as `name` in backquotes)."""
    return set(_EQUIVALENT_NAME.findall(path.read_text("utf-8"))) if path.exists() else set()


def _toml_value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    raise TypeError(f"cannot write {value!r} as TOML")


def mutmut_settings(module: Module, project: dict) -> dict:
    """The `[tool.mutmut]` section for one module: the project's section with the module's source and tests.

    Input: the module and the parsed project pyproject.toml. Output: a dict of mutmut settings.
    """
    source_dir = module.path.split("/")[0]
    settings = dict(project["tool"]["mutmut"])
    settings["source_paths"] = [source_dir]
    settings["only_mutate"] = [module.path]
    # pyproject.toml is the one written for this module (mutmut copies it by itself), never the project's.
    settings["also_copy"] = [name for name in project_entries() if name not in (source_dir, "pyproject.toml")]
    settings["pytest_add_cli_args_test_selection"] = list(module.tests)
    return settings


def project_entries() -> list[str]:
    """The project's top-level files and folders under version control (apps, settings, templates, ...).

    mutmut runs the tests in a copy of these, so every app that Django loads must be among them.
    """
    files = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    return sorted({line.split("/")[0] for line in files.splitlines() if line})


def pyproject_text(module: Module, project: dict) -> str:
    """The pyproject.toml of a module's mutation folder: pytest's settings and the module's mutmut settings."""
    sections = {
        "tool.pytest.ini_options": project["tool"]["pytest"]["ini_options"],
        "tool.mutmut": mutmut_settings(module, project),
    }
    lines = []
    for name, values in sections.items():
        lines.append(f"[{name}]")
        lines += [f"{key} = {_toml_value(value)}" for key, value in values.items()]
        lines.append("")
    return "\n".join(lines)


def prepare(module: Module, project: dict) -> Path:
    """A fresh `var/mutation/<slug>/` linking to the project's folders, with the module's pyproject.toml."""
    folder = WORK_DIR / module.slug
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    settings = mutmut_settings(module, project)
    for name in {"tests", *settings["source_paths"], *settings["also_copy"]}:
        if (ROOT / name).exists():
            (folder / name).symlink_to(ROOT / name)
    config_file = folder / "pyproject.toml"
    assert not config_file.exists(), "the module's pyproject.toml must not be a link to the project's"
    config_file.write_text(pyproject_text(module, project), "utf-8")
    return folder


def score(folder: Path, module: Module, equivalent: set[str]) -> Score:
    """Read mutmut's result file of the module (mutants/<path>.meta) into a `Score`."""
    meta = json.loads((folder / "mutants" / f"{module.path}.meta").read_text("utf-8"))
    codes = meta["exit_code_by_key"]
    statuses = Counter(_STATUS.get(code, f"other ({code})") for code in codes.values())
    statuses.setdefault("killed", 0)
    statuses.setdefault("survived", 0)
    survivors = tuple(sorted(name for name, code in codes.items() if code == 0))
    return Score(statuses=statuses, survivors=survivors,
                 equivalent=tuple(name for name in survivors if name in equivalent))


def run(module: Module, project: dict, max_children: int) -> Score | None:
    """Mutate one module; prints mutmut's progress and the survivors. Returns None if mutmut failed."""
    folder = prepare(module, project)
    print(f"\n== {module.path}: tests {' '.join(module.tests)}", flush=True)
    mutmut = Path(sys.executable).with_name("mutmut")
    result = subprocess.run([str(mutmut), "run", "--max-children", str(max_children)], cwd=folder, check=False)
    if result.returncode != 0 or not (folder / "mutants" / f"{module.path}.meta").exists():
        print(f"mutmut failed for {module.path} (exit {result.returncode})", flush=True)
        return None
    module_score = score(folder, module, equivalent_mutants())
    other = [s for s in module_score.survivors if s not in module_score.equivalent]
    if other:
        print(f"\nSurvivors not listed as equivalent (see one: cd {folder.relative_to(ROOT)} && "
              f"{mutmut} show NAME):")
        print("\n".join(f"  {name}" for name in other))
    return module_score


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("paths", nargs="*", help="module paths from modules.toml (default: all)")
    parser.add_argument("--max-children", type=int, default=2, help="mutants tested in parallel (default 2)")
    args = parser.parse_args(argv)
    modules = load_modules()
    unknown = set(args.paths) - {m.path for m in modules}
    if unknown:
        parser.error(f"not in {MODULES_FILE.name}: {', '.join(sorted(unknown))}")
    selected = [m for m in modules if not args.paths or m.path in args.paths]
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    scores = {m.path: run(m, project, args.max_children) for m in selected}
    print("\nMutation scores (killed = a test failed):")
    for path, module_score in scores.items():
        print(module_score.line(path) if module_score else f"{path:<26} not run")
    return 0 if all(scores.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
