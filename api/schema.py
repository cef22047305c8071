"""OpenAPI schema customisation (drf-spectacular): the API's headers, errors and scope on every operation.

`PortalAutoSchema` declares on every /api/v1/ operation the `OnBehalfOf` header (required) and the optional
`IntegrasjonId` + `IntegrasjonPassord` integration headers, and shows a serializer's own docstring only (never a
base class's) as its component description. `postprocess_problems` adds the RFC 9457 problem responses every
operation can give, so clients and Schemathesis know them, the tag descriptions and the API overview
(`API_DESCRIPTION`). The bearer security scheme comes from `api.authentication.AccessTokenScheme`.

The OpenAPI document is developer documentation and is written in English; the API's error messages are
Norwegian with an English translation (Accept-Language).
"""

from __future__ import annotations

import inspect

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers

from .serializers import ActorRefField

ON_BEHALF_OF = OpenApiParameter(
    "OnBehalfOf", OpenApiTypes.STR, OpenApiParameter.HEADER, required=True,
    pattern=r"^([0-9]{9}|[0-9]{11})$",
    description=(
        "Whose behalf the call is made on: an organization number (9 digits) or a fødselsnummer/D-number "
        "(11 digits).\n\n"
        "**Normally send your own identity:**\n"
        "- ID-porten token (a person): your own fødselsnummer, the token's `pid`.\n"
        "- Maskinporten token (an organization): your own orgnr, the token's `consumer` (`0192:910753614` → "
        "`910753614`).\n"
        "- Maskinporten token plus `IntegrasjonId`/`IntegrasjonPassord` (calling as an integration): still the "
        "token's consumer orgnr. That is the integration's `authorized_orgnr` (authentication requires them to be "
        "equal), not the orgnr of the organization that owns the integration.\n\n"
        "**Another party** only when that party has given you an active delegation (POST /api/v1/delegations/; "
        "unrestricted or for the service `KONFIG`); otherwise 403 `on_behalf_of_not_delegated`. Acting for "
        "another party does not add privileges: your own grants decide what you may do; the party is recorded "
        "on the audit events.\n\n"
        "Missing: 400 `on_behalf_of_missing`; not one valid orgnr/pid (wrong length or check digits, sent "
        "twice): 400 `on_behalf_of_invalid` / `on_behalf_of_repeated`."
    ),
)
INTEGRATION_ID = OpenApiParameter(
    # A string (not format uuid): generated clients then send it as is, and a malformed id gets the generic 401.
    "IntegrasjonId", OpenApiTypes.STR, OpenApiParameter.HEADER, required=False,
    description=(
        "Call as an integration: its `id` (UUID). Send it with `IntegrasjonPassord` and a Maskinporten token whose "
        "consumer is the integration's `authorized_orgnr`; the integration is then the acting party and its own "
        "grants decide. Any mismatch (unknown or inactive integration, wrong password, other orgnr) is one generic "
        "401 `integration_authentication_failed`."
    ),
)
INTEGRATION_PASSWORD = OpenApiParameter(
    "IntegrasjonPassord", OpenApiTypes.STR, OpenApiParameter.HEADER, required=False,
    description=(
        "The integration's password (from POST .../integrations/{id}/password/), sent together with "
        "`IntegrasjonId`."
    ),
)
API_HEADERS = (ON_BEHALF_OF, INTEGRATION_ID, INTEGRATION_PASSWORD)


class PortalAutoSchema(AutoSchema):
    """AutoSchema adding the API's request headers (`API_HEADERS`) to every operation under /api/v1/.

    A component's description is its serializer's own docstring: drf-spectacular would otherwise fall back to a
    base class's (`StrictInputSerializer`'s internal note), which means nothing to a client developer.
    """

    def get_override_parameters(self) -> list:
        params = list(super().get_override_parameters())
        if self.path.startswith("/api/v1/"):
            params.extend(API_HEADERS)
        return params

    def _map_basic_serializer(self, serializer, direction):
        result = super()._map_basic_serializer(serializer, direction)
        if not type(serializer).__dict__.get("__doc__"):
            result.pop("description", None)
        return result

    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        """Map a field as drf-spectacular does, plus the item limits of a list it leaves out.

        drf-spectacular states a `ListField`'s `min_length`/`max_length` (they are validators) but not the
        `allow_empty=False`, `min_length` and `max_length` of a `ListSerializer` (`many=True`) or a `ListField`'s
        `allow_empty=False`, which DRF checks inside `to_internal_value`. Without them the schema allows lists the
        server refuses (an empty `questions` batch). Returns the field's schema dict with `minItems`/`maxItems`
        added where the field limits its length.
        """
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        is_list = isinstance(field, (serializers.ListSerializer, serializers.ListField))
        if is_list and (schema or {}).get("type") == "array":
            minimum = getattr(field, "min_length", None) or (0 if getattr(field, "allow_empty", True) else 1)
            if minimum:
                schema["minItems"] = max(schema.get("minItems", 0), minimum)
            maximum = getattr(field, "max_length", None)
            if maximum is not None:
                schema["maxItems"] = min(schema.get("maxItems", maximum), maximum)
        return schema


