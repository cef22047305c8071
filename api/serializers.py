"""Input and output serializers of the API, one pair per operation (STYLE.md).

Input serializers refuse unknown fields (400), bound every string (over-long → 400) and refuse NUL characters
(DRF's CharField default). Identifier fields (orgnr, pid, party) are checked by their validator alone, which also
bounds their length, so a bad value gets exactly one clear message.

Every serializer has its own docstring: drf-spectacular shows it as the component's description in the OpenAPI
document (developer documentation, in English), and `api.schema.PortalAutoSchema` never lets a base class's
docstring stand in for a missing one.

Output serializers never show a full identity number (`mask_pid`) or a secret, except the password returned
once by the rotation endpoint.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import PolymorphicProxySerializer, extend_schema_field
from rest_framework import serializers
from rest_framework.fields import empty

from authz.identifiers import mask_pid, validate_orgnr, validate_pid
from integrations.passwords import MAX_OVERLAP_MINUTES
from integrations.validators import DESCRIPTION_MAX_LENGTH, NAME_MAX_LENGTH

from .fastoutput import FastOutputMixin


def show_party(value: str | None) -> str | None:
    """An orgnr as is, a pid masked (identity numbers never in full in output)."""
    if value and len(value) == 11:
        return mask_pid(value)
    return value


class StrictInputSerializer(serializers.Serializer):
    """Base of every input serializer: fields not declared are a 400, not silently ignored.

    (Internal: not shown in the OpenAPI document; each subclass documents itself.)
    """

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


ORGNR_SCHEMA = {"type": "string", "pattern": "^[0-9]{9}$", "minLength": 9, "maxLength": 9}
PID_SCHEMA = {"type": "string", "pattern": "^[0-9]{11}$", "minLength": 11, "maxLength": 11}
PARTY_SCHEMA = {"type": "string", "pattern": "^([0-9]{9}|[0-9]{11})$", "minLength": 9, "maxLength": 11}


@extend_schema_field(ORGNR_SCHEMA)
class OrgnrField(serializers.CharField):
    """An organization number, checked by `validate_orgnr` only (nine digits, mod-11 check digit).

    No separate length validators: the orgnr validator refuses every other length too, so an 8-digit value gets
    one message ("Ugyldig organisasjonsnummer: skriv ni sifre ...") instead of two.
    """

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", "Organization number (orgnr): nine digits with a valid check digit.")
        super().__init__(validators=[_orgnr_validator], **kwargs)


@extend_schema_field(PID_SCHEMA)
class PidField(serializers.CharField):
    """A fødselsnummer/D-number, checked by `validate_pid` only (one message for any bad value)."""

    def __init__(self, **kwargs):
        super().__init__(validators=[_pid_validator], **kwargs)


@extend_schema_field(PARTY_SCHEMA)
class PartyField(serializers.CharField):
    """An orgnr (9 digits) or a fødselsnummer/D-number (11 digits), checked by the matching validator only."""

    def __init__(self, **kwargs):
        super().__init__(validators=[_party_validator], **kwargs)


# --- catalogue ---------------------------------------------------------------------------------------------


class PrivilegeOutput(serializers.Serializer):
    """A privilege of the catalogue.

    `service` is the service the privilege belongs to, or null for the organization-wide privileges `ADMIN`
    (persons) and `KONFIG.CONFIGURE` (integrations), which are granted on the organization itself and cover
    every service below it.
    """

    code = serializers.CharField(help_text="Stable code, e.g. `MINSIDE_SOK.INDEX`; use it in grants and decisions.")
    name = serializers.CharField()
    description = serializers.CharField()
    service = serializers.CharField(
        source="service.code", allow_null=True, default=None,
        help_text="Code of the service the privilege belongs to; null for organization-wide privileges "
                  "(`ADMIN`, `KONFIG.CONFIGURE`).",
    )
    for_persons = serializers.BooleanField(help_text="Whether the privilege can be granted to persons.")
    for_integrations = serializers.BooleanField(help_text="Whether the privilege can be granted to integrations.")


class ServiceOutput(serializers.Serializer):
    """A service of the platform's catalogue, with the codes of the privileges that belong to it."""

    code = serializers.CharField(help_text="Stable code, e.g. `MINSIDE_SOK`; the `service` of grants and decisions.")
    name = serializers.CharField()
    description = serializers.CharField()
    privileges = serializers.SerializerMethodField(
        help_text="Codes of the privileges that belong to this service. Organization-wide privileges have "
                  "`service: null` and are listed only by /api/v1/privileges/: that is why `KONFIG` (this "
                  "portal) lists none, although `KONFIG.CONFIGURE` exists.",
    )

    def get_privileges(self, obj) -> list[str]:
        return [p.code for p in obj.privileges.all()]


