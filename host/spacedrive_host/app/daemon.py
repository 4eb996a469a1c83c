"""Daemon RPC: `execute_json_operation` for local clients over loopback HTTP with a bearer token.

    POST /v1/operations/<method>          body: the operation's JSON input
    Authorization: Bearer <token>         from the endpoint file, compared in constant time
    X-Spacedrive-Library: <uuid>          for library-scoped operations
    -> the envelope an extension gets: 200 with {"ok": ...}, or {"error": ...} under the HTTP
       status of its code (`x-http-status` in schema/errors.json)

Served by uvicorn (its h11 protocol) with a Starlette app; docs/daemon.md says why and lists
every limit and status. Every answer has a JSON body of one of those two shapes, including
the daemon's own refusals: 401 bad token, 400 malformed request or library header, 404
unknown path, 405 other HTTP methods (with `Allow`), 408 request not received in time, 413
body over the cap (counted while streaming, chunked or not), 503 at the connection cap with
every connection busy. A refusal sent before the request body was read closes the connection,
so a keep-alive client never sees the unread body parsed as its next request.

`_DaemonProtocol` adds to uvicorn's H11Protocol what uvicorn lacks: a deadline for the request
head and body (uvicorn's keep-alive timer restarts on every byte, so a trickle holds a
connection forever) and a connection cap that evicts the longest-waiting idle connection
instead of refusing new ones, so idle sockets cannot starve an authenticated caller.

The server binds to a loopback address only. Its URL and token go to `<data_dir>/daemon.json`,
readable by the owner only, which `sdext call` reads.
"""

from __future__ import annotations

import asyncio
import hmac
import ipaddress
import json
import os
import re
import secrets
import socket
import threading
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import h11
import uvicorn
from spacedrive_wire.operations import ERROR_HTTP_STATUS
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send
from uvicorn.protocols.http.h11_impl import H11Protocol

from spacedrive_host.core.errors import ErrorCode, error_envelope

from .host import Host

ENDPOINT_FILE = "daemon.json"
PATH_PREFIX = "/v1/operations/"
LIBRARY_HEADER = "X-Spacedrive-Library"
LIBRARY_PATTERN = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
"""What the header must hold: a hyphenated UUID (the pattern generated/docs/openapi.json declares)."""
JSON = "application/json"


@dataclass(frozen=True)
class DaemonLimits:
    """What one `sdext serve` accepts (docs/daemon.md)."""

    max_body_bytes: int = 16 * 1024 * 1024
    """Request body cap, counted while streaming: Content-Length or chunked. Over it: 413, connection closed."""
    max_head_bytes: int = 16 * 1024
    """Request line plus headers (h11's max incomplete event size). Over it: 400, connection closed."""
    head_timeout_seconds: float = 10.0
    """From connection open (or the end of the previous answer) to a complete request head; then closed."""
    body_timeout_seconds: float = 30.0
    """From a complete head to a complete body. Over it: 408, connection closed."""
    keep_alive_seconds: float = 5.0
    """An idle keep-alive connection is closed after this long without a byte."""
    max_connections: int = 64
    """Open connections. A new one over the cap evicts the longest-waiting connection that is not running a
    request; when every connection is running one, the newcomer's request gets 503."""


@dataclass(frozen=True)
class Endpoint:
    url: str
    token: str

    def write(self, data_dir: Path) -> Path:
        """Owner-only, and atomic: a reader sees no file or the whole file, never a half-written one."""
        path = data_dir / ENDPOINT_FILE
        temporary = data_dir / f".{ENDPOINT_FILE}.{os.getpid()}.tmp"
        temporary.unlink(missing_ok=True)
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump({"url": self.url, "token": self.token}, handle)
        os.chmod(temporary, 0o600)
        os.replace(temporary, path)
        return path

    @classmethod
    def read(cls, data_dir: Path) -> Endpoint:
        raw = json.loads((data_dir / ENDPOINT_FILE).read_text(encoding="utf-8"))
        return cls(url=raw["url"], token=raw["token"])


# -- the ASGI application ---------------------------------------------------------------------------------------


def refusal(
    status: int, code: ErrorCode, message: str, *, close: bool = False, headers: dict[str, str] | None = None
) -> Response:
    """An error envelope under `status`, optionally closing the connection after it.

    A refusal may leave the request body unread: h11 frames the request (Content-Length or chunked), so
    uvicorn discards the rest of it and the connection stays usable; `_DaemonProtocol` caps what it discards.
    """
    headers = dict(headers or {})
    if close:
        headers["Connection"] = "close"
    return Response(error_envelope(code, message), status, headers=headers, media_type=JSON)


