"""Login with ID-porten: authorization request, callback, logout, and the friendly login-failure page.

mozilla-django-oidc's views, subclassed for ID-porten (Digdir, "ID-porten OIDC integrasjonsguide"): the
authorization request carries PKCE S256, `state`, `nonce`, `acr_values` and `ui_locales`; the callback checks
the RFC 9207 `iss` parameter and answers every failure (cancelled login, unknown or replayed `state`, provider
unreachable, bad id_token, too low `acr`, no `pid`) with a page that explains it, never a 500; logout is
RP-initiated through the provider's `end_session_endpoint` with `id_token_hint`.
"""

from __future__ import annotations

import logging
import re
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import auth, messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render, resolve_url
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
    OIDCLogoutView,
)

from authz.identifiers import mask_pid

from .backends import IDPortenLoginError
from .presets import oidc_setting

logger = logging.getLogger(__name__)

# ID-porten's ui_locales values.
UI_LOCALES = ("nb", "nn", "en", "se")

# reason code -> (heading, explanation). Shown on the login-failure page; the codes come from the callback.
_TRY_AGAIN = _("Prøv å logge inn på nytt. Hvis feilen gjentar seg, kontakt brukerstøtte og oppgi referansen nedenfor.")
FAILURE_MESSAGES = {
    "cancelled": (_("Innloggingen ble avbrutt"), _("Du avbrøt innloggingen i ID-porten. Du er ikke logget inn.")),
    "state": (
        _("Innloggingen kunne ikke fullføres"),
        _("Innloggingsforespørselen var ukjent, utløpt eller allerede brukt. Dette kan skje hvis du brukte "
          "tilbakeknappen, åpnet en gammel lenke eller logget inn i en annen fane. Prøv å logge inn på nytt."),
    ),
    "unreachable": (
        _("ID-porten svarer ikke"),
        _("Vi fikk ikke kontakt med ID-porten. Prøv igjen om litt."),
    ),
    "acr": (
        _("Innloggingen har for lavt sikkerhetsnivå"),
        _("Tjenesten krever innlogging på et høyere sikkerhetsnivå enn det du brukte. Logg inn på nytt med en "
          "elektronisk ID på høyere nivå, for eksempel BankID."),
    ),
    "no_pid": (
        _("Innlogging uten fødselsnummer gir ikke tilgang"),
        _("ID-porten sendte ikke et fødselsnummer eller D-nummer. Portalen krever innlogging med norsk "
          "fødselsnummer eller D-nummer, for eksempel med BankID, MinID eller Buypass."),
    ),
    "invalid_pid": (
        _("Identiteten kunne ikke brukes"),
        _("Fødselsnummeret eller D-nummeret fra ID-porten er ikke gyldig i denne tjenesten."),
    ),
    "inactive": (_("Brukeren er deaktivert"), _("Brukeren din er deaktivert. Kontakt brukerstøtte.")),
    "not_configured": (
        _("Innlogging er ikke satt opp"),
        _("Innlogging med ID-porten er ikke konfigurert på denne installasjonen. Kontakt driftsansvarlig."),
    ),
    "invalid_token": (_("Svaret fra ID-porten kunne ikke godkjennes"), _TRY_AGAIN),
    "issuer": (_("Svaret kom ikke fra ID-porten"), _TRY_AGAIN),
    "token_rejected": (_("ID-porten avviste innloggingen"), _TRY_AGAIN),
    "provider_error": (_("ID-porten meldte en feil"), _TRY_AGAIN),
}
_UNKNOWN_FAILURE = (_("Innloggingen mislyktes"), _TRY_AGAIN)
_SAFE_REF = re.compile(r"[A-Za-z0-9._-]{8,64}")


def ui_locale(language: str | None = None) -> str:
    """ID-porten's `ui_locales` value for a Django language code ("nb", "en-us", ...).

    Output: one of nb, nn, en, se; `settings.IDPORTEN_UI_LOCALES` when the language has no match.
    """
    code = (language or get_language() or "").lower().split("-")[0]
    return code if code in UI_LOCALES else settings.IDPORTEN_UI_LOCALES


def login_failed_redirect(request: HttpRequest, reason: str, detail: str = "") -> HttpResponseRedirect:
    """Log a failed login (never a full pid) and redirect to the failure page for `reason`.

    The page shows the request id of the failed request as a reference that matches the log line.
    """
    logger.warning("ID-porten login failed (%s)%s", reason, f": {detail}" if detail else "")
    query = urlencode({"reason": reason, "ref": getattr(request, "request_id", "")})
    return HttpResponseRedirect(f"{reverse('idporten:failed')}?{query}")


class LoginView(OIDCAuthenticationRequestView):
    """GET /oidc/login/?next=<path>: redirect to ID-porten's authorization endpoint.

    Parameters: response_type=code, client_id, redirect_uri (the callback), scope, `state` and `nonce` (random,
    kept in the session), PKCE `code_challenge` with method S256, `acr_values` (settings.IDPORTEN_ACR_VALUES) and
    `ui_locales` (from the active language). `next` is kept if it is a safe local URL. Redirects to the failure
    page when no client id is configured.
    """

    get_settings = staticmethod(oidc_setting)

    def get(self, request):
        if not self.OIDC_RP_CLIENT_ID or not self.OIDC_OP_AUTH_ENDPOINT:
            return login_failed_redirect(request, "not_configured", "client id or authorization endpoint missing")
        return super().get(request)

    def get_extra_params(self, request):
        params = dict(super().get_extra_params(request))
        params["acr_values"] = settings.IDPORTEN_ACR_VALUES
        params["ui_locales"] = ui_locale()
        return params


