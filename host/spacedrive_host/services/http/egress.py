"""Outbound HTTP for extensions (`http.request`) and for the host's OAuth2 refreshes: one guarded path.

For every hop, redirects included:

    URL check (http/https, no user info) -> domain allow-list of the caller -> resolve
    -> every address vetted (AddressPolicy) -> connect to a vetted address itself, with
    the URL's host in the Host header and as the TLS server name (so DNS rebinding cannot
    swap the peer after the check) -> send -> read at most the size cap

Nothing persists between requests: a fresh connection per hop, no cookie jar, no pool, no
proxy environment variables. Credentials headers are dropped when a redirect leaves the
origin. A watchdog shuts the socket down when the exchange outlives its deadline, so a
server dribbling bytes cannot hold a call past its budget. Failures are OperationErrors
with their own codes; messages name the host, never the path, query or headers (they may
carry secrets).
"""

from __future__ import annotations

import contextlib
import heapq
import http.client
import itertools
import logging
import re
import socket
import ssl
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urljoin, urlsplit

from spacedrive_host.core.config import HttpConfig
from spacedrive_host.core.errors import ErrorCode, OperationError

from .addresses import AddressPolicy, IPAddress, ResolveError, parse_ip, resolve

log = logging.getLogger("spacedrive.egress")

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
REFUSED_METHODS = frozenset({"CONNECT", "TRACE"})
HOST_MANAGED_HEADERS = frozenset(
    {
        "host",
        "content-length",
        "transfer-encoding",
        "connection",
        "keep-alive",
        "upgrade",
        "te",
        "trailer",
        "proxy-connection",
        "proxy-authorization",
        "expect",
    }
)
ORIGIN_CREDENTIAL_HEADERS = frozenset({"authorization", "cookie", "proxy-authorization"})
BODY_HEADERS = frozenset({"content-type", "content-encoding", "content-language", "content-location"})
TOKEN_RE = re.compile(r"^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")
HOSTNAME_RE = re.compile(r"^[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?(\.[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)*$")
URL_SAFE = "".join(chr(c) for c in range(0x21, 0x7F))
MAX_HEADER_NAME = 256
MAX_HEADER_VALUE = 65536
CHUNK = 64 * 1024
DEFAULT_PORTS = {"http": 80, "https": 443}


def _invalid(message: str) -> OperationError:
    return OperationError(ErrorCode.invalid_input, message)


@dataclass(frozen=True)
class Target:
    """One hop's destination, normalised: lower-case IDNA host (or canonical IP), explicit port."""

    scheme: str
    host: str
    port: int
    path: str

    @property
    def origin(self) -> tuple[str, str, int]:
        return self.scheme, self.host, self.port

    @property
    def display(self) -> str:
        """Scheme, host and port only: safe for logs and error messages."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{self.scheme}://{host}:{self.port}"


def normalise_host(host: str) -> str:
    literal = parse_ip(host)
    if literal is not None:
        return str(literal)
    name = host.rstrip(".").lower()
    try:
        name = name.encode("idna").decode("ascii")
    except UnicodeError:
        raise _invalid("the URL's host name is not a valid domain name") from None
    if not HOSTNAME_RE.match(name):
        raise _invalid("the URL's host name is not a valid domain name")
    return name


def parse_target(url: str) -> Target:
    """Validate and normalise an absolute http(s) URL; `invalid_input` when it is not one."""
    if any(c in url for c in "\r\n\x00\t"):
        raise _invalid("the URL contains control characters")
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS:
        raise _invalid(f"only http and https URLs are allowed, not {scheme or 'a relative URL'!r}")
    if parts.username is not None or parts.password is not None:
        raise _invalid("URLs with user info are refused; send the credentials in a header")
    try:
        port = parts.port or DEFAULT_PORTS[scheme]
    except ValueError:
        raise _invalid("the URL's port is not a number from 0 to 65535") from None
    if not parts.hostname:
        raise _invalid("the URL has no host")
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    return Target(scheme, normalise_host(parts.hostname), port, quote(path, safe=URL_SAFE))


@dataclass(frozen=True)
class EgressRequest:
    url: str
    method: str = "GET"
    headers: tuple[tuple[str, str], ...] = ()
    body: bytes | None = None
    timeout: float = 30.0
    """Seconds for the whole exchange, redirects included."""
    max_response_bytes: int | None = None
    """None: the host configuration's cap (a larger value is lowered to it)."""
    follow_redirects: bool = True


