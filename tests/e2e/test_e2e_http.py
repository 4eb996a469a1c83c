"""End to end: the HTTP egress proxy (`http.request`) called from the Rust guest, against real
HTTP(S) servers on loopback. Test names map to 127.0.0.x through the host's static hosts
table (`HttpConfig.hosts`); the address check runs on those answers as on DNS answers, and
loopback is reachable only where the configuration allows 127.0.0.1/32."""

from __future__ import annotations

import base64
import ipaddress
import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from spacedrive_host.api.operations import Caller
from spacedrive_host.app.host import Host
from spacedrive_host.core.config import HostConfig, HttpConfig
from spacedrive_host.core.errors import ExtensionError
from spacedrive_host.core.permissions import Permissions
from spacedrive_host.runtime.extension import Extension
from spacedrive_host.services.http.addresses import AddressPolicy, blocked_reason
from support.helpers import MakeExtension, run_step
from support.netservers import Handler, LoopbackServer, Reply, Seen, TestCA, serving

HOSTS = {
    "api.test": ("127.0.0.1",),
    "other.test": ("127.0.0.1",),
    "partner.test": ("127.0.0.1",),
    "a.svc.test": ("127.0.0.1",),
    "svc.test": ("127.0.0.1",),
    "secure.test": ("127.0.0.1",),
    "wrong.test": ("127.0.0.1",),
    "loopback2.test": ("127.0.0.2",),
    "mixed.test": ("127.0.0.1", "10.0.0.1"),
}
ALLOWED = ["api.test", "partner.test", "*.svc.test", "secure.test", "wrong.test", "loopback2.test", "mixed.test"]
PERMISSIONS = {"permissions": {"methods": ["http.*"], "allowed_domains": ALLOWED}}


def _redirect(handler: Handler, seen: Seen) -> Reply:
    query = parse_qs(urlsplit(seen.path).query)
    return Reply(int(query.get("status", ["302"])[0]), b"moved", [("Location", query["to"][0])])


def _echo(handler: Handler, seen: Seen) -> Reply:
    body = {"method": seen.method, "headers": seen.headers, "body": base64.b64encode(seen.body).decode()}
    return Reply(200, json.dumps(body).encode(), [("Content-Type", "application/json")])


def _close_delimited(handler: Handler, seen: Seen) -> None:
    """A body with no Content-Length, ended by closing the connection (HTTP/1.0 style)."""
    handler.wfile.write(b"HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n" + b"x" * 300_000)
    handler.close_connection = True


def _slow(handler: Handler, seen: Seen) -> Reply:
    handler.server.stop.wait(5)
    return Reply(200, b"late")


def _drip(handler: Handler, seen: Seen) -> None:
    """Headers at once, then one byte every 50 ms: each read succeeds, the whole never ends in time."""
    handler.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\nConnection: close\r\n\r\n")
    for _ in range(100):
        if handler.server.stop.wait(0.05):
            return
        handler.wfile.write(b"x")
        handler.wfile.flush()


ROUTES: dict[str, Any] = {
    "/hello": lambda h, s: Reply(200, b"hello", [("Content-Type", "text/plain"), ("X-Multi", "a"), ("X-Multi", "b")]),
    "/echo": _echo,
    "/redirect": _redirect,
    "/loop": lambda h, s: Reply(302, b"", [("Location", "/loop")]),
    "/big": lambda h, s: Reply(200, b"y" * 2_000_000),
    "/close-delimited": _close_delimited,
    "/slow": _slow,
    "/drip": _drip,
    "/set-cookie": lambda h, s: Reply(200, b"", [("Set-Cookie", "session=abc123; Path=/")]),
    "/binary": lambda h, s: Reply(200, bytes(range(256))),
}


@pytest.fixture
def server() -> Iterator[LoopbackServer]:
    with serving(ROUTES) as srv:
        yield srv


@pytest.fixture
def ca(tmp_path: Path) -> TestCA:
    directory = tmp_path / "ca"
    directory.mkdir()
    return TestCA(directory)


