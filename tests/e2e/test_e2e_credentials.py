"""End to end: credentials stored, read, refreshed and deleted from the Rust guest, encrypted in
a real SQLite file, refreshed against a real OAuth2 token endpoint served over TLS on loopback."""

from __future__ import annotations

import base64
import json
import logging
import os
import sqlite3
import stat
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail
from spacedrive_host.app.host import Host
from spacedrive_host.core.config import CredentialsConfig, HostConfig, HttpConfig
from spacedrive_host.runtime.extension import Extension
from spacedrive_host.services.credentials.vault import CredentialVault, VaultError
from spacedrive_host.services.credentials.vault_key import KEY_FILE, load_key, system_keyring
from support.helpers import MakeExtension, run_step
from support.netservers import Handler, LoopbackServer, Reply, Seen, TestCA, serving

CLIENT_ID = "client-7"
CLIENT_SECRET = "client-secret-S3CR3T-c"
REFRESH_TOKEN = "refresh-S3CR3T-r0"
ACCESS_TOKEN = "access-S3CR3T-a0"
API_KEY = "apikey-S3CR3T-k"
PASSWORD = "password-S3CR3T-p"
SECRETS = (CLIENT_SECRET, REFRESH_TOKEN, ACCESS_TOKEN, API_KEY, PASSWORD)

PERMISSIONS = {"permissions": {"methods": ["credentials.*", "http.*"], "allowed_domains": ["auth.test", "api.test"]}}


class TokenEndpoint:
    """An OAuth2 token endpoint (RFC 6749 section 6): checks the grant and the client's Basic auth,
    counts requests, issues `access-<n>`; optionally slow, rotating or failing."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.count = 0
        self.refresh_token = REFRESH_TOKEN
        self.delay = 0.0
        self.rotate = False
        self.failure: tuple[int, dict[str, Any]] | None = None
        self.issued: list[str] = []

    def route(self, handler: Handler, seen: Seen) -> Reply:
        with self.lock:
            self.count += 1
            number = self.count
        if self.delay:
            handler.server.stop.wait(self.delay)
        form = parse_qs(seen.body.decode())
        basic = base64.b64encode(f"{CLIENT_ID}:{CLIENT_SECRET}".encode()).decode()
        problem = None
        if seen.method != "POST" or seen.headers.get("content-type") != "application/x-www-form-urlencoded":
            problem = "invalid_request"
        elif seen.headers.get("authorization") != f"Basic {basic}":
            problem = "invalid_client"
        elif form.get("grant_type") != ["refresh_token"]:
            problem = "unsupported_grant_type"
        elif form.get("refresh_token") != [self.refresh_token]:
            problem = "invalid_grant"
        if problem:
            return Reply(400, json.dumps({"error": problem}).encode(), [("Content-Type", "application/json")])
        if self.failure is not None:
            return Reply(self.failure[0], json.dumps(self.failure[1]).encode(), [("Content-Type", "application/json")])
        token = f"access-{number}"
        body: dict[str, Any] = {"access_token": token, "token_type": "Bearer", "expires_in": 3600, "scope": "read"}
        if self.rotate:
            self.refresh_token = body["refresh_token"] = f"refresh-{number}"
        with self.lock:
            self.issued.append(token)
        return Reply(200, json.dumps(body).encode(), [("Content-Type", "application/json")])

    def api(self, handler: Handler, seen: Seen) -> Reply:
        """A protected API: 200 only for the latest issued token."""
        with self.lock:
            latest = self.issued[-1] if self.issued else None
        if latest is None or seen.headers.get("authorization") != f"Bearer {latest}":
            return Reply(401, b"unauthorised")
        return Reply(200, b'{"user":"ada"}', [("Content-Type", "application/json")])


@pytest.fixture
def endpoint() -> TokenEndpoint:
    return TokenEndpoint()


@pytest.fixture
def ca(tmp_path: Path) -> TestCA:
    directory = tmp_path / "ca"
    directory.mkdir()
    return TestCA(directory)


@pytest.fixture
def tls_server(ca: TestCA, endpoint: TokenEndpoint) -> Iterator[LoopbackServer]:
    routes: dict[str, Any] = {"/token": endpoint.route, "/me": endpoint.api}
    with serving(routes, tls=ca.server_context(["auth.test", "api.test"])) as server:
        yield server


def host_config(ca: TestCA) -> HostConfig:
    return HostConfig(
        http=HttpConfig(
            allow_networks=("127.0.0.1/32",),
            hosts={"auth.test": ("127.0.0.1",), "api.test": ("127.0.0.1",)},
            ca_file=str(ca.ca_file),
        ),
        credentials=CredentialsConfig(key_source="file"),
    )


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def cred_host(data_dir: Path, ca: TestCA) -> Iterator[Host]:
    with Host(data_dir, host_config(ca)) as host:
        yield host


@pytest.fixture
def guest(cred_host: Host, guest_wasm: dict[str, Path], make_extension: MakeExtension) -> Extension:
    return cred_host.load_extension(make_extension(guest_wasm["e2e"], ext_id="creds", **PERMISSIONS))


def oauth2(server: LoopbackServer, **overrides: Any) -> dict[str, Any]:
    fields = {
        "access_token": ACCESS_TOKEN,
        "refresh_token": REFRESH_TOKEN,
        "expires_in": 0,
        "token_endpoint": server.url("auth.test", "/token", scheme="https"),
        "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET,
    }
    return {k: v for k, v in (fields | overrides).items() if v is not None}


def get_as(host: Host, extension: Extension, credential_id: str, **fields: Any) -> dict[str, Any]:
    """`credentials.get` in the extension's scope straight through the router (for threads)."""
    payload = json.dumps({"credential_id": credential_id, **fields}).encode()
    answer: dict[str, Any] = json.loads(
        host.router.execute_json_operation("query:credentials.get.v1", None, payload, extension.caller)
    )
    return answer


