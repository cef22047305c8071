from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.paginated_audit_event_output_list import PaginatedAuditEventOutputList
from ...models.problem import Problem
from ...types import UNSET, Unset
from typing import cast
import datetime



def _get_kwargs(
    orgnr: str,
    *,
    action: str | Unset = UNSET,
    actor: str | Unset = UNSET,
    limit: int | Unset = 50,
    offset: int | Unset = 0,
    q: str | Unset = UNSET,
    request_id: str | Unset = UNSET,
    since: datetime.datetime | Unset = UNSET,
    target_id: str | Unset = UNSET,
    target_type: str | Unset = UNSET,
    until: datetime.datetime | Unset = UNSET,
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

    params["action"] = action

    params["actor"] = actor

    params["limit"] = limit

    params["offset"] = offset

    params["q"] = q

    params["request_id"] = request_id

    json_since: str | Unset = UNSET
    if not isinstance(since, Unset):
        json_since = since.isoformat()
    params["since"] = json_since

    params["target_id"] = target_id

    params["target_type"] = target_type

    json_until: str | Unset = UNSET
    if not isinstance(until, Unset):
        json_until = until.isoformat()
    params["until"] = json_until


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/organizations/{orgnr}/audit-events/".format(orgnr=quote(str(orgnr), safe=""),),
        "params": params,
    }


    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> PaginatedAuditEventOutputList | Problem | None:
    if response.status_code == 200:
        response_200 = PaginatedAuditEventOutputList.from_dict(response.json())



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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[PaginatedAuditEventOutputList | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    orgnr: str,
    *,
    client: AuthenticatedClient,
    action: str | Unset = UNSET,
    actor: str | Unset = UNSET,
    limit: int | Unset = 50,
    offset: int | Unset = 0,
    q: str | Unset = UNSET,
    request_id: str | Unset = UNSET,
    since: datetime.datetime | Unset = UNSET,
    target_id: str | Unset = UNSET,
    target_type: str | Unset = UNSET,
    until: datetime.datetime | Unset = UNSET,
    integrasjon_id: str | Unset = UNSET,
    integrasjon_passord: str | Unset = UNSET,
    on_behalf_of: str,

) -> Response[PaginatedAuditEventOutputList | Problem]:
    """ List an organization's audit events

     Every change to the organization's configuration, from the web UI, the API and the admin, newest
    first; filter by period, actor, action, target, request id and free text (the same filters as the
    web UI's audit log). Identity numbers are masked; secrets are never recorded.

    **400** with the parameter named: an impossible date, or `until` not after `since`.

    **Who may call:** a person holding `ADMIN` on the organization, or an integration holding
    `KONFIG.CONFIGURE` on it. Reading the configuration needs the same right as changing it.

    **404**: the organization does not exist, or the caller holds no privilege at all in it (the two are
    not told apart). **403** (`permission_denied`): the caller sees the organization, holding some other
    privilege there (e.g. `MINSIDE_SOK.INDEX`), but not `ADMIN`/`KONFIG.CONFIGURE`.

    Args:
        orgnr (str):
        action (str | Unset):
        actor (str | Unset):
        limit (int | Unset):  Default: 50.
        offset (int | Unset):  Default: 0.
        q (str | Unset):
        request_id (str | Unset):
        since (datetime.datetime | Unset):
        target_id (str | Unset):
        target_type (str | Unset):
        until (datetime.datetime | Unset):
        integrasjon_id (str | Unset):
        integrasjon_passord (str | Unset):
        on_behalf_of (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PaginatedAuditEventOutputList | Problem]
     """


    kwargs = _get_kwargs(
        orgnr=orgnr,
action=action,
actor=actor,
limit=limit,
offset=offset,
q=q,
request_id=request_id,
since=since,
target_id=target_id,
target_type=target_type,
until=until,
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
    *,
    client: AuthenticatedClient,
    action: str | Unset = UNSET,
    actor: str | Unset = UNSET,
    limit: int | Unset = 50,
    offset: int | Unset = 0,
    q: str | Unset = UNSET,
    request_id: str | Unset = UNSET,
    since: datetime.datetime | Unset = UNSET,
    target_id: str | Unset = UNSET,
    target_type: str | Unset = UNSET,
    until: datetime.datetime | Unset = UNSET,
    integrasjon_id: str | Unset = UNSET,
    integrasjon_passord: str | Unset = UNSET,
    on_behalf_of: str,

) -> PaginatedAuditEventOutputList | Problem | None:
    """ List an organization's audit events

     Every change to the organization's configuration, from the web UI, the API and the admin, newest
    first; filter by period, actor, action, target, request id and free text (the same filters as the
    web UI's audit log). Identity numbers are masked; secrets are never recorded.

    **400** with the parameter named: an impossible date, or `until` not after `since`.

    **Who may call:** a person holding `ADMIN` on the organization, or an integration holding
    `KONFIG.CONFIGURE` on it. Reading the configuration needs the same right as changing it.

    **404**: the organization does not exist, or the caller holds no privilege at all in it (the two are
    not told apart). **403** (`permission_denied`): the caller sees the organization, holding some other
    privilege there (e.g. `MINSIDE_SOK.INDEX`), but not `ADMIN`/`KONFIG.CONFIGURE`.

    Args:
        orgnr (str):
        action (str | Unset):
        actor (str | Unset):
        limit (int | Unset):  Default: 50.
        offset (int | Unset):  Default: 0.
        q (str | Unset):
        request_id (str | Unset):
        since (datetime.datetime | Unset):
        target_id (str | Unset):
        target_type (str | Unset):
        until (datetime.datetime | Unset):
        integrasjon_id (str | Unset):
        integrasjon_passord (str | Unset):
        on_behalf_of (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PaginatedAuditEventOutputList | Problem
     """


    return sync_detailed(
        orgnr=orgnr,
client=client,
action=action,
actor=actor,
limit=limit,
offset=offset,
q=q,
request_id=request_id,
since=since,
target_id=target_id,
target_type=target_type,
until=until,
integrasjon_id=integrasjon_id,
integrasjon_passord=integrasjon_passord,
on_behalf_of=on_behalf_of,

    ).parsed

