"""The integration output renders exactly what DRF's own field machinery renders (api/fastoutput.py)."""

import re

import pytest
from django.utils import timezone
from rest_framework import serializers

from api.fastoutput import FastOutputMixin
from api.serializers import IntegrationOutput
from integrations.selectors import integrations_for
from integrations.services import integration_create, integration_password_rotate
from tests.conftest import VENDOR_ORGNR


def drf_representation(instance) -> dict:
    return dict(serializers.Serializer.to_representation(IntegrationOutput(), instance))


@pytest.mark.parametrize("zone", ["Europe/Oslo", "UTC"])
def test_integration_output_is_the_same_as_drfs(admin_ctx, demo_org, zone):
    fresh = integration_create(admin_ctx, organization=demo_org, name="Uten passord", authorized_orgnr=VENDOR_ORGNR)
    rotated = integration_create(admin_ctx, organization=demo_org, name="Med passord", authorized_orgnr=VENDOR_ORGNR)
    integration_password_rotate(admin_ctx, integration=rotated)
    integration_password_rotate(admin_ctx, integration=rotated, overlap_minutes=30)  # previous password overlaps
    listed = list(integrations_for(admin_ctx.actor, organization=demo_org))
    with timezone.override(zone):
        for instance in [fresh, *listed]:  # `fresh` has no grant_count annotation: the field's default, 0
            fast = IntegrationOutput(instance).data
            assert dict(fast) == drf_representation(instance)
        by_name = {row["name"]: row for row in IntegrationOutput(listed, many=True).data}
    assert by_name["Med passord"]["previous_password_expires_at"] is not None
    assert by_name["Uten passord"]["has_password"] is False
    assert IntegrationOutput(fresh).data["grant_count"] == 0
    offset = r"Z" if zone == "UTC" else r"\+0[12]:00"  # Oslo: CET or CEST
    assert re.fullmatch(rf"\d{{4}}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+{offset}", by_name["Med passord"]["created_at"])


def test_a_field_type_it_does_not_know_is_refused():
    class Output(FastOutputMixin, serializers.Serializer):
        tags = serializers.ListField(child=serializers.CharField())

    with pytest.raises(TypeError, match="not supported"):
        Output({"tags": ["a"]}).data
