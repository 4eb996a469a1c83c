"""The encrypted credential store: secrets sealed with AES-256-GCM in SQLite, one scope per caller.

    <data_dir>/credentials/          (mode 0700)
        credentials.db               rows: owner, credential_id, kind, nonce, ciphertext, version (0600)
        vault.key                    the key, unless it lives in the OS keyring (0600; see vault_key)

Each secret is a JSON object sealed under a fresh 96-bit nonce with the owner, the credential
id and the kind as associated data: a ciphertext copied into another row, scope or kind fails
authentication instead of decrypting. A key-check row written at creation makes a wrong key a
clear error at open, before any credential is read. The store opens on first use, so a host
that never stores credentials never touches the keyring or the key file.

Writes to one credential (store, delete, refresh) are serialised by a per-credential lock.
`get_fresh` re-reads under that lock, so N concurrent readers of an expiring OAuth2 token cause
exactly one refresh; the others get the refreshed token (within this process).
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from spacedrive_host.core.config import CredentialsConfig
from spacedrive_host.store.records import utc_now

from .vault_key import KeyringLike, VaultKeyError, load_key

SCHEMA_SQL = """
CREATE TABLE IF NOT EXISTS vault_meta (
    name TEXT PRIMARY KEY,
    value BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS credentials (
    owner TEXT NOT NULL,
    credential_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    nonce BLOB NOT NULL,
    ciphertext BLOB NOT NULL,
    version INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (owner, credential_id)
);
"""
DB_FILE = "credentials.db"
NONCE_BYTES = 12
KEY_CHECK = b"spacedrive credential store key check"
KEY_CHECK_AAD = b"spacedrive-vault\x00key-check"

Secret = dict[str, Any]


class VaultError(Exception):
    """The store cannot be used (key missing, unsafe or wrong; data tampered). Never holds secrets."""


class LockTimeout(Exception):
    """Another call held the credential's lock past the caller's time budget."""


@dataclass(frozen=True)
class StoredCredential:
    credential_id: str
    kind: str
    secret: Secret
    version: int
    updated_at: str


def associated_data(owner: str, credential_id: str, kind: str) -> bytes:
    return b"\x00".join(part.encode("utf-8") for part in ("spacedrive-credential", "v1", owner, credential_id, kind))


class CredentialVault:
    """Thread-safe (one connection, one lock); see the module docstring."""

    def __init__(self, directory: Path, config: CredentialsConfig, keyring: KeyringLike | None = None) -> None:
        self.directory = directory
        self.config = config
        self.key_source: str | None = None
        self._keyring = keyring
        self._lock = threading.RLock()
        self._db: sqlite3.Connection | None = None
        self._aead: AESGCM | None = None
        self._credential_locks: dict[tuple[str, str], threading.Lock] = {}

    # -- opening ---------------------------------------------------------------------
    def _open(self) -> tuple[sqlite3.Connection, AESGCM]:
        with self._lock:
            if self._db is not None and self._aead is not None:
                return self._db, self._aead
            self.directory.mkdir(mode=0o700, parents=True, exist_ok=True)
            try:
                key, source = load_key(self.directory, self.config.key_source, self._keyring)
            except VaultKeyError as exc:
                raise VaultError(str(exc)) from None
            path = self.directory / DB_FILE
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o600))
            db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
            try:
                db.execute("PRAGMA journal_mode=WAL")
                db.execute("PRAGMA synchronous=FULL")
                db.executescript(SCHEMA_SQL)
                aead = AESGCM(key)
                self._check_key(db, aead, source)
            except BaseException:
                db.close()
                raise
            self._db, self._aead, self.key_source = db, aead, source
            return db, aead

    def _check_key(self, db: sqlite3.Connection, aead: AESGCM, source: str) -> None:
        row = db.execute("SELECT value FROM vault_meta WHERE name = 'key_check'").fetchone()
        if row is None:
            nonce = os.urandom(NONCE_BYTES)
            sealed = nonce + aead.encrypt(nonce, KEY_CHECK, KEY_CHECK_AAD)
            db.execute("INSERT OR IGNORE INTO vault_meta (name, value) VALUES ('key_check', ?)", (sealed,))
            return
        value = bytes(row[0])
        try:
            aead.decrypt(value[:NONCE_BYTES], value[NONCE_BYTES:], KEY_CHECK_AAD)
        except InvalidTag:
            raise VaultError(
                f"the key from the {source} does not open the credential store in {self.directory}; "
                "restore the key that created it (or move the store away to start a new one)"
            ) from None

    def close(self) -> None:
        with self._lock:
            if self._db is not None:
                self._db.close()
            self._db = self._aead = None

    # -- sealing ---------------------------------------------------------------------
    @staticmethod
    def _seal(aead: AESGCM, owner: str, credential_id: str, kind: str, secret: Secret) -> tuple[bytes, bytes]:
        nonce = os.urandom(NONCE_BYTES)
        plaintext = json.dumps(secret, separators=(",", ":")).encode("utf-8")
        return nonce, aead.encrypt(nonce, plaintext, associated_data(owner, credential_id, kind))

    @staticmethod
    def _unseal(aead: AESGCM, owner: str, row: tuple[Any, ...]) -> StoredCredential:
        credential_id, kind, nonce, ciphertext, version, updated_at = row
        try:
            plaintext = aead.decrypt(bytes(nonce), bytes(ciphertext), associated_data(owner, credential_id, kind))
        except InvalidTag:
            raise VaultError(f"credential {credential_id!r} does not authenticate (tampered or moved)") from None
        return StoredCredential(credential_id, kind, json.loads(plaintext), version, updated_at)

    @contextmanager
    def _credential_lock(self, owner: str, credential_id: str, wait: float) -> Iterator[None]:
        with self._lock:
            lock = self._credential_locks.setdefault((owner, credential_id), threading.Lock())
        if not lock.acquire(timeout=max(wait, 0.0)):
            raise LockTimeout
        try:
            yield
        finally:
            lock.release()

    # -- operations ------------------------------------------------------------------
    def load(self, owner: str, credential_id: str) -> StoredCredential | None:
        db, aead = self._open()
        with self._lock:
            row = db.execute(
                "SELECT credential_id, kind, nonce, ciphertext, version, updated_at FROM credentials"
                " WHERE owner = ? AND credential_id = ?",
                (owner, credential_id),
            ).fetchone()
        return None if row is None else self._unseal(aead, owner, row)

    def store(self, owner: str, credential_id: str, kind: str, secret: Secret, wait: float) -> bool:
        """Create or replace; True when a credential was replaced."""
        db, aead = self._open()
        nonce, ciphertext = self._seal(aead, owner, credential_id, kind, secret)
        now = utc_now()
        with self._credential_lock(owner, credential_id, wait), self._lock:
            db.execute("BEGIN IMMEDIATE")
            try:
                existed = db.execute(
                    "SELECT 1 FROM credentials WHERE owner = ? AND credential_id = ?", (owner, credential_id)
                ).fetchone()
                db.execute(
                    "INSERT INTO credentials VALUES (?, ?, ?, ?, ?, 1, ?, ?)"
                    " ON CONFLICT (owner, credential_id) DO UPDATE SET kind = excluded.kind,"
                    " nonce = excluded.nonce, ciphertext = excluded.ciphertext, version = version + 1,"
                    " updated_at = excluded.updated_at",
                    (owner, credential_id, kind, nonce, ciphertext, now, now),
                )
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise
        return existed is not None

    def delete(self, owner: str, credential_id: str, wait: float) -> bool:
        db, _ = self._open()
        with self._credential_lock(owner, credential_id, wait), self._lock:
            cursor = db.execute("DELETE FROM credentials WHERE owner = ? AND credential_id = ?", (owner, credential_id))
        return cursor.rowcount > 0

    def list_ids(self, owner: str) -> list[str]:
        db, _ = self._open()
        with self._lock:
            rows = db.execute(
                "SELECT credential_id FROM credentials WHERE owner = ? ORDER BY credential_id", (owner,)
            ).fetchall()
        return [row[0] for row in rows]

    def _replace_secret(self, owner: str, current: StoredCredential, secret: Secret) -> StoredCredential:
        db, aead = self._open()
        nonce, ciphertext = self._seal(aead, owner, current.credential_id, current.kind, secret)
        now = utc_now()
        with self._lock:
            db.execute(
                "UPDATE credentials SET nonce = ?, ciphertext = ?, version = version + 1, updated_at = ?"
                " WHERE owner = ? AND credential_id = ? AND version = ?",
                (nonce, ciphertext, now, owner, current.credential_id, current.version),
            )
        return StoredCredential(current.credential_id, current.kind, secret, current.version + 1, now)

    def get_fresh(
        self,
        owner: str,
        credential_id: str,
        *,
        stale: Callable[[StoredCredential], bool],
        force: bool,
        refresh: Callable[[StoredCredential], Secret],
        wait: float,
    ) -> tuple[StoredCredential, bool] | None:
        """The credential, refreshed first when `stale` (or `force`); (credential, refreshed) or None.

        Under the credential's lock the row is read again: if another call changed it meanwhile and
        it is no longer stale, that version is returned and no second refresh happens.
        """
        first = self.load(owner, credential_id)
        if first is None or not (force or stale(first)):
            return None if first is None else (first, False)
        with self._credential_lock(owner, credential_id, wait):
            latest = self.load(owner, credential_id)
            if latest is None:
                return None
            if latest.version != first.version and not stale(latest):
                return latest, False
            return self._replace_secret(owner, latest, refresh(latest)), True
