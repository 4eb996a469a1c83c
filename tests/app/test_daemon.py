"""Daemon RPC: `sdext serve` exposes the same registry to local clients; `sdext call` is its client.

The hostile-input tests talk raw HTTP over loopback sockets; every loop is bounded in count and time.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from spacedrive_host.app.daemon import LIBRARY_PATTERN, DaemonLimits, DaemonServer, Endpoint
from spacedrive_host.app.host import Host
from spacedrive_host.app.rpc_client import RpcClient, RpcError
from spacedrive_host.store.library import Library
from spacedrive_wire.operations import ERROR_HTTP_STATUS, REGISTRY
from support.helpers import ROOT

PING = "/v1/operations/query:core.ping.v1"
OPENAPI = ROOT / "generated" / "docs" / "openapi.json"


@pytest.fixture
def server(host: Host) -> Iterator[DaemonServer]:
    daemon = DaemonServer(host)
    daemon.serve_in_thread()
    yield daemon
    daemon.shutdown()
    daemon.server_close()


def test_rpc_answers_with_the_same_envelopes_as_extensions(server: DaemonServer, library: Library) -> None:
    client = RpcClient(server.endpoint)
    assert client.call("query:core.ping.v1", {"message": "rpc", "count": 2}) == {
        "ok": {"echo": ["rpc", "rpc"], "count": 2}
    }
    created = client.call(
        "action:vdfs.create_entry.input.v1", {"name": "n", "path": "p", "entry_type": "t"}, library.id
    )
    assert library.get_entry(uuid.UUID(created["ok"]["entry_id"])).name == "n"
    assert client.call("query:nope.v1", {})["error"]["code"] == "unknown_method"
    assert client.call("query:core.ping.v1", {"count": 2})["error"]["code"] == "invalid_input"
    missing = client.call("action:vdfs.create_entry.input.v1", {"name": "n", "path": "p", "entry_type": "t"})
    assert missing["error"]["code"] == "library_required"


def test_an_error_envelope_comes_with_the_status_of_its_code(server: DaemonServer, library: Library) -> None:
    with httpx.Client(base_url=server.endpoint.url, headers=auth(server)) as client:
        for path, body, headers, code in [
            ("/v1/operations/query:nope.v1", {}, {}, "unknown_method"),
            (PING, {"count": 2}, {}, "invalid_input"),
            ("/v1/operations/action:vdfs.create_entry.input.v1", {"name": "n", "path": "p", "entry_type": "t"}, {},
             "library_required"),
            ("/v1/operations/query:vdfs.get_entry.v1", {"entry_id": str(uuid.uuid4())},
             {"X-Spacedrive-Library": str(library.id)}, "not_found"),
        ]:  # fmt: skip
            answer = client.post(path, json=body, headers=headers)
            assert answer.status_code == ERROR_HTTP_STATUS[code], answer.text
            assert answer.json()["error"]["code"] == code
            assert answer.headers["content-type"] == "application/json"


def test_a_wrong_token_is_refused(server: DaemonServer) -> None:
    client = RpcClient(Endpoint(server.endpoint.url, "not-the-token"))
    with pytest.raises(RpcError) as info:
        client.call("query:core.ping.v1", {"message": "x"})
    assert info.value.status == 401


def test_a_body_over_the_cap_is_refused_without_reading_it(server: DaemonServer) -> None:
    request = urllib.request.Request(
        server.endpoint.url + "/v1/operations/query:core.ping.v1",
        data=b"{}",
        method="POST",
        headers={"Authorization": f"Bearer {server.token}", "Content-Length": str(64 * 1024 * 1024)},
    )
    with pytest.raises((urllib.error.HTTPError, ConnectionError, urllib.error.URLError)) as info:
        urllib.request.build_opener(urllib.request.ProxyHandler({})).open(request, timeout=10)
    if isinstance(info.value, urllib.error.HTTPError):
        assert info.value.code == 413


def test_only_loopback_addresses_are_accepted(host: Host) -> None:
    with pytest.raises(ValueError, match="loopback"):
        DaemonServer(host, ("0.0.0.0", 0))


def test_endpoint_file_is_owner_only(tmp_path: Path) -> None:
    path = Endpoint("http://127.0.0.1:1", "secret").write(tmp_path)
    assert path.stat().st_mode & 0o777 == 0o600
    assert Endpoint.read(tmp_path).token == "secret"


def sdext(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "spacedrive_codegen.cli", *args]
    return subprocess.run(command, capture_output=True, text=True, env=env, timeout=60, check=False)


def test_sdext_serve_and_call_as_real_processes(tmp_path: Path) -> None:
    data_dir = tmp_path / "daemon"
    env = dict(os.environ, SDEXT_DATA_DIR=str(data_dir))
    serve = subprocess.Popen(
        [sys.executable, "-m", "spacedrive_codegen.cli", "serve"], env=env, stdout=subprocess.PIPE, text=True
    )
    try:
        deadline = time.monotonic() + 30
        while not (data_dir / "daemon.json").exists():
            assert serve.poll() is None, "sdext serve exited"
            assert time.monotonic() < deadline, "sdext serve did not start"
            time.sleep(0.05)
        ok = sdext("call", "query:core.ping.v1", "--json", '{"message": "cli"}', env=env)
        assert ok.returncode == 0, ok.stderr
        assert json.loads(ok.stdout) == {"ok": {"echo": ["cli"], "count": 1}}
        failed = sdext("call", "query:core.ping.v1", "--json", '{"message": 1}', env=env)
        assert failed.returncode == 1
        assert json.loads(failed.stdout)["error"]["code"] == "invalid_input"
        bad_json = sdext("call", "query:core.ping.v1", "--json", "{nope", env=env)
        assert bad_json.returncode == 2 and "not valid JSON" in bad_json.stderr
    finally:
        serve.terminate()
        serve.wait(timeout=30)
    assert serve.returncode == 0
    assert not (data_dir / "daemon.json").exists()
    gone = sdext("call", "query:core.ping.v1", env=env)
    assert gone.returncode == 2 and "is `sdext serve` running?" in gone.stderr


def test_the_generated_openapi_document_is_valid_and_describes_every_operation() -> None:
    from openapi_spec_validator import validate
    from spacedrive_wire.operations import REGISTRY
    from support.helpers import ROOT

    document = json.loads((ROOT / "generated" / "docs" / "openapi.json").read_text())
    validate(document)
    assert {path.removeprefix("/v1/operations/") for path in document["paths"]} == set(REGISTRY)


# -- hostile input on the wire --------------------------------------------------------------------------------------


def auth(server: DaemonServer) -> dict[str, str]:
    return {"Authorization": f"Bearer {server.token}"}


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> object:
        assert self.headers.get("content-type") == "application/json", self.headers
        return json.loads(self.body)


def parse_answers(data: bytes) -> list[Answer]:
    """Split what a server sent into responses (every answer of the daemon has a Content-Length)."""
    answers = []
    while b"\r\n\r\n" in data:
        head, _, data = data.partition(b"\r\n\r\n")
        status_line, *lines = head.decode("latin-1").split("\r\n")
        headers = {}
        for line in lines:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        length = int(headers.get("content-length", "0"))
        answers.append(Answer(int(status_line.split()[1]), headers, data[:length]))
        data = data[length:]
    return answers


def exchange(
    server: DaemonServer, *parts: bytes, answers: int = 1, wait: float = 5.0, pause: float = 0.0
) -> tuple[list[Answer], bool]:
    """Send raw bytes; read until `answers` responses came, the server closed, or `wait` passed (ask for
    more answers than expected to wait for the close).
    Returns the answers and whether the server closed the connection."""
    host, port = server.endpoint.url.removeprefix("http://").rsplit(":", 1)
    deadline = time.monotonic() + wait
    with socket.create_connection((host, int(port)), timeout=wait) as sock:
        for i, part in enumerate(parts):
            if i and pause:
                time.sleep(pause)
            sock.sendall(part)
        data = b""
        while time.monotonic() < deadline:
            sock.settimeout(max(0.01, deadline - time.monotonic()))
            try:
                chunk = sock.recv(65536)
            except TimeoutError:
                break
            except ConnectionResetError:
                return parse_answers(data), True
            if not chunk:
                return parse_answers(data), True
            data += chunk
            if len(parse_answers(data)) >= answers and not data.endswith(b"\r\n\r\n"):
                got = parse_answers(data)
                if all(len(a.body) == int(a.headers.get("content-length", "0")) for a in got):
                    return got, False
        return parse_answers(data), False


def post(path: str, body: bytes, headers: dict[str, str]) -> bytes:
    lines = [f"POST {path} HTTP/1.1", "Host: 127.0.0.1", f"Content-Length: {len(body)}"]
    lines += [f"{k}: {v}" for k, v in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


PING_BODY = b'{"message": "hi"}'


def test_refusals_leave_a_keep_alive_connection_usable(server: DaemonServer) -> None:
    """401, 404 and 405 before the body is read: the body is not parsed as the next request."""
    good = auth(server)
    answers, _ = exchange(
        server,
        post(PING, PING_BODY, {"Authorization": "Bearer wrong"}),
        post("/nope", PING_BODY, good),
        post(PING, PING_BODY, good).replace(b"POST ", b"GET ", 1),
        post(PING, PING_BODY, good),
        answers=4,
    )
    assert [a.status for a in answers] == [401, 404, 405, 200]
    assert answers[0].headers["www-authenticate"] == "Bearer"
    assert answers[2].headers["allow"] == "POST"
    assert [a.json() for a in answers][3] == {"ok": {"echo": ["hi"], "count": 1}}
    for refused in answers[:3]:
        assert set(refused.json()["error"]) >= {"code", "message"}  # type: ignore[index]


def test_a_pooling_client_keeps_working_after_refusals(server: DaemonServer) -> None:
    with httpx.Client(base_url=server.endpoint.url) as client:
        for _ in range(3):
            assert client.post(PING, content=PING_BODY, headers={"Authorization": "Bearer no"}).status_code == 401
            assert client.post("/nope", content=PING_BODY, headers=auth(server)).status_code == 404
            assert client.request("GET", PING, content=PING_BODY, headers=auth(server)).status_code == 405
            answer = client.post(PING, content=PING_BODY, headers=auth(server))
            assert answer.status_code == 200 and answer.json()["ok"]["echo"] == ["hi"]


@pytest.fixture
def tight(host: Host) -> Iterator[DaemonServer]:
    """A daemon with small caps and short deadlines."""
    limits = DaemonLimits(max_body_bytes=4096, head_timeout_seconds=0.5, body_timeout_seconds=0.5, max_connections=16)
    daemon = DaemonServer(host, limits=limits)
    daemon.serve_in_thread()
    yield daemon
    daemon.shutdown()
    daemon.server_close()


def chunked(body: bytes, size: int = 1000) -> bytes:
    pieces = [b"%x\r\n%s\r\n" % (len(body[i : i + size]), body[i : i + size]) for i in range(0, len(body), size)]
    return b"".join(pieces) + b"0\r\n\r\n"


def chunked_post(server: DaemonServer, body: bytes) -> bytes:
    head = (
        f"POST {PING} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {server.token}\r\nTransfer-Encoding: chunked\r\n\r\n"
    )
    return head.encode() + chunked(body)


def test_chunked_bodies_are_read_and_count_against_the_cap(tight: DaemonServer) -> None:
    (small,), _ = exchange(tight, chunked_post(tight, PING_BODY))
    assert small.status == 200 and small.json() == {"ok": {"echo": ["hi"], "count": 1}}
    big = json.dumps({"message": "x" * 10_000}).encode()
    (refused,), _ = exchange(tight, chunked_post(tight, big))
    assert refused.status == 413
    assert refused.json()["error"]["code"] == "payload_too_large"  # type: ignore[index]
    with httpx.Client(base_url=tight.endpoint.url, headers=auth(tight)) as client:  # httpx sends iterators chunked
        answer = client.post(PING, content=iter([big[:5000], big[5000:]]))
        assert answer.status_code == 413 and answer.json()["error"]["code"] == "payload_too_large"


def test_a_declared_body_over_the_cap_is_refused_before_it_is_sent(tight: DaemonServer) -> None:
    head = post(PING, b"", auth(tight)).replace(b"Content-Length: 0", b"Content-Length: 1000000")
    (refused,), closed = exchange(tight, head, answers=2, wait=3)
    assert refused.status == 413 and refused.headers["connection"] == "close" and closed


@pytest.mark.parametrize("length", ["-1", "1e3", "0x10", "12, 13"])
def test_a_malformed_content_length_is_a_json_400_not_a_hang(server: DaemonServer, length: str) -> None:
    started = time.monotonic()
    raw = post(PING, PING_BODY, auth(server)).replace(b"Content-Length: 17", f"Content-Length: {length}".encode())
    (answer,), closed = exchange(server, raw, answers=2, wait=3)
    assert answer.status == 400 and closed
    assert answer.json()["error"]["code"] == "invalid_input"  # type: ignore[index]
    assert time.monotonic() - started < 3


def test_a_half_sent_request_head_is_dropped_at_the_read_deadline(tight: DaemonServer) -> None:
    started = time.monotonic()
    answers, closed = exchange(tight, b"POST /v1/operations/query:core.ping.v1 HTTP/1.1\r\nHost: x\r\n", wait=5)
    assert closed and not answers
    assert time.monotonic() - started < 3  # head_timeout_seconds is 0.5


def test_a_trickled_head_is_dropped_too(tight: DaemonServer) -> None:
    """Each byte restarts uvicorn's keep-alive timer; the head deadline does not restart."""
    host, port = tight.endpoint.url.removeprefix("http://").rsplit(":", 1)
    started = time.monotonic()
    dropped = False
    with socket.create_connection((host, int(port)), timeout=5) as sock:
        sock.settimeout(0.05)  # one byte every 50 ms, 150 bytes at most
        for byte in b"POST /v1/operations/query:core.ping.v1 HTTP/1.1\r\nX-Padding: " + b"a" * 100:
            try:
                sock.sendall(bytes([byte]))
                dropped = sock.recv(1) == b""
            except TimeoutError:
                continue
            except OSError:
                dropped = True
            if dropped:
                break
    assert dropped
    assert time.monotonic() - started < 3  # head_timeout_seconds is 0.5