# --- organizations and me ----------------------------------------------------------------------------------


class OrganizationOutput(serializers.Serializer):
    """An organization the caller may see (the caller holds at least one privilege in it)."""

    orgnr = serializers.CharField(help_text="Organization number (9 digits).")
    name = serializers.CharField()
    can_change = serializers.BooleanField(
        help_text="True if the caller may read and change the organization's configuration (holds `ADMIN` as a "
                  "person or `KONFIG.CONFIGURE` as an integration). False: the organization-scoped endpoints "
                  "(integrations, grants, activations, audit events) answer 403.",
    )


class CallerIntegrationOutput(serializers.Serializer):
    """The integration the caller authenticated as (`IntegrasjonId` + `IntegrasjonPassord`)."""

    id = serializers.UUIDField()
    name = serializers.CharField()
    organization = serializers.CharField(source="organization.orgnr", allow_null=True, default=None,
                                         help_text="Orgnr of the organization that owns it; null for a global one.")


class CallerOutput(serializers.Serializer):
    """The acting party of the request."""

    type = serializers.ChoiceField(
        choices=["person", "integration", "organization"],
        help_text="`person` (ID-porten token), `integration` (Maskinporten token + integration headers) or "
                  "`organization` (Maskinporten token without integration headers).",
    )
    display = serializers.CharField(help_text="Human-readable name; identity numbers masked.")
    pid = serializers.CharField(allow_null=True, help_text="Masked fødselsnummer (persons only).")
    orgnr = serializers.CharField(
        allow_null=True,
        help_text="The organization the caller acts as: the token's consumer, or the integration's authorized orgnr.",
    )
    integration = CallerIntegrationOutput(allow_null=True)


class TokenOutput(serializers.Serializer):
    """Facts from the access token."""

    consumer_orgnr = serializers.CharField(allow_null=True, help_text="Maskinporten `consumer` as an orgnr.")
    supplier_orgnr = serializers.CharField(allow_null=True, help_text="Maskinporten `supplier` as an orgnr, if any.")
    delegation_source = serializers.CharField(allow_null=True, help_text="Maskinporten `delegation_source`, if any.")
    scopes = serializers.ListField(child=serializers.CharField())


class OnBehalfOfOutput(serializers.Serializer):
    """The party from the `OnBehalfOf` header."""

    party = serializers.CharField(help_text="Organization number, or masked fødselsnummer.")
    type = serializers.ChoiceField(choices=["organization", "person"])
    delegated = serializers.BooleanField(
        help_text="True when the caller acts for another party than itself, under that party's delegation.",
    )


class EffectivePrivilegeOutput(serializers.Serializer):
    """A privilege the caller holds: on an organization (`service` null) or on one of its services."""

    privilege = serializers.CharField()
    orgnr = serializers.CharField()
    service = serializers.CharField(allow_null=True, help_text="Null: granted on the whole organization.")


class MeOutput(serializers.Serializer):
    """Who is calling, on whose behalf, what the token says, and the caller's own grants."""

    caller = CallerOutput()
    token = TokenOutput()
    on_behalf_of = OnBehalfOfOutput()
    privileges = EffectivePrivilegeOutput(many=True)