def http_config(ca: TestCA | None = None, **overrides: Any) -> HttpConfig:
    settings: dict[str, Any] = {"allow_networks": ("127.0.0.1/32",), "hosts": HOSTS, "max_redirects": 3}
    if ca is not None:
        settings["ca_file"] = str(ca.ca_file)
    return HttpConfig(**(settings | overrides))


@pytest.fixture
def net_host(tmp_path: Path, ca: TestCA) -> Iterator[Host]:
    with Host(tmp_path / "net-data", HostConfig(http=http_config(ca))) as host:
        yield host


@pytest.fixture
def guest(net_host: Host, guest_wasm: dict[str, Path], make_extension: MakeExtension) -> Extension:
    return net_host.load_extension(make_extension(guest_wasm["e2e"], ext_id="net", **PERMISSIONS))


def fetch(extension: Extension, url: str, **fields: Any) -> dict[str, Any]:
    report: dict[str, Any] = run_step(extension, "http_request", input={"url": url, **fields})
    return report


# -- allowed requests ----------------------------------------------------------------------


def test_allowed_get_returns_status_headers_body_and_final_url(guest: Extension, server: LoopbackServer) -> None:
    report = fetch(guest, server.url("api.test", "/hello"))
    response = report["ok"]
    assert response["status"] == 200
    assert response["body_text"] == "hello"
    assert response["final_url"] == server.url("api.test", "/hello")
    assert response["redirects"] == 0
    assert ["X-Multi", "a"] in response["headers"]
    assert ["X-Multi", "b"] in response["headers"]
    (seen,) = server.seen
    assert seen.headers["host"] == f"api.test:{server.port}"
    assert "cookie" not in seen.headers
    assert seen.headers["user-agent"].startswith("spacedrive-host")


def test_post_sends_body_and_headers(guest: Extension, server: LoopbackServer) -> None:
    report = fetch(
        guest,
        server.url("api.test", "/echo"),
        method="POST",
        headers=[{"name": "Content-Type", "value": "application/octet-stream"}, {"name": "X-Trace", "value": "t1"}],
        body=base64.b64encode(b"\x00\x01binary").decode(),
    )
    echoed = json.loads(report["ok"]["body_text"])
    assert echoed["method"] == "POST"
    assert base64.b64decode(echoed["body"]) == b"\x00\x01binary"
    assert echoed["headers"]["x-trace"] == "t1"
    assert echoed["headers"]["content-length"] == "8"


def test_binary_body_has_no_text(net_host: Host, server: LoopbackServer) -> None:
    answer = net_host.call("query:http.request.v1", {"url": server.url("api.test", "/binary")})
    assert base64.b64decode(answer["ok"]["body"]) == bytes(range(256))
    assert "body_text" not in answer["ok"]


def test_wildcard_allows_subdomains_but_not_the_parent(guest: Extension, server: LoopbackServer) -> None:
    assert fetch(guest, server.url("a.svc.test", "/hello"))["ok"]["status"] == 200
    denied = fetch(guest, server.url("svc.test", "/hello"))
    assert denied["error"]["code"] == "permission_denied"
    assert len(server.seen) == 1


def test_https_with_pinned_address_keeps_sni_and_verifies_the_name(
    guest: Extension, ca: TestCA, net_host: Host
) -> None:
    with serving(ROUTES, tls=ca.server_context(["secure.test"])) as tls_server:
        report = fetch(guest, tls_server.url("secure.test", "/hello", scheme="https"))
        assert report["ok"]["body_text"] == "hello"
        assert tls_server.seen[0].server_name == "secure.test"
        assert tls_server.seen[0].headers["host"] == f"secure.test:{tls_server.port}"
        # same server and address, but the certificate is not for this name: refused
        mismatch = fetch(guest, tls_server.url("wrong.test", "/hello", scheme="https"))
        assert mismatch["error"]["code"] == "upstream_error"
        assert "tls_verify" in mismatch["error"]["message"]
        assert len(tls_server.seen) == 1