async def asyncio_detailed(
    orgnr: str,
    *,
    client: AuthenticatedClient,
    action: str | Unset = UNSET,
    actor: str | Unset = UNSET,
    limit: int | Unset = 50,
    offset: int | Unset = 0,
    q: str | Unset = UNSET,
    request_id: str | Unset = UNSET,
    since: datetime.datetime | Unset = UNSET,
    target_id: str | Unset = UNSET,
    target_type: str | Unset = UNSET,
    until: datetime.datetime | Unset = UNSET,
    integrasjon_id: str | Unset = UNSET,
    integrasjon_passord: str | Unset = UNSET,
    on_behalf_of: str,

) -> Response[PaginatedAuditEventOutputList | Problem]:
    """ List an organization's audit events

     Every change to the organization's configuration, from the web UI, the API and the admin, newest
    first; filter by period, actor, action, target, request id and free text (the same filters as the
    web UI's audit log). Identity numbers are masked; secrets are never recorded.

    **400** with the parameter named: an impossible date, or `until` not after `since`.

    **Who may call:** a person holding `ADMIN` on the organization, or an integration holding
    `KONFIG.CONFIGURE` on it. Reading the configuration needs the same right as changing it.

    **404**: the organization does not exist, or the caller holds no privilege at all in it (the two are
    not told apart). **403** (`permission_denied`): the caller sees the organization, holding some other
    privilege there (e.g. `MINSIDE_SOK.INDEX`), but not `ADMIN`/`KONFIG.CONFIGURE`.

    Args:
        orgnr (str):
        action (str | Unset):
        actor (str | Unset):
        limit (int | Unset):  Default: 50.
        offset (int | Unset):  Default: 0.
        q (str | Unset):
        request_id (str | Unset):
        since (datetime.datetime | Unset):
        target_id (str | Unset):
        target_type (str | Unset):
        until (datetime.datetime | Unset):
        integrasjon_id (str | Unset):
        integrasjon_passord (str | Unset):
        on_behalf_of (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PaginatedAuditEventOutputList | Problem]
     """


    kwargs = _get_kwargs(
        orgnr=orgnr,
action=action,
actor=actor,
limit=limit,
offset=offset,
q=q,
request_id=request_id,
since=since,
target_id=target_id,
target_type=target_type,
until=until,
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
    *,
    client: AuthenticatedClient,
    action: str | Unset = UNSET,
    actor: str | Unset = UNSET,
    limit: int | Unset = 50,
    offset: int | Unset = 0,
    q: str | Unset = UNSET,
    request_id: str | Unset = UNSET,
    since: datetime.datetime | Unset = UNSET,
    target_id: str | Unset = UNSET,
    target_type: str | Unset = UNSET,
    until: datetime.datetime | Unset = UNSET,
    integrasjon_id: str | Unset = UNSET,
    integrasjon_passord: str | Unset = UNSET,
    on_behalf_of: str,

) -> PaginatedAuditEventOutputList | Problem | None:
    """ List an organization's audit events

     Every change to the organization's configuration, from the web UI, the API and the admin, newest
    first; filter by period, actor, action, target, request id and free text (the same filters as the
    web UI's audit log). Identity numbers are masked; secrets are never recorded.

    **400** with the parameter named: an impossible date, or `until` not after `since`.

    **Who may call:** a person holding `ADMIN` on the organization, or an integration holding
    `KONFIG.CONFIGURE` on it. Reading the configuration needs the same right as changing it.

    **404**: the organization does not exist, or the caller holds no privilege at all in it (the two are
    not told apart). **403** (`permission_denied`): the caller sees the organization, holding some other
    privilege there (e.g. `MINSIDE_SOK.INDEX`), but not `ADMIN`/`KONFIG.CONFIGURE`.

    Args:
        orgnr (str):
        action (str | Unset):
        actor (str | Unset):
        limit (int | Unset):  Default: 50.
        offset (int | Unset):  Default: 0.
        q (str | Unset):
        request_id (str | Unset):
        since (datetime.datetime | Unset):
        target_id (str | Unset):
        target_type (str | Unset):
        until (datetime.datetime | Unset):
        integrasjon_id (str | Unset):
        integrasjon_passord (str | Unset):
        on_behalf_of (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PaginatedAuditEventOutputList | Problem
     """


    return (await asyncio_detailed(
        orgnr=orgnr,
client=client,
action=action,
actor=actor,
limit=limit,
offset=offset,
q=q,
request_id=request_id,
since=since,
target_id=target_id,
target_type=target_type,
until=until,
integrasjon_id=integrasjon_id,
integrasjon_passord=integrasjon_passord,
on_behalf_of=on_behalf_of,

    )).parsed
