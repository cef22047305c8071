from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.me_output import MeOutput
from ...models.problem import Problem
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    *,
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
        "method": "get",
        "url": "/api/v1/me/",
    }


    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> MeOutput | Problem | None:
    if response.status_code == 200:
        response_200 = MeOutput.from_dict(response.json())



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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[MeOutput | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    integrasjon_id: str | Unset = UNSET,
    integrasjon_passord: str | Unset = UNSET,
    on_behalf_of: str,

) -> Response[MeOutput | Problem]:
    """ Who am I calling as

     Who the caller is (person, organization, or integration), what the access token says, whose behalf
    the call is made on (`OnBehalfOf`), and the caller's own grants. A good first call: it shows whether
    the token, `OnBehalfOf` and the integration headers are accepted.

    **Who may call:** any caller with a valid access token and a valid `OnBehalfOf`.

    Args:
        integrasjon_id (str | Unset):
        integrasjon_passord (str | Unset):
        on_behalf_of (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[MeOutput | Problem]
     """


    kwargs = _get_kwargs(
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
    integrasjon_id: str | Unset = UNSET,
    integrasjon_passord: str | Unset = UNSET,
    on_behalf_of: str,

) -> MeOutput | Problem | None:
    """ Who am I calling as

     Who the caller is (person, organization, or integration), what the access token says, whose behalf
    the call is made on (`OnBehalfOf`), and the caller's own grants. A good first call: it shows whether
    the token, `OnBehalfOf` and the integration headers are accepted.

    **Who may call:** any caller with a valid access token and a valid `OnBehalfOf`.

    Args:
        integrasjon_id (str | Unset):
        integrasjon_passord (str | Unset):
        on_behalf_of (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        MeOutput | Problem
     """


    return sync_detailed(
        client=client,
integrasjon_id=integrasjon_id,
integrasjon_passord=integrasjon_passord,
on_behalf_of=on_behalf_of,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    integrasjon_id: str | Unset = UNSET,
    integrasjon_passord: str | Unset = UNSET,
    on_behalf_of: str,

) -> Response[MeOutput | Problem]:
    """ Who am I calling as

     Who the caller is (person, organization, or integration), what the access token says, whose behalf
    the call is made on (`OnBehalfOf`), and the caller's own grants. A good first call: it shows whether
    the token, `OnBehalfOf` and the integration headers are accepted.

    **Who may call:** any caller with a valid access token and a valid `OnBehalfOf`.

    Args:
        integrasjon_id (str | Unset):
        integrasjon_passord (str | Unset):
        on_behalf_of (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[MeOutput | Problem]
     """


    kwargs = _get_kwargs(
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
    integrasjon_id: str | Unset = UNSET,
    integrasjon_passord: str | Unset = UNSET,
    on_behalf_of: str,

) -> MeOutput | Problem | None:
    """ Who am I calling as

     Who the caller is (person, organization, or integration), what the access token says, whose behalf
    the call is made on (`OnBehalfOf`), and the caller's own grants. A good first call: it shows whether
    the token, `OnBehalfOf` and the integration headers are accepted.

    **Who may call:** any caller with a valid access token and a valid `OnBehalfOf`.

    Args:
        integrasjon_id (str | Unset):
        integrasjon_passord (str | Unset):
        on_behalf_of (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        MeOutput | Problem
     """


    return (await asyncio_detailed(
        client=client,
integrasjon_id=integrasjon_id,
integrasjon_passord=integrasjon_passord,
on_behalf_of=on_behalf_of,

    )).parsed