def test_a_half_sent_body_gets_a_408(tight: DaemonServer) -> None:
    started = time.monotonic()
    raw = post(PING, PING_BODY, auth(tight))
    (answer,), closed = exchange(tight, raw[:-5], answers=2, wait=3)
    assert answer.status == 408 and closed
    assert answer.json()["error"]["code"] == "timeout"  # type: ignore[index]
    assert time.monotonic() - started < 3


@pytest.mark.parametrize("value", ["not-a-uuid", "{12345678-1234-1234-1234-123456789abc}", "1" * 32, ""])
def test_a_malformed_library_header_is_a_documented_json_400(server: DaemonServer, value: str) -> None:
    with httpx.Client(base_url=server.endpoint.url, headers=auth(server)) as client:
        answer = client.post(
            "/v1/operations/query:vdfs.list_entries.v1", json={}, headers={"X-Spacedrive-Library": value}
        )
    assert answer.status_code == 400
    assert answer.json()["error"]["code"] == "invalid_input"
    documented = json.loads(OPENAPI.read_text())["paths"]["/v1/operations/query:vdfs.list_entries.v1"]["post"]
    assert "400" in documented["responses"]


@pytest.mark.parametrize("verb", ["GET", "PUT", "DELETE", "OPTIONS", "PATCH", "BREW"])
def test_other_http_methods_get_a_json_405_with_allow(server: DaemonServer, verb: str) -> None:
    with httpx.Client(base_url=server.endpoint.url, headers=auth(server)) as client:
        answer = client.request(verb, PING)
    assert answer.status_code == 405
    assert answer.headers["allow"] == "POST"
    assert answer.json()["error"]["code"] == "unknown_method"


