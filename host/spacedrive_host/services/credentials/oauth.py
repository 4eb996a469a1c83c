"""The OAuth2 refresh_token grant (RFC 6749 section 6), sent through the egress guard.

The request goes to the credential's token endpoint with the caller's domain allow-list and the
host's address policy, without following redirects (a redirect would carry the refresh token
elsewhere). Any failure is `upstream_error` (a `timeout` stays a timeout); `details` carries the
HTTP status, the OAuth `error` code when the server sent a well-formed one, and the egress code
when the request never got an answer. Server-supplied text (`error_description`, bodies) is
never copied into messages: it may echo the secrets.
"""

from __future__ import annotations

import base64
import json
import re
import time
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import quote, urlencode

from spacedrive_host.core.errors import ErrorCode, OperationError
from spacedrive_host.services.http.egress import HttpEgress
from spacedrive_host.services.http.messages import EgressRequest

MAX_TOKEN_RESPONSE = 64 * 1024
OAUTH_ERROR_RE = re.compile(r"^[a-z0-9_]{1,64}$")


def refreshable(secret: Mapping[str, Any]) -> bool:
    return bool(secret.get("refresh_token") and secret.get("token_endpoint") and secret.get("client_id"))


def expires_within(secret: Mapping[str, Any], seconds: float, now: float) -> bool:
    expires_at = secret.get("expires_at")
    return expires_at is not None and float(expires_at) - now <= seconds


def _client_auth(secret: Mapping[str, Any], form: dict[str, str]) -> list[tuple[str, str]]:
    client_id: str = secret["client_id"]
    client_secret: str | None = secret.get("client_secret")
    if client_secret is not None and secret.get("client_auth", "client_secret_basic") == "client_secret_basic":
        # RFC 6749 2.3.1: id and secret are form-urlencoded before the Basic encoding
        pair = f"{quote(client_id, safe='')}:{quote(client_secret, safe='')}".encode()
        return [("Authorization", "Basic " + base64.b64encode(pair).decode("ascii"))]
    form["client_id"] = client_id
    if client_secret is not None:
        form["client_secret"] = client_secret
    return []


def refresh_access_token(
    egress: HttpEgress,
    secret: Mapping[str, Any],
    allows_host: Callable[[str], bool],
    timeout: float,
) -> dict[str, Any]:
    """The secret with a new access token (and a rotated refresh token, new expiry and scopes)."""
    form = {"grant_type": "refresh_token", "refresh_token": str(secret["refresh_token"])}
    headers = [("Content-Type", "application/x-www-form-urlencoded"), ("Accept", "application/json")]
    headers += _client_auth(secret, form)
    request = EgressRequest(
        url=str(secret["token_endpoint"]),
        method="POST",
        headers=tuple(headers),
        body=urlencode(form).encode("ascii"),
        timeout=timeout,
        max_response_bytes=MAX_TOKEN_RESPONSE,
        follow_redirects=False,
    )
    try:
        response = egress.send(request, allows_host)
    except OperationError as exc:
        if exc.code is ErrorCode.timeout:
            raise
        raise OperationError(
            ErrorCode.upstream_error,
            f"the token refresh failed: {exc.message}",
            {"cause": exc.code.value, **(exc.details if isinstance(exc.details, dict) else {})},
        ) from None
    received = time.time()
    try:
        payload = json.loads(response.body)
    except ValueError:
        payload = None
    token = payload.get("access_token") if isinstance(payload, dict) else None
    if response.status != 200 or not isinstance(token, str) or not token:
        details: dict[str, Any] = {"status": response.status}
        oauth_error = payload.get("error") if isinstance(payload, dict) else None
        if isinstance(oauth_error, str) and OAUTH_ERROR_RE.match(oauth_error):
            details["oauth_error"] = oauth_error
        what = f" ({details['oauth_error']})" if "oauth_error" in details else ""
        raise OperationError(
            ErrorCode.upstream_error,
            f"the token endpoint refused the refresh: HTTP {response.status}{what}",
            details,
        )
    assert isinstance(payload, dict)
    return _updated(secret, payload, token, received)


def _updated(secret: Mapping[str, Any], payload: dict[str, Any], token: str, now: float) -> dict[str, Any]:
    fresh = dict(secret)
    fresh["access_token"] = token
    token_type = payload.get("token_type")
    if isinstance(token_type, str) and token_type:
        fresh["token_type"] = token_type
    expires_in = payload.get("expires_in")
    if isinstance(expires_in, str) and expires_in.isdigit():  # some servers send a string
        expires_in = int(expires_in)
    if isinstance(expires_in, int | float) and not isinstance(expires_in, bool) and expires_in >= 0:
        fresh["expires_at"] = now + float(expires_in)
    else:
        fresh.pop("expires_at", None)
    rotated = payload.get("refresh_token")
    if isinstance(rotated, str) and rotated:
        fresh["refresh_token"] = rotated
    scope = payload.get("scope")
    if isinstance(scope, str):
        fresh["scopes"] = scope.split()
    return fresh
