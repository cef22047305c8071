"""Every bad input of the web UI gets a clear message (in the form or a 4xx page) and changes nothing."""

import threading
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connections
from django.urls import reverse

from authz.context import Actor, Context
from authz.models import Organization
from authz.services import person_get_or_create
from integrations.models import Integration
from integrations.services import integration_create
from tests.conftest import DEMO_ADMIN_PID, DEMO_ORGNR, OTHER_ORGNR, VENDOR_ORGNR

from .conftest import db_state

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"portal:{name}", args=args)


def form_post(client, path, data=None):
    """POST like a browser does (application/x-www-form-urlencoded)."""
    return client.post(path, urlencode(data or {}), content_type="application/x-www-form-urlencoded")


def create(client, **fields):
    data = {"name": "Sak og arkiv", "description": "", "authorized_orgnr": VENDOR_ORGNR} | fields
    return form_post(client, url("integration_new", DEMO_ORGNR), data)


EMPTY = "Skriv organisasjonsnummeret: ni sifre."
NOT_DIGITS = "Ugyldig organisasjonsnummer: det kan bare inneholde sifrene 0–9."
CHECK_DIGIT = "Ugyldig organisasjonsnummer: kontrollsifferet (det siste sifferet) stemmer ikke."


def length(count):
    return f"Ugyldig organisasjonsnummer: det må ha ni sifre, ikke {count}."


@pytest.mark.parametrize(("orgnr", "message"), [
    ("12345678", length(8)),
    ("1234567850", length(10)),
    ("123 456 78", length(8)),        # spaces are fine, the digits still too few
    ("12345678A", NOT_DIGITS),        # a letter
    ("ABCDEFGHI", NOT_DIGITS),        # letters only
    ("123-456-785", NOT_DIGITS),      # other separators than spaces
    ("١٢٣٤٥٦٧٨٥", NOT_DIGITS),        # Arabic-Indic digits (str.isdigit() is true for them)
    ("１２３４５６７８５", NOT_DIGITS),  # full-width digits
    ("123456784", CHECK_DIGIT),       # wrong check digit (123456785 is valid)
    ("123 456 784", CHECK_DIGIT),
    ("000000000", CHECK_DIGIT),       # all zeros passes mod-11 but is never issued
    ("", EMPTY),                      # missing
    ("   ", EMPTY),                   # only spaces
])
def test_bad_authorized_orgnr_is_a_specific_field_error(admin_client, orgnr, message):
    before = db_state()
    response = create(admin_client, authorized_orgnr=orgnr)
    body = response.content.decode()
    assert response.status_code == 200
    assert message in body
    # the error is tied to the input for screen readers
    assert 'id="id_authorized_orgnr_error"' in body
    assert 'aria-invalid="true"' in body
    assert 'aria-describedby="id_authorized_orgnr_helptext id_authorized_orgnr_error"' in body
    assert "Skjemaet har feil" in body
    assert db_state() == before


@pytest.mark.parametrize("typed", ["910 753 614", " 910753614 ", "910\u00a0753\u00a0614", "910\u202f753 614"])
def test_orgnr_with_spaces_between_digit_groups_is_accepted(admin_client, typed):
    """Brønnøysundregistrene print "910 753 614"; pasted from a web page it has no-break spaces. Stored as 9 digits."""
    response = create(admin_client, authorized_orgnr=typed)
    assert response.status_code == 302
    assert Integration.objects.get(name="Sak og arkiv").authorized_orgnr == VENDOR_ORGNR


@pytest.mark.parametrize(("orgnr", "message"), [
    ("12345678", length(8)), ("123 456 784", CHECK_DIGIT), ("000000000", CHECK_DIGIT), ("", EMPTY)])
def test_bad_authorized_orgnr_on_edit_changes_nothing(admin_client, integration, orgnr, message):
    before = db_state()
    response = form_post(admin_client, url("integration_edit", DEMO_ORGNR, integration.pk), {
        "name": "Nytt navn", "description": "", "authorized_orgnr": orgnr, "version": integration.version,
    })
    assert response.status_code == 200
    assert message in response.content.decode()
    assert db_state() == before