def test_unknown_paths_and_a_missing_token_get_json(server: DaemonServer) -> None:
    with httpx.Client(base_url=server.endpoint.url) as client:
        assert client.get("/").json()["error"]["code"] == "permission_denied"  # the token is checked first
        missing = client.post("/elsewhere", headers=auth(server), content=b"{}")
        assert missing.status_code == 404 and missing.json()["error"]["code"] == "unknown_method"


def test_past_the_connection_cap_idle_connections_give_way(host: Host) -> None:
    """300 idle connections against a cap of 16: each newcomer evicts the longest-idle one."""
    limits = DaemonLimits(max_connections=16, head_timeout_seconds=60)  # no deadline helps here: the cap does
    daemon = DaemonServer(host, limits=limits)
    daemon.serve_in_thread()
    try:
        with idle_connections(daemon.endpoint, 300) as idle:
            answer, latency = timed_call(daemon.endpoint)
            time.sleep(0.2)
            still_open = sum(1 for sock in idle if not closed_by_peer(sock))
        assert still_open <= 16
        assert answer == {"ok": {"echo": ["busy?"], "count": 1}}
        assert latency < 2.0
    finally:
        daemon.shutdown()
        daemon.server_close()


@contextlib.contextmanager
def idle_connections(endpoint: Endpoint, count: int) -> Iterator[list[socket.socket]]:
    """Open `count` connections that never finish a request (every other one sends half a request head)."""
    host, port = endpoint.url.removeprefix("http://").rsplit(":", 1)
    idle: list[socket.socket] = []
    try:
        for i in range(count):
            sock = socket.create_connection((host, int(port)), timeout=5)
            if i % 2:
                sock.sendall(b"POST /v1/operations/query:core.ping.v1 HTTP/1.1\r\n")
            idle.append(sock)
        yield idle
    finally:
        for sock in idle:
            sock.close()