class BearerAuth:
    """Refuses every request without the right bearer token before routing or reading the body (401)."""

    def __init__(self, app: ASGIApp, token: str) -> None:
        self.app = app
        self.expected = f"Bearer {token}".encode()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            headers = Headers(scope=scope)
            supplied = headers.get("authorization", "").encode("latin-1")
            if not hmac.compare_digest(supplied, self.expected):
                response = refusal(
                    401,
                    ErrorCode.permission_denied,
                    "missing or wrong bearer token",
                    headers={"WWW-Authenticate": "Bearer"},
                )
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


class _Operations:
    """The one route: read the body within its cap and deadline, run the operation on a worker thread."""

    def __init__(self, host: Host, limits: DaemonLimits) -> None:
        self.host = host
        self.limits = limits

    async def handle(self, request: Request) -> Response:
        headers = request.headers
        library_header = headers.get(LIBRARY_HEADER)
        library_id = None
        if library_header is not None:
            if not LIBRARY_PATTERN.fullmatch(library_header):
                return refusal(400, ErrorCode.invalid_input, f"{LIBRARY_HEADER} is not a UUID")
            library_id = uuid.UUID(library_header)
        cap = self.limits.max_body_bytes
        if int(headers.get("content-length", "0")) > cap:  # h11 has checked it is a non-negative integer
            return refusal(413, ErrorCode.payload_too_large, f"body over {cap} bytes", close=True)
        body = bytearray()
        try:
            async with asyncio.timeout(self.limits.body_timeout_seconds):
                async for chunk in request.stream():
                    body += chunk
                    if len(body) > cap:  # the rest is discarded, up to another cap (_DaemonProtocol)
                        return refusal(413, ErrorCode.payload_too_large, f"body over {cap} bytes")
        except TimeoutError:
            return refusal(408, ErrorCode.timeout, "request body not received in time", close=True)
        except ClientDisconnect:
            return Response(status_code=400)  # nobody is left to read it
        method = request.path_params["method"]
        envelope = await run_in_threadpool(self.host.execute_json_operation, method, library_id, bytes(body))
        return Response(envelope, _status_of(envelope), media_type=JSON)


def _status_of(envelope: bytes) -> int:
    if envelope.startswith(b'{"ok"'):
        return 200
    code = json.loads(envelope)["error"]["code"]
    return ERROR_HTTP_STATUS.get(code, 500)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if exc.status_code == 405:
        message = f"{request.method} is not served; POST {PATH_PREFIX}<method>"
        return refusal(405, ErrorCode.unknown_method, message, headers={"Allow": "POST"})
    if exc.status_code == 404:
        return refusal(404, ErrorCode.unknown_method, f"no such path; POST {PATH_PREFIX}<method>")
    return refusal(exc.status_code, ErrorCode.invalid_input, str(exc.detail))


async def _internal_error(request: Request, exc: Exception) -> Response:
    return refusal(500, ErrorCode.internal, "internal error in the daemon", close=True)


def build_app(host: Host, token: str, limits: DaemonLimits) -> ASGIApp:
    """The daemon's ASGI application (tests may drive it directly)."""
    app = Starlette(
        routes=[Route(PATH_PREFIX + "{method:path}", _Operations(host, limits).handle, methods=["POST"])],
        exception_handlers={HTTPException: _http_error, Exception: _internal_error},
    )
    return BearerAuth(app, token)


# -- the server ---------------------------------------------------------------------------------------------------


class _DaemonConfig(uvicorn.Config):
    def __init__(self, app: ASGIApp, limits: DaemonLimits) -> None:
        super().__init__(
            app,
            http=_DaemonProtocol,
            ws="none",
            lifespan="off",
            interface="asgi3",
            log_config=None,
            log_level="warning",
            access_log=False,
            server_header=False,
            proxy_headers=False,
            timeout_keep_alive=max(1, round(limits.keep_alive_seconds)),
            timeout_graceful_shutdown=5,
            h11_max_incomplete_event_size=limits.max_head_bytes,
        )
        self.limits = limits


