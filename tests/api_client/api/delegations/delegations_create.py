from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.delegation_create_input import DelegationCreateInput
from ...models.delegation_output import DelegationOutput
from ...models.problem import Problem
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    *,
    body: DelegationCreateInput,
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
        "url": "/api/v1/delegations/",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> DelegationOutput | Problem | None:
    if response.status_code == 200:
        response_200 = DelegationOutput.from_dict(response.json())



        return response_200

    if response.status_code == 201:
        response_201 = DelegationOutput.from_dict(response.json())



        return response_201

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[DelegationOutput | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: DelegationCreateInput,
    integrasjon_id: str | Unset = UNSET,
    integrasjon_passord: str | Unset = UNSET,
    on_behalf_of: str,

) -> Response[DelegationOutput | Problem]:
    """ Let another party act on behalf of a party

     Afterwards `representative` may send `OnBehalfOf: <represented>` (in this API: if the delegation is
    unrestricted or for `KONFIG`). It grants no privileges: the representative still acts with its own
    grants.

    **Who may call:** a person for themself (`represented` = their own pid), or an administrator of the
    represented organization (`ADMIN`/`KONFIG.CONFIGURE`); otherwise 403. **400** with the field named:
    an invalid party, the same party twice, an unknown service, `valid_to` in the past or not after
    `valid_from`.

    **Idempotent:** 201 with the new delegation; 200 with the existing one when an unrevoked delegation
    with the same parties, `service` and `valid_to` exists and starts as asked (the same `valid_from`,
    or, without `valid_from`, it is already in force); nothing is changed or audited. The database holds
    this also for concurrent requests. If it starts otherwise: 400 on `valid_from`.

    Args:
        integrasjon_id (str | Unset):
        integrasjon_passord (str | Unset):
        on_behalf_of (str):
        body (DelegationCreateInput): A new delegation: `representative` may act for `represented`
            (send it as `OnBehalfOf`).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DelegationOutput | Problem]
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
    body: DelegationCreateInput,
    integrasjon_id: str | Unset = UNSET,
    integrasjon_passord: str | Unset = UNSET,
    on_behalf_of: str,

) -> DelegationOutput | Problem | None:
    """ Let another party act on behalf of a party

     Afterwards `representative` may send `OnBehalfOf: <represented>` (in this API: if the delegation is
    unrestricted or for `KONFIG`). It grants no privileges: the representative still acts with its own
    grants.

    **Who may call:** a person for themself (`represented` = their own pid), or an administrator of the
    represented organization (`ADMIN`/`KONFIG.CONFIGURE`); otherwise 403. **400** with the field named:
    an invalid party, the same party twice, an unknown service, `valid_to` in the past or not after
    `valid_from`.

    **Idempotent:** 201 with the new delegation; 200 with the existing one when an unrevoked delegation
    with the same parties, `service` and `valid_to` exists and starts as asked (the same `valid_from`,
    or, without `valid_from`, it is already in force); nothing is changed or audited. The database holds
    this also for concurrent requests. If it starts otherwise: 400 on `valid_from`.

    Args:
        integrasjon_id (str | Unset):
        integrasjon_passord (str | Unset):
        on_behalf_of (str):
        body (DelegationCreateInput): A new delegation: `representative` may act for `represented`
            (send it as `OnBehalfOf`).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DelegationOutput | Problem
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
    body: DelegationCreateInput,
    integrasjon_id: str | Unset = UNSET,
    integrasjon_passord: str | Unset = UNSET,
    on_behalf_of: str,

) -> Response[DelegationOutput | Problem]:
    """ Let another party act on behalf of a party

     Afterwards `representative` may send `OnBehalfOf: <represented>` (in this API: if the delegation is
    unrestricted or for `KONFIG`). It grants no privileges: the representative still acts with its own
    grants.

    **Who may call:** a person for themself (`represented` = their own pid), or an administrator of the
    represented organization (`ADMIN`/`KONFIG.CONFIGURE`); otherwise 403. **400** with the field named:
    an invalid party, the same party twice, an unknown service, `valid_to` in the past or not after
    `valid_from`.

    **Idempotent:** 201 with the new delegation; 200 with the existing one when an unrevoked delegation
    with the same parties, `service` and `valid_to` exists and starts as asked (the same `valid_from`,
    or, without `valid_from`, it is already in force); nothing is changed or audited. The database holds
    this also for concurrent requests. If it starts otherwise: 400 on `valid_from`.

    Args:
        integrasjon_id (str | Unset):
        integrasjon_passord (str | Unset):
        on_behalf_of (str):
        body (DelegationCreateInput): A new delegation: `representative` may act for `represented`
            (send it as `OnBehalfOf`).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DelegationOutput | Problem]
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
    body: DelegationCreateInput,
    integrasjon_id: str | Unset = UNSET,
    integrasjon_passord: str | Unset = UNSET,
    on_behalf_of: str,

) -> DelegationOutput | Problem | None:
    """ Let another party act on behalf of a party

     Afterwards `representative` may send `OnBehalfOf: <represented>` (in this API: if the delegation is
    unrestricted or for `KONFIG`). It grants no privileges: the representative still acts with its own
    grants.

    **Who may call:** a person for themself (`represented` = their own pid), or an administrator of the
    represented organization (`ADMIN`/`KONFIG.CONFIGURE`); otherwise 403. **400** with the field named:
    an invalid party, the same party twice, an unknown service, `valid_to` in the past or not after
    `valid_from`.

    **Idempotent:** 201 with the new delegation; 200 with the existing one when an unrevoked delegation
    with the same parties, `service` and `valid_to` exists and starts as asked (the same `valid_from`,
    or, without `valid_from`, it is already in force); nothing is changed or audited. The database holds
    this also for concurrent requests. If it starts otherwise: 400 on `valid_from`.

    Args:
        integrasjon_id (str | Unset):
        integrasjon_passord (str | Unset):
        on_behalf_of (str):
        body (DelegationCreateInput): A new delegation: `representative` may act for `represented`
            (send it as `OnBehalfOf`).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DelegationOutput | Problem
     """


    return (await asyncio_detailed(
        client=client,
body=body,
integrasjon_id=integrasjon_id,
integrasjon_passord=integrasjon_passord,
on_behalf_of=on_behalf_of,

    )).parsed
