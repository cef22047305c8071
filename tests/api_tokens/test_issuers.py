"""Trusted-issuer configuration, the development issuer, `mint_token`, and production refusing both."""

import os
import stat
import subprocess
import sys
from io import StringIO
from pathlib import Path

import jwt
import pytest
from django.conf import settings as django_settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError

from api import devissuer
from api.issuers import PRESETS, TrustedIssuer, issuer_for, trusted_issuers
from api.tokens import TokenError, validate_access_token

from .helpers import call_api, error_code

BASE_DIR = Path(django_settings.BASE_DIR)


def test_presets_carry_digdirs_exact_issuers_and_jwks_urls():
    assert {name: (p.issuer, p.jwks_url, p.kind) for name, p in PRESETS.items()} == {
        "idporten-prod": ("https://idporten.no", "https://idporten.no/jwks.json", "idporten"),
        "idporten-test": ("https://test.idporten.no", "https://test.idporten.no/jwks.json", "idporten"),
        "maskinporten-prod": ("https://maskinporten.no/", "https://maskinporten.no/jwk", "maskinporten"),
        "maskinporten-test": ("https://test.maskinporten.no/", "https://test.maskinporten.no/jwk", "maskinporten"),
    }
    assert all(p.algorithms == ("RS256",) for p in PRESETS.values())


def test_presets_selected_by_name_and_matched_exactly(settings):
    settings.API_TRUSTED_ISSUERS = ["maskinporten-test", "idporten-test"]
    settings.API_CUSTOM_ISSUERS = []
    assert [i.issuer for i in trusted_issuers()] == ["https://test.maskinporten.no/", "https://test.idporten.no"]
    assert issuer_for("https://test.maskinporten.no/") == PRESETS["maskinporten-test"]
    assert issuer_for("https://test.maskinporten.no") is None
    assert issuer_for("https://test.idporten.no/") is None


@pytest.mark.parametrize("names,custom", [
    (["maskinporten-tset"], []),
    (["maskinporten-test", "maskinporten-test"], []),
    ([], ["maskinporten|https://mp.example/"]),
    ([], ["oauth|https://mp.example/|https://mp.example/jwk"]),
    ([], ["maskinporten|https://mp.example/|not a url"]),
    ([], ["maskinporten| |https://mp.example/jwk"]),
])
def test_bad_issuer_configuration_is_refused(settings, names, custom):
    settings.API_TRUSTED_ISSUERS = names
    settings.API_CUSTOM_ISSUERS = custom
    with pytest.raises(ImproperlyConfigured):
        trusted_issuers()


def test_custom_issuer_with_audience(settings):
    settings.API_TRUSTED_ISSUERS = []
    settings.API_CUSTOM_ISSUERS = ["idporten|https://idp.example|https://idp.example/jwks.json|https://api.example"]
    assert trusted_issuers() == [TrustedIssuer(issuer="https://idp.example", jwks_url="https://idp.example/jwks.json",
                                               kind="idporten", audience="https://api.example", name="custom")]


def test_custom_issuer_over_plain_http_only_in_development_mode(settings):
    settings.API_TRUSTED_ISSUERS = []
    settings.API_CUSTOM_ISSUERS = ["maskinporten|https://mp.example/|http://mp.example/jwk"]
    assert len(trusted_issuers()) == 1
    settings.PORTAL_DEVELOPMENT_MODE = False
    with pytest.raises(ImproperlyConfigured):
        trusted_issuers()