def closed_by_peer(sock: socket.socket) -> bool:
    sock.settimeout(0.001)
    try:
        return sock.recv(1) == b""
    except TimeoutError:
        return False
    except OSError:
        return True


def timed_call(endpoint: Endpoint) -> tuple[dict[str, object], float]:
    started = time.monotonic()
    answer = RpcClient(endpoint, timeout=10).call("query:core.ping.v1", {"message": "busy?"})
    return answer, time.monotonic() - started


def test_every_status_and_the_library_header_are_in_the_openapi_document() -> None:
    document = json.loads(OPENAPI.read_text())
    transport = {400, 401, 408, 413, 503}
    for path, item in document["paths"].items():
        operation = item["post"]
        statuses = {int(s) for s in operation["responses"]}
        assert statuses == {200} | transport | set(ERROR_HTTP_STATUS.values()), path
        for status, response in operation["responses"].items():
            assert "application/json" in response["content"], (path, status)
        spec = REGISTRY[path.removeprefix("/v1/operations/")]
        headers = [p for p in operation["parameters"] if p["in"] == "header"]
        if spec.scope == "library":
            (header,) = headers
            assert header["name"] == "X-Spacedrive-Library" and header["required"]
            assert header["schema"] == {"type": "string", "pattern": f"^{LIBRARY_PATTERN.pattern}$"}
        else:
            assert not headers


