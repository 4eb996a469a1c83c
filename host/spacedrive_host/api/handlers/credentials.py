"""`credentials.*`: the caller's encrypted credentials (docs/credentials.md).

The scope is `ctx.caller.id`: an extension sees only its own credentials, the daemon its own.
Secrets travel only inside `ok` answers of `get`; messages and logs name credential ids and
hosts, never secret values.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from spacedrive_wire.models import (
    ApiKeyCredential,
    BasicCredential,
    CredentialKind,
    DeleteCredentialInput,
    DeleteCredentialOutput,
    GetCredentialInput,
    GetCredentialOutput,
    ListCredentialsInput,
    ListCredentialsOutput,
    OAuth2ClientAuth,
    OAuth2Credential,
    OAuth2Token,
    StoreCredentialInput,
    StoreCredentialOutput,
)
from spacedrive_wire.operations import (
    CREDENTIALS_DELETE_V1,
    CREDENTIALS_GET_V1,
    CREDENTIALS_LIST_V1,
    CREDENTIALS_STORE_V1,
)

from spacedrive_host.api.operations import OperationContext, operation
from spacedrive_host.api.paging import MAX_PAGE_ITEMS, cut_page, decode_cursor
from spacedrive_host.core.errors import ErrorCode, OperationError
from spacedrive_host.services.credentials.oauth import expires_within, refresh_access_token, refreshable
from spacedrive_host.services.credentials.vault import (
    CredentialVault,
    LockTimeout,
    Secret,
    StoredCredential,
    VaultError,
)
from spacedrive_host.services.http.messages import parse_target

log = logging.getLogger("spacedrive.credentials")

LOCK_WAIT_SECONDS = 30.0


@contextmanager
def _vault(ctx: OperationContext) -> Iterator[CredentialVault]:
    """The store, with its failures turned into wire errors (the details go to the host log only)."""
    vault = ctx.services.credentials
    if vault is None:
        raise OperationError(ErrorCode.internal, "this host has no credential store")
    try:
        yield vault
    except VaultError as exc:
        log.error("credential store unavailable: %s", exc)
        raise OperationError(ErrorCode.internal, "the credential store could not be used; see the host log") from None
    except LockTimeout:
        raise OperationError(
            ErrorCode.timeout, "the credential is busy (another call is refreshing or writing it)"
        ) from None


def _not_found(credential_id: str) -> OperationError:
    return OperationError(ErrorCode.not_found, f"no credential {credential_id!r}")


def _oauth2_secret(ctx: OperationContext, oauth2: OAuth2Credential) -> Secret:
    if oauth2.expires_in is not None and oauth2.expires_at is not None:
        raise OperationError(ErrorCode.invalid_input, "give `expires_in` or `expires_at`, not both")
    if oauth2.refresh_token is not None and (oauth2.token_endpoint is None or oauth2.client_id is None):
        raise OperationError(ErrorCode.invalid_input, "a `refresh_token` needs `token_endpoint` and `client_id`")
    if oauth2.client_secret is not None and oauth2.client_id is None:
        raise OperationError(ErrorCode.invalid_input, "a `client_secret` needs a `client_id`")
    if oauth2.token_endpoint is not None:
        target = parse_target(oauth2.token_endpoint)
        if target.scheme != "https":
            raise OperationError(ErrorCode.invalid_input, "the token endpoint must be an https URL")
        if not ctx.caller.permissions.allows_domain(target.host):
            raise OperationError(
                ErrorCode.permission_denied,
                f"token endpoint host {target.host!r} is not in the manifest's permissions.allowed_domains",
            )
    expires_at: float | None = None
    if oauth2.expires_in is not None:
        expires_at = time.time() + oauth2.expires_in
    elif oauth2.expires_at is not None:
        expires_at = oauth2.expires_at.timestamp()
    secret: dict[str, Any] = {
        "access_token": oauth2.access_token,
        "token_type": oauth2.token_type or "Bearer",
        "refresh_token": oauth2.refresh_token,
        "expires_at": expires_at,
        "token_endpoint": oauth2.token_endpoint,
        "client_id": oauth2.client_id,
        "client_secret": oauth2.client_secret,
        "client_auth": (oauth2.client_auth or OAuth2ClientAuth.client_secret_basic).value,
        "scopes": oauth2.scopes,
    }
    return {key: value for key, value in secret.items() if value is not None}


def _secret(ctx: OperationContext, request: StoreCredentialInput) -> Secret:
    given = {
        CredentialKind.oauth2: request.oauth2,
        CredentialKind.api_key: request.api_key,
        CredentialKind.basic: request.basic,
    }
    others = [kind.value for kind, value in given.items() if value is not None and kind is not request.kind]
    if given[request.kind] is None or others:
        raise OperationError(
            ErrorCode.invalid_input,
            f"kind {request.kind.value!r} needs the `{request.kind.value}` field and no other credential field",
        )
    if request.oauth2 is not None:
        return _oauth2_secret(ctx, request.oauth2)
    if request.api_key is not None:
        return {"key": request.api_key.key}
    assert request.basic is not None
    return {"username": request.basic.username, "password": request.basic.password}


def _timestamp(epoch: float) -> datetime:
    return datetime.fromtimestamp(epoch, UTC)


def _output(credential: StoredCredential, refreshed: bool) -> GetCredentialOutput:
    secret = credential.secret
    kind = CredentialKind(credential.kind)
    output = GetCredentialOutput(
        credential_id=credential.credential_id,
        kind=kind,
        refreshed=refreshed,
        updated_at=datetime.fromisoformat(credential.updated_at),
    )
    if kind is CredentialKind.oauth2:
        expires_at = secret.get("expires_at")
        output.oauth2 = OAuth2Token(
            access_token=secret["access_token"],
            token_type=secret.get("token_type", "Bearer"),
            expires_at=_timestamp(expires_at) if expires_at is not None else None,
            expires_in=int(expires_at - time.time()) if expires_at is not None else None,
            scopes=secret.get("scopes"),
        )
    elif kind is CredentialKind.api_key:
        output.api_key = ApiKeyCredential(key=secret["key"])
    else:
        output.basic = BasicCredential(username=secret["username"], password=secret["password"])
    return output


@operation(CREDENTIALS_STORE_V1)
def store(ctx: OperationContext, request: StoreCredentialInput) -> StoreCredentialOutput:
    secret = _secret(ctx, request)
    with _vault(ctx) as vault:
        replaced = vault.store(
            ctx.caller.id, request.credential_id, request.kind.value, secret, ctx.time_budget(LOCK_WAIT_SECONDS)
        )
    log.info("%s stored credential %r (%s)", ctx.caller.id, request.credential_id, request.kind.value)
    return StoreCredentialOutput(credential_id=request.credential_id, kind=request.kind, replaced=replaced)


@operation(CREDENTIALS_GET_V1)
def get(ctx: OperationContext, request: GetCredentialInput) -> GetCredentialOutput:
    config = ctx.services.config.credentials
    margin = request.min_valid_seconds if request.min_valid_seconds is not None else config.refresh_margin_seconds
    budget = ctx.time_budget(config.refresh_timeout_seconds)
    deadline = time.monotonic() + budget

    def stale(credential: StoredCredential) -> bool:
        return (
            credential.kind == CredentialKind.oauth2.value
            and refreshable(credential.secret)
            and expires_within(credential.secret, margin, time.time())
        )

    def refresh(credential: StoredCredential) -> Secret:
        fresh = refresh_access_token(
            ctx.services.http,
            credential.secret,
            ctx.caller.permissions.allows_domain,
            max(deadline - time.monotonic(), 0.0),
        )
        log.info("%s: refreshed OAuth2 credential %r", ctx.caller.id, credential.credential_id)
        return fresh

    force = bool(request.force_refresh)
    with _vault(ctx) as vault:
        if force:
            current = vault.load(ctx.caller.id, request.credential_id)
            if current is not None and not (
                current.kind == CredentialKind.oauth2.value and refreshable(current.secret)
            ):
                raise OperationError(ErrorCode.invalid_input, "`force_refresh` needs a refreshable OAuth2 credential")
        result = vault.get_fresh(
            ctx.caller.id, request.credential_id, stale=stale, force=force, refresh=refresh, wait=budget
        )
    if result is None:
        raise _not_found(request.credential_id)
    return _output(*result)


@operation(CREDENTIALS_DELETE_V1)
def delete(ctx: OperationContext, request: DeleteCredentialInput) -> DeleteCredentialOutput:
    with _vault(ctx) as vault:
        deleted = vault.delete(ctx.caller.id, request.credential_id, ctx.time_budget(LOCK_WAIT_SECONDS))
    if not deleted:
        raise _not_found(request.credential_id)
    log.info("%s deleted credential %r", ctx.caller.id, request.credential_id)
    return DeleteCredentialOutput(credential_id=request.credential_id)


@operation(CREDENTIALS_LIST_V1)
def list_credentials(ctx: OperationContext, request: ListCredentialsInput) -> ListCredentialsOutput:
    after = decode_cursor(request.cursor, 1)[0] if request.cursor else None
    with _vault(ctx) as vault:
        ids = [i for i in vault.list_ids(ctx.caller.id) if after is None or i > after]
    credential_ids, next_cursor = cut_page(
        ctx.caller.max_response_bytes, CREDENTIALS_LIST_V1, ListCredentialsOutput(credential_ids=[], next_cursor=""),
        [(i, (i,)) for i in ids[:MAX_PAGE_ITEMS]], len(ids) > MAX_PAGE_ITEMS,
    )  # fmt: skip
    return ListCredentialsOutput(credential_ids=credential_ids, next_cursor=next_cursor)
