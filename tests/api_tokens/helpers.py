"""Helpers for the access-token tests: issuer names, claims of real-looking tokens, signing, a tiny DRF view."""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass

import jwt
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.test import APIRequestFactory
from rest_framework.views import APIView

from api.authentication import AccessTokenAuthentication

MASKINPORTEN_ISSUER = "https://test.maskinporten.no/"
IDPORTEN_ISSUER = "https://test.idporten.no"
CONSUMER_ORGNR = "910753614"
SUPPLIER_ORGNR = "991825827"
PERSON_PID = "21879498012"  # synthetic (TestID, +80 on the month)


@dataclass
class SigningKey:
    """A private key with its `kid` and public JWK."""

    kid: str
    private: object
    public_jwk: dict


def maskinporten_claims(**overrides) -> dict:
    """Claims of a Maskinporten access token for CONSUMER_ORGNR with scope "ks", valid for an hour."""
    now = int(time.time())
    claims = {
        "iss": MASKINPORTEN_ISSUER,
        "scope": "ks",
        "client_amr": "virksomhetssertifikat",
        "token_type": "Bearer",
        "client_id": str(uuid.uuid4()),
        "aud": "unspecified",
        "consumer": {"authority": "iso6523-actorid-upis", "ID": f"0192:{CONSUMER_ORGNR}"},
        "iat": now,
        "exp": now + 3600,
        "jti": uuid.uuid4().hex,
    }
    return _apply(claims, overrides)


def idporten_claims(**overrides) -> dict:
    """Claims of an ID-porten access token for PERSON_PID with scope "ks"."""
    now = int(time.time())
    claims = {
        "iss": IDPORTEN_ISSUER,
        "sub": "pairwise-subject",
        "acr": "idporten-loa-substantial",
        "scope": "openid ks",
        "client_id": "portal-client",
        "client_amr": "private_key_jwt",
        "consumer": {"authority": "iso6523-actorid-upis", "ID": f"0192:{CONSUMER_ORGNR}"},
        "pid": PERSON_PID,
        "iat": now,
        "exp": now + 600,
        "jti": uuid.uuid4().hex,
    }
    return _apply(claims, overrides)


def _apply(claims: dict, overrides: dict) -> dict:
    for name, value in overrides.items():
        if value is None:
            claims.pop(name, None)
        else:
            claims[name] = value
    return claims


def sign(claims: dict, key: SigningKey, *, alg: str = "RS256", headers: dict | None = None) -> str:
    """A compact JWS of `claims` signed with `key`, header `kid` = the key's kid plus `headers`."""
    return jwt.encode(claims, key.private, algorithm=alg, headers={"kid": key.kid} | (headers or {}))


class WhoAmI(APIView):
    """A tiny view authenticated like the API's endpoints: answers the acting party."""

    authentication_classes = [AccessTokenAuthentication]
    permission_classes = [IsAuthenticated]

    def get(self, request):
        actor = request.user.actor
        return Response({"kind": actor.kind, "principal": actor.principal, "party": actor.party,
                         "audit": request.user.audit_facts()})


def call_api(token: str | None = None, *, authorization: str | None = None, **headers):
    """GET WhoAmI with `Authorization: Bearer <token>` (or a literal `authorization`) and extra META headers."""
    meta = {f"HTTP_{name.upper()}": value for name, value in headers.items()}
    if authorization is not None:
        meta["HTTP_AUTHORIZATION"] = authorization
    elif token is not None:
        meta["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    request = APIRequestFactory().get("/whoami", **meta)
    response = WhoAmI.as_view()(request)
    response.render()
    return response


def error_code(response) -> str:
    """The stable error code of an error response (problem+json `code`, or DRF's `detail` code)."""
    data = response.data
    if "code" in data:
        return data["code"]
    return data["detail"].code