# -- a live `sdext serve` against generic tooling -------------------------------------------------------------------


@dataclass
class LiveDaemon:
    process: subprocess.Popen[bytes]
    endpoint: Endpoint
    library_id: str

    def cpu_seconds(self) -> float:
        """User + system CPU time of the daemon process so far (Linux /proc)."""
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def open_sockets(self) -> int:
        fds = Path(f"/proc/{self.process.pid}/fd")
        return sum(1 for fd in fds.iterdir() if os.readlink(fd).startswith("socket:"))

    def threads(self) -> int:
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        return int(next(line.split()[1] for line in status.splitlines() if line.startswith("Threads:")))


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveDaemon]:
    data_dir = tmp_path_factory.mktemp("live") / "daemon"
    env = dict(os.environ, SDEXT_DATA_DIR=str(data_dir))
    serve = subprocess.Popen(
        [sys.executable, "-m", "spacedrive_codegen.cli", "serve"], env=env, stdout=subprocess.DEVNULL
    )
    try:
        deadline = time.monotonic() + 60
        while not (data_dir / "daemon.json").exists():
            assert serve.poll() is None, "sdext serve exited"
            assert time.monotonic() < deadline, "sdext serve did not start"
            time.sleep(0.05)
        endpoint = Endpoint.read(data_dir)
        created = RpcClient(endpoint).call("action:libraries.create.input.v1", {"name": "Live"})
        yield LiveDaemon(serve, endpoint, created["ok"]["library"]["library_id"])
    finally:
        serve.terminate()
        serve.wait(timeout=30)


def venv_tool(name: str) -> str:
    """A console script installed next to this interpreter (the test extra's CLIs)."""
    return str(Path(sys.executable).parent / name)