# -- refused requests ----------------------------------------------------------------------


def test_denied_domain_is_permission_denied_and_nothing_is_sent(guest: Extension, server: LoopbackServer) -> None:
    report = fetch(guest, server.url("other.test", "/hello"))
    assert report["error"]["code"] == "permission_denied"
    assert "other.test" in report["error"]["message"]
    assert server.seen == []


def test_no_allowed_domains_means_no_http(
    net_host: Host, guest_wasm: dict[str, Path], make_extension: MakeExtension, server: LoopbackServer
) -> None:
    bare = net_host.load_extension(
        make_extension(guest_wasm["e2e"], ext_id="nohttp", permissions={"methods": ["http.request"]})
    )
    assert fetch(bare, server.url("api.test", "/hello"))["error"]["code"] == "permission_denied"
    assert server.seen == []


def test_loopback_without_the_allowance_is_blocked(
    tmp_path: Path, guest_wasm: dict[str, Path], make_extension: MakeExtension, server: LoopbackServer
) -> None:
    with Host(tmp_path / "strict", HostConfig(http=http_config(allow_networks=()))) as strict:
        extension = strict.load_extension(make_extension(guest_wasm["e2e"], ext_id="strict", **PERMISSIONS))
        report = fetch(extension, server.url("api.test", "/hello"))
        assert report["error"]["code"] == "blocked_address"
        assert "loopback" in report["error"]["message"]
        assert "127.0.0.1" not in report["error"]["message"]  # the category, not the address
    assert server.seen == []


def test_only_the_allowed_network_is_exempt(guest: Extension, server: LoopbackServer) -> None:
    assert fetch(guest, server.url("loopback2.test", "/hello"))["error"]["code"] == "blocked_address"


def test_any_blocked_address_in_the_answer_blocks_the_name(guest: Extension, server: LoopbackServer) -> None:
    report = fetch(guest, server.url("mixed.test", "/hello"))
    assert report["error"]["code"] == "blocked_address"
    assert "private" in report["error"]["message"]
    assert server.seen == []


def test_redirect_to_a_denied_host_is_refused_before_it_is_contacted(guest: Extension, server: LoopbackServer) -> None:
    target = server.url("other.test", "/hello")
    report = fetch(guest, server.url("api.test", f"/redirect?to={target}"))
    assert report["error"]["code"] == "permission_denied"
    assert [s.path.split("?")[0] for s in server.seen] == ["/redirect"]


def test_redirect_to_a_blocked_address_is_refused(guest: Extension, server: LoopbackServer) -> None:
    target = server.url("loopback2.test", "/hello")
    report = fetch(guest, server.url("api.test", f"/redirect?to={target}"))
    assert report["error"]["code"] == "blocked_address"
    assert len(server.seen) == 1


def test_redirect_loop_stops_at_the_hop_cap(guest: Extension, server: LoopbackServer) -> None:
    report = fetch(guest, server.url("api.test", "/loop"))
    assert report["error"]["code"] == "upstream_error"
    assert len(server.seen) == 4  # the first request and max_redirects (3) more


def test_followed_redirects_strip_credentials_across_origins_only(guest: Extension, server: LoopbackServer) -> None:
    secret_headers = [{"name": "Authorization", "value": "Bearer tok"}, {"name": "Cookie", "value": "c=1"}]
    same = fetch(guest, server.url("api.test", "/redirect?to=/echo"), headers=secret_headers)["ok"]
    assert same["redirects"] == 1
    assert json.loads(same["body_text"])["headers"]["authorization"] == "Bearer tok"

    cross_target = server.url("partner.test", "/echo")
    cross = fetch(guest, server.url("api.test", f"/redirect?to={cross_target}"), headers=secret_headers)["ok"]
    assert cross["final_url"] == cross_target
    echoed = json.loads(cross["body_text"])["headers"]
    assert "authorization" not in echoed
    assert "cookie" not in echoed