@dataclass(frozen=True)
class EgressResponse:
    status: int
    reason: str
    headers: tuple[tuple[str, str], ...]
    body: bytes
    url: str
    redirects: int


def check_headers(headers: tuple[tuple[str, str], ...]) -> None:
    for name, value in headers:
        if not TOKEN_RE.match(name):
            raise _invalid(f"header name {name!r} is not an HTTP token")
        if name.lower() in HOST_MANAGED_HEADERS:
            raise _invalid(f"header {name!r} is set by the host and may not be given")
        if any(c in value for c in "\r\n\x00"):
            raise _invalid(f"the value of header {name!r} contains CR, LF or NUL")


class _PinnedConnection(http.client.HTTPConnection):
    """HTTP(S) to `host`, connecting to the already vetted `address` instead of resolving again."""

    def __init__(self, target: Target, address: IPAddress, timeout: float, tls: ssl.SSLContext | None) -> None:
        super().__init__(target.host, target.port, timeout=timeout)
        self.default_port = DEFAULT_PORTS[target.scheme]  # so the Host header omits a default port
        self._address = address
        self._tls = tls
        self.pinned_sock: socket.socket | None = None
        """The socket, kept after http.client drops `sock` (it does once a response says Connection: close)."""

    def connect(self) -> None:
        sock = socket.create_connection((str(self._address), self.port), self.timeout)
        try:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            if self._tls is not None:
                sock = self._tls.wrap_socket(sock, server_hostname=self.host)
        except BaseException:
            sock.close()
            raise
        self.sock = self.pinned_sock = sock


class _Watch:
    """One exchange's deadline; `fire` shuts the current connection's socket down (a blocked read returns)."""

    def __init__(self, deadline: float) -> None:
        self.deadline = deadline
        self.fired = False
        self.done = False
        self._lock = threading.Lock()
        self._conn: _PinnedConnection | None = None

    def watch(self, conn: _PinnedConnection) -> None:
        with self._lock:
            self._conn = conn

    def fire(self) -> None:
        with self._lock:
            if self.done:
                return
            self.fired = True
            sock = self._conn.pinned_sock if self._conn is not None else None
            if sock is not None:  # the plain-socket method: touches neither the TLS state nor the wrapper
                with contextlib.suppress(OSError):
                    socket.socket.shutdown(sock, socket.SHUT_RDWR)

    def finish(self) -> None:
        with self._lock:
            self.done = True


