"""Input and output serializers of the API, one pair per operation (STYLE.md).

Input serializers refuse unknown fields (400), bound every string (over-long → 400) and refuse NUL characters
(DRF's CharField default). Output serializers never show a full identity number (`mask_pid`) or a secret, except
the password returned once by the rotation endpoint.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from authz.identifiers import mask_pid, validate_orgnr, validate_pid
from integrations.validators import DESCRIPTION_MAX_LENGTH, NAME_MAX_LENGTH


def show_party(value: str | None) -> str | None:
    """An orgnr as is, a pid masked (identity numbers never in full in output)."""
    if value and len(value) == 11:
        return mask_pid(value)
    return value


class StrictInputSerializer(serializers.Serializer):
    """Base of every input serializer: fields not declared are a 400, not silently ignored."""

    def to_internal_value(self, data):
        if isinstance(data, dict):
            unknown = sorted(set(data) - set(self.fields))
            if unknown:
                raise serializers.ValidationError({key: [_("Ukjent felt.")] for key in unknown})
        return super().to_internal_value(data)


def _orgnr_validator(value: str) -> str:
    try:
        return validate_orgnr(value)
    except DjangoValidationError as e:
        raise serializers.ValidationError(e.messages) from None


def _pid_validator(value: str) -> str:
    try:
        return validate_pid(value)
    except DjangoValidationError as e:
        raise serializers.ValidationError(e.messages) from None


def _party_validator(value: str) -> str:
    return _orgnr_validator(value) if len(value) == 9 else _pid_validator(value)


OrgnrField = lambda **kw: serializers.CharField(  # noqa: E731
    min_length=9, max_length=9, validators=[_orgnr_validator], help_text="Organisasjonsnummer, 9 sifre.", **kw
)


# --- catalogue ---------------------------------------------------------------------------------------------


class PrivilegeOutput(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    description = serializers.CharField()
    service = serializers.CharField(source="service.code", allow_null=True, default=None)
    for_persons = serializers.BooleanField()
    for_integrations = serializers.BooleanField()


class ServiceOutput(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    description = serializers.CharField()
    privileges = serializers.SerializerMethodField()

    def get_privileges(self, obj) -> list[str]:
        return [p.code for p in obj.privileges.all()]


# --- organizations and me ----------------------------------------------------------------------------------


class OrganizationOutput(serializers.Serializer):
    orgnr = serializers.CharField()
    name = serializers.CharField()
    can_change = serializers.BooleanField(help_text="Om kalleren kan endre organisasjonens konfigurasjon.")


class CallerIntegrationOutput(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField()
    organization = serializers.CharField(source="organization.orgnr", allow_null=True, default=None)


class CallerOutput(serializers.Serializer):
    type = serializers.ChoiceField(choices=["person", "integration", "organization"])
    display = serializers.CharField()
    pid = serializers.CharField(allow_null=True, help_text="Maskert fødselsnummer.")
    orgnr = serializers.CharField(allow_null=True)
    integration = CallerIntegrationOutput(allow_null=True)


class TokenOutput(serializers.Serializer):
    consumer_orgnr = serializers.CharField(allow_null=True)
    supplier_orgnr = serializers.CharField(allow_null=True)
    delegation_source = serializers.CharField(allow_null=True)
    scopes = serializers.ListField(child=serializers.CharField())


class OnBehalfOfOutput(serializers.Serializer):
    party = serializers.CharField(help_text="Organisasjonsnummer, eller maskert fødselsnummer.")
    type = serializers.ChoiceField(choices=["organization", "person"])
    delegated = serializers.BooleanField(help_text="Sant når kalleren handler for en annen part med fullmakt.")


class EffectivePrivilegeOutput(serializers.Serializer):
    privilege = serializers.CharField()
    orgnr = serializers.CharField()
    service = serializers.CharField(allow_null=True)


class MeOutput(serializers.Serializer):
    caller = CallerOutput()
    token = TokenOutput()
    on_behalf_of = OnBehalfOfOutput()
    privileges = EffectivePrivilegeOutput(many=True)


# --- integrations ------------------------------------------------------------------------------------------


class IntegrationOutput(serializers.Serializer):
    id = serializers.UUIDField()
    organization = serializers.CharField(source="organization.orgnr")
    name = serializers.CharField()
    description = serializers.CharField()
    authorized_orgnr = serializers.CharField()
    is_active = serializers.BooleanField()
    has_password = serializers.BooleanField()
    password_set_at = serializers.DateTimeField(allow_null=True)
    grant_count = serializers.IntegerField(default=0)
    version = serializers.IntegerField(help_text="Versjonen; samme som ETag.")
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()


class IntegrationCreateInput(StrictInputSerializer):
    name = serializers.CharField(max_length=NAME_MAX_LENGTH, trim_whitespace=False)
    description = serializers.CharField(max_length=DESCRIPTION_MAX_LENGTH, required=False, allow_blank=True,
                                        default="")
    authorized_orgnr = OrgnrField()


class IntegrationUpdateInput(StrictInputSerializer):
    name = serializers.CharField(max_length=NAME_MAX_LENGTH, required=False, trim_whitespace=False)
    description = serializers.CharField(max_length=DESCRIPTION_MAX_LENGTH, required=False, allow_blank=True)
    authorized_orgnr = OrgnrField(required=False)
    is_active = serializers.BooleanField(required=False)


class PasswordOutput(serializers.Serializer):
    password = serializers.CharField(help_text="Det nye passordet. Vises bare denne ene gangen.")
    password_set_at = serializers.DateTimeField()
    version = serializers.IntegerField()


# --- grants and decisions ----------------------------------------------------------------------------------


class ActorRefInput(StrictInputSerializer):
    """A person (by pid) or an integration (by id)."""

    type = serializers.ChoiceField(choices=["person", "integration"])
    pid = serializers.CharField(min_length=11, max_length=11, required=False, validators=[_pid_validator])
    integration_id = serializers.UUIDField(required=False)

    def validate(self, attrs):
        if attrs["type"] == "person" and ("pid" not in attrs or "integration_id" in attrs):
            raise serializers.ValidationError(_("En person angis med «pid» (og uten «integration_id»)."))
        if attrs["type"] == "integration" and ("integration_id" not in attrs or "pid" in attrs):
            raise serializers.ValidationError(_("En integrasjon angis med «integration_id» (og uten «pid»)."))
        return attrs


class ActorRefOutput(serializers.Serializer):
    type = serializers.ChoiceField(choices=["person", "integration"])
    pid = serializers.CharField(allow_null=True, help_text="Maskert fødselsnummer.")
    integration_id = serializers.UUIDField(allow_null=True)
    display = serializers.CharField()


class GrantOutput(serializers.Serializer):
    id = serializers.IntegerField()
    privilege = serializers.CharField(source="privilege.code")
    actor = serializers.SerializerMethodField()
    orgnr = serializers.CharField(source="resource.organization.orgnr")
    service = serializers.CharField(source="resource.service.code", allow_null=True, default=None)
    granted_at = serializers.DateTimeField()
    granted_by = serializers.CharField()

    @extend_schema_field(ActorRefOutput)
    def get_actor(self, grant) -> dict:
        if grant.person_id:
            data = {"type": "person", "pid": mask_pid(grant.person.pid), "integration_id": None,
                    "display": mask_pid(grant.person.pid)}
        else:
            data = {"type": "integration", "pid": None, "integration_id": grant.integration_id,
                    "display": grant.integration.name}
        return ActorRefOutput(data).data


class GrantCreateInput(StrictInputSerializer):
    actor = ActorRefInput()
    privilege = serializers.CharField(max_length=80)
    service = serializers.CharField(max_length=50, required=False, help_text="Tjenestekode; tom: hele organisasjonen.")


class DecisionInput(StrictInputSerializer):
    actor = ActorRefInput()
    privilege = serializers.CharField(max_length=80)
    orgnr = OrgnrField()
    service = serializers.CharField(max_length=50, required=False)


class DecisionOutput(serializers.Serializer):
    decision = serializers.ChoiceField(choices=["permit", "deny"])
    code = serializers.CharField(help_text="granted, no_grant, inactive_integration, actor_kind_not_allowed")
    reason = serializers.CharField()


# --- global integrations -----------------------------------------------------------------------------------


class GlobalIntegrationOutput(serializers.Serializer):
    id = serializers.UUIDField()
    code = serializers.CharField()
    name = serializers.CharField()
    description = serializers.CharField()
    authorized_orgnr = serializers.CharField()
    is_active = serializers.BooleanField()
    requested_privileges = serializers.SerializerMethodField()

    def get_requested_privileges(self, obj) -> list[str]:
        return [p.code for p in obj.requested_privileges.all()]


class ActivationOutput(serializers.Serializer):
    integration = serializers.CharField(source="integration.code")
    orgnr = serializers.CharField(source="organization.orgnr")
    activated_at = serializers.DateTimeField()
    activated_by = serializers.CharField()


# --- delegations -------------------------------------------------------------------------------------------


class DelegationOutput(serializers.Serializer):
    id = serializers.IntegerField()
    represented = serializers.SerializerMethodField(help_text="Organisasjonsnummer, eller maskert fødselsnummer.")
    representative = serializers.SerializerMethodField(help_text="Organisasjonsnummer, eller maskert fødselsnummer.")
    service = serializers.CharField(source="service.code", allow_null=True, default=None)
    valid_from = serializers.DateTimeField()
    valid_to = serializers.DateTimeField(allow_null=True)
    revoked_at = serializers.DateTimeField(allow_null=True)
    created_by = serializers.CharField()
    created_at = serializers.DateTimeField()

    def get_represented(self, obj) -> str:
        return show_party(obj.represented)

    def get_representative(self, obj) -> str:
        return show_party(obj.representative)


class DelegationCreateInput(StrictInputSerializer):
    represented = serializers.CharField(min_length=9, max_length=11, validators=[_party_validator])
    representative = serializers.CharField(min_length=9, max_length=11, validators=[_party_validator])
    service = serializers.CharField(max_length=50, required=False)
    valid_from = serializers.DateTimeField(required=False)
    valid_to = serializers.DateTimeField(required=False, allow_null=True)


# --- audit events ------------------------------------------------------------------------------------------


class AuditEventOutput(serializers.Serializer):
    id = serializers.UUIDField()
    time = serializers.DateTimeField()
    channel = serializers.CharField()
    request_id = serializers.CharField()
    actor = serializers.CharField(source="principal_display", help_text="Hvem; identitetsnumre maskert.")
    on_behalf_of = serializers.SerializerMethodField()
    service = serializers.CharField(source="service.code", allow_null=True, default=None)
    action = serializers.CharField()
    target_type = serializers.CharField()
    target_id = serializers.CharField()
    target_display = serializers.CharField()
    before = serializers.JSONField(allow_null=True)
    after = serializers.JSONField(allow_null=True)

    def get_on_behalf_of(self, obj) -> str:
        return show_party(obj.on_behalf_of) or ""


class ProblemOutput(serializers.Serializer):
    """RFC 9457 problem details."""

    type = serializers.CharField()
    title = serializers.CharField()
    status = serializers.IntegerField()
    detail = serializers.CharField()
    code = serializers.CharField(help_text="Stabil, maskinlesbar feilkode.")
    errors = serializers.DictField(child=serializers.ListField(child=serializers.CharField()), required=False)
