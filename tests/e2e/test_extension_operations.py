"""Extension operations (`ext:<extension>.<name>.v<N>`, docs/extension-operations.md): the checker
and the generated Rust module, host validation in both directions with hostile input, the
guest refusal, the daemon RPC and `sdext call`, and the Finance extension's operations end to end."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from spacedrive_codegen.cli import main
from spacedrive_codegen.extension_ops import generate_extension, parse_extension_operations
from spacedrive_codegen.parser import SchemaError
from spacedrive_host.app.daemon import DaemonServer
from spacedrive_host.app.host import Host
from spacedrive_host.app.rpc_client import RpcClient
from spacedrive_host.core.errors import ExtensionError
from support.echo_operations import ECHO, echo_operation, write_operations
from support.helpers import MakeExtension
from support.wat_guests import answer_segment, guest, wat_bytes

ROOT = Path(__file__).resolve().parents[2]
FINANCE = ROOT / "extensions" / "finance"


@pytest.fixture
def echo_dir(make_extension: MakeExtension, rustfmt: Path) -> Path:
    """The echo extension with its operation compiled (codegen formats the Rust module with rustfmt)."""
    wasm = guest(ECHO, pages=80)
    directory = make_extension(wasm, ext_id="echo", limits={"request_bytes": 4096})
    write_operations(directory, **{"echo.v1.json": echo_operation()})
    generate_extension(directory)
    return directory


def envelope(host: Host, method: str, payload: bytes | str) -> dict[str, Any]:
    raw = payload.encode() if isinstance(payload, str) else payload
    result: dict[str, Any] = json.loads(host.execute_json_operation(method, None, raw))
    return result


# -- the checker and the generated module --------------------------------------------------------
@pytest.mark.usefixtures("rustfmt")
def test_finance_operations_parse_and_the_generated_module_is_fresh() -> None:
    api = parse_extension_operations(FINANCE)
    assert [op.method for op in api.operations] == [
        "ext:finance.connect_gmail.v1",
        "ext:finance.fetch_gmail.v1",
        "ext:finance.import_mailbox.v1",
        "ext:finance.process_email.v1",
        "ext:finance.process_entry.v1",
        "ext:finance.summary.v1",
    ]
    state = generate_extension(FINANCE, check_only=True)
    assert not state.stale, f"run `sdext codegen --extension extensions/finance`: {state.stale}"
    assert "pub struct ProcessEmailInput" in state.expected and "impl Operation for SummaryV1" in state.expected


def test_the_extension_openapi_document_is_valid_and_lists_every_operation() -> None:
    from openapi_spec_validator import validate

    document = json.loads((FINANCE / "openapi.json").read_text())
    validate(document)
    paths = document["paths"]
    assert sorted(paths) == [f"/v1/operations/{op.method}" for op in parse_extension_operations(FINANCE).operations]
    responses = paths["/v1/operations/ext:finance.process_email.v1"]["post"]["responses"]
    assert {"200", "400", "401", "404", "413", "422", "502"} <= set(responses)
    assert "finance.no_receipt" in responses["422"]["description"]
    schema = document["components"]["schemas"]["finance.ProcessEmailInput"]
    assert schema["properties"]["email_base64"]["anyOf"][0]["contentEncoding"] == "base64"


def test_the_checker_reports_every_problem_with_file_and_pointer(tmp_path: Path) -> None:
    (tmp_path / "manifest.json").write_text(json.dumps({"id": "echo"}))
    bad_method = echo_operation(method="ext:other.echo.v1")
    reserved = echo_operation(method="ext:echo.alloc.v1", export="wasm_alloc")
    unknown_code = echo_operation(method="ext:echo.codes.v1", errors={"finance.oops": "no"})
    outside = echo_operation(method="ext:echo.outside.v1", input={"title": "X", "type": "object", "oneOf": []})
    write_operations(
        tmp_path,
        **{
            "echo.v1.json": bad_method,
            "alloc.v1.json": reserved,
            "codes.v1.json": unknown_code,
            "outside.v1.json": outside,
            "Bad-Name.json": echo_operation(),
            "x" * 65 + ".v1.json": echo_operation(),
        },
    )
    with pytest.raises(SchemaError) as caught:
        parse_extension_operations(tmp_path)
    text = str(caught.value)
    assert "operations/echo.v1.json#/method: must be 'ext:echo.echo.v1'" in text
    assert "operations/alloc.v1.json#/export" in text
    assert "operations/codes.v1.json#/errors/finance.oops" in text
    assert "operations/outside.v1.json#/input" in text and "oneOf" in text
    assert "operations/Bad-Name.json" in text and "<name>.v<N>.json" in text
    assert f"operations/{'x' * 65}.v1.json" in text  # names are capped, so every method fits the ABI's 256 bytes


@pytest.mark.usefixtures("rustfmt")
def test_cli_codegen_extension_writes_then_checks(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "manifest.json").write_text(json.dumps({"id": "echo"}))
    write_operations(tmp_path, **{"echo.v1.json": echo_operation()})
    assert main(["codegen", "--extension", str(tmp_path), "--check"]) == 1
    assert main(["codegen", "--extension", str(tmp_path)]) == 0
    assert main(["codegen", "--extension", str(tmp_path), "--check"]) == 0
    assert json.loads((tmp_path / "openapi.json").read_text())["paths"]
    assert json.loads((tmp_path / "operations.compiled.json").read_text())["extension"] == "echo"
    module = (tmp_path / "src" / "operations.rs").read_text()
    assert 'const METHOD: &\'static str = "ext:echo.echo.v1";' in module
    assert "/// `a`: first" in module and "pub n: i64," in module


def test_sdext_build_regenerates_the_module_first_and_stops_on_a_bad_schema(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "manifest.json").write_text(json.dumps({"id": "echo"}))
    write_operations(tmp_path, **{"echo.v1.json": echo_operation(method="ext:echo.wrong.v1")})
    assert main(["build", str(tmp_path)]) == 2  # before cargo runs: there is no crate here at all
    assert "operations/echo.v1.json#/method" in capsys.readouterr().err
    assert not (tmp_path / "src" / "operations.rs").exists() and not (tmp_path / "openapi.json").exists()


# -- the host: validation both ways ---------------------------------------------------------------


def test_a_valid_call_is_answered_with_the_validated_output(host: Host, echo_dir: Path) -> None:
    host.load_extension(echo_dir)
    assert host.extension_operations.methods() == ["ext:echo.echo.v1"]
    assert envelope(host, "ext:echo.echo.v1", '{"n": 3, "tags": ["a"]}') == {"ok": {"n": 3, "tags": ["a"]}}
    awkward = {"n": 1, "json": True, "model_config": 7}
    assert envelope(host, "ext:echo.echo.v1", json.dumps(awkward)) == {"ok": awkward}


@pytest.mark.parametrize(
    ("payload", "loc"),
    [
        ('{"n": "3"}', ["n"]),  # wrong type
        ('{"n": 1.0}', ["n"]),  # integers are strict
        ('{"n": true}', ["n"]),
        ('{"n": -1}', ["n"]),  # constraint
        ('{"n": 1, "extra": 1}', ["extra"]),  # unknown field
        ('{"n": 1, "tags": ["c"]}', ["tags", "0"]),  # not an enum value
        ('{"n": 1, "tags": ["a", "a", "a", "a"]}', ["tags"]),  # maxItems
        ('{"n": 1, "note": null}', ["note"]),  # optional is not nullable... but None is accepted as absent
        ("[]", []),
    ],
)
def test_hostile_input_is_invalid_input_naming_the_field(
    host: Host, echo_dir: Path, payload: str, loc: list[str]
) -> None:
    host.load_extension(echo_dir)
    answer = envelope(host, "ext:echo.echo.v1", payload)
    if loc == ["note"]:  # the host's own operations read an explicit null as absent too (docs/daemon.md)
        assert answer == {"ok": {"n": 1}}
        return
    assert answer["error"]["code"] == "invalid_input", answer
    assert loc in [d["loc"] for d in answer["error"]["details"]]


@pytest.mark.parametrize("payload", ['{"n": NaN}', '{"n": 1', "\xff", '{"n": Infinity}'])
def test_not_json_is_invalid_json(host: Host, echo_dir: Path, payload: str) -> None:
    host.load_extension(echo_dir)
    assert envelope(host, "ext:echo.echo.v1", payload.encode("utf-8", "surrogateescape"))["error"]["code"] == (
        "invalid_json"
    )


def test_an_oversized_payload_never_reaches_the_guest(host: Host, echo_dir: Path) -> None:
    extension = host.load_extension(echo_dir)
    calls = extension.status.failures
    payload = json.dumps({"n": 1, "note": "x" * 5000})
    answer = envelope(host, "ext:echo.echo.v1", payload)
    assert answer["error"]["code"] == "payload_too_large"
    assert answer["error"]["details"] == {"limit": 4096, "size": len(payload)}
    assert extension.status.failures == calls


def test_an_output_off_the_schema_is_bad_answer(host: Host, echo_dir: Path) -> None:
    host.load_extension(echo_dir)
    answer = envelope(host, "ext:echo.echo.v1", '{"n": 50}')  # valid input; the output allows at most 10
    assert answer["error"]["code"] == "bad_answer"
    assert answer["error"]["details"][0]["loc"] == ["n"]


@pytest.mark.parametrize(
    "answer", [b' { "ok" : {"n": 50}} ', b'{"\\u006fk": {"n": 50}}', b'{"ok": {"n": 5, "extra": true}}']
)
@pytest.mark.usefixtures("rustfmt")
def test_no_spelling_of_an_ok_answer_escapes_the_output_check(
    host: Host, make_extension: MakeExtension, answer: bytes
) -> None:
    body = f'(func (export "fixed") (param i32 i32) (result i32) (i32.const 1024)) {answer_segment(1024, answer)}'
    directory = make_extension(guest(body), ext_id="echo")
    write_operations(directory, **{"echo.v1.json": echo_operation(export="fixed")})
    generate_extension(directory)
    host.load_extension(directory)
    assert envelope(host, "ext:echo.echo.v1", '{"n": 1}')["error"]["code"] == "bad_answer"


def test_unknown_methods(host: Host, echo_dir: Path) -> None:
    host.load_extension(echo_dir)
    for method in ("ext:echo.nope.v1", "ext:echo.echo.v2", "ext:nobody.echo.v1", "ext:" + "e" * 300):
        assert envelope(host, method, "{}")["error"]["code"] == "unknown_method"


def test_a_guest_may_not_call_an_extension_operation(host: Host, make_extension: MakeExtension, echo_dir: Path) -> None:
    host.load_extension(echo_dir)
    method = b"ext:echo.echo.v1"
    payload = b'{"n": 1}'
    data = f'(data (i32.const 256) "{wat_bytes(method)}") (data (i32.const 512) "{wat_bytes(payload)}")'
    caller = host.load_extension(make_extension(guest(data=data), ext_id="caller", permissions={"methods": ["*"]}))
    answer = caller.read_answer(caller.call_raw("forward", 256, len(method), 0, 512, len(payload)))
    error = json.loads(answer)["error"]
    assert error["code"] == "permission_denied" and "daemon RPC and the host only" in error["message"]


@pytest.mark.usefixtures("rustfmt")
def test_load_refuses_a_missing_export_a_callback_export_and_a_stale_or_missing_bundle(
    host: Host, make_extension: MakeExtension
) -> None:
    wasm = guest(ECHO, pages=80)
    missing = make_extension(wasm, ext_id="echo")
    write_operations(missing, **{"echo.v1.json": echo_operation(export="absent")})
    generate_extension(missing)
    with pytest.raises(ExtensionError) as caught:
        host.load_extension(missing)
    assert caught.value.code == "missing_export" and "ext:echo.echo.v1" in caught.value.message
    assert "echo" not in host.extensions
    callback = make_extension(wasm, ext_id="echo", events={"entry.created": "on_event"})
    write_operations(callback, **{"echo.v1.json": echo_operation(export="on_event")})
    with pytest.raises(SchemaError, match=r"operations/echo\.v1\.json#/export"):  # codegen refuses it
        generate_extension(callback)
    plain = make_extension(wasm, ext_id="echo")  # compiled without the subscription, then subscribed
    write_operations(plain, **{"echo.v1.json": echo_operation(export="on_event")})
    generate_extension(plain)
    shutil.copy(plain / "operations.compiled.json", callback / "operations.compiled.json")
    with pytest.raises(ExtensionError) as caught:
        host.load_extension(callback)
    assert caught.value.code == "manifest_invalid" and "event callback" in caught.value.message
    uncompiled = make_extension(wasm, ext_id="echo")
    write_operations(uncompiled, **{"echo.v1.json": echo_operation()})
    with pytest.raises(ExtensionError, match=r"operations/ has no operations\.compiled\.json"):
        host.load_extension(uncompiled)
    generate_extension(uncompiled)
    write_operations(uncompiled, **{"echo.v1.json": echo_operation(summary="Edited after codegen.")})
    with pytest.raises(ExtensionError, match=r"changed since operations\.compiled\.json was compiled"):
        host.load_extension(uncompiled)


def test_a_reload_with_a_broken_operation_keeps_the_old_version(host: Host, echo_dir: Path) -> None:
    extension = host.load_extension(echo_dir)
    write_operations(echo_dir, **{"echo.v1.json": echo_operation(export="absent")})
    with pytest.raises(ExtensionError, match="changed since"):  # not compiled yet: stale
        extension.reload()
    generate_extension(echo_dir)
    with pytest.raises(ExtensionError, match="`absent`, which is not exported"):
        extension.reload()
    assert envelope(host, "ext:echo.echo.v1", '{"n": 2}') == {"ok": {"n": 2}}
    (echo_dir / "operations" / "echo.v1.json").unlink()
    write_operations(echo_dir, **{"again.v2.json": echo_operation(method="ext:echo.again.v2", export="echo")})
    generate_extension(echo_dir)
    extension.reload()
    assert host.extension_operations.methods() == ["ext:echo.again.v2"]


def test_sdext_run_checks_an_export_that_serves_an_operation(
    echo_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["run", str(echo_dir), "--export", "echo", "--json", '{"n": 2}']) == 0
    assert "echo serves ext:echo.echo.v1" in capsys.readouterr().out
    assert main(["run", str(echo_dir), "--export", "echo", "--json", '{"n": "2"}']) == 1
    assert '"invalid_input"' in capsys.readouterr().out
    assert main(["run", str(echo_dir), "--export", "echo", "--json", '{"n": 20}']) == 1  # the output allows 10
    assert '"bad_answer"' in capsys.readouterr().out


# -- the daemon RPC and `sdext call` -----------------------------------------------------------------


@pytest.fixture
def daemon(host: Host, echo_dir: Path) -> Iterator[DaemonServer]:
    host.load_extension(echo_dir)
    server = DaemonServer(host)
    server.serve_in_thread()
    yield server
    server.shutdown()
    server.server_close()


def test_the_daemon_serves_extension_operations_with_the_statuses_of_their_codes(daemon: DaemonServer) -> None:
    client = RpcClient(daemon.endpoint)
    assert client.call("ext:echo.echo.v1", {"n": 4}) == {"ok": {"n": 4}}
    assert client.call("ext:echo.echo.v1", {"n": "4"})["error"]["code"] == "invalid_input"
    assert client.call("ext:echo.echo.v1", {"n": 40})["error"]["code"] == "bad_answer"
    assert client.call("ext:echo.echo.v1", {"n": 1, "note": "x" * 5000})["error"]["code"] == "payload_too_large"
    import urllib.request

    request = urllib.request.Request(
        daemon.endpoint.url + "/v1/operations/ext:echo.echo.v1",
        data=b'{"n": "4"}',
        method="POST",
        headers={"Authorization": f"Bearer {daemon.endpoint.token}"},
    )
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with pytest.raises(urllib.error.HTTPError) as caught:
        opener.open(request, timeout=10)
    assert caught.value.code == 422


def test_sdext_call_calls_an_extension_operation(
    daemon: DaemonServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data_dir = tmp_path / "endpoint"
    data_dir.mkdir()
    daemon.endpoint.write(data_dir)
    assert main(["call", "ext:echo.echo.v1", "--json", '{"n": 5}', "--data-dir", str(data_dir)]) == 0
    assert json.loads(capsys.readouterr().out) == {"ok": {"n": 5}}
    assert main(["call", "ext:echo.echo.v1", "--json", '{"n": 5, "x": 1}', "--data-dir", str(data_dir)]) == 1
    assert json.loads(capsys.readouterr().out)["error"]["code"] == "invalid_input"


# -- Finance end to end ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def finance_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from spacedrive_codegen import toolchain

    tools = toolchain.provision(state_dir=ROOT / "build" / "toolchain")
    (wasm,) = toolchain.build(
        ROOT / "extensions" / "Cargo.toml",
        toolchain=tools,
        target_dir=ROOT / "build" / "wasm-target",
        packages=["finance"],
    )
    directory = tmp_path_factory.mktemp("finance-ops")
    shutil.copy(FINANCE / "manifest.json", directory / "manifest.json")
    shutil.copy(wasm, directory / "finance.wasm")
    shutil.copytree(FINANCE / "operations", directory / "operations")
    shutil.copy(FINANCE / "operations.compiled.json", directory / "operations.compiled.json")
    return directory


def test_finance_operations_through_the_daemon(host: Host, finance_dir: Path) -> None:
    host.load_extension(finance_dir)
    library = host.create_library("Receipts")
    server = DaemonServer(host)
    server.serve_in_thread()
    try:
        client = RpcClient(server.endpoint)
        email = (FINANCE / "samples" / "receipt.eml").read_text()
        stored = client.call("ext:finance.process_email.v1", {"library_id": str(library.id), "email": email})
        assert stored["ok"]["duplicate"] is False, stored
        again = client.call("ext:finance.process_email.v1", {"library_id": str(library.id), "email": email})
        assert again["ok"] == stored["ok"] | {"duplicate": True} or again["ok"]["duplicate"] is True
        summary = client.call("ext:finance.summary.v1", {"library_id": str(library.id)})["ok"]
        assert summary["receipts"] == 1 and sum(row["count"] for row in summary["by_currency"]) <= 1
        hostile = [
            {"library_id": "not-a-uuid"},
            {"library_id": str(library.id), "email": 42},
            {"library_id": str(library.id), "email": "x", "cc": "extra"},
            {"library_id": str(library.id), "email_base64": "not base64!"},
        ]
        for payload in hostile:
            answer = client.call("ext:finance.process_email.v1", payload)
            assert answer["error"]["code"] == "invalid_input", (payload, answer)
        too_many = client.call("ext:finance.fetch_gmail.v1", {"library_id": str(library.id), "max_messages": 0})
        assert too_many["error"]["details"][0]["loc"] == ["max_messages"]
        none = client.call(
            "ext:finance.process_email.v1", {"library_id": str(library.id), "email": "Subject: hi\r\n\r\nhello"}
        )
        assert none["error"]["code"] == "invalid_input" and none["error"]["details"]["code"] == "finance.no_receipt"
        huge = {"library_id": str(library.id), "email": "x" * (host.extensions["finance"].limits.request_bytes + 1)}
        assert client.call("ext:finance.process_email.v1", huge)["error"]["code"] == "payload_too_large"
    finally:
        server.shutdown()
        server.server_close()