def test_idle_connections_do_not_starve_an_authenticated_caller(live: LiveDaemon) -> None:
    """300 idle or half-sent connections against `sdext serve` with its default limits."""
    _, unloaded = timed_call(live.endpoint)
    sockets_before, threads_before = live.open_sockets(), live.threads()
    with idle_connections(live.endpoint, 300):
        cpu_before, wall_before = live.cpu_seconds(), time.monotonic()
        time.sleep(2)
        cpu_share = (live.cpu_seconds() - cpu_before) / (time.monotonic() - wall_before)
        sockets, threads = live.open_sockets() - sockets_before, live.threads() - threads_before
        answer, latency = timed_call(live.endpoint)
    print(
        f"\n300 idle connections: authenticated call answered in {latency * 1000:.1f} ms "
        f"(without them {unloaded * 1000:.1f} ms), daemon CPU while they were held {cpu_share:.1%}, "
        f"{sockets} of them kept open, {threads} more threads"
    )
    assert answer == {"ok": {"echo": ["busy?"], "count": 1}}
    assert latency < 2.0
    assert cpu_share < 0.25
    assert sockets <= DaemonLimits().max_connections  # the cap holds: the rest were closed, oldest first
    assert threads <= 0  # connections cost no thread


# Operations left out of fuzzing: they reach the network (http.request to generated URLs; credentials.get
# refreshes OAuth2 tokens at the token endpoint a generated credential names). Tests never leave loopback.
FUZZ_EXCLUDED = ("http_request_v1", "credentials_get_v1")

SCHEMATHESIS_CONFIG = """
[parameters]
"header.X-Spacedrive-Library" = "{library_id}"

# Schema-valid input may still break a rule the schema subset cannot express (docs/schema-subset.md has no
# oneOf): "labels or fields, not both", a credential kind's own field, an OCR language that is not installed,
# control characters in a library name. Those are 422 invalid_input (docs/daemon.md); everything else is the
# default expectation.
[checks.positive_data_acceptance]
expected-statuses = ["2xx", "3xx", "401", "403", "404", "409", "422", "429", "5xx"]
"""


def test_schemathesis_finds_no_failure_against_the_live_daemon(live: LiveDaemon, tmp_path: Path) -> None:
    """Every check, positive and negative data, bounded in examples per operation and in total time."""
    config = tmp_path / "schemathesis.toml"
    config.write_text(SCHEMATHESIS_CONFIG.format(library_id=live.library_id))
    report = tmp_path / "report.json"
    excluded = [arg for op in FUZZ_EXCLUDED for arg in ("--exclude-operation-id", op)]
    command = [
        venv_tool("schemathesis"), "--config-file", str(config), "run", str(OPENAPI), "--url", live.endpoint.url,
        "-H", f"Authorization: Bearer {live.endpoint.token}", "--checks", "all", "--mode", "all",
        "--max-examples", "10", "--max-time", "60", "--workers", "1", "--seed", "7", "--request-timeout", "20",
        "--report", "json", "--report-json-path", str(report), *excluded,
    ]  # fmt: skip
    run = subprocess.run(command, capture_output=True, text=True, timeout=240, check=False, cwd=tmp_path)
    summary = json.loads(report.read_text())
    cases = summary["test_cases"]
    print(f"\nschemathesis: {cases['generated']} cases, {cases['with_failures']} with failures, "
          f"{cases['errored']} errored, {summary['operations']['tested']} operations")  # fmt: skip
    assert summary["operations"]["tested"] == len(REGISTRY) - len(FUZZ_EXCLUDED)
    assert cases["generated"] > 100
    assert run.returncode == 0, run.stdout[-6000:]
    assert cases["with_failures"] == 0 and cases["errored"] == 0


