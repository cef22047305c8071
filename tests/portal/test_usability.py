"""Usability fixes a newcomer asked for (issue 2): the one-time password page survives a reload without rotating,
replacing a password is confirmed first, keyboard focus on forms, telling two "Fjern" buttons apart, the
person's name in the header, the operators' TOTP setup and login pages, and a readable audit log."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

import pytest
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY
from django.urls import reverse

from authz.demo import GLOBAL_CODE, load_demo
from authz.models import AuditEvent, Privilege
from authz.selectors import root_resource
from authz.services import grant_create, person_get_or_create, service_resource
from integrations.models import Integration
from tests.admin.conftest import OPERATOR_PASSWORD, allauth_login
from tests.conftest import DEMO_ADMIN_PID, DEMO_ORGNR, VENDOR_ORGNR, check_password

from .conftest import user_for

pytestmark = pytest.mark.django_db

PASSWORD_INPUT = re.compile(r'<input id="new-password"[^>]*value="([^"]+)"')
CSS = Path(__file__).resolve().parents[2] / "static" / "css" / "portal.css"
SHOWN_ONCE_NOTE = "Passordet vises bare én gang. Lag et nytt om du har mistet det."


def url(name, *args):
    return reverse(f"portal:{name}", args=args)


def form_post(client, path, data=None):
    """POST like a browser does (application/x-www-form-urlencoded)."""
    return client.post(path, urlencode(data or {}), content_type="application/x-www-form-urlencoded")


def audit_targets(html: str) -> list[str]:
    """The "Gjelder" column of the audit page (the fourth cell of each row), as text."""
    rows = re.findall(r"<tr>(\s*<td><time.*?)</tr>", html, re.S)
    return [re.sub(r"<[^>]+>", "", re.findall(r"<td>(.*?)</td>", row, re.S)[3]).strip() for row in rows]


def password_hash(integration) -> str:
    integration.refresh_from_db()
    return integration.password_digest


# --- 1. The new password: POST-redirect-GET, shown exactly once --------------------------------------------------

def test_reloading_the_password_page_neither_shows_it_again_nor_rotates(admin_client, integration):
    made = form_post(admin_client, url("integration_password", DEMO_ORGNR, integration.pk))
    assert made.status_code == 302
    shown_url = made["Location"]
    assert shown_url == url("integration_password_shown", DEMO_ORGNR, integration.pk)
    first = admin_client.get(shown_url)
    assert first.status_code == 200
    assert "no-store" in first["Cache-Control"]
    password = PASSWORD_INPUT.search(first.content.decode()).group(1)
    assert password not in shown_url
    stored = password_hash(integration)
    assert check_password(password, stored)

    reload = admin_client.get(shown_url)  # F5, the back button, another tab
    html = reload.content.decode()
    assert reload.status_code == 200
    assert "no-store" in reload["Cache-Control"]
    assert password not in html
    assert 'id="new-password"' not in html
    assert SHOWN_ONCE_NOTE in html
    assert password_hash(integration) == stored  # nothing rotated
    assert AuditEvent.objects.filter(action="integration.password_rotate").count() == 1


def test_password_page_without_a_new_password_shows_the_note(admin_client, integration):
    response = admin_client.get(url("integration_password_shown", DEMO_ORGNR, integration.pk))
    assert response.status_code == 200
    assert SHOWN_ONCE_NOTE in response.content.decode()
    assert not password_hash(integration)


def test_head_on_the_password_page_does_not_use_up_the_one_display(admin_client, integration):
    made = form_post(admin_client, url("integration_password", DEMO_ORGNR, integration.pk))
    assert admin_client.head(made["Location"]).status_code == 200
    assert PASSWORD_INPUT.search(admin_client.get(made["Location"]).content.decode())


def test_password_is_never_in_the_session_after_it_was_shown(admin_client, integration):
    made = form_post(admin_client, url("integration_password", DEMO_ORGNR, integration.pk))
    password = PASSWORD_INPUT.search(admin_client.get(made["Location"]).content.decode()).group(1)
    assert password not in str(dict(admin_client.session))


def test_another_organizations_admin_cannot_see_my_new_password(admin_client, other_admin_client, integration):
    form_post(admin_client, url("integration_password", DEMO_ORGNR, integration.pk))
    assert other_admin_client.get(url("integration_password_shown", DEMO_ORGNR, integration.pk)).status_code == 404


def test_password_field_is_readonly_wide_and_monospace(admin_client, integration):
    made = form_post(admin_client, url("integration_password", DEMO_ORGNR, integration.pk))
    html = admin_client.get(made["Location"]).content.decode()
    field = re.search(r'<input id="new-password"[^>]*>', html).group(0)
    password = PASSWORD_INPUT.search(html).group(1)
    assert "readonly" in field and "disabled" not in field
    assert 'class="secret"' in field
    assert int(re.search(r'size="(\d+)"', field).group(1)) > len(password)
    css = CSS.read_text(encoding="utf-8")
    assert re.search(r"input\.secret \{[^}]*monospace", css)
    assert '<script src="/static/js/copy.js" defer></script>' in html  # the "Kopier" button, no inline script


# --- 2. Replacing an existing password is confirmed first ---------------------------------------------------------

def test_first_password_needs_no_confirmation(admin_client, integration):
    detail = admin_client.get(url("integration", DEMO_ORGNR, integration.pk)).content.decode()
    assert f'action="{url("integration_password", DEMO_ORGNR, integration.pk)}"' in detail
    made = form_post(admin_client, url("integration_password", DEMO_ORGNR, integration.pk))
    assert made["Location"] == url("integration_password_shown", DEMO_ORGNR, integration.pk)
    assert password_hash(integration)


def test_new_password_for_an_existing_one_asks_first(admin_client, integration):
    made = form_post(admin_client, url("integration_password", DEMO_ORGNR, integration.pk))
    admin_client.get(made["Location"])
    old = password_hash(integration)

    detail = admin_client.get(url("integration", DEMO_ORGNR, integration.pk)).content.decode()
    confirm_url = url("integration_password_confirm", DEMO_ORGNR, integration.pk)
    assert f'href="{confirm_url}">Lag nytt passord</a>' in detail
    page = admin_client.get(confirm_url)
    html = page.content.decode()
    assert page.status_code == 200
    assert "Det gamle passordet virker en stund etter at det nye er laget" in html
    assert "Ja, lag nytt passord" in html
    assert password_hash(integration) == old  # looking at the question changes nothing

    # A POST without the confirmation (a stale "Lag passord" button, a double click) only asks.
    unconfirmed = form_post(admin_client, url("integration_password", DEMO_ORGNR, integration.pk))
    assert unconfirmed["Location"] == confirm_url
    assert password_hash(integration) == old

    confirmed = form_post(admin_client, url("integration_password", DEMO_ORGNR, integration.pk), {"confirm": "yes"})
    password = PASSWORD_INPUT.search(admin_client.get(confirmed["Location"]).content.decode()).group(1)
    assert password_hash(integration) != old
    assert check_password(password, password_hash(integration))


# --- 3. Keyboard focus on the create and edit forms ---------------------------------------------------------------

def test_new_form_focuses_the_first_field(admin_client, demo_org):
    html = admin_client.get(url("integration_new", DEMO_ORGNR)).content.decode()
    name_input = re.search(r'<input[^>]*name="name"[^>]*>', html).group(0)
    assert "autofocus" in name_input
    assert html.count("autofocus") == 1


def test_form_with_errors_focuses_the_error_summary(admin_client, demo_org):
    response = form_post(admin_client, url("integration_new", DEMO_ORGNR),
                         {"name": "Sak (arkiv)", "authorized_orgnr": "91075361"})
    html = response.content.decode()
    summary = re.search(r'<div class="error-summary"[^>]*>', html).group(0)
    assert 'tabindex="-1"' in summary and "autofocus" in summary
    assert html.count("autofocus") == 1  # not on a field as well


def test_edit_form_focuses_the_first_field_and_posts_to_a_url_without_fragment(admin_client, integration):
    edit_url = url("integration_edit", DEMO_ORGNR, integration.pk)
    html = admin_client.get(edit_url).content.decode()
    assert "autofocus" in re.search(r'<input[^>]*name="name"[^>]*>', html).group(0)
    assert f'<form method="post" action="{edit_url}" novalidate>' in html
    new_html = admin_client.get(url("integration_new", DEMO_ORGNR)).content.decode()
    assert f'<form method="post" action="{url("integration_new", DEMO_ORGNR)}" novalidate>' in new_html


# --- 4. The same privilege on the organization and on the service -------------------------------------------------

def test_two_remove_buttons_say_which_grant_they_remove(admin_client, admin_ctx, demo_org, integration):
    index = Privilege.objects.get(code="MINSIDE_SOK.INDEX")
    grant_create(admin_ctx, privilege=index, integration=integration, resource=root_resource(demo_org))
    grant_create(admin_ctx, privilege=index, integration=integration,
                 resource=service_resource(organization=demo_org, service=index.service))
    html = admin_client.get(url("integration", DEMO_ORGNR, integration.pk)).content.decode()
    buttons = [re.sub(r"<[^>]+>", "", b).strip() for b in re.findall(r"<button[^>]*>(.*?)</button>", html)
               if b.startswith("Fjern")]
    assert buttons == ["Fjern MinSide Søk – indeksering for hele organisasjonen",
                       "Fjern MinSide Søk – indeksering for tjenesten"]
    # Both grants: the scope is visible text, not only for screen readers.
    assert '<span> for hele organisasjonen</span>' in html and '<span> for tjenesten</span>' in html


# --- 5. The person's name in the header ---------------------------------------------------------------------------

def test_header_shows_the_persons_name_and_masked_pid(client, demo_org):
    user = user_for(person_get_or_create(pid=DEMO_ADMIN_PID))
    user.first_name, user.last_name = "Kari", "Nordmann"
    user.save()
    client.force_login(user)
    html = client.get(url("organization", DEMO_ORGNR)).content.decode()
    assert 'Innlogget som Kari Nordmann (<span class="pid">218794*****</span>)' in html
    assert DEMO_ADMIN_PID not in html


def test_header_without_a_name_shows_the_masked_pid(admin_client, demo_org):
    html = admin_client.get(url("organization", DEMO_ORGNR)).content.decode()
    assert 'Innlogget som <span class="pid">218794*****</span>' in html


# --- 6. Operators' TOTP setup and login pages ----------------------------------------------------------------------

def test_totp_setup_shows_the_whole_secret_readonly(client, django_user_model):
    django_user_model.objects.create_user("nyoperator", password=OPERATOR_PASSWORD, is_staff=True)
    allauth_login(client, "nyoperator", OPERATOR_PASSWORD)
    client.post("/accounts/reauthenticate/", {"password": OPERATOR_PASSWORD})
    response = client.get("/accounts/2fa/totp/activate/")
    assert response.status_code == 200
    secret = client.session[SECRET_SESSION_KEY]
    html = response.content.decode()
    field = re.search(r'<input id="authenticator_secret"[^>]*>', html).group(0)
    assert f'value="{secret}"' in field
    assert "readonly" in field and "disabled" not in field
    assert 'class="secret"' in field
    assert int(re.search(r'size="(\d+)"', field).group(1)) >= len(secret) >= 32
    assert '<label for="authenticator_secret">' in html


def test_operator_login_offers_no_e_mail_password_reset(client, settings):
    html = client.get("/accounts/login/").content.decode()
    assert 'type="password"' in html
    assert "Glemt ditt passord?" not in html
    assert "password/reset" not in html
    css = CSS.read_text(encoding="utf-8")
    assert re.search(r'input\[type="text"\],[^{]*input\[type="password"\][^{]*\{', css)  # styled alike


# --- 8. The audit log reads like a sentence, details in local time without internal ids ---------------------------

def test_audit_log_says_what_a_grant_was_about(admin_client, admin_ctx, demo_org, integration):
    load_demo()
    from integrations.services import global_integration_activate

    global_integration_activate(admin_ctx, integration=Integration.objects.get(code=GLOBAL_CODE),
                                organization=demo_org)
    index = Privilege.objects.get(code="MINSIDE_SOK.INDEX")
    grant_create(admin_ctx, privilege=index, integration=integration,
                 resource=service_resource(organization=demo_org, service=index.service))
    cells = audit_targets(admin_client.get(url("audit_log", DEMO_ORGNR)).content.decode())
    assert "MinSide Søk – indeksering for SvarUt til MinSide Søk, hele organisasjonen" in cells
    read = Privilege.objects.get(code="SVARUT.READ").name
    assert f"{read} for SvarUt til MinSide Søk, hele organisasjonen" in cells
    assert "MinSide Søk – indeksering for Sak og arkiv, MinSide Søk" in cells
    assert not any(" @ " in cell or "MINSIDE_SOK.INDEX" in cell for cell in cells)


def test_audit_details_show_local_time_and_no_resource_path(admin_client, admin_ctx, demo_org, integration):
    index = Privilege.objects.get(code="MINSIDE_SOK.INDEX")
    grant, _ = grant_create(admin_ctx, privilege=index, integration=integration,
                            resource=service_resource(organization=demo_org, service=index.service))
    form_post(admin_client, url("integration_password", DEMO_ORGNR, integration.pk))
    integration.refresh_from_db()
    html = admin_client.get(url("audit_log", DEMO_ORGNR)).content.decode()
    details = re.findall(r'<th scope="row">([^<]*?) ?(?:<span class="visually-hidden">\(endret\)</span>)?</th>'
                         r'(?:<td>[^<]*</td>)?<td>([^<]*)</td></tr>', html)
    assert ("Privilegium", "MinSide Søk – indeksering (MINSIDE_SOK.INDEX)") in details
    assert grant.resource.path not in [value for _label, value in details]
    assert "Ressurs" not in html and '"actor":' not in html
    # The password's time in Oslo time with seconds, not the stored UTC ISO string.
    oslo = integration.password_set_at.astimezone(ZoneInfo("Europe/Oslo"))
    assert dict(details)["Passord laget"] == oslo.strftime("%d.%m.%Y %H:%M:%S")
    assert integration.password_set_at.isoformat() not in html


def test_audit_log_keeps_a_target_text_the_data_does_not_explain(admin_client, admin_ctx, demo_org):
    from integrations.services import integration_create

    integration_create(admin_ctx, organization=demo_org, name="Arkiv", authorized_orgnr=VENDOR_ORGNR)
    cells = audit_targets(admin_client.get(url("audit_log", DEMO_ORGNR)).content.decode())
    assert "Arkiv" in cells
    assert "Demo kommune (123456785)" in cells  # the organization's creation, as written


# --- The new texts in English ---------------------------------------------------------------------------------------

def test_new_texts_are_translated_to_english(admin_client, admin_ctx, demo_org, integration):
    from django.conf import settings

    admin_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    index = Privilege.objects.get(code="MINSIDE_SOK.INDEX")
    grant_create(admin_ctx, privilege=index, integration=integration, resource=root_resource(demo_org))
    grant_create(admin_ctx, privilege=index, integration=integration,
                 resource=service_resource(organization=demo_org, service=index.service))
    detail = admin_client.get(url("integration", DEMO_ORGNR, integration.pk)).content.decode()
    assert "<span> for the whole organization</span>" in detail and "<span> for the service</span>" in detail
    made = form_post(admin_client, url("integration_password", DEMO_ORGNR, integration.pk))
    admin_client.get(made["Location"])
    again = admin_client.get(made["Location"]).content.decode()
    assert "The password is shown only once. Generate a new one if you have lost it." in again
    confirm = admin_client.get(url("integration_password_confirm", DEMO_ORGNR, integration.pk)).content.decode()
    assert f"Generate a new password for “{integration.name}”?" in confirm
    assert "The old password keeps working for a while after the new one is made" in confirm
    audit = audit_targets(admin_client.get(url("audit_log", DEMO_ORGNR)).content.decode())
    assert f"MinSide Search – indexing for {integration.name}, the whole organization" in audit
    assert f"MinSide Search – indexing for {integration.name}, MinSide Search" in audit
