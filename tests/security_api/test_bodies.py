"""Request-body edge cases found by breaking the API: 400 and nothing written."""

from __future__ import annotations

import pytest

from integrations.models import Integration
from tests.api.conftest import problem
from tests.conftest import DEMO_ORGNR, VENDOR_ORGNR

URL = f"organizations/{DEMO_ORGNR}/integrations/"


@pytest.mark.parametrize("number", ["1e999", "-1e999", "1E400"])
def test_number_too_big_for_a_float_is_invalid_json(admin_api, number):
    # json.loads turns 1e999 into infinity; a string field would then store the name "inf".
    raw = f'{{"name": {number}, "authorized_orgnr": "{VENDOR_ORGNR}"}}'.encode()
    r = admin_api.post(URL, raw=raw)
    assert r.status_code == 400
    assert problem(r)["code"] == "invalid_json"
    assert not Integration.objects.exists()


def test_ordinary_numbers_still_parse(admin_api):
    raw = f'{{"name": "System", "authorized_orgnr": "{VENDOR_ORGNR}", "description": "x"}}'.encode()
    assert admin_api.post(URL, raw=raw).status_code == 201
    r = admin_api.post(URL, raw=b'{"name": "A", "authorized_orgnr": 1.5e3}')
    assert r.status_code == 400
    assert problem(r)["code"] == "validation_error"
    assert "authorized_orgnr" in problem(r)["errors"]