class _Watchdog:
    """One thread for all exchanges of an egress, waking at the earliest deadline (a timer thread per
    request cost about 140 us, a quarter of a loopback request)."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._heap: list[tuple[float, int, _Watch]] = []
        self._order = itertools.count()
        self._thread: threading.Thread | None = None
        self._closed = False

    def start(self, deadline: float) -> _Watch:
        watch = _Watch(deadline)
        with self._cond:
            heapq.heappush(self._heap, (deadline, next(self._order), watch))
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="egress-watchdog", daemon=True)
                self._thread.start()
            elif self._heap[0][2] is watch:
                self._cond.notify()
        return watch

    def _run(self) -> None:
        with self._cond:
            while not self._closed:
                while self._heap and self._heap[0][2].done:
                    heapq.heappop(self._heap)
                if not self._heap:
                    self._cond.wait()
                    continue
                wait = self._heap[0][0] - time.monotonic()
                if wait > 0:
                    self._cond.wait(wait)
                    continue
                heapq.heappop(self._heap)[2].fire()

    def close(self) -> None:
        with self._cond:
            self._closed = True
            self._cond.notify()


class HttpEgress:
    """The host's HTTP client for untrusted callers; thread-safe, no state between requests."""

    def __init__(self, config: HttpConfig) -> None:
        self.config = config
        self.policy = AddressPolicy(config.allow_networks)
        self._tls = ssl.create_default_context()
        if config.ca_file:
            self._tls.load_verify_locations(cafile=config.ca_file)
        self._dns = ThreadPoolExecutor(max_workers=4, thread_name_prefix="egress-dns")
        self._watchdog = _Watchdog()

    def close(self) -> None:
        self._dns.shutdown(wait=False, cancel_futures=True)
        self._watchdog.close()

    def send(self, request: EgressRequest, allows_host: Callable[[str], bool]) -> EgressResponse:
        """Run `request`, following redirects; each hop's host must satisfy `allows_host`."""
        if not TOKEN_RE.match(request.method) or request.method.upper() in REFUSED_METHODS:
            raise _invalid(f"method {request.method!r} is not allowed")
        check_headers(request.headers)
        cap = (
            min(request.max_response_bytes, self.config.max_response_bytes)
            if request.max_response_bytes is not None
            else self.config.max_response_bytes
        )
        started = time.monotonic()
        deadline = started + request.timeout
        target = parse_target(request.url)
        url, method, body, headers = request.url, request.method, request.body, request.headers
        watchdog = self._watchdog.start(deadline)
        try:
            for hop in range(self.config.max_redirects + 1):
                self._authorize(target, allows_host, hop)
                addresses = self._vet(target, hop, deadline)
                conn, response = self._exchange(
                    target, addresses, method=method, headers=headers, body=body, deadline=deadline, watchdog=watchdog
                )
                try:
                    location = response.getheader("Location")
                    if not (request.follow_redirects and response.status in REDIRECT_STATUSES and location):
                        data = self._read_body(
                            conn, response, cap=cap, deadline=deadline, watchdog=watchdog, target=target
                        )
                        elapsed = (time.monotonic() - started) * 1000
                        log.debug(
                            "%s %s -> %d (%d bytes, %d redirects, %.1f ms)",
                            method, target.display, response.status, len(data), hop, elapsed,
                        )  # fmt: skip
                        return EgressResponse(
                            response.status, response.reason or "", _response_headers(response), data, url, hop
                        )
                finally:
                    conn.close()
                if hop == self.config.max_redirects:
                    break
                url = urljoin(url, location)
                try:
                    next_target = parse_target(url)
                except OperationError as exc:
                    raise OperationError(
                        ErrorCode.upstream_error,
                        f"{target.display} redirected to an unusable URL: {exc.message}",
                        {"reason": "bad_redirect", "hop": hop + 1},
                    ) from None
                if (response.status in (301, 302) and method == "POST") or (
                    response.status == 303 and method != "HEAD"
                ):
                    method, body = "GET", None
                    headers = tuple(h for h in headers if h[0].lower() not in BODY_HEADERS)
                if next_target.origin != target.origin:
                    headers = tuple(h for h in headers if h[0].lower() not in ORIGIN_CREDENTIAL_HEADERS)
                target = next_target
        finally:
            watchdog.finish()
        raise OperationError(
            ErrorCode.upstream_error,
            f"more than {self.config.max_redirects} redirects",
            {"reason": "too_many_redirects", "hop": self.config.max_redirects + 1},
        )

    # -- the checks ------------------------------------------------------------------
    @staticmethod
    def _authorize(target: Target, allows_host: Callable[[str], bool], hop: int) -> None:
        if not allows_host(target.host):
            where = "redirect target " if hop else ""
            raise OperationError(
                ErrorCode.permission_denied,
                f"{where}host {target.host!r} is not in the manifest's permissions.allowed_domains",
                {"host": target.host, "hop": hop},
            )

    def _vet(self, target: Target, hop: int, deadline: float) -> list[IPAddress]:
        addresses = self._resolve(target, deadline)
        for address in addresses:
            reason = self.policy.check(address)
            if reason is not None:
                log.warning("refused %s: it resolves to %s (%s)", target.display, address, reason)
                raise OperationError(
                    ErrorCode.blocked_address,
                    f"{target.host!r} resolves to a {reason} address, which extensions may not reach",
                    {"host": target.host, "reason": reason, "hop": hop},
                )
        return addresses

    def _resolve(self, target: Target, deadline: float) -> list[IPAddress]:
        static = self.config.hosts
        try:
            if parse_ip(target.host) is not None or target.host in static:
                return resolve(target.host, target.port, static)
            future = self._dns.submit(resolve, target.host, target.port, static)
            return future.result(timeout=max(0.0, deadline - time.monotonic()))
        except FutureTimeout:
            raise OperationError(
                ErrorCode.timeout, f"resolving {target.host!r} took longer than the request's time budget"
            ) from None
        except ResolveError:
            raise OperationError(
                ErrorCode.upstream_error, f"cannot resolve {target.host!r}", {"reason": "dns", "host": target.host}
            ) from None

    # -- the exchange ----------------------------------------------------------------
    def _exchange(
        self,
        target: Target,
        addresses: list[IPAddress],
        *,
        method: str,
        headers: tuple[tuple[str, str], ...],
        body: bytes | None,
        deadline: float,
        watchdog: _Watch,
    ) -> tuple[_PinnedConnection, http.client.HTTPResponse]:
        tls = self._tls if target.scheme == "https" else None
        conn: _PinnedConnection | None = None
        for index, address in enumerate(addresses):
            conn = _PinnedConnection(target, address, _remaining(deadline, target), tls)
            watchdog.watch(conn)
            try:
                conn.connect()
                break
            except Exception as exc:
                conn.close()
                retry = isinstance(exc, OSError) and not isinstance(exc, ssl.SSLError | TimeoutError)
                if not (retry and index + 1 < len(addresses)) or watchdog.fired:
                    raise _failure(exc, watchdog, target) from None
        assert conn is not None
        try:
            names = {name.lower() for name, _ in headers}
            conn.putrequest(method, target.path, skip_accept_encoding="accept-encoding" in names)
            for name, value in headers:
                conn.putheader(name, value)
            if "user-agent" not in names:
                conn.putheader("User-Agent", self.config.user_agent)
            if body is not None or method in ("POST", "PUT", "PATCH"):
                conn.putheader("Content-Length", str(len(body or b"")))
            conn.putheader("Connection", "close")
            conn.endheaders(body or None)
            _set_timeout(conn, deadline, target)
            response = conn.getresponse()
        except Exception as exc:
            conn.close()
            raise _failure(exc, watchdog, target) from None
        return conn, response

    @staticmethod
    def _read_body(
        conn: _PinnedConnection,
        response: http.client.HTTPResponse,
        *,
        cap: int,
        deadline: float,
        watchdog: _Watch,
        target: Target,
    ) -> bytes:
        if response.length is not None and response.length > cap:  # the declared length (0 for HEAD, 204, 304)
            raise _too_large(target, cap)
        data = bytearray()
        try:
            while not response.isclosed():  # http.client closes it once the body is complete
                _set_timeout(conn, deadline, target)
                chunk = response.read(min(CHUNK, cap + 1 - len(data)))
                if not chunk:
                    if watchdog.fired:  # the end came from the watchdog's shutdown, not the server
                        raise _failure(TimeoutError(), watchdog, target)
                    return bytes(data)
                data += chunk
                if len(data) > cap:
                    raise _too_large(target, cap)
            return bytes(data)
        except OperationError:
            raise
        except Exception as exc:
            raise _failure(exc, watchdog, target) from None


