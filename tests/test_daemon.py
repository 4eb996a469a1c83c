"""Daemon RPC: `sdext serve` exposes the same registry to local clients; `sdext call` is its client."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from spacedrive_host.daemon import DaemonServer, Endpoint, RpcClient, RpcError
from spacedrive_host.host import Host
from spacedrive_host.library import Library


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
    command = [sys.executable, "-m", "spacedrive_host.cli", *args]
    return subprocess.run(command, capture_output=True, text=True, env=env, timeout=60, check=False)


def test_sdext_serve_and_call_as_real_processes(tmp_path: Path) -> None:
    data_dir = tmp_path / "daemon"
    env = dict(os.environ, SDEXT_DATA_DIR=str(data_dir))
    serve = subprocess.Popen(
        [sys.executable, "-m", "spacedrive_host.cli", "serve"], env=env, stdout=subprocess.PIPE, text=True
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
    from helpers import ROOT
    from openapi_spec_validator import validate
    from spacedrive_wire.operations import REGISTRY

    document = json.loads((ROOT / "generated" / "docs" / "openapi.json").read_text())
    validate(document)
    assert {path.removeprefix("/v1/operations/") for path in document["paths"]} == set(REGISTRY)
