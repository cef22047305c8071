"""Issue 9 item 7: every text field is normalized in the services (NFC, no surrounding whitespace), so web, API,
admin and commands store the same value, and uniqueness holds on the normalized value.

Places: integration name/description/authorized orgnr (create and update: web, API, admin for global ones),
global integration code, organization name (create and the admin's rename), the catalogue's service and
privilege names and descriptions (admin), and the data migration for rows stored before.
"""

import importlib
import unicodedata

import pytest
from django.apps import apps as django_apps
from django.core.exceptions import ValidationError

from authz.models import AuditEvent, Organization
from authz.services import organization_create, organization_rename
from authz.text import normalize_text
from integrations.models import Integration
from integrations.services import global_integration_create, integration_create
from tests.conftest import DEMO_ORGNR, SYSTEM, VENDOR_ORGNR

NFD_CAFE = unicodedata.normalize("NFD", "Kafé Ås")
NFC_CAFE = "Kafé Ås"


@pytest.mark.parametrize("raw, stored", [
    (" Ws X ", "Ws X"),
    ("\u00a0Ws X\t\n", "Ws X"),  # no-break space, tab and line break count as surrounding whitespace
    (NFD_CAFE, NFC_CAFE),
    ("linje 1\r\nlinje 2\rlinje 3", "linje 1\nlinje 2\nlinje 3"),
    ("inner  spaces kept", "inner  spaces kept"),
    (None, ""),
])
def test_normalize_text(raw, stored):
    assert normalize_text(raw) == stored


def test_authorized_orgnr_with_surrounding_spaces_is_the_orgnr(admin_ctx, demo_org):
    integration = integration_create(admin_ctx, organization=demo_org, name="Arkiv",
                                     authorized_orgnr=f" {VENDOR_ORGNR} ")
    assert integration.authorized_orgnr == VENDOR_ORGNR


def test_global_integration_fields_normalized(db):
    integration = global_integration_create(SYSTEM, code=" FIKS.NORM ", name=f" {NFD_CAFE} ",
                                            authorized_orgnr=VENDOR_ORGNR, description=" Global ")
    assert (integration.code, integration.name, integration.description) == ("FIKS.NORM", NFC_CAFE, "Global")
    with pytest.raises(ValidationError):
        global_integration_create(SYSTEM, code="FIKS.NORM2", name=NFC_CAFE, authorized_orgnr=VENDOR_ORGNR)


def test_organization_names_normalized_on_create_and_rename(db):
    organization = organization_create(SYSTEM, orgnr=DEMO_ORGNR, name=f"  {NFD_CAFE} kommune ")
    assert organization.name == f"{NFC_CAFE} kommune"
    organization_rename(SYSTEM, organization=organization, name=f"{NFC_CAFE} kommune   ")
    assert not AuditEvent.objects.filter(action="organization.update").exists()  # the same name: no change
    organization_rename(SYSTEM, organization=organization, name=" Ny kommune ")
    assert Organization.objects.get().name == "Ny kommune"
    event = AuditEvent.objects.get(action="organization.update")
    assert (event.before, event.after) == ({"name": f"{NFC_CAFE} kommune"}, {"name": "Ny kommune"})


def test_data_migration_normalizes_old_rows_and_separates_lookalikes(admin_ctx, demo_org):
    """Rows stored before normalization (written here past the services) are rewritten, each change audited."""
    old = Integration.objects.create(organization=demo_org, name="Ws X", authorized_orgnr=VENDOR_ORGNR)
    lookalike = Integration.objects.create(organization=demo_org, name=" Ws X ", authorized_orgnr=VENDOR_ORGNR,
                                           description=" beskrivelse ")
    Organization.objects.filter(pk=demo_org.pk).update(name=f" {NFD_CAFE} ")
    importlib.import_module("authz.migrations.0004_normalize_text").normalize(django_apps, None)
    importlib.import_module("integrations.migrations.0004_normalize_text").normalize(django_apps, None)
    old.refresh_from_db()
    lookalike.refresh_from_db()
    assert old.name == "Ws X"
    assert (lookalike.name, lookalike.description) == ("Ws X - 2", "beskrivelse")
    assert Organization.objects.get(pk=demo_org.pk).name == NFC_CAFE
    event = AuditEvent.objects.get(action="integration.update", target_id=str(lookalike.pk))
    assert (event.principal, event.before["name"], event.after["name"]) == ("system:migration", " Ws X ", "Ws X - 2")
    assert AuditEvent.objects.filter(action="organization.update", principal="system:migration").count() == 1
    assert not AuditEvent.objects.filter(target_id=str(old.pk), principal="system:migration").exists()
