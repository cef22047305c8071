from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.paginated_delegation_output_list import PaginatedDelegationOutputList
from ...models.problem import Problem
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    *,
    limit: int | Unset = 50,
    offset: int | Unset = 0,
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



    

    params: dict[str, Any] = {}

    params["limit"] = limit

    params["offset"] = offset


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/delegations/",
        "params": params,
    }


    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> PaginatedDelegationOutputList | Problem | None:
    if response.status_code == 200:
        response_200 = PaginatedDelegationOutputList.from_dict(response.json())



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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[PaginatedDelegationOutputList | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    limit: int | Unset = 50,
    offset: int | Unset = 0,
    integrasjon_id: str | Unset = UNSET,
    integrasjon_passord: str | Unset = UNSET,
    on_behalf_of: str,

) -> Response[PaginatedDelegationOutputList | Problem]:
    """ List delegations

     Delegations, newest first, in which the represented or the representative party is the caller itself
    (its pid or orgnr) or an organization the caller administers (`ADMIN`/`KONFIG.CONFIGURE`). Revoked
    and expired ones are included (see `revoked_at`, `valid_to`).

    **Who may call:** any caller with a valid access token and a valid `OnBehalfOf`.

    Args:
        limit (int | Unset):  Default: 50.
        offset (int | Unset):  Default: 0.
        integrasjon_id (str | Unset):
        integrasjon_passord (str | Unset):
        on_behalf_of (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PaginatedDelegationOutputList | Problem]
     """


    kwargs = _get_kwargs(
        limit=limit,
offset=offset,
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
    limit: int | Unset = 50,
    offset: int | Unset = 0,
    integrasjon_id: str | Unset = UNSET,
    integrasjon_passord: str | Unset = UNSET,
    on_behalf_of: str,

) -> PaginatedDelegationOutputList | Problem | None:
    """ List delegations

     Delegations, newest first, in which the represented or the representative party is the caller itself
    (its pid or orgnr) or an organization the caller administers (`ADMIN`/`KONFIG.CONFIGURE`). Revoked
    and expired ones are included (see `revoked_at`, `valid_to`).

    **Who may call:** any caller with a valid access token and a valid `OnBehalfOf`.

    Args:
        limit (int | Unset):  Default: 50.
        offset (int | Unset):  Default: 0.
        integrasjon_id (str | Unset):
        integrasjon_passord (str | Unset):
        on_behalf_of (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PaginatedDelegationOutputList | Problem
     """


    return sync_detailed(
        client=client,
limit=limit,
offset=offset,
integrasjon_id=integrasjon_id,
integrasjon_passord=integrasjon_passord,
on_behalf_of=on_behalf_of,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    limit: int | Unset = 50,
    offset: int | Unset = 0,
    integrasjon_id: str | Unset = UNSET,
    integrasjon_passord: str | Unset = UNSET,
    on_behalf_of: str,

) -> Response[PaginatedDelegationOutputList | Problem]:
    """ List delegations

     Delegations, newest first, in which the represented or the representative party is the caller itself
    (its pid or orgnr) or an organization the caller administers (`ADMIN`/`KONFIG.CONFIGURE`). Revoked
    and expired ones are included (see `revoked_at`, `valid_to`).

    **Who may call:** any caller with a valid access token and a valid `OnBehalfOf`.

    Args:
        limit (int | Unset):  Default: 50.
        offset (int | Unset):  Default: 0.
        integrasjon_id (str | Unset):
        integrasjon_passord (str | Unset):
        on_behalf_of (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PaginatedDelegationOutputList | Problem]
     """


    kwargs = _get_kwargs(
        limit=limit,
offset=offset,
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
    limit: int | Unset = 50,
    offset: int | Unset = 0,
    integrasjon_id: str | Unset = UNSET,
    integrasjon_passord: str | Unset = UNSET,
    on_behalf_of: str,

) -> PaginatedDelegationOutputList | Problem | None:
    """ List delegations

     Delegations, newest first, in which the represented or the representative party is the caller itself
    (its pid or orgnr) or an organization the caller administers (`ADMIN`/`KONFIG.CONFIGURE`). Revoked
    and expired ones are included (see `revoked_at`, `valid_to`).

    **Who may call:** any caller with a valid access token and a valid `OnBehalfOf`.

    Args:
        limit (int | Unset):  Default: 50.
        offset (int | Unset):  Default: 0.
        integrasjon_id (str | Unset):
        integrasjon_passord (str | Unset):
        on_behalf_of (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PaginatedDelegationOutputList | Problem
     """


    return (await asyncio_detailed(
        client=client,
limit=limit,
offset=offset,
integrasjon_id=integrasjon_id,
integrasjon_passord=integrasjon_passord,
on_behalf_of=on_behalf_of,

    )).parsed
