"""Fixtures for the operations tests."""

import pytest
from django.test import Client

from authz.services import person_get_or_create
from tests.conftest import DEMO_ADMIN_PID
from tests.portal.conftest import user_for


@pytest.fixture
def web_admin(demo_org):
    """A browser logged in as Demo kommune's administrator; errors are answered, not raised (as in production)."""
    client = Client(raise_request_exception=False)
    client.force_login(user_for(person_get_or_create(pid=DEMO_ADMIN_PID)))
    return client
