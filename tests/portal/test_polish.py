"""Issue 8 item 7 (polish) seen from the server: the favicon, footer links, dates and translated names."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_favicon_linked_and_served(client):
    """Every portal page links the SVG favicon; /favicon.ico (asked for by pages without the link) redirects there."""
    page = client.get("/")
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in page.content.decode()
    response = client.get("/favicon.ico")
    assert (response.status_code, response["Location"]) == (301, "/static/favicon.svg")