class _DaemonProtocol(H11Protocol):
    """uvicorn's h11 protocol plus read deadlines and an evicting connection cap."""

    config: _DaemonConfig

    def __init__(self, config: _DaemonConfig, *args: Any, **kwargs: Any) -> None:
        super().__init__(config, *args, **kwargs)
        self.limits = config.limits
        self._phase: str | None = None
        self._since = self.loop.time()
        self._deadline: asyncio.TimerHandle | None = None
        self._discarded = 0

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._watch()
        open_ = [c for c in self.connections if isinstance(c, _DaemonProtocol) and not c.transport.is_closing()]
        if len(open_) > self.limits.max_connections:
            idle = [c for c in open_ if c is not self and c.idle]
            if idle:
                min(idle, key=lambda c: c._since).transport.close()
            else:
                self.app = _over_capacity

    def connection_lost(self, exc: Exception | None) -> None:
        self._set_deadline(None)
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        if self.cycle is not None and self.cycle.response_complete and self.conn.their_state is h11.SEND_BODY:
            self._discarded += len(data)  # the rest of a body the app answered without reading
            if self._discarded > self.limits.max_body_bytes:
                self.transport.close()
                return
        super().data_received(data)
        self._watch()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        self._watch()

    @property
    def idle(self) -> bool:
        """Not running a request: waiting for one, or for the rest of a body nobody will read."""
        return self.cycle is None or self.cycle.response_complete

    def _watch(self) -> None:
        """Arm the deadline of what the connection now waits for: a request head, or the rest of a body."""
        if self.transport.is_closing():
            self._set_deadline(None)
            return
        state = self.conn.their_state
        phase = "head" if state is h11.IDLE else "body" if state is h11.SEND_BODY else None
        if phase == self._phase:
            return
        self._phase = phase
        self._since = self.loop.time()
        self._discarded = 0
        if phase == "head":
            self._set_deadline(self.limits.head_timeout_seconds)
        elif phase == "body":  # the app answers 408 at its own deadline; this closes bodies nobody reads
            self._set_deadline(self.limits.body_timeout_seconds + 2.0)
        else:
            self._set_deadline(None)

    def _set_deadline(self, seconds: float | None) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None
        if seconds is not None:
            self._deadline = self.loop.call_later(seconds, self._read_timed_out)

    def _read_timed_out(self) -> None:
        self._deadline = None
        if not self.transport.is_closing():
            self.transport.close()

    def send_400_response(self, msg: str) -> None:
        """A request h11 cannot parse (bad framing, `Content-Length: -1`, a head over the cap): JSON, then close."""
        body = error_envelope(ErrorCode.invalid_input, "malformed HTTP request")
        headers = [(b"content-type", JSON.encode()), (b"content-length", b"%d" % len(body)), (b"connection", b"close")]
        events = (h11.Response(status_code=400, headers=headers, reason=b"Bad Request"), h11.Data(data=body))
        try:
            for event in (*events, h11.EndOfMessage()):
                self.transport.write(self.conn.send(event) or b"")
        except h11.LocalProtocolError:
            pass  # an answer was already sent (the rest of its request body is what broke): just close
        if self.cycle is not None:
            self.cycle.disconnected = True  # the app, if it is still running, must not answer after this
        self.transport.close()


async def _over_capacity(scope: Scope, receive: Receive, send: Send) -> None:
    message = "the daemon is at its connection cap and every connection is busy; retry"
    await refusal(503, ErrorCode.resource_exhausted, message, close=True, headers={"Retry-After": "1"})(
        scope, receive, send
    )


class DaemonServer:
    """`sdext serve`'s server: uvicorn on a loopback socket, run on a thread of its own."""

    def __init__(
        self,
        host: Host,
        address: tuple[str, int] = ("127.0.0.1", 0),
        token: str | None = None,
        limits: DaemonLimits | None = None,
    ) -> None:
        ip = ipaddress.ip_address(address[0])
        if not ip.is_loopback:
            raise ValueError(f"the daemon RPC binds to loopback addresses only, not {address[0]}")
        self.host = host
        self.token = token or secrets.token_urlsafe(32)
        self.limits = limits or DaemonLimits()
        self._socket = socket.socket(socket.AF_INET6 if ip.version == 6 else socket.AF_INET, socket.SOCK_STREAM)
        self._socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._socket.bind(address)
        self._socket.listen(128)
        self._server = uvicorn.Server(_DaemonConfig(build_app(host, self.token, self.limits), self.limits))
        self._thread: threading.Thread | None = None

    @property
    def endpoint(self) -> Endpoint:
        host, port = self._socket.getsockname()[:2]
        shown = f"[{host}]" if ":" in host else host
        return Endpoint(url=f"http://{shown}:{port}", token=self.token)

    def serve_in_thread(self, start_timeout: float = 30.0) -> threading.Thread:
        thread = threading.Thread(
            target=self._server.run, kwargs={"sockets": [self._socket]}, name="spacedrive-daemon", daemon=True
        )
        thread.start()
        self._thread = thread
        deadline = time.monotonic() + start_timeout
        while not self._server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the daemon RPC server did not start")
            time.sleep(0.01)
        return thread

    def shutdown(self) -> None:
        self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=30)

    def server_close(self) -> None:
        self._socket.close()
