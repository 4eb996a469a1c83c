"""Latency of one proxied HTTP request on loopback against a direct one, measured in the same run.

    python benchmarks/bench_http_proxy.py [--rounds N]

Every variant opens a fresh connection per request (the proxy never reuses connections), to
the same threaded stdlib server on 127.0.0.1 answering 5 bytes:
- direct:           http.client from Python, no checks (the baseline)
- egress:           HttpEgress.send (URL, allow-list, address policy, pinned connect, watchdog)
- host.call:        the daemon path: JSON in, router, validation, handler, JSON out
- guest:            a Rust guest's typed `http_request` through `spacedrive_call`
Rounds interleave the variants so that load drift hits them alike. Prints medians and p90s.
"""

from __future__ import annotations

import argparse
import http.client
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from spacedrive_codegen import toolchain  # noqa: E402
from spacedrive_host.app.host import Host  # noqa: E402
from spacedrive_host.core.config import HostConfig, HttpConfig  # noqa: E402
from spacedrive_host.services.http.messages import EgressRequest  # noqa: E402
from support.netservers import Reply, Route, serving  # noqa: E402


def guest_wasm() -> Path:
    tools = toolchain.provision(state_dir=ROOT / "build" / "toolchain")
    built = toolchain.build(
        ROOT / "tests" / "guests" / "Cargo.toml", toolchain=tools, target_dir=ROOT / "build" / "wasm-target"
    )
    return next(p for p in built if p.stem == "guest_e2e")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=300)
    rounds = parser.parse_args().rounds
    wasm = guest_wasm()
    routes: dict[str, Route] = {"/hello": lambda h, s: Reply(200, b"hello")}
    config = HostConfig(http=HttpConfig(allow_networks=("127.0.0.1/32",), hosts={"api.test": ("127.0.0.1",)}))
    with serving(routes) as server, tempfile.TemporaryDirectory() as tmp, Host(Path(tmp) / "data", config) as host:
        ext_dir = Path(tmp) / "ext"
        ext_dir.mkdir()
        (ext_dir / "e2e.wasm").write_bytes(wasm.read_bytes())
        manifest = {
            "id": "bench", "name": "Bench", "version": "0.1.0", "wasm": "e2e.wasm",
            "permissions": {"methods": ["http.*"], "allowed_domains": ["api.test"]},
        }  # fmt: skip
        (ext_dir / "manifest.json").write_text(json.dumps(manifest))
        extension = host.load_extension(ext_dir)
        url = server.url("api.test", "/hello")

        def direct() -> None:
            conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
            conn.request("GET", "/hello", headers={"Host": f"api.test:{server.port}"})
            assert conn.getresponse().read() == b"hello"
            conn.close()

        def egress() -> None:
            response = host.services.http.send(EgressRequest(url=url, timeout=5), lambda _: True)
            assert response.body == b"hello"

        payload = json.dumps({"url": url}).encode()

        def daemon() -> None:
            assert b'"status":200' in host.execute_json_operation("query:http.request.v1", None, payload)

        step = json.dumps({"call": "http_request", "library_id": None, "args": {"input": {"url": url}}}).encode()

        def guest() -> None:
            assert b'"status":200' in extension.call_json("run_step", step)

        variants: dict[str, Callable[[], None]] = {
            "direct": direct,
            "egress": egress,
            "host.call": daemon,
            "guest": guest,
        }
        samples: dict[str, list[float]] = {name: [] for name in variants}
        for fn in variants.values():  # warm-up
            for _ in range(20):
                fn()
        for _ in range(rounds):
            for name, fn in variants.items():
                started = time.perf_counter()
                fn()
                samples[name].append((time.perf_counter() - started) * 1e6)
    base = statistics.median(samples["direct"])
    print(f"one GET of 5 bytes on loopback, fresh connection each, {rounds} rounds (microseconds)")
    print(f"{'variant':<10} {'median':>9} {'p90':>9} {'x direct':>9}")
    for name, values in samples.items():
        median = statistics.median(values)
        p90 = statistics.quantiles(values, n=10)[-1]
        print(f"{name:<10} {median:9.0f} {p90:9.0f} {median / base:9.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
