"""OpenAPI schema customisation (drf-spectacular): the API's headers, errors and scope on every operation.

`PortalAutoSchema` declares on every /api/v1/ operation the `OnBehalfOf` header (required) and the optional
`IntegrasjonId` + `IntegrasjonPassord` integration headers. `postprocess_problems` adds the RFC 9457
problem responses every operation can give, so clients and Schemathesis know them. The bearer security
scheme comes from `api.authentication.AccessTokenScheme`.
"""

from __future__ import annotations

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter

ON_BEHALF_OF = OpenApiParameter(
    "OnBehalfOf", OpenApiTypes.STR, OpenApiParameter.HEADER, required=True,
    pattern=r"^([0-9]{9}|[0-9]{11})$",
    description=(
        "Parten kallet gjøres på vegne av: organisasjonsnummer (9 sifre) eller fødselsnummer/D-nummer "
        "(11 sifre). Er det en annen part enn kalleren selv, må parten ha gitt kalleren en gyldig fullmakt."
    ),
)
INTEGRATION_ID = OpenApiParameter(
    # A string (not format uuid): generated clients then send it as is, and a malformed id gets the generic 401.
    "IntegrasjonId", OpenApiTypes.STR, OpenApiParameter.HEADER, required=False,
    description="Integrasjonens id (UUID). Sammen med IntegrasjonPassord blir integrasjonen den handlende parten.",
)
INTEGRATION_PASSWORD = OpenApiParameter(
    "IntegrasjonPassord", OpenApiTypes.STR, OpenApiParameter.HEADER, required=False,
    description="Integrasjonens passord (sendes sammen med IntegrasjonId).",
)
API_HEADERS = (ON_BEHALF_OF, INTEGRATION_ID, INTEGRATION_PASSWORD)


class PortalAutoSchema(AutoSchema):
    """AutoSchema adding the API's request headers (`API_HEADERS`) to every operation under /api/v1/."""

    def get_override_parameters(self) -> list:
        params = list(super().get_override_parameters())
        if self.path.startswith("/api/v1/"):
            params.extend(API_HEADERS)
        return params


PROBLEM_SCHEMA = {
    "type": "object",
    "description": "RFC 9457 problem details.",
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "code": {"type": "string", "description": "Stable, machine-readable error code."},
        "errors": {
            "type": "object",
            "description": "Field errors: field name → messages.",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
        },
    },
    "required": ["type", "title", "status", "detail", "code"],
}

_ALWAYS = {
    "400": "Ugyldig forespørsel (f.eks. OnBehalfOf, JSON, felt).",
    "401": "Manglende eller ugyldig tilgangstoken, eller integrasjonen kunne ikke autentiseres.",
    "403": "Mangler scope, fullmakt eller tilgang.",
    "404": "Finnes ikke, eller kalleren kan ikke se det.",
    "405": "Metoden støttes ikke.",
    "406": "Kan ikke svare i formatet Accept ber om.",
    "503": "Tokenutstederens nøkler er ikke tilgjengelige nå.",
}
_WITH_BODY = {
    "411": "Innholdet må sendes med Content-Length (ikke Transfer-Encoding: chunked).",
    "413": "Innholdet er for stort.",
    "415": "Innholdet må være application/json.",
}
_WITH_IF_MATCH = {"412": "If-Match stemmer ikke med gjeldende versjon."}


def postprocess_problems(result: dict, generator, request, public) -> dict:
    """Postprocessing hook: a `Problem` component, referenced by the error responses of every operation."""
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
    return result


def only_api_v1(endpoints: list) -> list:
    """Preprocessing hook: the schema documents /api/v1/ only (not the schema, docs or development JWKS)."""
    return [e for e in endpoints if e[0].startswith("/api/v1/")]