def test_edit_accepts_orgnr_with_spaces(admin_client, integration):
    response = form_post(admin_client, url("integration_edit", DEMO_ORGNR, integration.pk), {
        "name": integration.name, "description": "", "authorized_orgnr": "314 168 267",
        "version": integration.version,
    })
    assert response.status_code == 302
    integration.refresh_from_db()
    assert integration.authorized_orgnr == "314168267"


@pytest.mark.parametrize(("name", "message"), [
    ("", "Navnet kan ikke være tomt"),
    ("    ", "Navnet kan ikke være tomt"),
    ("a" * 101, "Navnet kan ha høyst 100 tegn"),
    ("Sak <script>", "Navnet kan bare inneholde"),
    ("Sak;arkiv", "Navnet kan bare inneholde"),
    ("Sak & arkiv", "Navnet kan bare inneholde"),
    ("Sak\tarkiv", "Navnet kan bare inneholde"),
    ("Sak ١٢", "Navnet kan bare inneholde"),  # non-ASCII digits
    ("Sak 😀", "Navnet kan bare inneholde"),
])
def test_bad_name_is_a_field_error(admin_client, name, message):
    before = db_state()
    response = create(admin_client, name=name)
    body = response.content.decode()
    assert response.status_code == 200
    assert message in body
    assert 'id="id_name_error"' in body
    assert db_state() == before


@pytest.mark.parametrize("name", ["Ærlig Østre Åsen", "a" * 100, "Sak_arkiv 2.0, del 1/2 - test", "Čeština ÿ"])
def test_good_names_are_accepted(admin_client, demo_org, name):
    response = create(admin_client, name=name)
    assert response.status_code == 302
    assert Integration.objects.get(organization=demo_org).name == name


def test_over_long_description_is_a_field_error(admin_client):
    before = db_state()
    response = create(admin_client, description="x" * 1001)
    assert response.status_code == 200
    assert "Beskrivelsen kan ha høyst 1000 tegn" in response.content.decode()
    assert db_state() == before


def test_duplicate_name_in_the_same_organization(admin_client, integration):
    before = db_state()
    response = create(admin_client, name="SAK OG ARKIV")  # case-insensitive, as the constraint
    assert response.status_code == 200
    assert "Organisasjonen har allerede en integrasjon med dette navnet" in response.content.decode()
    assert db_state() == before


def test_same_name_in_another_organization_is_fine(admin_client, other_integration, demo_org):
    response = create(admin_client, name=other_integration.name)
    assert response.status_code == 302
    assert Integration.objects.filter(name=other_integration.name).count() == 2


def test_renaming_to_a_taken_name_is_a_field_error(admin_client, admin_ctx, demo_org, integration):
    second = integration_create(admin_ctx, organization=demo_org, name="Lønn", authorized_orgnr=VENDOR_ORGNR)
    before = db_state()
    response = form_post(admin_client, url("integration_edit", DEMO_ORGNR, second.pk), {
        "name": "sak og arkiv", "description": "", "authorized_orgnr": VENDOR_ORGNR, "version": second.version,
    })
    assert "Organisasjonen har allerede en integrasjon med dette navnet" in response.content.decode()
    assert db_state() == before


def test_duplicate_committed_by_a_simultaneous_request_hits_the_constraint(admin_client, demo_org):
    """No check-then-insert: a row another request committed meanwhile makes the insert fail (IntegrityError),
    which the form shows as the duplicate-name error (the other row is a different integration: another
    authorized orgnr; an identical one would be the same form sent twice, see test_idempotent_creates)."""
    Integration.objects.create(organization=demo_org, name="Sak og arkiv", authorized_orgnr=OTHER_ORGNR)
    before = db_state()
    response = create(admin_client)
    assert "Organisasjonen har allerede en integrasjon med dette navnet" in response.content.decode()
    assert db_state() == before
    assert Integration.objects.filter(organization=demo_org).count() == 1