@pytest.mark.parametrize(("jwks_url", "allowed"), [
    ("http://127.0.0.1:8123/jwks.json", True),
    ("http://127.8.9.10/jwks.json", True),
    ("http://[::1]:8123/jwks.json", True),
    ("http://localhost:8123/jwks.json", True),
    ("http://mp.example/jwk", False),
    ("http://127.0.0.1.example/jwk", False),
    ("http://10.0.0.1/jwk", False),
])
def test_custom_issuer_over_http_on_loopback_only_with_the_benchmark_setting(settings, jwks_url, allowed):
    settings.PORTAL_DEVELOPMENT_MODE = False
    settings.API_TRUSTED_ISSUERS = []
    settings.API_CUSTOM_ISSUERS = [f"maskinporten|https://mp.example/|{jwks_url}"]
    with pytest.raises(ImproperlyConfigured, match="must use https"):
        trusted_issuers()  # off by default (and in production): http nowhere
    settings.API_JWKS_ALLOW_LOOPBACK_HTTP = True  # config.settings.bench
    if allowed:
        assert [i.jwks_url for i in trusted_issuers()] == [jwks_url]
    else:
        with pytest.raises(ImproperlyConfigured, match="must use https"):
            trusted_issuers()


@pytest.mark.parametrize("timeout", [0, -1, 30.5, 120])
def test_jwks_timeout_longer_than_30_seconds_is_refused(settings, timeout):
    settings.API_TRUSTED_ISSUERS = ["maskinporten-test"]
    settings.API_JWKS_TIMEOUT_SECONDS = timeout
    with pytest.raises(ImproperlyConfigured):
        trusted_issuers()


def test_unsafe_algorithms_cannot_be_configured():
    for algorithms in (("HS256",), ("none",), ("RS256", "HS512"), ()):
        with pytest.raises(ImproperlyConfigured):
            TrustedIssuer(issuer="https://x.example", jwks_url="https://x.example/jwk", kind="maskinporten",
                          algorithms=algorithms)


# --- production settings -------------------------------------------------------------------------------------


def _import_production_settings(code: str = "import config.settings.production", **env):
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("API_", "DJANGO_", "PORTAL_"))}
    environment |= {
        "DJANGO_SECRET_KEY": "p" * 20 + "q" * 20 + "rstuvwxyz0123456789",
        "DATABASE_URL": "postgres://portal@db.example:5432/portal",
        "IDPORTEN_CLIENT_ID": "client",
        "IDPORTEN_CLIENT_SECRET": "secret",
        "DJANGO_ALLOWED_HOSTS": "konfig.example",
        "MFA_ENCRYPTION_KEY": "mJ3d0Qx2b6Z8kq1V4yT7wR9sU5nP0aLcE2hG8fK6jXo=",  # a Fernet key (test value)
        "CACHE_URL": "redis://127.0.0.1:6379/0",  # required in production (not contacted here)
        "INTEGRATION_PASSWORD_PEPPERS": "1:Vh3q9Zr2Lx8Tn5Wm1Kc7Pd4Gs6Bf0Jy2Hu8Re3Qa",
    } | env
    return subprocess.run([sys.executable, "-c", code], cwd=BASE_DIR,
                          env=environment, capture_output=True, text=True, timeout=60)


def test_production_settings_refuse_the_development_issuer():
    result = _import_production_settings(API_TRUSTED_ISSUERS="maskinporten-prod,development")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "development issuer" in result.stderr


def test_production_settings_refuse_a_jwks_timeout_over_30_seconds():
    result = _import_production_settings(API_TRUSTED_ISSUERS="maskinporten-prod", API_JWKS_TIMEOUT_SECONDS="31")
    assert result.returncode != 0
    assert "API_JWKS_TIMEOUT_SECONDS" in result.stderr


def test_production_settings_cannot_be_told_to_fetch_a_jwks_over_http_even_on_loopback():
    result = _import_production_settings(
        "import django; django.setup(); from api.issuers import trusted_issuers; trusted_issuers()",
        DJANGO_SETTINGS_MODULE="config.settings.production", API_JWKS_ALLOW_LOOPBACK_HTTP="true",
        API_TRUSTED_ISSUERS="", API_CUSTOM_ISSUERS="maskinporten|http://127.0.0.1:9/|http://127.0.0.1:9/jwk",
    )
    assert result.returncode != 0
    assert "the JWKS URL must use https" in result.stderr


def test_production_settings_accept_the_real_issuers():
    result = _import_production_settings(API_TRUSTED_ISSUERS="maskinporten-prod,idporten-prod")
    assert result.returncode == 0, result.stderr