def test_303_turns_post_into_get_and_307_keeps_it(guest: Extension, server: LoopbackServer) -> None:
    for status, method, body in ((303, "GET", b""), (307, "POST", b"payload")):
        report = fetch(
            guest, server.url("api.test", f"/redirect?to=/echo&status={status}"), method="POST", body_text="payload"
        )
        echoed = json.loads(report["ok"]["body_text"])
        assert (echoed["method"], base64.b64decode(echoed["body"])) == (method, body)


def test_redirects_are_returned_when_not_followed(guest: Extension, server: LoopbackServer) -> None:
    report = fetch(guest, server.url("api.test", "/redirect?to=/hello"), follow_redirects=False)
    assert report["ok"]["status"] == 302
    assert ["Location", "/hello"] in report["ok"]["headers"]


@pytest.mark.parametrize("path", ["/big", "/close-delimited"])
def test_oversized_body_is_response_too_large(guest: Extension, server: LoopbackServer, path: str) -> None:
    report = fetch(guest, server.url("api.test", path), max_response_bytes=100_000)
    assert report["error"]["code"] == "response_too_large"


def test_head_of_a_large_resource_is_not_too_large(guest: Extension, server: LoopbackServer) -> None:
    report = fetch(guest, server.url("api.test", "/big"), method="HEAD", max_response_bytes=10)
    assert report["ok"]["status"] == 200
    assert ["Content-Length", "2000000"] in report["ok"]["headers"]
    assert report["ok"]["body_len"] == 0


def test_the_host_cap_bounds_what_a_request_may_ask(
    tmp_path: Path, guest_wasm: dict[str, Path], make_extension: MakeExtension, server: LoopbackServer
) -> None:
    config = HostConfig(http=http_config(max_response_bytes=1_000_000))
    with Host(tmp_path / "capped", config) as capped:
        extension = capped.load_extension(make_extension(guest_wasm["e2e"], ext_id="capped", **PERMISSIONS))
        report = fetch(extension, server.url("api.test", "/big"), max_response_bytes=10_000_000)
        assert report["error"]["code"] == "response_too_large"
        assert fetch(extension, server.url("api.test", "/close-delimited"))["ok"]["body_len"] == 300_000


@pytest.mark.parametrize("path", ["/slow", "/drip"])
def test_slow_servers_time_out(guest: Extension, server: LoopbackServer, path: str) -> None:
    report = fetch(guest, server.url("api.test", path), timeout_ms=300)
    assert report["error"]["code"] == "timeout"


def test_the_callers_time_budget_caps_the_request_timeout(net_host: Host, server: LoopbackServer) -> None:
    payload = json.dumps({"url": server.url("api.test", "/slow"), "timeout_ms": 600_000}).encode()
    answer = net_host.router.execute_json_operation(
        "query:http.request.v1", None, payload, Caller.trusted("budgeted"), deadline=time.monotonic() + 0.3
    )
    assert json.loads(answer)["error"]["code"] == "timeout"


@pytest.mark.parametrize(
    ("fields", "fragment"),
    [
        ({"url": "ftp://api.test/file"}, "http and https"),
        ({"url": "/relative"}, "http and https"),
        ({"url": "http://user:pw@api.test/"}, "user info"),
        ({"url": "http://api.test:99999/"}, "port"),
        ({"url": "http://api.test/", "headers": [{"name": "Host", "value": "evil"}]}, "set by the host"),
        ({"url": "http://api.test/", "headers": [{"name": "X-A", "value": "a\r\nX-Injected: 1"}]}, "CR, LF"),
        ({"url": "http://api.test/", "method": "TRACE"}, "not allowed"),
        ({"url": "http://api.test/", "body": "AA==", "body_text": "x"}, "not both"),
    ],
)
def test_bad_requests_are_invalid_input(
    guest: Extension, server: LoopbackServer, fields: dict[str, Any], fragment: str
) -> None:
    report = run_step(guest, "http_request", input=fields)
    assert report["error"]["code"] == "invalid_input"
    assert fragment in report["error"]["message"]
    assert server.seen == []