# -- store, get, list, delete --------------------------------------------------------------


def test_store_get_list_delete_through_the_sdk(guest: Extension) -> None:
    stored = run_step(guest, "store_api_key", credential_id="weather", key=API_KEY)
    assert stored == {"ok": {"credential_id": "weather", "kind": "api_key", "replaced": False}}
    assert run_step(guest, "store_basic", credential_id="dav", username="ada", password=PASSWORD) == {"ok": None}
    assert run_step(guest, "list_credentials") == {"ok": ["dav", "weather"]}

    weather = run_step(guest, "get_credential", credential_id="weather")["ok"]
    assert (weather["kind"], weather["api_key"], weather["refreshed"]) == ("api_key", {"key": API_KEY}, False)
    dav = run_step(guest, "get_credential", credential_id="dav")["ok"]
    assert dav["basic"] == {"username": "ada", "password": PASSWORD}

    replaced = run_step(guest, "store_api_key", credential_id="weather", key="new-key")
    assert replaced["ok"]["replaced"] is True
    assert run_step(guest, "get_credential", credential_id="weather")["ok"]["api_key"] == {"key": "new-key"}

    assert run_step(guest, "delete_credential", credential_id="weather") == {"ok": None}
    assert run_step(guest, "list_credentials") == {"ok": ["dav"]}
    assert run_step(guest, "get_credential", credential_id="weather")["error"]["code"] == "not_found"
    assert run_step(guest, "delete_credential", credential_id="weather")["error"]["code"] == "not_found"


def test_credentials_are_scoped_to_the_calling_extension(
    cred_host: Host, guest: Extension, guest_wasm: dict[str, Path], make_extension: MakeExtension
) -> None:
    other = cred_host.load_extension(make_extension(guest_wasm["e2e"], ext_id="other", **PERMISSIONS))
    run_step(guest, "store_api_key", credential_id="shared", key=API_KEY)
    assert run_step(other, "get_credential", credential_id="shared")["error"]["code"] == "not_found"
    assert run_step(other, "list_credentials") == {"ok": []}
    assert run_step(other, "delete_credential", credential_id="shared")["error"]["code"] == "not_found"
    assert cred_host.call("query:credentials.list.v1", {}) == {"ok": {"credential_ids": []}}  # the daemon's scope

    run_step(other, "store_api_key", credential_id="shared", key="other-key")
    assert run_step(guest, "get_credential", credential_id="shared")["ok"]["api_key"]["key"] == API_KEY
    assert run_step(other, "get_credential", credential_id="shared")["ok"]["api_key"]["key"] == "other-key"


