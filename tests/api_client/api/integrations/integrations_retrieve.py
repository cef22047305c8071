from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.integration_output import IntegrationOutput
from ...models.problem import Problem
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    orgnr: str,
    id: str,
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
        "url": "/api/v1/organizations/{orgnr}/integrations/{id}/".format(orgnr=quote(str(orgnr), safe=""),id=quote(str(id), safe=""),),
    }


    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> IntegrationOutput | Problem | None:
    if response.status_code == 200:
        response_200 = IntegrationOutput.from_dict(response.json())



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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[IntegrationOutput | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    orgnr: str,
    id: str,
    *,
    client: AuthenticatedClient,
    integrasjon_id: str | Unset = UNSET,
    integrasjon_passord: str | Unset = UNSET,
    on_behalf_of: str,

) -> Response[IntegrationOutput | Problem]:
    """ Get one integration

     **ETag:** the response's `ETag` is the integration's `version` in quotes; send it as `If-Match` on
    PATCH or DELETE to be refused with 412 if someone changed the integration meanwhile.

    **Who may call:** a person holding `ADMIN` on the organization, or an integration holding
    `KONFIG.CONFIGURE` on it. Reading the configuration needs the same right as changing it.

    **404**: the organization does not exist, or the caller holds no privilege at all in it (the two are
    not told apart). **403** (`permission_denied`): the caller sees the organization, holding some other
    privilege there (e.g. `MINSIDE_SOK.INDEX`), but not `ADMIN`/`KONFIG.CONFIGURE`.

    **404** also for an integration of another organization.

    Args:
        orgnr (str):
        id (str):
        integrasjon_id (str | Unset):
        integrasjon_passord (str | Unset):
        on_behalf_of (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[IntegrationOutput | Problem]
     """


    kwargs = _get_kwargs(
        orgnr=orgnr,
id=id,
integrasjon_id=integrasjon_id,
integrasjon_passord=integrasjon_passord,
on_behalf_of=on_behalf_of,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    orgnr: str,
    id: str,
    *,
    client: AuthenticatedClient,
    integrasjon_id: str | Unset = UNSET,
    integrasjon_passord: str | Unset = UNSET,
    on_behalf_of: str,

) -> IntegrationOutput | Problem | None:
    """ Get one integration

     **ETag:** the response's `ETag` is the integration's `version` in quotes; send it as `If-Match` on
    PATCH or DELETE to be refused with 412 if someone changed the integration meanwhile.

    **Who may call:** a person holding `ADMIN` on the organization, or an integration holding
    `KONFIG.CONFIGURE` on it. Reading the configuration needs the same right as changing it.

    **404**: the organization does not exist, or the caller holds no privilege at all in it (the two are
    not told apart). **403** (`permission_denied`): the caller sees the organization, holding some other
    privilege there (e.g. `MINSIDE_SOK.INDEX`), but not `ADMIN`/`KONFIG.CONFIGURE`.

    **404** also for an integration of another organization.

    Args:
        orgnr (str):
        id (str):
        integrasjon_id (str | Unset):
        integrasjon_passord (str | Unset):
        on_behalf_of (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        IntegrationOutput | Problem
     """


    return sync_detailed(
        orgnr=orgnr,
id=id,
client=client,
integrasjon_id=integrasjon_id,
integrasjon_passord=integrasjon_passord,
on_behalf_of=on_behalf_of,

    ).parsed

async def asyncio_detailed(
    orgnr: str,
    id: str,
    *,
    client: AuthenticatedClient,
    integrasjon_id: str | Unset = UNSET,
    integrasjon_passord: str | Unset = UNSET,
    on_behalf_of: str,

) -> Response[IntegrationOutput | Problem]:
    """ Get one integration

     **ETag:** the response's `ETag` is the integration's `version` in quotes; send it as `If-Match` on
    PATCH or DELETE to be refused with 412 if someone changed the integration meanwhile.

    **Who may call:** a person holding `ADMIN` on the organization, or an integration holding
    `KONFIG.CONFIGURE` on it. Reading the configuration needs the same right as changing it.

    **404**: the organization does not exist, or the caller holds no privilege at all in it (the two are
    not told apart). **403** (`permission_denied`): the caller sees the organization, holding some other
    privilege there (e.g. `MINSIDE_SOK.INDEX`), but not `ADMIN`/`KONFIG.CONFIGURE`.

    **404** also for an integration of another organization.

    Args:
        orgnr (str):
        id (str):
        integrasjon_id (str | Unset):
        integrasjon_passord (str | Unset):
        on_behalf_of (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[IntegrationOutput | Problem]
     """


    kwargs = _get_kwargs(
        orgnr=orgnr,
id=id,
integrasjon_id=integrasjon_id,
integrasjon_passord=integrasjon_passord,
on_behalf_of=on_behalf_of,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    orgnr: str,
    id: str,
    *,
    client: AuthenticatedClient,
    integrasjon_id: str | Unset = UNSET,
    integrasjon_passord: str | Unset = UNSET,
    on_behalf_of: str,

) -> IntegrationOutput | Problem | None:
    """ Get one integration

     **ETag:** the response's `ETag` is the integration's `version` in quotes; send it as `If-Match` on
    PATCH or DELETE to be refused with 412 if someone changed the integration meanwhile.

    **Who may call:** a person holding `ADMIN` on the organization, or an integration holding
    `KONFIG.CONFIGURE` on it. Reading the configuration needs the same right as changing it.

    **404**: the organization does not exist, or the caller holds no privilege at all in it (the two are
    not told apart). **403** (`permission_denied`): the caller sees the organization, holding some other
    privilege there (e.g. `MINSIDE_SOK.INDEX`), but not `ADMIN`/`KONFIG.CONFIGURE`.

    **404** also for an integration of another organization.

    Args:
        orgnr (str):
        id (str):
        integrasjon_id (str | Unset):
        integrasjon_passord (str | Unset):
        on_behalf_of (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        IntegrationOutput | Problem
     """


    return (await asyncio_detailed(
        orgnr=orgnr,
id=id,
client=client,
integrasjon_id=integrasjon_id,
integrasjon_passord=integrasjon_passord,
on_behalf_of=on_behalf_of,

    )).parsed
