"""Fixtures for the web security tests: the web UI's logged-in clients and integrations (tests/portal)."""

from tests.portal.conftest import admin_client, integration  # noqa: F401  (fixtures reused as they are)
