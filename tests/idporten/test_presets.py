"""Which ID-porten the portal talks to, the production guard, the acr rule, the failure page by itself."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from idporten.backends import acr_satisfies
from idporten.presets import endpoints, preset
from idporten.views import ui_locale

ROOT = Path(__file__).resolve().parents[2]


def test_real_presets_use_digdirs_endpoints():
    assert preset("production").issuer == "https://idporten.no"
    assert preset("production").authorization_endpoint == "https://login.idporten.no/authorize"
    assert preset("production").end_session_endpoint == "https://login.idporten.no/logout"
    assert preset("test").issuer == "https://test.idporten.no"
    assert preset("test").token_endpoint == "https://test.idporten.no/token"
    assert preset("test").jwks_endpoint == "https://test.idporten.no/jwks.json"


def test_environment_picks_the_preset_and_settings_override_it(settings):
    settings.IDPORTEN_ENVIRONMENT = "test"
    settings.OIDC_OP_ISSUER = ""
    settings.OIDC_OP_TOKEN_ENDPOINT = "https://proxy.example/token"
    result = endpoints()
    assert result.issuer == "https://test.idporten.no"
    assert result.token_endpoint == "https://proxy.example/token"


def test_local_preset_points_at_the_standin(settings):
    settings.IDPORTEN_ENVIRONMENT = "local"
    settings.IDPORTEN_STANDIN_URL = "http://127.0.0.1:8081/"
    for name in ("OIDC_OP_ISSUER", "OIDC_OP_AUTHORIZATION_ENDPOINT"):
        setattr(settings, name, "")
    assert endpoints().issuer == "http://127.0.0.1:8081"
    assert endpoints().authorization_endpoint == "http://127.0.0.1:8081/oauth2/authorize"


def test_local_preset_needs_development_mode(settings):
    settings.IDPORTEN_ENVIRONMENT = "local"
    settings.PORTAL_DEVELOPMENT_MODE = False
    with pytest.raises(ImproperlyConfigured):
        endpoints()
    settings.IDPORTEN_ENVIRONMENT = "staging"
    with pytest.raises(ImproperlyConfigured):
        endpoints()


def _load_production_settings(idporten_environment: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "IDPORTEN_", "DATABASE_"))}
    env |= {
        "DJANGO_SECRET_KEY": "x7#Kq9!mZ2@vL5$wR8^tY3&uN6*pB1(cD4)eF0-gH_jS+aQ=oW",
        "DATABASE_URL": "postgres://portal@db.example/portal",
        "DJANGO_ALLOWED_HOSTS": "portal.example",
        "IDPORTEN_CLIENT_ID": "client",
        "IDPORTEN_CLIENT_SECRET": "secret",
        "MFA_ENCRYPTION_KEY": "mJ3d0Qx2b6Z8kq1V4yT7wR9sU5nP0aLcE2hG8fK6jXo=",  # required in production
        "CACHE_URL": "redis://127.0.0.1:6379/0",  # required in production (not contacted here)
        "INTEGRATION_PASSWORD_PEPPERS": "1:Vh3q9Zr2Lx8Tn5Wm1Kc7Pd4Gs6Bf0Jy2Hu8Re3Qa",
        "IDPORTEN_ENVIRONMENT": idporten_environment,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
    }
    code = "import django; django.setup(); from idporten.presets import endpoints; print(endpoints().issuer)"
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=60)


def test_production_settings_refuse_the_local_standin():
    refused = _load_production_settings("local")
    assert refused.returncode != 0
    assert "IDPORTEN_ENVIRONMENT must be 'production' or 'test'" in refused.stderr

    accepted = _load_production_settings("test")
    assert accepted.returncode == 0, accepted.stderr
    assert accepted.stdout.strip() == "https://test.idporten.no"


@pytest.mark.parametrize(("acr", "requested", "ok"), [
    ("idporten-loa-substantial", "idporten-loa-substantial", True),
    ("idporten-loa-high", "idporten-loa-substantial", True),
    ("idporten-loa-high", "idporten-loa-high", True),
    ("idporten-loa-substantial", "idporten-loa-high", False),
    ("selfregistered-email", "idporten-loa-substantial", False),
    ("eidas-loa-high", "idporten-loa-substantial", False),
    (None, "idporten-loa-substantial", False),
    (["idporten-loa-high"], "idporten-loa-substantial", False),
])
def test_acr_must_reach_the_requested_level(acr, requested, ok):
    assert acr_satisfies(acr, requested) is ok


def test_ui_locales_follow_the_language(settings):
    settings.IDPORTEN_UI_LOCALES = "nb"
    assert ui_locale("en") == "en"
    assert ui_locale("en-us") == "en"
    assert ui_locale("nb") == "nb"
    assert ui_locale("de") == "nb"


@pytest.mark.django_db
def test_failure_page_for_an_unknown_reason_is_general_and_shows_only_safe_references(client):
    page = client.get("/oidc/failed/", {"reason": "<script>", "ref": "<b>x</b>"})
    assert page.status_code == 200
    text = page.content.decode()
    assert "Innloggingen mislyktes" in text
    assert "<b>x</b>" not in text and "Referanse" not in text

    page = client.get("/oidc/failed/", {"reason": "cancelled", "ref": "abcd1234-ef"})
    assert "Du avbrøt innloggingen" in page.content.decode() and "abcd1234-ef" in page.content.decode()
    assert client.post("/oidc/failed/").status_code == 405
