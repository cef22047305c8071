from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.decision_input import DecisionInput
from ...models.decision_output import DecisionOutput
from ...models.problem import Problem
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    *,
    body: DecisionInput,
    integrasjon_id: str | Unset = UNSET,
    integrasjon_passord: str | Unset = UNSET,
    on_behalf_of: str,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(integrasjon_id, Unset):
        headers["IntegrasjonId"] = integrasjon_id

    if not isinstance(integrasjon_passord, Unset):
        headers["IntegrasjonPassord"] = integrasjon_passord

    headers["OnBehalfOf"] = on_behalf_of



    

    

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/decisions/",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> DecisionOutput | Problem | None:
    if response.status_code == 200:
        response_200 = DecisionOutput.from_dict(response.json())



        return response_200

    if response.status_code == 400:
        response_400 = Problem.from_dict(response.json())



        return response_400

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())



        return response_401

    if response.status_code == 403:
        response_403 = Problem.from_dict(response.json())



        return response_403

    if response.status_code == 404:
        response_404 = Problem.from_dict(response.json())



        return response_404

    if response.status_code == 405:
        response_405 = Problem.from_dict(response.json())



        return response_405

    if response.status_code == 406:
        response_406 = Problem.from_dict(response.json())



        return response_406

    if response.status_code == 411:
        response_411 = Problem.from_dict(response.json())



        return response_411

    if response.status_code == 413:
        response_413 = Problem.from_dict(response.json())



        return response_413

    if response.status_code == 415:
        response_415 = Problem.from_dict(response.json())



        return response_415

    if response.status_code == 429:
        response_429 = Problem.from_dict(response.json())



        return response_429

    if response.status_code == 500:
        response_500 = Problem.from_dict(response.json())



        return response_500

    if response.status_code == 503:
        response_503 = Problem.from_dict(response.json())



        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[DecisionOutput | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: DecisionInput,
    integrasjon_id: str | Unset = UNSET,
    integrasjon_passord: str | Unset = UNSET,
    on_behalf_of: str,

) -> Response[DecisionOutput | Problem]:
    """ Ask whether an actor holds a privilege

     Answers `permit` or `deny` with a stable `code` and a `reason`, always 200 for a well-formed
    question. A grant on the organization covers its services; without `service`, a service privilege is
    checked on its own service. An inactive integration is always denied (`inactive_integration`).

    **Who may call:** any caller, about organizations it may see (others answer **404**); the platform's
    own services (their orgnr configured in `API_DECISION_ORGNRS`) about any organization.

    An unknown person or integration, or another organization's integration, gets the same answer as a
    known actor without a grant (`no_grant`, or `actor_kind_not_allowed`), so the answer does not reveal
    who exists. **400**: unknown privilege or service, or a malformed actor.

    Args:
        integrasjon_id (str | Unset):
        integrasjon_passord (str | Unset):
        on_behalf_of (str):
        body (DecisionInput): The question: does this actor hold this privilege on this
            organization (or one of its services)?

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DecisionOutput | Problem]
     """


    kwargs = _get_kwargs(
        body=body,
integrasjon_id=integrasjon_id,
integrasjon_passord=integrasjon_passord,
on_behalf_of=on_behalf_of,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    *,
    client: AuthenticatedClient,
    body: DecisionInput,
    integrasjon_id: str | Unset = UNSET,
    integrasjon_passord: str | Unset = UNSET,
    on_behalf_of: str,

) -> DecisionOutput | Problem | None:
    """ Ask whether an actor holds a privilege

     Answers `permit` or `deny` with a stable `code` and a `reason`, always 200 for a well-formed
    question. A grant on the organization covers its services; without `service`, a service privilege is
    checked on its own service. An inactive integration is always denied (`inactive_integration`).

    **Who may call:** any caller, about organizations it may see (others answer **404**); the platform's
    own services (their orgnr configured in `API_DECISION_ORGNRS`) about any organization.

    An unknown person or integration, or another organization's integration, gets the same answer as a
    known actor without a grant (`no_grant`, or `actor_kind_not_allowed`), so the answer does not reveal
    who exists. **400**: unknown privilege or service, or a malformed actor.

    Args:
        integrasjon_id (str | Unset):
        integrasjon_passord (str | Unset):
        on_behalf_of (str):
        body (DecisionInput): The question: does this actor hold this privilege on this
            organization (or one of its services)?

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DecisionOutput | Problem
     """


    return sync_detailed(
        client=client,
body=body,
integrasjon_id=integrasjon_id,
integrasjon_passord=integrasjon_passord,
on_behalf_of=on_behalf_of,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: DecisionInput,
    integrasjon_id: str | Unset = UNSET,
    integrasjon_passord: str | Unset = UNSET,
    on_behalf_of: str,

) -> Response[DecisionOutput | Problem]:
    """ Ask whether an actor holds a privilege

     Answers `permit` or `deny` with a stable `code` and a `reason`, always 200 for a well-formed
    question. A grant on the organization covers its services; without `service`, a service privilege is
    checked on its own service. An inactive integration is always denied (`inactive_integration`).

    **Who may call:** any caller, about organizations it may see (others answer **404**); the platform's
    own services (their orgnr configured in `API_DECISION_ORGNRS`) about any organization.

    An unknown person or integration, or another organization's integration, gets the same answer as a
    known actor without a grant (`no_grant`, or `actor_kind_not_allowed`), so the answer does not reveal
    who exists. **400**: unknown privilege or service, or a malformed actor.

    Args:
        integrasjon_id (str | Unset):
        integrasjon_passord (str | Unset):
        on_behalf_of (str):
        body (DecisionInput): The question: does this actor hold this privilege on this
            organization (or one of its services)?

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DecisionOutput | Problem]
     """


    kwargs = _get_kwargs(
        body=body,
integrasjon_id=integrasjon_id,
integrasjon_passord=integrasjon_passord,
on_behalf_of=on_behalf_of,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    *,
    client: AuthenticatedClient,
    body: DecisionInput,
    integrasjon_id: str | Unset = UNSET,
    integrasjon_passord: str | Unset = UNSET,
    on_behalf_of: str,

) -> DecisionOutput | Problem | None:
    """ Ask whether an actor holds a privilege

     Answers `permit` or `deny` with a stable `code` and a `reason`, always 200 for a well-formed
    question. A grant on the organization covers its services; without `service`, a service privilege is
    checked on its own service. An inactive integration is always denied (`inactive_integration`).

    **Who may call:** any caller, about organizations it may see (others answer **404**); the platform's
    own services (their orgnr configured in `API_DECISION_ORGNRS`) about any organization.

    An unknown person or integration, or another organization's integration, gets the same answer as a
    known actor without a grant (`no_grant`, or `actor_kind_not_allowed`), so the answer does not reveal
    who exists. **400**: unknown privilege or service, or a malformed actor.

    Args:
        integrasjon_id (str | Unset):
        integrasjon_passord (str | Unset):
        on_behalf_of (str):
        body (DecisionInput): The question: does this actor hold this privilege on this
            organization (or one of its services)?

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DecisionOutput | Problem
     """


    return (await asyncio_detailed(
        client=client,
body=body,
integrasjon_id=integrasjon_id,
integrasjon_passord=integrasjon_passord,
on_behalf_of=on_behalf_of,

    )).parsed