def _remaining(deadline: float, target: Target) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise OperationError(ErrorCode.timeout, f"the request to {target.display} ran out of time")
    return left


def _set_timeout(conn: _PinnedConnection, deadline: float, target: Target) -> None:
    if conn.pinned_sock is not None:
        conn.pinned_sock.settimeout(_remaining(deadline, target))


def _too_large(target: Target, cap: int) -> OperationError:
    return OperationError(
        ErrorCode.response_too_large,
        f"the response of {target.display} is larger than the cap of {cap} bytes",
        {"cap": cap},
    )


def _failure(exc: BaseException, watchdog: _Watch, target: Target) -> OperationError:
    """The wire error for a network-level exception (never echoing request data)."""
    if isinstance(exc, OperationError):
        return exc
    if watchdog.fired or isinstance(exc, TimeoutError):
        return OperationError(ErrorCode.timeout, f"the request to {target.display} ran out of time")
    reason: str
    detail: Any
    if isinstance(exc, ssl.SSLCertVerificationError):
        reason, detail = "tls_verify", exc.verify_message
    elif isinstance(exc, ssl.SSLError):
        reason, detail = "tls", exc.reason
    elif isinstance(exc, http.client.HTTPException):
        reason, detail = "protocol", type(exc).__name__
    elif isinstance(exc, OSError):
        reason, detail = "network", exc.strerror or type(exc).__name__
    else:
        log.error("unexpected failure talking to %s: %s", target.display, type(exc).__name__)
        reason, detail = "internal", type(exc).__name__
    return OperationError(
        ErrorCode.upstream_error, f"request to {target.display} failed ({reason}: {detail})", {"reason": reason}
    )


def _response_headers(response: http.client.HTTPResponse) -> tuple[tuple[str, str], ...]:
    return tuple(
        (name, value[:MAX_HEADER_VALUE])
        for name, value in response.getheaders()
        if len(name) <= MAX_HEADER_NAME and TOKEN_RE.match(name)
    )