class CallbackView(OIDCAuthenticationCallbackView):
    """GET /oidc/callback/: ID-porten's authorization response (code or error, state, iss).

    Checks, in order: the `state` is one this browser session started (it is removed, so a replay fails); the
    RFC 9207 `iss` parameter, when present, equals the configured issuer; an `error` (access_denied = the user
    cancelled); then the backend exchanges the code with the PKCE verifier and validates the id_token.
    Output: a redirect to the `next` URL given to the login view (default LOGIN_REDIRECT_URL) or to the failure
    page; never a 500 for a provider or browser problem.
    """

    get_settings = staticmethod(oidc_setting)

    def get(self, request):
        params = request.GET
        state = params.get("state")
        states = request.session.get("oidc_states")
        states = states if isinstance(states, dict) else {}
        entry = states.pop(state, None) if state else None
        if entry is not None:
            request.session["oidc_states"] = states
            request.session.save()

        issuer = params.get("iss")
        if issuer is not None and issuer != self.get_settings("OIDC_OP_ISSUER"):
            return login_failed_redirect(request, "issuer", f"iss parameter {issuer[:200]!r} is not the issuer")
        error = params.get("error")
        if error:
            reason = "cancelled" if error == "access_denied" else "provider_error"
            return login_failed_redirect(request, reason, f"provider error {error[:100]!r}")
        if not isinstance(entry, dict) or not entry.get("nonce"):
            return login_failed_redirect(request, "state", "unknown, replayed or missing state")
        if not params.get("code"):
            return login_failed_redirect(request, "provider_error", "no code in the authorization response")

        # As mozilla-django-oidc: reload the session after the slow token call, so parallel tabs' changes survive.
        request.session = request.session.__class__(request.session.session_key)
        try:
            user = auth.authenticate(request=request, nonce=entry["nonce"], code_verifier=entry.get("code_verifier"))
        except IDPortenLoginError as exc:
            return login_failed_redirect(request, exc.reason, exc.detail)
        if user is None:
            return login_failed_redirect(request, "provider_error", "no user from the authorization code")
        if not user.is_active:
            return login_failed_redirect(request, "inactive", f"user {user.pk} is inactive")
        self.user = user
        return self.login_success()

    def login_success(self):
        next_url = self.request.session.pop("oidc_login_next", None) or resolve_url(settings.LOGIN_REDIRECT_URL)
        auth.login(self.request, self.user)
        person = getattr(self.user, "person", None)
        logger.info("ID-porten login: person %s", mask_pid(person.pid) if person else "-")
        return HttpResponseRedirect(next_url)


def end_session_url(request: HttpRequest) -> str:
    """Where logout sends the browser: the provider's end_session_endpoint, or LOGOUT_REDIRECT_URL.

    Used as OIDC_OP_LOGOUT_URL_METHOD (called before the Django session ends). With an id_token in the session
    the URL carries `id_token_hint` and `post_logout_redirect_uri` (the absolute LOGOUT_REDIRECT_URL, "/");
    without one (e.g. an operator's session) the local URL is returned.
    """
    home = resolve_url(settings.LOGOUT_REDIRECT_URL)
    id_token = request.session.get("oidc_id_token")
    endpoint = oidc_setting("OIDC_OP_LOGOUT_ENDPOINT")
    if not id_token or not endpoint:
        return home
    person = getattr(request.user, "person", None)
    logger.info("ID-porten logout: person %s", mask_pid(person.pid) if person else "-")
    query = urlencode({"id_token_hint": id_token, "post_logout_redirect_uri": request.build_absolute_uri(home)})
    return f"{endpoint}?{query}"


class LogoutView(OIDCLogoutView):
    """POST /oidc/logout/ (CSRF-protected): end the Django session, then the ID-porten session (see `end_session_url`).

    GET answers 405.
    """

    get_settings = staticmethod(oidc_setting)

    def post(self, request):
        was_logged_in = request.user.is_authenticated
        url = end_session_url(request) if was_logged_in else self.redirect_url
        auth.logout(request)
        if was_logged_in:
            # Added after the session is gone: the message travels in the messages cookie across the round trip
            # to ID-porten and is shown on the landing page.
            messages.success(request, _("Du er logget ut."))
        return HttpResponseRedirect(url)


@require_safe
def login_failed(request: HttpRequest) -> HttpResponse:
    """GET /oidc/failed/?reason=<code>&ref=<request id>: explain why the login failed, with a way to retry.

    Unknown reasons get a general message; `ref` is shown only if it looks like a request id. Status 200.
    """
    title, message = FAILURE_MESSAGES.get(request.GET.get("reason", ""), _UNKNOWN_FAILURE)
    ref = request.GET.get("ref", "")
    context = {"title": title, "message": message, "reference": ref if _SAFE_REF.fullmatch(ref) else ""}
    return render(request, "idporten/login_failed.html", context)
