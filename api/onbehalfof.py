"""The `OnBehalfOf` header: whose behalf an API call is made on, checked against delegations.

Rules (DESIGN.md, API; issue 3): required on every API request except the schema and docs; a valid orgnr
(`validate_orgnr`) or fødselsnummer/D-number (`validate_pid`: synthetic numbers only in a test environment).
Missing or malformed → 400; a value different from the caller's own party without an active delegation from
that party to the caller → 403 (a delegation restricted to a service counts only if that service is the
API's own, `KONFIG`). Acting on behalf of another party changes nothing about what the caller may
do: the actor's own grants decide every authorization (the delegation only permits the representation, and the
party is recorded on the audit events).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, status
from rest_framework.request import Request

from authz.context import Actor, Context
from authz.identifiers import validate_orgnr, validate_pid
from authz.models import Service
from authz.selectors import active_delegation_exists

HEADER = "OnBehalfOf"
# The API configures the platform, so it is the configuration portal's own service: a delegation restricted to
# another service (e.g. MINSIDE_SOK) does not let the representative act here.
API_SERVICE_CODE = "KONFIG"
META_KEY = "HTTP_ONBEHALFOF"


class OnBehalfOfMissing(exceptions.APIException):
    """400: the request has no `OnBehalfOf` header."""

    status_code = status.HTTP_400_BAD_REQUEST
    default_detail = _("Mangler headeren OnBehalfOf (organisasjonsnummer eller fødselsnummer).")
    default_code = "on_behalf_of_missing"


class OnBehalfOfInvalid(exceptions.APIException):
    """400: `OnBehalfOf` is not one valid orgnr or pid (also when the header is repeated)."""

    status_code = status.HTTP_400_BAD_REQUEST
    default_detail = _(
        "Headeren OnBehalfOf må være ett gyldig organisasjonsnummer (9 sifre) eller fødselsnummer (11 sifre)."
    )
    default_code = "on_behalf_of_invalid"


class OnBehalfOfNotDelegated(exceptions.APIException):
    """403: `OnBehalfOf` names another party, and that party has not delegated to the caller."""

    status_code = status.HTTP_403_FORBIDDEN
    default_detail = _("Du har ingen gyldig fullmakt til å handle på vegne av parten i OnBehalfOf.")
    default_code = "on_behalf_of_not_delegated"


def parse_on_behalf_of(raw: str | None) -> str:
    """Check the raw header value and return the party (orgnr or pid).

    WSGI servers join a repeated header with commas, so a comma (like any non-digit) is refused.
    Raises `OnBehalfOfMissing` (absent) or `OnBehalfOfInvalid` (empty, whitespace, wrong length, check digits,
    all zeros, non-ASCII digits, NUL, repeated, synthetic pid outside a test environment).
    """
    if raw is None:
        raise OnBehalfOfMissing()
    if "," in raw:
        raise OnBehalfOfInvalid(_("Headeren OnBehalfOf kan bare sendes én gang."), code="on_behalf_of_repeated")
    try:
        if len(raw) == 9:
            return validate_orgnr(raw)
        if len(raw) == 11:
            return validate_pid(raw)
    except ValidationError:
        pass
    raise OnBehalfOfInvalid()


def _api_service() -> Service | None:
    """The service this API belongs to (`API_SERVICE_CODE`, the configuration portal itself)."""
    return Service.objects.filter(code=API_SERVICE_CODE).first()


def api_context(request: Request, actor: Actor) -> Context:
    """The `Context` for service and selector calls of this API request.

    Input: the authenticated request and its actor. Output: Context(channel "api", the request id, the
    on-behalf-of party, extra: the token's audit facts (issuer, client, jti, Maskinporten `supplier` and
    `delegation_source`) and `delegated: true` when acting for another party). Raises the exceptions of
    `parse_on_behalf_of` and `OnBehalfOfNotDelegated` (no active delegation that is unrestricted or restricted to
    `API_SERVICE_CODE`).
    """
    party = parse_on_behalf_of(request.META.get(META_KEY))
    audit_facts = getattr(request.user, "audit_facts", None)
    extra: dict = dict(audit_facts()) if audit_facts else {}
    if party != actor.party:
        if not actor.party or not active_delegation_exists(
            represented=party, representative=actor.party, service=_api_service()
        ):
            raise OnBehalfOfNotDelegated()
        extra["delegated"] = True
    return Context(
        actor=actor,
        channel="api",
        request_id=getattr(request, "request_id", ""),
        on_behalf_of=party,
        extra=extra,
    )
