"""Daemon RPC: `execute_json_operation` for local clients over loopback HTTP with a bearer token.

    POST /v1/operations/<method>          body: the operation's JSON input
    Authorization: Bearer <token>         from the endpoint file, compared in constant time
    X-Spacedrive-Library: <uuid>          for library-scoped operations
    -> 200 with the envelope ({"ok": ...} or {"error": ...}), the same bytes an extension gets

Transport failures are HTTP statuses (401 bad token, 404 unknown path, 413 body too large);
operation failures are error envelopes, exactly as for extensions. The server binds to a
loopback address only. Its URL and token go to `<data_dir>/daemon.json`, readable by the
owner only, which `sdext call` reads.
"""

from __future__ import annotations

import hmac
import ipaddress
import json
import os
import secrets
import threading
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from .host import Host

ENDPOINT_FILE = "daemon.json"
PATH_PREFIX = "/v1/operations/"
MAX_BODY_BYTES = 16 * 1024 * 1024
LIBRARY_HEADER = "X-Spacedrive-Library"


@dataclass(frozen=True)
class Endpoint:
    url: str
    token: str

    def write(self, data_dir: Path) -> Path:
        path = data_dir / ENDPOINT_FILE
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump({"url": self.url, "token": self.token}, handle)
        os.chmod(path, 0o600)
        return path

    @classmethod
    def read(cls, data_dir: Path) -> Endpoint:
        raw = json.loads((data_dir / ENDPOINT_FILE).read_text(encoding="utf-8"))
        return cls(url=raw["url"], token=raw["token"])


class _Handler(BaseHTTPRequestHandler):
    server: DaemonServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # quiet: the host logs operations itself
        return

    def _reply(self, status: HTTPStatus, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _fail(self, status: HTTPStatus, message: str) -> None:
        self._reply(status, json.dumps({"transport_error": message}).encode())

    def do_POST(self) -> None:
        supplied = self.headers.get("Authorization", "")
        if not hmac.compare_digest(supplied.encode(), f"Bearer {self.server.token}".encode()):
            self._fail(HTTPStatus.UNAUTHORIZED, "missing or wrong bearer token")
            return
        if not self.path.startswith(PATH_PREFIX):
            self._fail(HTTPStatus.NOT_FOUND, f"POST {PATH_PREFIX}<method>")
            return
        method = urllib.parse.unquote(self.path[len(PATH_PREFIX) :])
        try:
            length = int(self.headers.get("Content-Length", "0"))
        except ValueError:
            self._fail(HTTPStatus.BAD_REQUEST, "bad Content-Length")
            return
        if length > MAX_BODY_BYTES:
            self._fail(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, f"body over {MAX_BODY_BYTES} bytes")
            self.close_connection = True
            return
        body = self.rfile.read(length)
        library_header = self.headers.get(LIBRARY_HEADER)
        try:
            library_id = uuid.UUID(library_header) if library_header else None
        except ValueError:
            self._fail(HTTPStatus.BAD_REQUEST, f"{LIBRARY_HEADER} is not a UUID")
            return
        self._reply(HTTPStatus.OK, self.server.host.execute_json_operation(method, library_id, body))

    def do_GET(self) -> None:
        self._fail(HTTPStatus.METHOD_NOT_ALLOWED, f"POST {PATH_PREFIX}<method>")


class DaemonServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, host: Host, address: tuple[str, int] = ("127.0.0.1", 0), token: str | None = None) -> None:
        if not ipaddress.ip_address(address[0]).is_loopback:
            raise ValueError(f"the daemon RPC binds to loopback addresses only, not {address[0]}")
        super().__init__(address, _Handler)
        self.host = host
        self.token = token or secrets.token_urlsafe(32)

    @property
    def endpoint(self) -> Endpoint:
        host, port = self.server_address[:2]
        return Endpoint(url=f"http://{host!s}:{port}", token=self.token)

    def serve_in_thread(self) -> threading.Thread:
        thread = threading.Thread(target=self.serve_forever, name="spacedrive-daemon", daemon=True)
        thread.start()
        return thread


class RpcClient:
    """The client side of the daemon RPC (what `sdext call` uses)."""

    def __init__(self, endpoint: Endpoint, timeout: float = 60.0) -> None:
        self.endpoint = endpoint
        self.timeout = timeout

    def call(self, method: str, payload: Any, library_id: uuid.UUID | None = None) -> dict[str, Any]:
        request = urllib.request.Request(
            self.endpoint.url + PATH_PREFIX + urllib.parse.quote(method, safe=":."),
            data=json.dumps(payload).encode(),
            method="POST",
            headers={"Authorization": f"Bearer {self.endpoint.token}", "Content-Type": "application/json"},
        )
        if library_id is not None:
            request.add_header(LIBRARY_HEADER, str(library_id))
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        try:
            with opener.open(request, timeout=self.timeout) as response:
                envelope: dict[str, Any] = json.loads(response.read())
        except urllib.error.HTTPError as exc:
            raise RpcError(exc.code, exc.read().decode("utf-8", errors="replace")) from None
        return envelope


class RpcError(Exception):
    """The daemon refused the request at the transport level (bad token, bad path, too large)."""

    def __init__(self, status: int, body: str) -> None:
        super().__init__(f"HTTP {status}: {body}")
        self.status = status