# --- integrations ------------------------------------------------------------------------------------------


class IntegrationOutput(FastOutputMixin, serializers.Serializer):
    """An organization's integration: a vendor system that calls the platform with a Maskinporten token."""

    id = serializers.UUIDField(help_text="The integration's id: send it as `IntegrasjonId` when calling as it.")
    organization = serializers.CharField(source="organization.orgnr", help_text="Orgnr of the owning organization.")
    name = serializers.CharField()
    description = serializers.CharField()
    authorized_orgnr = serializers.CharField(
        help_text="The orgnr in the calling system's Maskinporten token (its `consumer`).",
    )
    is_active = serializers.BooleanField(help_text="False: the integration cannot authenticate; decisions deny.")
    has_password = serializers.BooleanField(help_text="False until the password is rotated the first time.")
    password_set_at = serializers.DateTimeField(allow_null=True, help_text="When the current password was made.")
    previous_password_set_at = serializers.DateTimeField(
        source="previous_password_since", allow_null=True,
        help_text="When the previous password was made, while it still works after a rotation; else null.",
    )
    previous_password_expires_at = serializers.DateTimeField(
        source="previous_password_until", allow_null=True,
        help_text="When the previous password stops working (end of the rotation overlap); null when only the "
                  "current password works.",
    )
    grant_count = serializers.IntegerField(default=0)
    version = serializers.IntegerField(help_text="Version, raised by every change; the `ETag` is this in quotes.")
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()


class IntegrationCreateInput(StrictInputSerializer):
    """A new integration. It has no password until you rotate it (POST .../password/)."""

    name = serializers.CharField(max_length=NAME_MAX_LENGTH, trim_whitespace=False,
                                 help_text="Unique within the organization.")
    description = serializers.CharField(max_length=DESCRIPTION_MAX_LENGTH, required=False, allow_blank=True,
                                        default="")
    authorized_orgnr = OrgnrField(
        help_text="Orgnr of the vendor whose system calls as this integration: the `consumer` of its Maskinporten "
                  "token.",
    )


class IntegrationUpdateInput(StrictInputSerializer):
    """Fields of an integration to change; leave out those that stay as they are."""

    name = serializers.CharField(max_length=NAME_MAX_LENGTH, required=False, trim_whitespace=False)
    description = serializers.CharField(max_length=DESCRIPTION_MAX_LENGTH, required=False, allow_blank=True)
    authorized_orgnr = OrgnrField(required=False)
    is_active = serializers.BooleanField(required=False, help_text="False stops the integration at once.")


class PasswordRotateInput(StrictInputSerializer):
    """How long the current password keeps working next to the new one (optional body)."""

    overlap_minutes = serializers.IntegerField(
        min_value=0, max_value=MAX_OVERLAP_MINUTES, required=False,
        help_text="Minutes (0-1440, i.e. up to 24 hours) the old password keeps working, so the vendor's system can "
                  "switch without downtime. Default 30; 0 ends the old password at once.",
    )


class PasswordOutput(serializers.Serializer):
    """The integration's new password; store it now, it cannot be read again."""

    password = serializers.CharField(help_text="The new password, shown in this response only.")
    password_set_at = serializers.DateTimeField()
    previous_password_expires_at = serializers.DateTimeField(
        allow_null=True, help_text="When the old password stops working; null if it stopped at once.",
    )
    version = serializers.IntegerField(help_text="The integration's new version (rotating raises it).")


# --- grants and decisions ----------------------------------------------------------------------------------


class PersonActorInput(StrictInputSerializer):
    """A person as actor: `{"type": "person", "pid": "<11 digits>"}` (no other fields)."""

    type = serializers.ChoiceField(choices=["person"])
    pid = PidField(help_text="Fødselsnummer or D-number (11 digits).")


class IntegrationActorInput(StrictInputSerializer):
    """An integration as actor: `{"type": "integration", "integration_id": "<uuid>"}` (no other fields)."""

    type = serializers.ChoiceField(choices=["integration"])
    integration_id = serializers.UUIDField(help_text="The integration's id.")


