"""Deleting a service in the admin leaves the older audit events that name it whole (issue 9, item 3)."""

from __future__ import annotations

import pytest

from authz.models import AuditEvent, Service

pytestmark = pytest.mark.django_db


def _html(response) -> str:
    return response.content.decode()


def test_deleting_a_service_in_the_admin_keeps_the_events_that_name_it(operator_client):
    response = operator_client.post("/admin/authz/service/add/", {
        "code": "NY_TJENESTE", "name": "Ny tjeneste", "description": ""})
    assert response.status_code == 302, _html(response)
    service = Service.objects.get(code="NY_TJENESTE")
    created = AuditEvent.objects.get(action="catalogue.service.create")
    assert (created.service_id, created.service_code, created.service_name) == (service.pk, "NY_TJENESTE",
                                                                                "Ny tjeneste")

    response = operator_client.post(f"/admin/authz/service/{service.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302, _html(response)
    assert not Service.objects.filter(code="NY_TJENESTE").exists()

    kept = AuditEvent.objects.get(pk=created.pk)
    assert (kept.service_id, kept.service_code, kept.service_name, kept.after) == (
        service.pk, "NY_TJENESTE", "Ny tjeneste", created.after)
    deleted = AuditEvent.objects.get(action="catalogue.service.delete")
    assert (deleted.channel, deleted.before["code"]) == ("admin", "NY_TJENESTE")

    # The event's page still names the service it was about.
    page = operator_client.get(f"/admin/authz/auditevent/{created.pk}/change/")
    assert page.status_code == 200
    assert "Ny tjeneste (NY_TJENESTE)" in _html(page)