def test_development_issuer_refused_without_development_mode(settings):
    settings.PORTAL_DEVELOPMENT_MODE = False
    settings.API_TRUSTED_ISSUERS = ["development"]
    with pytest.raises(ImproperlyConfigured):
        trusted_issuers()
    with pytest.raises(ImproperlyConfigured):
        devissuer.mint_token(orgnr="910753614")
    with pytest.raises(CommandError):
        call_command("mint_token", "--orgnr", "910753614", stdout=StringIO())


# --- the development issuer ----------------------------------------------------------------------------------


@pytest.fixture
def dev_settings(settings, tmp_path):
    """Development mode with the development issuer trusted and its key in a temporary directory."""
    settings.PORTAL_DEVELOPMENT_MODE = True
    settings.API_TRUSTED_ISSUERS = ["development"]
    settings.API_CUSTOM_ISSUERS = []
    settings.API_REQUIRED_SCOPE = "ks"
    settings.API_AUDIENCE = ""
    settings.DEV_ISSUER_KEY_FILE = str(tmp_path / "var" / "dev-issuer-key.pem")
    return settings


def test_dev_issuer_key_generated_once_private_and_outside_the_repository(dev_settings):
    token = devissuer.mint_token(orgnr="910753614")
    key_file = Path(dev_settings.DEV_ISSUER_KEY_FILE)
    assert key_file.exists()
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    kid = jwt.get_unverified_header(token)["kid"]
    assert jwt.get_unverified_header(devissuer.mint_token(orgnr="910753614"))["kid"] == kid
    assert devissuer.jwks()["keys"][0]["kid"] == kid
    assert "/var/" in (BASE_DIR / ".gitignore").read_text().splitlines()


@pytest.mark.django_db
def test_dev_maskinporten_token_accepted_by_the_api(dev_settings):
    response = call_api(devissuer.mint_token(orgnr="910753614"))
    assert response.status_code == 200
    assert (response.data["kind"], response.data["party"]) == ("organization", "910753614")


@pytest.mark.django_db
def test_dev_idporten_token_accepted_by_the_api(dev_settings):
    response = call_api(devissuer.mint_token(kind="idporten", pid="21879498012"))
    assert response.status_code == 200
    assert (response.data["kind"], response.data["party"]) == ("person", "21879498012")


def test_dev_tokens_obey_the_same_rules(dev_settings):
    with pytest.raises(TokenError) as info:
        validate_access_token(devissuer.mint_token(orgnr="910753614", extra={"iat": 999_999_000, "exp": 1_000_000_000}))
    assert info.value.code == "token_expired"
    with pytest.raises(ValidationError):
        devissuer.mint_token(orgnr="910753615")


@pytest.mark.django_db
def test_dev_token_refused_when_the_development_issuer_is_not_trusted(dev_settings):
    token = devissuer.mint_token(orgnr="910753614")
    dev_settings.API_TRUSTED_ISSUERS = []
    response = call_api(token)
    assert response.status_code == 401
    assert error_code(response) == "unknown_issuer"


@pytest.mark.django_db
def test_mint_token_command_prints_a_working_token(dev_settings):
    out = StringIO()
    call_command("mint_token", "--orgnr", "910753614", stdout=out)
    assert call_api(out.getvalue().strip()).data["party"] == "910753614"
    out = StringIO()
    call_command("mint_token", "--pid", "21879498012", stdout=out)
    assert call_api(out.getvalue().strip()).data["kind"] == "person"


def test_mint_token_command_refuses_bad_identifiers(dev_settings):
    with pytest.raises(CommandError):
        call_command("mint_token", "--orgnr", "123", stdout=StringIO())
    with pytest.raises(CommandError):
        call_command("mint_token", stdout=StringIO())


@pytest.mark.django_db
def test_dev_issuer_jwks_served_only_in_development_mode(dev_settings, client):
    response = client.get("/api/dev-issuer/jwks.json")
    assert response.status_code == 200
    assert response.json() == devissuer.jwks()
    dev_settings.PORTAL_DEVELOPMENT_MODE = False
    assert client.get("/api/dev-issuer/jwks.json").status_code == 404
