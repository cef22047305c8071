"""Fixtures of the API security tests: the API test fixtures (tokens, clients, the vendor's integration)."""

from tests.api.conftest import (  # noqa: F401 (pytest finds fixtures by name)
    admin_api,
    integration_api,
    other_admin_api,
    vendor_api,
    vendor_integration,
)