def test_a_generated_python_client_calls_every_library_scoped_operation(live: LiveDaemon, tmp_path: Path) -> None:
    """openapi-python-client generates a client from generated/docs/openapi.json; it sends the library header."""
    import importlib

    from spacedrive_codegen.parser import parse_schema_dir

    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}")
    command = [venv_tool("openapi-python-client"), "generate", "--path", str(OPENAPI), "--meta", "none"]
    command += ["--output-path", str(tmp_path / "sdclient"), "--fail-on-warning"]
    generated = subprocess.run(command, capture_output=True, text=True, env=env, timeout=180, check=False)
    assert generated.returncode == 0, generated.stdout + generated.stderr
    sys.path.insert(0, str(tmp_path))
    try:
        sdclient = importlib.import_module("sdclient")
        models = importlib.import_module("sdclient.models")
        client = sdclient.AuthenticatedClient(base_url=live.endpoint.url, token=live.endpoint.token)
        scoped = [op for op in parse_schema_dir(ROOT / "schema").operations if op.scope == "library"]
        assert len(scoped) >= 11  # every library-scoped operation, search_similar included
        with client:
            for op in scoped:
                module = importlib.import_module(f"sdclient.api.{op.domain}.{op.constant.lower()}")
                body = getattr(models, op.input.name).from_dict(op.examples[0].input)
                answer = module.sync_detailed(client=client, body=body, x_spacedrive_library=live.library_id)
                assert answer.status_code in (200, 404), (op.method, answer.content)
                assert answer.parsed is not None
                if answer.status_code == 404:  # the example names an entry or job of another library
                    assert answer.parsed.error.code.value in ("not_found",), answer.content
            create = importlib.import_module("sdclient.api.vdfs.vdfs_create_entry_v1")
            body = models.CreateEntryInput(name="via client", path="c/1", entry_type="note")
            created = create.sync(client=client, body=body, x_spacedrive_library=live.library_id)
            get = importlib.import_module("sdclient.api.vdfs.vdfs_get_entry_v1")
            entry = get.sync(
                client=client,
                body=models.GetEntryInput(entry_id=created.ok.entry_id),
                x_spacedrive_library=live.library_id,
            )
            assert entry.ok.entry.name == "via client"
    finally:
        sys.path.remove(str(tmp_path))
        for name in [m for m in sys.modules if m == "sdclient" or m.startswith("sdclient.")]:
            del sys.modules[name]


def test_when_every_connection_is_busy_a_newcomer_gets_a_json_503(host: Host) -> None:
    limits = DaemonLimits(max_connections=1, body_timeout_seconds=5)
    daemon = DaemonServer(host, limits=limits)
    daemon.serve_in_thread()
    try:
        host_, port = daemon.endpoint.url.removeprefix("http://").rsplit(":", 1)
        with socket.create_connection((host_, int(port)), timeout=5) as busy:
            busy.sendall(post(PING, PING_BODY, auth(daemon))[:-5])  # the app is reading its body: not idle
            time.sleep(0.3)
            (answer,), closed = exchange(daemon, post(PING, PING_BODY, auth(daemon)), answers=2, wait=3)
            assert answer.status == 503 and closed
            assert answer.headers["retry-after"] == "1"
            assert answer.json()["error"]["code"] == "resource_exhausted"  # type: ignore[index]
            busy.sendall(post(PING, PING_BODY, auth(daemon))[-5:])
            assert b" 200 OK" in busy.recv(4096)  # the busy caller was left alone
    finally:
        daemon.shutdown()
        daemon.server_close()


def test_a_broken_body_after_an_early_refusal_just_closes(server: DaemonServer) -> None:
    head = f"POST {PING} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer wrong\r\nTransfer-Encoding: chunked\r\n\r\n"
    answers, closed = exchange(server, head.encode(), b"5\r\nhello\r\nZZ\r\n", answers=2, wait=3, pause=0.3)
    assert [a.status for a in answers] == [401] and closed
    answers, closed = exchange(server, head.encode() + b"5\r\nhello\r\nZZ\r\n", answers=2, wait=3)  # at once
    assert [a.status for a in answers] == [400] and closed
    assert RpcClient(server.endpoint).call("query:core.ping.v1", {"message": "still"})["ok"]["echo"] == ["still"]


def test_the_endpoint_file_is_replaced_whole(tmp_path: Path) -> None:
    Endpoint("http://127.0.0.1:1", "old").write(tmp_path)
    path = Endpoint("http://127.0.0.1:2", "new").write(tmp_path)
    assert Endpoint.read(tmp_path) == Endpoint("http://127.0.0.1:2", "new")
    assert path.stat().st_mode & 0o777 == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["daemon.json"]  # no temporary file left behind