ACTOR_INPUTS = {"person": PersonActorInput, "integration": IntegrationActorInput}


@extend_schema_field(PolymorphicProxySerializer(
    component_name="ActorRefInput", serializers=ACTOR_INPUTS, resource_type_field_name="type",
))
class ActorRefField(serializers.Field):
    """Who: a person or an integration, told apart by `type` (a discriminated `oneOf` in the schema).

    Each type takes exactly its own fields (`pid`, or `integration_id`); anything else is a 400 naming the field
    (`actor.type`, `actor.pid`, `actor.integration_id`). Output: the validated dict, e.g.
    {"type": "person", "pid": "..."}.
    """

    default_error_messages = {"invalid": _("Forventet et JSON-objekt med «type».")}

    def to_internal_value(self, data) -> dict:
        if not isinstance(data, dict):
            self.fail("invalid")
        try:
            kind = serializers.ChoiceField(choices=list(ACTOR_INPUTS)).run_validation(data.get("type", empty))
        except serializers.ValidationError as e:
            raise serializers.ValidationError({"type": e.detail}) from None
        serializer = ACTOR_INPUTS[kind](data=data)
        if not serializer.is_valid():
            raise serializers.ValidationError(serializer.errors)
        return dict(serializer.validated_data)

    def to_representation(self, value):
        return value


class ActorRefOutput(serializers.Serializer):
    """Who holds the grant: a person (pid masked) or an integration."""

    type = serializers.ChoiceField(choices=["person", "integration"])
    pid = serializers.CharField(allow_null=True, help_text="Masked fødselsnummer (persons only).")
    integration_id = serializers.UUIDField(allow_null=True)
    display = serializers.CharField()


class GrantOutput(serializers.Serializer):
    """A grant: an actor holds a privilege on an organization (`service` null) or on one of its services."""

    id = serializers.IntegerField()
    privilege = serializers.CharField(source="privilege.code")
    actor = serializers.SerializerMethodField()
    orgnr = serializers.CharField(source="resource.organization.orgnr")
    service = serializers.CharField(source="resource.service.code", allow_null=True, default=None,
                                    help_text="Null: granted on the whole organization.")
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
    """A privilege to grant to a person or an integration, on the organization or on one of its services."""

    actor = ActorRefField()
    privilege = serializers.CharField(max_length=80, help_text="Privilege code from /api/v1/privileges/.")
    service = serializers.CharField(
        max_length=50, required=False,
        help_text="Service code from /api/v1/services/: the grant is on that service of the organization (as the "
                  "web UI grants service privileges). Left out: the grant is on the whole organization, which "
                  "covers all its services.",
    )


class DecisionInput(StrictInputSerializer):
    """The question: does this actor hold this privilege on this organization (or one of its services)?"""

    actor = ActorRefField()
    privilege = serializers.CharField(max_length=80, help_text="Privilege code from /api/v1/privileges/.")
    orgnr = OrgnrField()
    service = serializers.CharField(
        max_length=50, required=False,
        help_text="Service code. Left out: a service privilege is checked on its own service; a grant on the "
                  "organization counts for every service.",
    )


class DecisionOutput(serializers.Serializer):
    """The answer: `permit` or `deny`, a stable `code` and a human-readable `reason`."""

    decision = serializers.ChoiceField(choices=["permit", "deny"])
    code = serializers.CharField(
        help_text="`granted` (permit), or why not: `no_grant`, `inactive_integration`, `actor_kind_not_allowed`.",
    )
    reason = serializers.CharField()


# --- global integrations -----------------------------------------------------------------------------------


class GlobalIntegrationOutput(serializers.Serializer):
    """A global integration run by the platform, which organizations activate instead of registering their own."""

    id = serializers.UUIDField()
    code = serializers.CharField(help_text="Stable code, used in the activation URL.")
    name = serializers.CharField()
    description = serializers.CharField()
    authorized_orgnr = serializers.CharField()
    is_active = serializers.BooleanField(help_text="False: deactivated by the platform; it cannot be activated.")
    requested_privileges = serializers.SerializerMethodField(
        help_text="Privileges granted on the organization when it activates the integration.",
    )

    def get_requested_privileges(self, obj) -> list[str]:
        return [p.code for p in obj.requested_privileges.all()]


