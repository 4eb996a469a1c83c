"""The credential store's 256-bit key: from the OS keyring when a real backend is present, else
from a key file next to the store that only its owner may read.

    key_source "keyring"  the OS keyring (Secret Service, macOS Keychain, Windows Credential Locker)
    key_source "file"     <store dir>/vault.key, created 0600; refused when group or others have any access
    key_source "auto"     an existing key file; else the keyring if the `keyring` package is installed
                          and its backend is a real one (not the `fail` placeholder servers get);
                          else a new key file

`auto` prefers an existing key file so that a keyring appearing later (a desktop session on a
server) does not silently switch keys; the store's key check would refuse the switch anyway.
"""

from __future__ import annotations

import base64
import binascii
import logging
import os
import secrets
import stat
from pathlib import Path
from typing import Protocol

log = logging.getLogger("spacedrive.credentials")

KEY_BYTES = 32
KEY_FILE = "vault.key"
KEYRING_SERVICE = "spacedrive-host"


class VaultKeyError(Exception):
    """The key cannot be had safely; the message says why and what to do (it never holds key bytes)."""


class KeyringLike(Protocol):
    """The part of `keyring`'s backend interface the store uses."""

    def get_password(self, service: str, username: str) -> str | None: ...

    def set_password(self, service: str, username: str, password: str) -> None: ...


def system_keyring() -> KeyringLike | None:
    """The OS keyring, or None when `keyring` is not installed or only has a placeholder backend."""
    try:
        import keyring
        from keyring.backends import fail
    except ImportError:
        return None
    backend = keyring.get_keyring()
    if isinstance(backend, fail.Keyring) or getattr(backend, "priority", 0) <= 0:
        return None
    return backend


def load_key(directory: Path, source: str, keyring: KeyringLike | None = None) -> tuple[bytes, str]:
    """The key and where it came from (`keyring` or `file`); creates one on first use."""
    key_file = directory / KEY_FILE
    if source == "file" or (source == "auto" and os.path.lexists(key_file)):
        return file_key(key_file), "file"
    backend = keyring if keyring is not None else system_keyring()
    if backend is None:
        if source == "keyring":
            raise VaultKeyError("credentials.key_source is `keyring` but no OS keyring backend is available")
        return file_key(key_file), "file"
    try:
        return keyring_key(backend, f"credential-store:{directory.resolve()}"), "keyring"
    except VaultKeyError:
        raise
    except Exception as exc:  # keyring backends raise many types (D-Bus, locked, denied)
        if source == "keyring":
            raise VaultKeyError(f"the OS keyring failed: {type(exc).__name__}") from None
        log.warning("the OS keyring failed (%s); using the key file %s instead", type(exc).__name__, key_file)
        return file_key(key_file), "file"


def _decode(text: str, where: str) -> bytes:
    try:
        key = base64.b64decode(text.strip(), validate=True)
    except (binascii.Error, ValueError):
        key = b""
    if len(key) != KEY_BYTES:
        raise VaultKeyError(f"{where} does not hold a valid {KEY_BYTES * 8}-bit key")
    return key


def _encode(key: bytes) -> str:
    return base64.b64encode(key).decode("ascii")


def keyring_key(backend: KeyringLike, username: str) -> bytes:
    where = f"the OS keyring entry {KEYRING_SERVICE}/{username}"
    stored = backend.get_password(KEYRING_SERVICE, username)
    if stored is None:
        backend.set_password(KEYRING_SERVICE, username, _encode(secrets.token_bytes(KEY_BYTES)))
        stored = backend.get_password(KEYRING_SERVICE, username)
        if stored is None:
            raise VaultKeyError(f"{where} could not be written")
        log.info("created the credential store key in the OS keyring")
    return _decode(stored, where)


def check_private(info: os.stat_result, path: Path) -> None:
    """Refuse a key file that is not a regular file owned by us with no group/other access."""
    if not stat.S_ISREG(info.st_mode):
        raise VaultKeyError(f"{path} is not a regular file")
    if os.name != "posix":
        return
    if info.st_uid != os.geteuid():
        raise VaultKeyError(f"{path} is owned by uid {info.st_uid}, not by this process's user")
    mode = stat.S_IMODE(info.st_mode)
    if mode & 0o077:
        raise VaultKeyError(
            f"{path} has permissions {mode:04o}; a key file must be accessible by its owner only (chmod 600 it)"
        )


def file_key(path: Path) -> bytes:
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except FileNotFoundError:
        return create_key_file(path)
    except OSError as exc:
        raise VaultKeyError(f"cannot open {path} ({exc.strerror}); it must be a regular file, not a link") from None
    with os.fdopen(fd, "rb") as handle:
        check_private(os.fstat(handle.fileno()), path)
        raw = handle.read(1024)
    try:
        return _decode(raw.decode("ascii"), str(path))
    except UnicodeDecodeError:
        raise VaultKeyError(f"{path} does not hold a valid key") from None


def create_key_file(path: Path) -> bytes:
    """Write a new key with mode 0600, atomically: a concurrent creator's key wins, never half a file."""
    key = secrets.token_bytes(KEY_BYTES)
    temp = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write((_encode(key) + "\n").encode("ascii"))
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.link(temp, path)
        except FileExistsError:
            return file_key(path)
    finally:
        temp.unlink(missing_ok=True)
    if hasattr(os, "O_DIRECTORY"):
        dir_fd = os.open(path.parent, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
    log.info("created the credential store key file %s (mode 0600)", path)
    return key
