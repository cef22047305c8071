"""Production settings: refuse to start half-configured, pass `check --deploy` cleanly."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "DJANGO_SECRET_KEY": "k7#Qz!v9Lw2@xR4pT8mN3bY6cF1hJ5dS0gA-eU_iO+aE=rW*tZ^yX",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/postgres",
    "IDPORTEN_CLIENT_ID": "konfigurasjonsportalen",
    "IDPORTEN_CLIENT_SECRET": "from-the-secret-store",
    "DJANGO_ALLOWED_HOSTS": "konfig.example.no",
    "MFA_ENCRYPTION_KEY": "mJ3d0Qx2b6Z8kq1V4yT7wR9sU5nP0aLcE2hG8fK6jXo=",
    "CACHE_URL": "redis://127.0.0.1:6379/0",  # required in production (not contacted here)
    "INTEGRATION_PASSWORD_PEPPERS": "1:Vh3q9Zr2Lx8Tn5Wm1Kc7Pd4Gs6Bf0Jy2Hu8Re3Qa",
}


def _manage(*args: str, **env_changes: str | None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "IDPORTEN_", "API_", "PORTAL_"))}
    env.update(PRODUCTION_ENV)
    for key, value in env_changes.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=120)


def test_check_deploy_is_clean():
    result = _manage("check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize("missing", ["DJANGO_SECRET_KEY", "IDPORTEN_CLIENT_ID", "IDPORTEN_CLIENT_SECRET",
                                     "DATABASE_URL", "DJANGO_ALLOWED_HOSTS", "MFA_ENCRYPTION_KEY",
                                     "INTEGRATION_PASSWORD_PEPPERS"])
def test_refuses_to_start_without(missing):
    result = _manage("check", **{missing: None})
    assert result.returncode != 0
    assert missing in result.stderr


def test_refuses_a_weak_secret_key():
    result = _manage("check", DJANGO_SECRET_KEY="short")
    assert result.returncode != 0 and "DJANGO_SECRET_KEY" in result.stderr


def test_refuses_the_local_idporten_stand_in():
    result = _manage("check", IDPORTEN_ENVIRONMENT="local")
    assert result.returncode != 0 and "IDPORTEN_ENVIRONMENT" in result.stderr


def test_refuses_an_mfa_key_that_is_not_a_fernet_key():
    result = _manage("check", MFA_ENCRYPTION_KEY="not-a-key")
    assert result.returncode != 0 and "MFA_ENCRYPTION_KEY" in result.stderr


@pytest.mark.parametrize(("name", "value"), [
    ("ENHETSREGISTERET_URL", "http://data.brreg.no"),
    ("ENHETSREGISTERET_TIMEOUT_SECONDS", "0"),
    ("ENHETSREGISTERET_TIMEOUT_SECONDS", "60"),
])
def test_refuses_plain_http_registry_or_a_timeout_that_could_hang_pages(name, value):
    result = _manage("check", **{name: value})
    assert result.returncode != 0 and name in result.stderr




# --- the shared cache (Redis) ---------------------------------------------------------------------------------

@pytest.mark.parametrize("url", [None, "", "locmemcache://", "dummycache://"])
def test_refuses_a_cache_that_is_not_redis(url):
    result = _manage("check", CACHE_URL=url)
    assert result.returncode != 0
    assert "CACHE_URL must point to Redis in production" in result.stderr


@pytest.mark.parametrize("url", ["redis://:s3cretpw@/0", "redis://:s3cretpw@cache.example:notaport/0",
                                 "redis://:s3cretpw@cache.example:6379/zero", "rediz://:s3cretpw@cache.example/0"])
def test_refuses_a_malformed_cache_url_without_echoing_it(url):
    result = _manage("check", CACHE_URL=url)
    assert result.returncode != 0
    assert "CACHE_URL" in result.stderr
    assert "s3cretpw" not in result.stderr


def test_refuses_to_serve_when_redis_does_not_answer():
    """The WSGI application (what gunicorn loads) pings Redis before serving: a closed port stops it at start."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "IDPORTEN_", "API_", "PORTAL_"))}
    env |= PRODUCTION_ENV | {"CACHE_URL": f"redis://:s3cretpw@127.0.0.1:{port}/0"}
    result = subprocess.run([sys.executable, "-c", "import config.wsgi"], cwd=ROOT, env=env, capture_output=True,
                            text=True, timeout=60)
    assert result.returncode != 0
    assert f"CACHE_URL: Redis at 127.0.0.1:{port}/0 does not answer" in result.stderr
    assert "s3cretpw" not in result.stderr