@pytest.mark.skipif("postgresql" not in settings.DATABASES["default"]["ENGINE"],
                    reason="needs PostgreSQL: SQLite serializes all writers, so the inserts cannot overlap")
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_creates_cannot_both_win():
    from authz.catalogue import load_catalogue
    from authz.models import Privilege, Service
    from authz.services import organization_create
    from tests.conftest import SYSTEM

    load_catalogue(Service, Privilege)  # an earlier transactional test's flush may have emptied it
    org = organization_create(SYSTEM, orgnr=DEMO_ORGNR, name="Demo kommune", first_admin_pid=DEMO_ADMIN_PID)
    ctx = Context(actor=Actor.for_person(person_get_or_create(pid=DEMO_ADMIN_PID)), channel="web")
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def submit(name: str):
        try:
            from django.db import transaction

            with transaction.atomic():
                barrier.wait(timeout=10)  # both transactions are open before either inserts
                integration_create(ctx, organization=Organization.objects.get(pk=org.pk), name=name,
                                   authorized_orgnr=VENDOR_ORGNR)
            outcomes.append("created")
        except ValidationError as error:
            outcomes.append("duplicate" if "name" in error.message_dict else repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit, args=(n,)) for n in ("Sak og arkiv", "SAK OG ARKIV")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(outcomes) == ["created", "duplicate"]
    assert Integration.objects.filter(organization=org).count() == 1


# --- CSRF ---------------------------------------------------------------------------------------------

def test_forms_without_csrf_token_are_refused(csrf_admin_client, integration):
    import authz.demo

    authz.demo.load_demo()
    glob = Integration.objects.get(code=authz.demo.GLOBAL_CODE)
    before = db_state()
    posts = [
        (url("integration_new", DEMO_ORGNR), {"name": "Ny", "authorized_orgnr": VENDOR_ORGNR}),
        (url("integration_edit", DEMO_ORGNR, integration.pk), {"name": "Ny", "authorized_orgnr": VENDOR_ORGNR}),
        (url("integration_delete", DEMO_ORGNR, integration.pk), {}),
        (url("integration_password", DEMO_ORGNR, integration.pk), {}),
        (url("grant_add", DEMO_ORGNR, integration.pk), {"privilege": "MINSIDE_SOK.INDEX"}),
        (url("global_activate", DEMO_ORGNR, glob.pk), {}),
    ]
    for path, data in posts:
        response = form_post(csrf_admin_client, path, data)
        assert response.status_code == 403, path
        assert "Skjemaet kunne ikke sendes" in response.content.decode()
    assert db_state() == before


def test_form_with_csrf_token_is_accepted(csrf_admin_client, demo_org):
    csrf_admin_client.get(url("integration_new", DEMO_ORGNR))
    token = csrf_admin_client.cookies["csrftoken"].value
    response = form_post(csrf_admin_client, url("integration_new", DEMO_ORGNR), {
        "csrfmiddlewaretoken": token, "name": "Ny", "description": "", "authorized_orgnr": VENDOR_ORGNR,
    })
    assert response.status_code == 302
    assert Integration.objects.filter(name="Ny").exists()


# --- NUL characters ----------------------------------------------------------------------------------

@pytest.mark.parametrize("field", ["name", "description", "authorized_orgnr"])
def test_nul_in_a_form_field_is_a_400(admin_client, field):
    before = db_state()
    data = {"name": "Sak", "description": "d", "authorized_orgnr": VENDOR_ORGNR}
    data[field] = data[field][:2] + "\x00" + data[field][2:]
    response = form_post(admin_client, url("integration_new", DEMO_ORGNR), data)
    assert response.status_code == 400
    assert "ugyldig tegn" in response.content.decode()
    assert db_state() == before


@pytest.mark.parametrize("field", ["name", "description", "authorized_orgnr"])
def test_nul_in_a_multipart_form_field_is_a_400(admin_client, field):
    before = db_state()
    data = {"name": "Sak", "description": "d", "authorized_orgnr": VENDOR_ORGNR}
    data[field] += "\x00"
    response = admin_client.post(url("integration_new", DEMO_ORGNR), data)  # multipart/form-data
    assert response.status_code == 400
    assert "ugyldig tegn" in response.content.decode()
    assert db_state() == before


def test_nul_in_edit_and_grant_forms_is_a_400(admin_client, integration):
    before = db_state()
    edit = form_post(admin_client, url("integration_edit", DEMO_ORGNR, integration.pk), {
        "name": "Ny\x00", "description": "", "authorized_orgnr": VENDOR_ORGNR, "version": integration.version,
    })
    grant = form_post(admin_client, url("grant_add", DEMO_ORGNR, integration.pk),
                      {"privilege": "MINSIDE_SOK.INDEX\x00"})
    assert (edit.status_code, grant.status_code) == (400, 400)
    assert db_state() == before


