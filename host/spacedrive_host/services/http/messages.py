"""What crosses the egress: targets parsed from URLs (normalised hosts, default ports), requests,
responses and the header rules. Values and checks only; sending is `egress.py`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

from spacedrive_host.core.errors import ErrorCode, OperationError

from .addresses import parse_ip

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


def invalid_input(message: str) -> OperationError:
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
        raise invalid_input("the URL's host name is not a valid domain name") from None
    if not HOSTNAME_RE.match(name):
        raise invalid_input("the URL's host name is not a valid domain name")
    return name


def parse_target(url: str) -> Target:
    """Validate and normalise an absolute http(s) URL; `invalid_input` when it is not one."""
    if any(c in url for c in "\r\n\x00\t"):
        raise invalid_input("the URL contains control characters")
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS:
        raise invalid_input(f"only http and https URLs are allowed, not {scheme or 'a relative URL'!r}")
    if parts.username is not None or parts.password is not None:
        raise invalid_input("URLs with user info are refused; send the credentials in a header")
    try:
        port = parts.port or DEFAULT_PORTS[scheme]
    except ValueError:
        raise invalid_input("the URL's port is not a number from 0 to 65535") from None
    if not parts.hostname:
        raise invalid_input("the URL has no host")
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
            raise invalid_input(f"header name {name!r} is not an HTTP token")
        if name.lower() in HOST_MANAGED_HEADERS:
            raise invalid_input(f"header {name!r} is set by the host and may not be given")
        if any(c in value for c in "\r\n\x00"):
            raise invalid_input(f"the value of header {name!r} contains CR, LF or NUL")
