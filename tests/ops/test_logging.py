"""Logs: JSON lines in production format (LOG_FORMAT=json), one per request with its fields, identity numbers
masked; readable text by default in development."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
_REQUESTS = r"""
import django
django.setup()
from django.test import Client
Client().get("/api/v1/organizations/21879498012/", HTTP_X_REQUEST_ID="req-0123456789")
Client().get("/healthz")
"""


def _run(log_format: str, tmp_path) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "LOG_"))}
    env |= {"DJANGO_SETTINGS_MODULE": "config.settings.test", "LOG_FORMAT": log_format,
            "DATABASE_URL": f"sqlite:///{tmp_path / 'log.sqlite3'}", "CACHE_URL": "locmemcache://"}
    result = subprocess.run([sys.executable, "-c", _REQUESTS], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout + result.stderr


def test_json_log_lines_carry_the_request_fields_and_mask_identity_numbers(tmp_path):
    output = _run("json", tmp_path)
    lines = [json.loads(line) for line in output.splitlines() if line.startswith("{")]
    request_lines = [line for line in lines if line["logger"] == "portal.request"]
    assert len(request_lines) == 1, output  # /healthz is not logged at INFO
    line = request_lines[0]
    assert line["level"] == "INFO" and line["request_id"] == "req-0123456789"
    assert line["method"] == "GET" and line["status"] == 404 and line["caller"] == "anonymous"
    assert line["route"] == "api/[\\s\\S]*$"  # the pattern that matched (api/urls.py's catch-all), not the path
    assert isinstance(line["duration_ms"], float)
    assert line["path"] == "/api/v1/organizations/218794*****/"
    assert line["time"][:2] == "20" and line["time"].endswith("Z")  # ISO 8601, UTC
    django_lines = [line for line in lines if line["logger"] == "django.request"]
    assert django_lines and all(line["request_id"] == "req-0123456789" for line in django_lines)
    assert "21879498012" not in output


def test_development_logs_stay_readable_text(tmp_path):
    output = _run("text", tmp_path)
    assert "INFO portal.request [req-0123456789] GET /api/v1/organizations/218794*****/ 404" in output
    assert not any(line.startswith("{") for line in output.splitlines())


@pytest.mark.parametrize("value", ["xml", "JSON "])
def test_an_unknown_log_format_is_refused(tmp_path, value):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test", "LOG_FORMAT": value}
    result = subprocess.run([sys.executable, "-c", "import django; django.setup()"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode != 0 and "LOG_FORMAT must be 'text' or 'json'" in result.stderr