class ActivationOutput(serializers.Serializer):
    """A global integration activated for an organization."""

    integration = serializers.CharField(source="integration.code")
    orgnr = serializers.CharField(source="organization.orgnr")
    activated_at = serializers.DateTimeField()
    activated_by = serializers.CharField()


# --- delegations -------------------------------------------------------------------------------------------


class DelegationOutput(serializers.Serializer):
    """A delegation: `representative` may act (send `OnBehalfOf`) for `represented`."""

    id = serializers.IntegerField()
    represented = serializers.SerializerMethodField(help_text="Organization number, or masked fødselsnummer.")
    representative = serializers.SerializerMethodField(help_text="Organization number, or masked fødselsnummer.")
    service = serializers.CharField(source="service.code", allow_null=True, default=None,
                                    help_text="Null: for every service.")
    valid_from = serializers.DateTimeField()
    valid_to = serializers.DateTimeField(allow_null=True, help_text="Null: no end.")
    revoked_at = serializers.DateTimeField(allow_null=True)
    created_by = serializers.CharField()
    created_at = serializers.DateTimeField()

    def get_represented(self, obj) -> str:
        return show_party(obj.represented)

    def get_representative(self, obj) -> str:
        return show_party(obj.representative)


class DelegationCreateInput(StrictInputSerializer):
    """A new delegation: `representative` may act for `represented` (send it as `OnBehalfOf`)."""

    represented = PartyField(help_text="The party acted for: orgnr (9 digits) or fødselsnummer (11 digits).")
    representative = PartyField(help_text="The party that may act: orgnr (9 digits) or fødselsnummer (11 digits).")
    service = serializers.CharField(
        max_length=50, required=False,
        help_text="Restrict to one service. The API itself honours only unrestricted delegations and those for "
                  "`KONFIG`.",
    )
    valid_from = serializers.DateTimeField(required=False, help_text="Default: now.")
    valid_to = serializers.DateTimeField(required=False, allow_null=True, help_text="Default: no end.")


# --- audit events ------------------------------------------------------------------------------------------


class AuditEventOutput(serializers.Serializer):
    """One change recorded in an organization's audit trail."""

    id = serializers.UUIDField()
    time = serializers.DateTimeField()
    channel = serializers.CharField(help_text="`web`, `api`, `admin` or `cli`.")
    request_id = serializers.CharField()
    actor = serializers.CharField(source="principal_display", help_text="Who; identity numbers masked.")
    on_behalf_of = serializers.SerializerMethodField(help_text="The `OnBehalfOf` party; identity numbers masked.")
    service = serializers.CharField(source="service_code", allow_null=True, default=None)
    action = serializers.CharField(help_text="E.g. `integration.create`, `grant.create`, `grant.revoke`.")
    target_type = serializers.CharField()
    target_id = serializers.CharField()
    target_display = serializers.CharField()
    before = serializers.JSONField(allow_null=True)
    after = serializers.JSONField(allow_null=True)

    def get_on_behalf_of(self, obj) -> str:
        return show_party(obj.on_behalf_of) or ""

    def to_representation(self, instance):
        # `service_code` is the code written with the event ("" for none); the API has always said null for none.
        data = super().to_representation(instance)
        data["service"] = data["service"] or None
        return data


class ProblemOutput(serializers.Serializer):
    """RFC 9457 problem details."""

    type = serializers.CharField()
    title = serializers.CharField()
    status = serializers.IntegerField()
    detail = serializers.CharField()
    code = serializers.CharField(help_text="Stable, machine-readable error code.")
    errors = serializers.DictField(child=serializers.ListField(child=serializers.CharField()), required=False)