def test_no_cookies_are_kept_or_shared_between_extensions(
    net_host: Host, guest: Extension, guest_wasm: dict[str, Path], make_extension: MakeExtension, server: LoopbackServer
) -> None:
    other = net_host.load_extension(make_extension(guest_wasm["e2e"], ext_id="other", **PERMISSIONS))
    set_cookie = fetch(guest, server.url("api.test", "/set-cookie"))["ok"]
    assert ["Set-Cookie", "session=abc123; Path=/"] in set_cookie["headers"]  # the extension sees its cookie
    for extension in (guest, other):
        echoed = json.loads(fetch(extension, server.url("api.test", "/echo"))["ok"]["body_text"])
        assert "cookie" not in echoed["headers"]


def test_unreachable_port_is_upstream_error(guest: Extension, server: LoopbackServer) -> None:
    port = server.port
    server.close()
    report = fetch(guest, f"http://api.test:{port}/hello")
    assert report["error"]["code"] == "upstream_error"


def test_manifest_rejects_bad_domain_patterns(
    net_host: Host, guest_wasm: dict[str, Path], make_extension: MakeExtension
) -> None:
    for pattern in ("*", "API.test", "http://api.test", "*.*.test", "api.test/path"):
        directory = make_extension(
            guest_wasm["e2e"], ext_id="badpattern", permissions={"methods": ["http.*"], "allowed_domains": [pattern]}
        )
        with pytest.raises(ExtensionError) as info:
            net_host.load_extension(directory)
        assert "allowed_domains" in info.value.message


# -- the policies as functions -------------------------------------------------------------


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("127.0.0.1", "loopback"),
        ("::1", "loopback"),
        ("10.1.2.3", "private"),
        ("172.16.0.1", "private"),
        ("192.168.1.1", "private"),
        ("fd12:3456::1", "private"),
        ("169.254.10.10", "link-local"),
        ("fe80::1", "link-local"),
        ("100.64.0.1", "cgnat"),
        ("224.0.0.1", "multicast"),
        ("ff02::1", "multicast"),
        ("0.0.0.0", "unspecified"),
        ("::", "unspecified"),
        ("169.254.169.254", "cloud-metadata"),
        ("fd00:ec2::254", "cloud-metadata"),
        ("::ffff:127.0.0.1", "loopback"),
        ("::ffff:10.0.0.1", "private"),
        ("64:ff9b::a9fe:a9fe", "cloud-metadata"),
        ("64:ff9b::a00:1", "private"),
        ("2002:7f00:1::", "loopback"),
        ("240.0.0.1", "private"),
        ("192.0.2.1", "private"),
        ("8.8.8.8", None),
        ("2606:4700:4700::1111", None),
    ],
)
def test_blocked_reason(address: str, reason: str | None) -> None:
    assert blocked_reason(ipaddress.ip_address(address)) == reason


def test_allow_networks_exempts_exactly_those_networks() -> None:
    policy = AddressPolicy(["127.0.0.1/32", "10.8.0.0/16"])
    assert policy.check(ipaddress.ip_address("127.0.0.1")) is None
    assert policy.check(ipaddress.ip_address("10.8.3.4")) is None
    assert policy.check(ipaddress.ip_address("127.0.0.2")) == "loopback"
    assert policy.check(ipaddress.ip_address("10.9.0.1")) == "private"
    assert policy.check(ipaddress.ip_address("::ffff:127.0.0.1")) == "loopback"


@pytest.mark.parametrize(
    ("host", "allowed"),
    [
        ("api.example.com", True),
        ("x.cdn.example.com", True),
        ("a.b.cdn.example.com", True),
        ("cdn.example.com", False),
        ("example.com", False),
        ("evilexample.com", False),
        ("api.example.com.evil.net", False),
        ("xcdn.example.com", False),
    ],
)
def test_domain_patterns(host: str, allowed: bool) -> None:
    permissions = Permissions.from_lists([], [], ["api.example.com", "*.cdn.example.com"])
    assert permissions.allows_domain(host) is allowed