@pytest.mark.parametrize("query", ["q=%00", "q=sak%00", "page=%00"])
def test_nul_in_the_query_string_is_a_400(admin_client, demo_org, query):
    response = admin_client.get(url("organization", DEMO_ORGNR) + "?" + query)
    assert response.status_code == 400
    assert "ugyldig tegn" in response.content.decode()


def test_nul_in_a_post_query_string_is_a_400(admin_client, demo_org):
    before = db_state()
    response = form_post(admin_client, url("integration_new", DEMO_ORGNR) + "?x=%00",
                         {"name": "Sak", "description": "", "authorized_orgnr": VENDOR_ORGNR})
    assert response.status_code == 400
    assert db_state() == before


def test_over_long_search_is_a_field_error(admin_client, integration):
    body = admin_client.get(url("organization", DEMO_ORGNR) + "?q=" + "a" * 201).content.decode()
    assert 'id="id_q_error"' in body


def test_bad_page_number_shows_the_first_page(admin_client, integration):
    response = admin_client.get(url("organization", DEMO_ORGNR) + "?page=abc")
    assert response.status_code == 200
    assert "Sak og arkiv" in response.content.decode()


# --- another organization's objects --------------------------------------------------------------------

def test_another_organizations_pages_are_404(admin_client, other_integration, demo_org):
    for path in (url("organization", OTHER_ORGNR), url("integration_new", OTHER_ORGNR),
                 url("global_list", OTHER_ORGNR), url("audit_log", OTHER_ORGNR),
                 url("organization", "999999999"), url("organization", "abc")):
        response = admin_client.get(path)
        assert response.status_code == 404, path
        assert "Fant ikke siden" in response.content.decode()


def test_another_organizations_integration_is_404_under_every_url(admin_client, other_admin_ctx,
                                                                 other_integration, demo_org):
    from authz.models import Privilege
    from authz.services import grant_create, service_resource

    index = Privilege.objects.get(code="MINSIDE_SOK.INDEX")
    grant, _ = grant_create(other_admin_ctx, privilege=index, integration=other_integration,
                            resource=service_resource(organization=other_integration.organization,
                                                      service=index.service))
    before = db_state()
    pk = other_integration.pk
    for orgnr in (DEMO_ORGNR, OTHER_ORGNR):  # under my organization's URL and under its own
        for name in ("integration", "integration_edit", "integration_delete"):
            assert admin_client.get(url(name, orgnr, pk)).status_code == 404, (orgnr, name)
        for name, args, data in (
            ("integration_edit", (pk,), {"name": "Kapret", "authorized_orgnr": VENDOR_ORGNR}),
            ("integration_delete", (pk,), {}),
            ("integration_password", (pk,), {}),
            ("grant_add", (pk,), {"privilege": "SVARUT.SEND"}),
            ("grant_remove", (pk, grant.pk), {}),
        ):
            assert form_post(admin_client, url(name, orgnr, *args), data).status_code == 404, (orgnr, name)
    assert db_state() == before


def test_another_organizations_grant_under_my_integration_is_404(admin_client, other_admin_ctx, integration,
                                                                 other_integration):
    from authz.models import Privilege
    from authz.services import grant_create, service_resource

    index = Privilege.objects.get(code="MINSIDE_SOK.INDEX")
    grant, _ = grant_create(other_admin_ctx, privilege=index, integration=other_integration,
                            resource=service_resource(organization=other_integration.organization,
                                                      service=index.service))
    before = db_state()
    response = form_post(admin_client, url("grant_remove", DEMO_ORGNR, integration.pk, grant.pk))
    assert response.status_code == 404
    assert db_state() == before


def test_person_without_organizations_gets_404(nobody_client, integration):
    before = db_state()
    assert nobody_client.get(url("organization", DEMO_ORGNR)).status_code == 404
    assert form_post(nobody_client, url("integration_password", DEMO_ORGNR, integration.pk)).status_code == 404
    assert db_state() == before


def test_unknown_global_integration_is_404(admin_client, demo_org, integration):
    before = db_state()
    # a local integration is not a global one
    assert form_post(admin_client, url("global_activate", DEMO_ORGNR, integration.pk)).status_code == 404
    assert db_state() == before
