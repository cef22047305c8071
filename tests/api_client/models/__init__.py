""" Contains all the data models used in inputs/outputs """

from .activation_output import ActivationOutput
from .actor_ref_output import ActorRefOutput
from .actor_type_enum import ActorTypeEnum
from .audit_event_output import AuditEventOutput
from .audit_event_output_after_type_0 import AuditEventOutputAfterType0
from .audit_event_output_before_type_0 import AuditEventOutputBeforeType0
from .caller_integration_output import CallerIntegrationOutput
from .caller_output import CallerOutput
from .caller_type_enum import CallerTypeEnum
from .decision_batch_input import DecisionBatchInput
from .decision_batch_output import DecisionBatchOutput
from .decision_enum import DecisionEnum
from .decision_input import DecisionInput
from .decision_output import DecisionOutput
from .delegation_create_input import DelegationCreateInput
from .delegation_output import DelegationOutput
from .effective_privilege_output import EffectivePrivilegeOutput
from .global_integration_output import GlobalIntegrationOutput
from .grant_create_input import GrantCreateInput
from .grant_output import GrantOutput
from .integration_actor_input import IntegrationActorInput
from .integration_actor_type_enum import IntegrationActorTypeEnum
from .integration_create_input import IntegrationCreateInput
from .integration_output import IntegrationOutput
from .me_output import MeOutput
from .on_behalf_of_output import OnBehalfOfOutput
from .organization_output import OrganizationOutput
from .paginated_audit_event_output_list import PaginatedAuditEventOutputList
from .paginated_delegation_output_list import PaginatedDelegationOutputList
from .paginated_global_integration_output_list import PaginatedGlobalIntegrationOutputList
from .paginated_grant_output_list import PaginatedGrantOutputList
from .paginated_integration_output_list import PaginatedIntegrationOutputList
from .paginated_organization_output_list import PaginatedOrganizationOutputList
from .paginated_privilege_output_list import PaginatedPrivilegeOutputList
from .paginated_service_output_list import PaginatedServiceOutputList
from .party_type_enum import PartyTypeEnum
from .password_output import PasswordOutput
from .password_rotate_input import PasswordRotateInput
from .patched_integration_update_input import PatchedIntegrationUpdateInput
from .person_actor_input import PersonActorInput
from .person_actor_type_enum import PersonActorTypeEnum
from .privilege_output import PrivilegeOutput
from .problem import Problem
from .problem_errors import ProblemErrors
from .service_output import ServiceOutput
from .token_output import TokenOutput

__all__ = (
    "ActivationOutput",
    "ActorRefOutput",
    "ActorTypeEnum",
    "AuditEventOutput",
    "AuditEventOutputAfterType0",
    "AuditEventOutputBeforeType0",
    "CallerIntegrationOutput",
    "CallerOutput",
    "CallerTypeEnum",
    "DecisionBatchInput",
    "DecisionBatchOutput",
    "DecisionEnum",
    "DecisionInput",
    "DecisionOutput",
    "DelegationCreateInput",
    "DelegationOutput",
    "EffectivePrivilegeOutput",
    "GlobalIntegrationOutput",
    "GrantCreateInput",
    "GrantOutput",
    "IntegrationActorInput",
    "IntegrationActorTypeEnum",
    "IntegrationCreateInput",
    "IntegrationOutput",
    "MeOutput",
    "OnBehalfOfOutput",
    "OrganizationOutput",
    "PaginatedAuditEventOutputList",
    "PaginatedDelegationOutputList",
    "PaginatedGlobalIntegrationOutputList",
    "PaginatedGrantOutputList",
    "PaginatedIntegrationOutputList",
    "PaginatedOrganizationOutputList",
    "PaginatedPrivilegeOutputList",
    "PaginatedServiceOutputList",
    "PartyTypeEnum",
    "PasswordOutput",
    "PasswordRotateInput",
    "PatchedIntegrationUpdateInput",
    "PersonActorInput",
    "PersonActorTypeEnum",
    "PrivilegeOutput",
    "Problem",
    "ProblemErrors",
    "ServiceOutput",
    "TokenOutput",
)
