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

import http.client
import logging
import socket
import ssl
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from typing import Any
from urllib.parse import urljoin

from spacedrive_host.core.config import HttpConfig
from spacedrive_host.core.errors import ErrorCode, OperationError

from .addresses import AddressPolicy, IPAddress, ResolveError, parse_ip, resolve
from .messages import (
    BODY_HEADERS,
    CHUNK,
    DEFAULT_PORTS,
    MAX_HEADER_NAME,
    MAX_HEADER_VALUE,
    ORIGIN_CREDENTIAL_HEADERS,
    REDIRECT_STATUSES,
    REFUSED_METHODS,
    TOKEN_RE,
    EgressRequest,
    EgressResponse,
    Target,
    check_headers,
    invalid_input,
    parse_target,
)
from .watchdog import Watch, Watchdog

log = logging.getLogger("spacedrive.egress")


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


class HttpEgress:
    """The host's HTTP client for untrusted callers; thread-safe, no state between requests."""

    def __init__(self, config: HttpConfig) -> None:
        self.config = config
        self.policy = AddressPolicy(config.allow_networks)
        self._tls = ssl.create_default_context()
        if config.ca_file:
            self._tls.load_verify_locations(cafile=config.ca_file)
        self._dns = ThreadPoolExecutor(max_workers=4, thread_name_prefix="egress-dns")
        self._watchdog = Watchdog()

    def close(self) -> None:
        self._dns.shutdown(wait=False, cancel_futures=True)
        self._watchdog.close()

    def send(self, request: EgressRequest, allows_host: Callable[[str], bool]) -> EgressResponse:
        """Run `request`, following redirects; each hop's host must satisfy `allows_host`."""
        if not TOKEN_RE.match(request.method) or request.method.upper() in REFUSED_METHODS:
            raise invalid_input(f"method {request.method!r} is not allowed")
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
        watchdog: Watch,
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
        watchdog: Watch,
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


def _failure(exc: BaseException, watchdog: Watch, target: Target) -> OperationError:
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
