"""Organization names from Enhetsregisteret (issue 8 item 6): found, not found, and every way the registry can
fail (down, slow, garbage, server error), which must give "unknown" quickly and never an exception."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured

from authz.enhetsregisteret import Status, organization_name
from authz.enhetsregisteret_standin import start_registry
from tests.conftest import DEMO_ORGNR, VENDOR_ORGNR


def test_found_name_is_cached(registry):
    first = organization_name(VENDOR_ORGNR)
    assert (first.status, first.name) == (Status.FOUND, "FAGSYSTEMLEVERANDØREN AS")
    registry.mode = "error"  # the cached answer is used, the registry is not asked again
    assert organization_name(VENDOR_ORGNR) == first
    assert registry.requests == [f"/enhetsregisteret/api/enheter/{VENDOR_ORGNR}"]


def test_unknown_orgnr_is_not_found(registry):
    result = organization_name("974760673")  # valid checksum, not among the stand-in's entities
    assert (result.status, result.name) == (Status.NOT_FOUND, None)


@pytest.mark.parametrize("mode", ["garbage", "error"])
def test_garbage_or_error_is_unknown_and_leaves_the_registry_alone_for_a_while(registry, mode):
    registry.mode = mode
    assert organization_name(VENDOR_ORGNR).status == Status.UNKNOWN
    assert organization_name(DEMO_ORGNR).status == Status.UNKNOWN
    assert len(registry.requests) == 1  # the second lookup did not wait for the registry


def test_slow_registry_is_unknown(registry, settings):
    settings.ENHETSREGISTERET_TIMEOUT_SECONDS = 0.2
    registry.mode, registry.slow_seconds = "slow", 2
    assert organization_name(VENDOR_ORGNR).status == Status.UNKNOWN


def test_registry_down_is_unknown(registry_down):
    assert organization_name(VENDOR_ORGNR) == organization_name(VENDOR_ORGNR)
    assert organization_name(VENDOR_ORGNR).status == Status.UNKNOWN


@pytest.mark.parametrize("value", ["", "123456784", "../../admin", "910 753 614", None])
def test_invalid_orgnr_is_never_sent(registry, value):
    assert organization_name(value).status == Status.UNKNOWN
    assert registry.requests == []


def test_lookups_off_without_a_url(settings):
    settings.ENHETSREGISTERET_URL = ""
    assert organization_name(VENDOR_ORGNR).status == Status.UNKNOWN


def test_broken_cache_still_answers(registry, monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(cache, "get", broken)
    monkeypatch.setattr(cache, "set", broken)
    assert organization_name(VENDOR_ORGNR).name == "FAGSYSTEMLEVERANDØREN AS"


def test_standin_only_in_development_and_on_loopback(settings):
    with pytest.raises(ImproperlyConfigured):
        start_registry("0.0.0.0")
    settings.PORTAL_DEVELOPMENT_MODE = False
    with pytest.raises(ImproperlyConfigured):
        start_registry()
