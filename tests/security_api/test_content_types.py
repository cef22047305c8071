"""Every JSON response under /api/ says `charset=utf-8` (issue 3), the schema's and the development JWKS's too."""

from __future__ import annotations

import json

import pytest
from django.test import Client


@pytest.mark.django_db
@pytest.mark.parametrize("path, accept, media_type", [
    ("/api/schema/?format=json", "application/vnd.oai.openapi+json", "application/vnd.oai.openapi+json"),
    ("/api/schema/?format=json", "application/json", "application/json"),
    ("/api/schema/", "application/vnd.oai.openapi", "application/vnd.oai.openapi"),
    ("/api/dev-issuer/jwks.json", "*/*", "application/json"),
])
def test_json_and_schema_responses_declare_utf8(path, accept, media_type):
    r = Client().get(path, HTTP_ACCEPT=accept)
    assert r.status_code == 200
    assert r["Content-Type"] == f"{media_type}; charset=utf-8"
    if "json" in media_type:
        assert json.loads(r.content.decode("utf-8"))