REFRESHABLE = {"access_token": "a", "refresh_token": "r", "client_id": "c"}
BASIC = {"username": "u", "password": "p"}
LATER = "2030-01-01T00:00:00Z"


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"kind": "api_key"}, "invalid_input"),
        ({"kind": "api_key", "basic": BASIC}, "invalid_input"),
        ({"kind": "api_key", "api_key": {"key": "k"}, "basic": BASIC}, "invalid_input"),
        ({"kind": "oauth2", "oauth2": {"access_token": "a", "refresh_token": "r"}}, "invalid_input"),
        ({"kind": "oauth2", "oauth2": {"access_token": "a", "expires_in": 5, "expires_at": LATER}}, "invalid_input"),
        ({"kind": "oauth2", "oauth2": REFRESHABLE | {"token_endpoint": "http://auth.test/token"}}, "invalid_input"),
        ({"kind": "oauth2", "oauth2": REFRESHABLE | {"token_endpoint": "https://evil.test/t"}}, "permission_denied"),
        ({"kind": "api_key", "api_key": {"key": "k"}, "extra": 1}, "invalid_input"),
    ],
)  # fmt: skip
def test_bad_credentials_are_refused_and_nothing_is_stored(
    cred_host: Host, guest: Extension, fields: dict[str, Any], code: str
) -> None:
    payload = json.dumps({"credential_id": "bad", **fields}).encode()
    answer = json.loads(
        cred_host.router.execute_json_operation("action:credentials.store.input.v1", None, payload, guest.caller)
    )
    assert answer["error"]["code"] == code
    assert run_step(guest, "list_credentials") == {"ok": []}


def test_credential_ids_are_validated(guest: Extension) -> None:
    for bad in ("", "../x", "a b", "x" * 129):
        assert run_step(guest, "store_api_key", credential_id=bad, key="k")["error"]["code"] == "invalid_input"


# -- at rest -------------------------------------------------------------------------------


def test_secrets_are_encrypted_at_rest_with_private_files(guest: Extension, data_dir: Path) -> None:
    run_step(guest, "store_api_key", credential_id="weather", key=API_KEY)
    run_step(guest, "store_basic", credential_id="dav", username="ada", password=PASSWORD)
    store = data_dir / "credentials"
    raw = b"".join(path.read_bytes() for path in store.iterdir() if path.is_file())
    for secret in (API_KEY, PASSWORD, "ada"):
        assert secret.encode() not in raw
    assert stat.S_IMODE((store / KEY_FILE).stat().st_mode) == 0o600
    assert stat.S_IMODE((store / "credentials.db").stat().st_mode) == 0o600
    assert stat.S_IMODE(store.stat().st_mode) == 0o700


def test_a_ciphertext_moved_to_another_scope_does_not_decrypt(
    cred_host: Host, guest: Extension, guest_wasm: dict[str, Path], make_extension: MakeExtension, data_dir: Path
) -> None:
    other = cred_host.load_extension(make_extension(guest_wasm["e2e"], ext_id="thief", **PERMISSIONS))
    run_step(guest, "store_api_key", credential_id="weather", key=API_KEY)
    with sqlite3.connect(data_dir / "credentials" / "credentials.db") as db:
        db.execute("UPDATE credentials SET owner = ?", (other.caller.id,))
    report = run_step(other, "get_credential", credential_id="weather")
    assert report["error"]["code"] == "internal"
    assert API_KEY not in json.dumps(report)


def test_a_key_file_others_can_read_is_refused(data_dir: Path, ca: TestCA, caplog: pytest.LogCaptureFixture) -> None:
    with Host(data_dir, host_config(ca)) as host:
        assert "ok" in host.call(
            "action:credentials.store.input.v1", {"credential_id": "k", "kind": "api_key", "api_key": {"key": API_KEY}}
        )
    key_file = data_dir / "credentials" / KEY_FILE
    key_file.chmod(0o644)
    with Host(data_dir, host_config(ca)) as host:
        answer = host.call("query:credentials.get.v1", {"credential_id": "k"})
        assert answer["error"]["code"] == "internal"
        assert "0644" in caplog.text
        assert "chmod 600" in caplog.text
        key_file.chmod(0o600)
        assert host.call("query:credentials.get.v1", {"credential_id": "k"})["ok"]["api_key"]["key"] == API_KEY


