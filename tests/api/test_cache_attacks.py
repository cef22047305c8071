"""Attacks on the API's per-process caches (issue 6): every answer must be as if nothing were cached, on every app
server, right after a change committed by any path. Each test here was written against a suspected hole; the
report of the review lists which were holes (and their fixes) and which were found safe."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from api.authentication import forget_persons
from api.decisions import forget_answers
from api.views import forget_integration_reads
from authz.models import Privilege
from authz.selectors import forget_access, root_resource
from authz.services import grant_create
from integrations.selectors import forget_callers
from integrations.services import integration_create
from tests.conftest import DEMO_ORGNR, VENDOR_ORGNR

from .conftest import problem

LIST = f"organizations/{DEMO_ORGNR}/integrations/"
FORGET = (forget_answers, forget_persons, forget_access, forget_integration_reads, forget_callers)


@pytest.fixture(autouse=True)
def _fresh_process_caches():
    for forget in FORGET:
        forget()
    yield
    for forget in FORGET:
        forget()


@pytest.fixture
def indexer(admin_ctx, demo_org):
    """Demo kommune's integration holding MINSIDE_SOK.INDEX on the organization; returns (integration, grant)."""
    integration = integration_create(admin_ctx, organization=demo_org, name="Indekserer", authorized_orgnr=VENDOR_ORGNR)
    grant, _ = grant_create(admin_ctx, privilege=Privilege.objects.get(code="MINSIDE_SOK.INDEX"),
                            resource=root_resource(demo_org), integration=integration)
    return integration, grant


def _question(integration) -> dict:
    return {"actor": {"type": "integration", "integration_id": str(integration.pk)},
            "privilege": "MINSIDE_SOK.INDEX", "orgnr": DEMO_ORGNR}


def _decide(api, body) -> dict:
    r = api.post("decisions/", body)
    assert r.status_code == 200, r.content
    return r.json()


def _historical(app_label: str, model: str):
    """The model as a data migration's `RunPython` sees it (`apps.get_model`): a class of its own, to which no
    receiver of the running code is connected, so its saves and deletes send no signal our receivers hear."""
    return MigrationLoader(connection).project_state().apps.get_model(app_label, model)


# --- hole: data migrations write through historical models, which bump no counter ----------------------------


def test_a_grant_revoked_by_a_data_migration_is_denied_once_migrate_has_run(admin_api, indexer):
    """integrations/0005_global_svarut_read revokes grants this way: while app servers of the running release keep
    answering during a rolling deploy, the remembered permit must not outlive `migrate`."""
    integration, grant = indexer
    assert _decide(admin_api, _question(integration))["decision"] == "permit"
    assert _decide(admin_api, _question(integration))["decision"] == "permit"  # now remembered
    _historical("authz", "Grant").objects.filter(pk=grant.pk).delete()
    call_command("migrate", verbosity=0)  # nothing left to apply; ends as every `migrate` does (post_migrate)
    assert _decide(admin_api, _question(integration))["code"] == "no_grant"


def test_an_integration_renamed_by_a_data_migration_shows_once_migrate_has_run(admin_api, indexer):
    """integrations/0004_normalize_text renames integrations with QuerySet.update: the remembered list page and
    single integration must show the new name after `migrate`."""
    integration, _ = indexer
    detail = f"{LIST}{integration.pk}/"
    for _ in range(2):
        assert [row["name"] for row in admin_api.get(LIST).json()["results"]] == ["Indekserer"]
        assert admin_api.get(detail).json()["name"] == "Indekserer"
    _historical("integrations", "Integration").objects.filter(pk=integration.pk).update(name="Indeksering")
    call_command("migrate", verbosity=0)
    assert [row["name"] for row in admin_api.get(LIST).json()["results"]] == ["Indeksering"]
    assert admin_api.get(detail).json()["name"] == "Indeksering"


def test_an_administrator_removed_by_a_data_migration_gets_404_once_migrate_has_run(admin_api, admin_ctx, demo_org):
    from authz.models import Grant

    assert admin_api.get(LIST).status_code == 200
    assert admin_api.get(LIST).status_code == 200  # the access answer and the page are remembered
    admins = Grant.objects.filter(resource__organization=demo_org, privilege__code="ADMIN").values_list("pk", flat=True)
    _historical("authz", "Grant").objects.filter(pk__in=list(admins)).delete()
    call_command("migrate", verbosity=0)
    r = admin_api.get(LIST)
    assert r.status_code == 404 and problem(r)["code"] == "not_found"
