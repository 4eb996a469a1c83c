"""The client side of the daemon RPC (`sdext call`, tests): one POST per operation, the envelope back."""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
import uuid
from typing import Any

from .daemon import JSON, LIBRARY_HEADER, PATH_PREFIX, Endpoint


class RpcClient:
    """The client side of the daemon RPC (what `sdext call` uses)."""

    def __init__(self, endpoint: Endpoint, timeout: float = 60.0) -> None:
        self.endpoint = endpoint
        self.timeout = timeout

    def call(self, method: str, payload: Any, library_id: uuid.UUID | None = None) -> dict[str, Any]:
        """The operation's envelope, whatever its status; RpcError when the daemon refused the request itself."""
        request = urllib.request.Request(
            self.endpoint.url + PATH_PREFIX + urllib.parse.quote(method, safe=":."),
            data=json.dumps(payload).encode(),
            method="POST",
            headers={"Authorization": f"Bearer {self.endpoint.token}", "Content-Type": JSON},
        )
        if library_id is not None:
            request.add_header(LIBRARY_HEADER, str(library_id))
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        try:
            with opener.open(request, timeout=self.timeout) as response:
                envelope: dict[str, Any] = json.loads(response.read())
        except urllib.error.HTTPError as exc:
            body = exc.read()
            if exc.code not in TRANSPORT_REFUSALS:
                try:
                    envelope = json.loads(body)
                except ValueError:
                    envelope = {}
                if isinstance(envelope, dict) and "error" in envelope:
                    return envelope
            raise RpcError(exc.code, body.decode("utf-8", errors="replace")) from None
        return envelope


TRANSPORT_REFUSALS = frozenset({401, 408, 503})
"""Statuses only the daemon itself answers with (the request never reached an operation)."""


class RpcError(Exception):
    """The daemon refused the request at the transport level (bad token, too slow, overloaded)."""

    def __init__(self, status: int, body: str) -> None:
        super().__init__(f"HTTP {status}: {body}")
        self.status = status