def test_a_different_key_is_a_clear_error_and_the_data_stays(
    data_dir: Path, ca: TestCA, caplog: pytest.LogCaptureFixture
) -> None:
    with Host(data_dir, host_config(ca)) as host:
        host.call(
            "action:credentials.store.input.v1", {"credential_id": "k", "kind": "api_key", "api_key": {"key": API_KEY}}
        )
    key_file = data_dir / "credentials" / KEY_FILE
    original = key_file.read_bytes()
    key_file.write_bytes(base64.b64encode(os.urandom(32)) + b"\n")
    with Host(data_dir, host_config(ca)) as host:
        assert host.call("query:credentials.get.v1", {"credential_id": "k"})["error"]["code"] == "internal"
        assert "does not open the credential store" in caplog.text
    key_file.write_bytes(original)
    with Host(data_dir, host_config(ca)) as host:
        assert host.call("query:credentials.get.v1", {"credential_id": "k"})["ok"]["api_key"]["key"] == API_KEY


class MemoryKeyring(KeyringBackend):
    """An in-process keyring behind keyring's own backend interface: the OS keyrings (Secret
    Service, Keychain) cannot run on this machine, this one behaves like them for get/set."""

    priority = 1

    def __init__(self) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self.entries: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.entries.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.entries[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.entries.pop((service, username), None)


def test_the_key_lives_in_the_keyring_when_one_is_there(tmp_path: Path) -> None:
    ring = MemoryKeyring()
    vault = CredentialVault(tmp_path / "store", CredentialsConfig(key_source="auto"), keyring=ring)
    vault.store("ext", "weather", "api_key", {"key": API_KEY}, wait=1)
    vault.close()
    assert vault.key_source == "keyring"
    assert not (tmp_path / "store" / KEY_FILE).exists()
    assert len(ring.entries) == 1
    again = CredentialVault(tmp_path / "store", CredentialsConfig(key_source="keyring"), keyring=ring)
    loaded = again.load("ext", "weather")
    assert loaded is not None and loaded.secret == {"key": API_KEY}
    stranger = CredentialVault(tmp_path / "store", CredentialsConfig(key_source="keyring"), keyring=MemoryKeyring())
    with pytest.raises(VaultError, match="does not open"):
        stranger.load("ext", "weather")


def test_auto_falls_back_to_the_file_without_a_real_keyring(tmp_path: Path) -> None:
    previous = keyring.get_keyring()
    try:
        keyring.set_keyring(fail.Keyring())  # type: ignore[no-untyped-call]
        assert system_keyring() is None
        key, source = load_key(tmp_path, "auto")
        assert source == "file" and len(key) == 32
        assert stat.S_IMODE((tmp_path / KEY_FILE).stat().st_mode) == 0o600
        with pytest.raises(Exception, match="no OS keyring"):
            load_key(tmp_path / "other", "keyring")
        keyring.set_keyring(MemoryKeyring())
        assert isinstance(system_keyring(), MemoryKeyring)
        assert load_key(tmp_path, "auto") == (key, "file")  # an existing key file keeps being used
    finally:
        keyring.set_keyring(previous)


def test_a_symlinked_key_file_is_refused(tmp_path: Path) -> None:
    real = tmp_path / "elsewhere.key"
    real.write_bytes(base64.b64encode(os.urandom(32)))
    real.chmod(0o600)
    store = tmp_path / "store"
    store.mkdir()
    (store / KEY_FILE).symlink_to(real)
    with pytest.raises(VaultError, match="not a link"):
        CredentialVault(store, CredentialsConfig(key_source="file")).list_ids("ext")


def test_host_config_sections_load_from_json(tmp_path: Path) -> None:
    path = tmp_path / "host.json"
    path.write_text(
        json.dumps(
            {
                "http": {"allow_networks": ["10.8.0.0/16"], "hosts": {"NAS.lan": ["10.8.0.5"]}, "max_redirects": 2},
                "credentials": {"key_source": "file"},
            }
        )
    )
    config = HostConfig.load(path)
    assert config.http.allow_networks == ("10.8.0.0/16",)
    assert config.http.hosts == {"nas.lan": ("10.8.0.5",)}
    assert (config.http.max_redirects, config.credentials.key_source) == (2, "file")
    path.write_text(json.dumps({"credentials": {"key_source": "floppy"}}))
    with pytest.raises(ValueError, match="key_source"):
        HostConfig.load(path)


# -- OAuth2 refresh ------------------------------------------------------------------------


def test_an_expired_token_is_refreshed_once_and_persisted(
    guest: Extension, tls_server: LoopbackServer, endpoint: TokenEndpoint, data_dir: Path, ca: TestCA
) -> None:
    assert "ok" in run_step(guest, "store_oauth2", credential_id="mail", oauth2=oauth2(tls_server))
    first = run_step(guest, "get_credential", credential_id="mail")["ok"]
    assert first["refreshed"] is True
    assert first["oauth2"]["access_token"] == "access-1"
    assert first["oauth2"]["scopes"] == ["read"]
    assert 3500 < first["oauth2"]["expires_in"] <= 3600
    assert "refresh_token" not in first["oauth2"]  # the host keeps it
    assert endpoint.count == 1

    second = run_step(guest, "get_credential", credential_id="mail")["ok"]
    assert (second["refreshed"], second["oauth2"]["access_token"]) == (False, "access-1")
    assert endpoint.count == 1
    raw = b"".join(p.read_bytes() for p in (data_dir / "credentials").iterdir() if p.is_file())
    assert b"access-1" not in raw


def test_a_valid_token_is_not_refreshed(guest: Extension, tls_server: LoopbackServer, endpoint: TokenEndpoint) -> None:
    run_step(guest, "store_oauth2", credential_id="mail", oauth2=oauth2(tls_server, expires_in=3600))
    report = run_step(guest, "get_credential", credential_id="mail")["ok"]
    assert (report["refreshed"], report["oauth2"]["access_token"]) == (False, ACCESS_TOKEN)
    assert endpoint.count == 0


def test_concurrent_gets_refresh_exactly_once(
    cred_host: Host, guest: Extension, tls_server: LoopbackServer, endpoint: TokenEndpoint
) -> None:
    run_step(guest, "store_oauth2", credential_id="mail", oauth2=oauth2(tls_server))
    endpoint.delay = 0.3  # every caller arrives while the one refresh is in flight
    threads = 8
    barrier = threading.Barrier(threads)
    answers: list[dict[str, Any]] = []

    def get() -> None:
        barrier.wait()
        answers.append(get_as(cred_host, guest, "mail"))

    workers = [threading.Thread(target=get) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=30)
    assert endpoint.count == 1
    assert len(answers) == threads
    assert {a["ok"]["oauth2"]["access_token"] for a in answers} == {"access-1"}
    assert sum(a["ok"]["refreshed"] for a in answers) == 1


def test_concurrent_forced_refreshes_refresh_once(
    cred_host: Host, guest: Extension, tls_server: LoopbackServer, endpoint: TokenEndpoint
) -> None:
    run_step(guest, "store_oauth2", credential_id="mail", oauth2=oauth2(tls_server, expires_in=3600))
    endpoint.delay = 0.3
    barrier = threading.Barrier(4)
    answers: list[dict[str, Any]] = []

    def force() -> None:
        barrier.wait()
        answers.append(get_as(cred_host, guest, "mail", force_refresh=True))

    workers = [threading.Thread(target=force) for _ in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=30)
    assert endpoint.count == 1
    assert {a["ok"]["oauth2"]["access_token"] for a in answers} == {"access-1"}
    assert run_step(guest, "get_credential", credential_id="mail", force_refresh=True)["ok"]["refreshed"] is True
    assert endpoint.count == 2


def test_force_refresh_needs_a_refreshable_credential(guest: Extension, tls_server: LoopbackServer) -> None:
    run_step(guest, "store_api_key", credential_id="weather", key=API_KEY)
    run_step(guest, "store_oauth2", credential_id="static", oauth2={"access_token": ACCESS_TOKEN})
    for credential_id in ("weather", "static"):
        report = run_step(guest, "get_credential", credential_id=credential_id, force_refresh=True)
        assert report["error"]["code"] == "invalid_input"
    static = run_step(guest, "get_credential", credential_id="static")["ok"]["oauth2"]
    assert static == {"access_token": ACCESS_TOKEN, "token_type": "Bearer"}  # no expiry: never refreshed


def test_a_rotated_refresh_token_is_kept_for_the_next_refresh(
    guest: Extension, tls_server: LoopbackServer, endpoint: TokenEndpoint
) -> None:
    endpoint.rotate = True
    run_step(guest, "store_oauth2", credential_id="mail", oauth2=oauth2(tls_server))
    assert run_step(guest, "get_credential", credential_id="mail")["ok"]["oauth2"]["access_token"] == "access-1"
    again = run_step(guest, "get_credential", credential_id="mail", force_refresh=True)
    assert again["ok"]["oauth2"]["access_token"] == "access-2"  # the endpoint accepted the rotated token
    assert endpoint.refresh_token == "refresh-2"


def test_the_extension_uses_the_refreshed_token_on_an_api(
    guest: Extension, tls_server: LoopbackServer, endpoint: TokenEndpoint
) -> None:
    run_step(guest, "store_oauth2", credential_id="mail", oauth2=oauth2(tls_server))
    report = run_step(
        guest, "call_api_with_credential", credential_id="mail", url=tls_server.url("api.test", "/me", scheme="https")
    )
    assert report["ok"]["refreshed"] is True
    assert report["ok"]["response"]["status"] == 200
    assert report["ok"]["response"]["body_text"] == '{"user":"ada"}'


def test_a_refused_refresh_is_upstream_error_and_keeps_the_credential(
    cred_host: Host, guest: Extension, tls_server: LoopbackServer, endpoint: TokenEndpoint
) -> None:
    endpoint.failure = (400, {"error": "invalid_grant", "error_description": f"token {REFRESH_TOKEN} was revoked"})
    run_step(guest, "store_oauth2", credential_id="mail", oauth2=oauth2(tls_server))
    report = run_step(guest, "get_credential", credential_id="mail")
    assert report["error"]["code"] == "upstream_error"
    answer = get_as(cred_host, guest, "mail")
    assert answer["error"]["details"] == {"status": 400, "oauth_error": "invalid_grant"}
    assert REFRESH_TOKEN not in json.dumps(answer)
    assert endpoint.count == 2
    endpoint.failure = None
    assert run_step(guest, "get_credential", credential_id="mail")["ok"]["oauth2"]["access_token"] == "access-3"


def test_an_unreachable_token_endpoint_is_upstream_error(
    guest: Extension, tls_server: LoopbackServer, endpoint: TokenEndpoint
) -> None:
    run_step(guest, "store_oauth2", credential_id="mail", oauth2=oauth2(tls_server))
    tls_server.close()
    assert run_step(guest, "get_credential", credential_id="mail")["error"]["code"] == "upstream_error"


def test_a_wrong_client_secret_is_upstream_error(
    guest: Extension, tls_server: LoopbackServer, endpoint: TokenEndpoint
) -> None:
    run_step(guest, "store_oauth2", credential_id="mail", oauth2=oauth2(tls_server, client_secret="wrong"))
    report = run_step(guest, "get_credential", credential_id="mail")
    assert report["error"]["code"] == "upstream_error"
    assert "invalid_client" in report["error"]["message"]


# -- secrets stay secret -------------------------------------------------------------------


def test_secrets_never_reach_logs_or_error_texts(
    cred_host: Host,
    guest: Extension,
    tls_server: LoopbackServer,
    endpoint: TokenEndpoint,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    errors: list[Any] = []

    def step(call: str, **args: Any) -> None:
        report = run_step(guest, call, **args)
        if "error" in report:
            errors.append(report["error"])

    step("store_api_key", credential_id="weather", key=API_KEY)
    step("store_basic", credential_id="dav", username="ada", password=PASSWORD)
    step("store_oauth2", credential_id="mail", oauth2=oauth2(tls_server))
    step("get_credential", credential_id="mail")  # a refresh
    endpoint.failure = (401, {"error": "invalid_grant", "error_description": f"{REFRESH_TOKEN} {CLIENT_SECRET}"})
    step("get_credential", credential_id="mail", force_refresh=True)  # a failed refresh echoing secrets
    step(
        "store_oauth2",
        credential_id="bad",
        oauth2=oauth2(tls_server, token_endpoint=f"https://evil.test/{REFRESH_TOKEN}"),
    )
    step("store_oauth2", credential_id="bad", oauth2=oauth2(tls_server, client_id=None))
    step(
        "http_request",
        input={"url": f"https://other.test/?key={API_KEY}", "headers": [{"name": "Authorization", "value": PASSWORD}]},
    )
    step(
        "http_request",
        input={
            "url": tls_server.url("auth.test", f"/token?key={API_KEY}", scheme="https"),
            "headers": [{"name": "X-Key", "value": f"{API_KEY}\r\n"}],
        },
    )
    errors.append(get_as(cred_host, guest, "mail", force_refresh=True))  # the whole envelope, details too
    tls_server.close()
    step("get_credential", credential_id="mail", force_refresh=True)  # an unreachable endpoint
    errors.append(get_as(cred_host, guest, "mail", force_refresh=True))
    assert len(errors) >= 7
    logged = "\n".join(f"{r.getMessage()} {r.exc_text or ''}" for r in caplog.records)
    reported = json.dumps(errors)
    for secret in (*SECRETS, "access-1"):
        assert secret not in logged
        assert secret not in reported