PROBLEM_SCHEMA = {
    "type": "object",
    "description": "RFC 9457 problem details.",
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "code": {"type": "string", "description": "Stable, machine-readable error code."},
        "request_id": {"type": "string", "description": "This request's id (also the `X-Request-ID` response "
                                                        "header): quote it when reporting a problem."},
        "errors": {
            "type": "object",
            "description": "Field errors: field name → messages.",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
        },
    },
    "required": ["type", "title", "status", "detail", "code"],
}

_ALWAYS = {
    "400": "Bad request: `OnBehalfOf` missing or invalid, body not UTF-8 JSON, or field errors (`code` "
           "`validation_error`, messages per field in `errors`).",
    "401": "Access token missing or invalid (`WWW-Authenticate: Bearer error=\"invalid_token\"`, `code` says why), "
           "or the integration headers do not authenticate (`integration_authentication_failed`).",
    "403": "The caller is known but may not do this: the token lacks the required scope (`insufficient_scope`), "
           "`OnBehalfOf` names a party that has not delegated to the caller (`on_behalf_of_not_delegated`), or "
           "the caller sees the organization but lacks the privilege the operation needs (`permission_denied`).",
    "404": "Not found, or not visible to the caller: another organization's objects answer 404, the same as "
           "objects that do not exist.",
    "405": "Method not supported on this path.",
    "406": "Cannot answer in the format `Accept` asks for (the API answers JSON).",
    "429": "Too many failed integration logins (`IntegrasjonId`/`IntegrasjonPassord`) from this caller: "
           "`integration_authentication_throttled`; wait `Retry-After` seconds.",
    "500": "An unexpected error on our side (`internal_error`); nothing was saved. Quote `request_id`.",
    "503": "Temporarily unavailable, nothing was saved; retry after `Retry-After` seconds: the token issuer's signing "
           "keys cannot be fetched (`issuer_unavailable`), the database or cache does not answer "
           "(`service_unavailable`), or the request ran into the deadline (`deadline_exceeded`).",
}
RETRY_AFTER_HEADER = {
    "description": "Seconds to wait before retrying (RFC 9110 §10.2.3); every 429 and 503 answer carries it.",
    "required": True,
    "schema": {"type": "integer", "minimum": 1},
}
_WITH_BODY = {
    "411": "Send the body with `Content-Length` (not `Transfer-Encoding: chunked`).",
    "413": "The body is too large (the limit is 64 KiB).",
    "415": "The body must be `application/json`.",
}
_WITH_IF_MATCH = {"412": "`If-Match` does not name the current version: fetch the object again (new `ETag`) and "
                         "retry."}

API_DESCRIPTION = """\
Integrations, privileges, delegations and access decisions of the integration platform: the same configuration
as the web UI, for programs.

**Every request** carries

- `Authorization: Bearer <JWT access token>` from ID-porten (a person, identified by `pid`) or Maskinporten (an
  organization, identified by `consumer`), with the required scope (default `ks`);
- `OnBehalfOf`: normally your own identity (your pid, or your orgnr; see the header's description);
- optionally `IntegrasjonId` + `IntegrasjonPassord` with a Maskinporten token, to call as one of an
  organization's integrations.

**Who may do what.** Reading or changing an organization's configuration (integrations, grants, activations,
audit events) needs `ADMIN` on the organization (persons) or `KONFIG.CONFIGURE` on it (integrations). A caller
that holds no privilege at all in an organization does not see it: **404**, the same as for an organization that
does not exist. A caller that sees it (holds some other privilege there, e.g. `MINSIDE_SOK.INDEX`) but lacks
`ADMIN`/`KONFIG.CONFIGURE` gets **403**.

**Errors** are `application/problem+json` (RFC 9457) with a stable `code` and the `request_id`; a failed request
changes nothing.

**Timeouts.** Use a read timeout of **30 seconds** (our default recommendation). Every operation answers well
within it: the server gives up on a request before then and answers **503** `deadline_exceeded` with nothing
saved, so a retry is safe. No operation needs longer. A **503** with `Retry-After` (the database or cache is
briefly unavailable, or the issuer's keys cannot be fetched) may be retried after that many seconds.

**Concurrency.** Integrations carry a `version`; GET, create, PATCH and password rotation return it as
`ETag`. Send it back in `If-Match` on PATCH or DELETE to be refused with **412** if someone changed the
integration meanwhile; without `If-Match` the last write wins.

**Idempotency.** Creating a grant that already exists answers 200 with the existing grant (201 when new);
creating an integration again with the same name, `authorized_orgnr` and description answers 200 with the
existing one; activating a global integration (PUT) answers 201 the first time and 200 afterwards; deactivating
(DELETE) and revoking a delegation can be repeated.

**Text** is stored normalized: surrounding whitespace removed and Unicode in NFC, so `" Sak "` and `"Sak"` are
the same name. Strings never contain NUL characters (400).

**Input** is strict: a body field the schema does not list is a 400 (`additionalProperties: false`).

**Lists** are paginated with `limit` (1 to 200, default 50) and `offset` (0 or more): `{count, next, previous,
results}`. A malformed or out-of-range value, or one given twice, is a 400.
"""