# --- Outbound endpoints are https in production (issue 9, item 11) ------------------------------------------

@pytest.mark.parametrize("variable", ["IDPORTEN_ISSUER", "IDPORTEN_AUTHORIZATION_ENDPOINT", "IDPORTEN_TOKEN_ENDPOINT",
                                      "IDPORTEN_USERINFO_ENDPOINT", "IDPORTEN_JWKS_ENDPOINT",
                                      "IDPORTEN_END_SESSION_ENDPOINT"])
@pytest.mark.parametrize("url", ["http://idporten.example/token", "HTTP://idporten.example/token",
                                 "//idporten.example/token", "https:///token", " https://idporten.example/token",
                                 "ftp://idporten.example/token", "idporten.example/token"])
def test_refuses_an_idporten_endpoint_that_is_not_https(variable, url):
    result = _manage("check", **{variable: url})
    assert result.returncode != 0
    assert f"{variable} must be an https URL in production" in result.stderr


def test_accepts_https_idporten_overrides():
    result = _manage("check", IDPORTEN_TOKEN_ENDPOINT="https://idporten.example/token",
                     IDPORTEN_JWKS_ENDPOINT="https://idporten.example/jwks.json")
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("entry", ["maskinporten|https://mp.example/|http://mp.example/jwk",
                                   "idporten|https://idp.example|http://idp.example/jwks.json|https://api.example",
                                   "maskinporten|https://mp.example/"])
def test_refuses_an_api_issuer_jwks_url_that_is_not_https(entry):
    result = _manage("check", API_CUSTOM_ISSUERS=entry, API_AUDIENCE="https://konfig.example.no/api")
    assert result.returncode != 0
    assert "API_CUSTOM_ISSUERS" in result.stderr


# --- The API's audience: set, or an explicit opt-out (issue 9, item 12) ------------------------------------

def test_check_deploy_warns_when_tokens_audience_is_not_configured():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", API_TRUSTED_ISSUERS="maskinporten-prod")
    assert result.returncode != 0
    assert "api.W001" in result.stderr + result.stdout
    assert "https://maskinporten.no/" in result.stderr + result.stdout


@pytest.mark.parametrize("changes", [{"API_AUDIENCE": "https://konfig.example.no/api"},
                                     {"API_AUDIENCE_CHECK": "off"},
                                     {"API_CUSTOM_ISSUERS": "maskinporten|https://mp.example/|https://mp.example/jwk"
                                                            "|https://konfig.example.no/api"}])
def test_check_deploy_is_clean_with_an_audience_or_an_explicit_opt_out(changes):
    issuers = {} if "API_CUSTOM_ISSUERS" in changes else {"API_TRUSTED_ISSUERS": "maskinporten-prod"}
    result = _manage("check", "--deploy", "--fail-level", "WARNING", **issuers, **changes)
    assert result.returncode == 0, result.stdout + result.stderr


def test_refuses_an_audience_check_that_is_neither_on_nor_off():
    result = _manage("check", API_AUDIENCE_CHECK="maybe")
    assert result.returncode != 0 and "API_AUDIENCE_CHECK" in result.stderr


@pytest.mark.parametrize("value", ["1:too-short", "x:Vh3q9Zr2Lx8Tn5Wm1Kc7Pd4Gs6Bf0Jy2Hu8Re3Qa",
                                   "1:Vh3q9Zr2Lx8Tn5Wm1Kc7Pd4Gs6Bf0Jy2Hu8Re3Qa,1:Wh3q9Zr2Lx8Tn5Wm1Kc7Pd4Gs6Bf0Jy2Hu8Re3Qa"])
def test_refuses_a_weak_or_malformed_integration_password_pepper(value):
    result = _manage("check", INTEGRATION_PASSWORD_PEPPERS=value)
    assert result.returncode != 0 and "INTEGRATION_PASSWORD_PEPPERS" in result.stderr