TAGS = [
    {"name": "me", "description": "Who is calling, on whose behalf, and with which privileges."},
    {"name": "organizations", "description": "The organizations the caller may see."},
    {"name": "catalogue", "description": "The platform's services and privileges (the same for every caller). "
                                         "Organization-wide privileges (`ADMIN`, `KONFIG.CONFIGURE`) have "
                                         "`service: null`."},
    {"name": "integrations", "description": "An organization's integrations: the vendor systems that call the "
                                            "platform, each tied to the orgnr in its Maskinporten token."},
    {"name": "grants", "description": "Who holds which privilege on an organization or one of its services."},
    {"name": "global integrations", "description": "Integrations run by the platform, which an organization "
                                                   "activates (granting their requested privileges) or "
                                                   "deactivates."},
    {"name": "delegations", "description": "Which party may act (`OnBehalfOf`) for which other party."},
    {"name": "decisions", "description": "Access decisions for the platform's services: permit or deny, and why."},
    {"name": "audit", "description": "An organization's audit trail."},
]


def postprocess_problems(result: dict, generator, request, public) -> dict:
    """Postprocessing hook: a `Problem` component, referenced by the error responses of every operation; the
    API overview (`API_DESCRIPTION`) and the tag descriptions (`TAGS`, in this order)."""
    result.setdefault("info", {})["description"] = API_DESCRIPTION
    result["tags"] = TAGS
    result.setdefault("components", {}).setdefault("schemas", {})["Problem"] = PROBLEM_SCHEMA
    content = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
    for path_item in result.get("paths", {}).values():
        for method, operation in path_item.items():
            codes = dict(_ALWAYS)
            if method in ("post", "put", "patch"):
                codes |= _WITH_BODY
            if any(p.get("name") == "If-Match" for p in operation.get("parameters", [])):
                codes |= _WITH_IF_MATCH
            responses = operation.setdefault("responses", {})
            for code, description in codes.items():
                responses.setdefault(code, {"description": description, "content": content})
            for code in ("429", "503"):
                responses[code]["headers"] = {"Retry-After": RETRY_AFTER_HEADER}
    return result


def _type_nullable(node) -> None:
    """Give every `nullable` schema a `type` (OpenAPI 3.0 ignores `nullable` without one; Redocly's
    `nullable-type-sibling`): a nullable reference (`allOf: [$ref]`) is an object, a nullable JSON value whose
    shape is open (`JSONField`, e.g. audit snapshots) an object too."""
    if isinstance(node, dict):
        if node.get("nullable") and "type" not in node:
            node["type"] = "object"
        for value in node.values():
            _type_nullable(value)
    elif isinstance(node, list):
        for value in node:
            _type_nullable(value)


def postprocess_nullable_types(result: dict, generator, request, public) -> dict:
    """Postprocessing hook: `type` next to every `nullable` (see `_type_nullable`)."""
    _type_nullable(result.get("components", {}))
    return result


def postprocess_strict_inputs(result: dict, generator, request, public) -> dict:
    """Postprocessing hook: `additionalProperties: false` on every request body component (`...Input`).

    Every input serializer refuses fields it does not declare (`StrictInputSerializer`, 400 "Ukjent felt."), so
    the schema says so too; otherwise a client (or Schemathesis) reads the schema as allowing extra fields.
    """
    schemas = result.get("components", {}).get("schemas", {})
    for name, component in schemas.items():
        if name.endswith("Input") and component.get("type") == "object":
            component["additionalProperties"] = False
    if "ActorRefInput" in schemas:  # a oneOf component: drf-spectacular gives it no description of its own
        schemas["ActorRefInput"]["description"] = inspect.cleandoc(ActorRefField.__doc__ or "")
    return result


def only_api_v1(endpoints: list) -> list:
    """Preprocessing hook: the schema documents /api/v1/ only (not the schema, docs or development JWKS)."""
    return [e for e in endpoints if e[0].startswith("/api/v1/")]
