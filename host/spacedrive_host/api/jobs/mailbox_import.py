"""`mailbox_import`: split a mailbox stored as a sidecar of an entry (an mbox file, or a zip of
`.eml` files or of a Maildir) into one
`Email` entry per message, with the raw message as its `email.eml` sidecar, and emit
`entry.created` for each once its sidecar is stored. Extensions that read mail (Finance)
subscribe to `entry.created`.

Messages are keyed by Message-ID (or, without one, by a hash of their bytes); a message
whose key already has an `Email` entry is skipped. So a second import of the same mailbox
stores nothing new, and an interrupted or cancelled import is resumed by dispatching it
again. mbox is read by Python's `mailbox` module, archives by `zipfile` (members are read by
name, never extracted)."""

from __future__ import annotations

import email
import email.policy
import io
import mailbox
import os
import tempfile
import uuid
import zipfile
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from email.message import EmailMessage
from functools import partial
from pathlib import PurePosixPath

from spacedrive_wire import jobs
from spacedrive_wire.models import MailboxImportFailure, MailboxImportParams, MailboxImportResult, SidecarFormat

from spacedrive_host.core.errors import ErrorCode, OperationError
from spacedrive_host.services.jobs.base import JobContext, JobType
from spacedrive_host.services.vdfs import NewEntry
from spacedrive_host.store.library import Library

EMAIL_TYPE = "Email"
EMAIL_SIDECAR = "email.eml"
DEFAULT_SOURCE = "mailbox.mbox"
MAX_REPORTED = 100


def fnv1a64(data: bytes) -> int:
    value = 0xCBF29CE484222325
    for byte in data:
        value = ((value ^ byte) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return value


def message_key(message_id: str | None, raw: bytes) -> str:
    """The stable key of a message; the Finance extension computes the same (its lib.rs)."""
    ident = (message_id or "").strip().removeprefix("<").removesuffix(">")
    if not ident:
        return f"fnv-{fnv1a64(raw):016x}"
    clean = "".join(c if (c.isascii() and c.isalnum()) or c in "._@+=-" else "_" for c in ident)
    if len(clean) <= 160:
        return clean
    return f"{clean[:140]}-{fnv1a64(ident.encode()):016x}"


def email_path(key: str) -> str:
    return f"mail/{key}.eml"


def _existing(library: Library, path: str) -> uuid.UUID | None:
    for record in library.list_entries(entry_type=EMAIL_TYPE, path_prefix=path, limit=1000):
        if record.path == path:
            return record.entry_id
    return None


def _header(message: EmailMessage, name: str) -> str | None:
    try:
        value = message.get(name)
    except (ValueError, IndexError, TypeError):  # a header the parser cannot make sense of
        return None
    return str(value).strip() if value is not None else None


def _is_message(name: str) -> bool:
    return name.lower().endswith(".eml") or PurePosixPath(name).parent.name in ("cur", "new")


@contextmanager
def open_mailbox(data: bytes, max_message_bytes: int) -> Iterator[tuple[list[Callable[[], bytes]], list[str]]]:
    """The messages of a mailbox as loaders, read one at a time: an mbox file (read by
    `mailbox.mbox`), or a zip archive of `.eml` files or of a Maildir (files under `cur/` and
    `new/`), in name order. Nothing is extracted to disk: members are read from the archive
    by name; members larger than `max_message_bytes` (they could not be stored anyway) are
    not read but listed by name, so a small archive cannot make the host hold gigabytes."""
    with ExitStack() as stack:
        if data.startswith(b"PK\x03\x04"):
            archive = stack.enter_context(zipfile.ZipFile(io.BytesIO(data)))
            members = sorted(
                (info for info in archive.infolist() if not info.is_dir() and _is_message(info.filename)),
                key=lambda info: info.filename,
            )
            too_large = [info.filename for info in members if info.file_size > max_message_bytes]
            small = [info for info in members if info.file_size <= max_message_bytes]
            yield [partial(archive.read, info) for info in small], too_large
            return
        fd, path = tempfile.mkstemp(prefix="mailbox-import-", suffix=".mbox")
        stack.callback(os.unlink, path)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        box = mailbox.mbox(path, create=False)
        stack.callback(box.close)
        yield [partial(box.get_bytes, key) for key in box.iterkeys()], []


def run(ctx: JobContext, params: MailboxImportParams) -> MailboxImportResult:
    _, data = ctx.library.read_sidecar(params.entry_id, params.source or DEFAULT_SOURCE)
    try:
        with open_mailbox(data, ctx.services.config.vdfs.max_sidecar_bytes) as (messages, too_large):
            return _import(ctx, params, messages, too_large)
    except zipfile.BadZipFile as exc:
        raise OperationError(ErrorCode.invalid_input, f"the mailbox archive cannot be read: {exc}") from None


def _import(
    ctx: JobContext, params: MailboxImportParams, messages: list[Callable[[], bytes]], too_large: list[str]
) -> MailboxImportResult:
    library = ctx.library
    imported = skipped = 0
    failed = [
        MailboxImportFailure(
            message_key=name, code=ErrorCode.sidecar_too_large, message=f"{name} is larger than a sidecar may be"
        )
        for name in too_large
    ]
    total = len(messages) + len(too_large)
    ctx.progress(0, total, "importing messages")
    for done, load in enumerate(messages, len(too_large) + 1):
        ctx.checkpoint()
        try:
            raw = load()
        except zipfile.BadZipFile as exc:  # one damaged member: report it, go on
            failed.append(MailboxImportFailure(message_key=f"#{done}", code=ErrorCode.invalid_input, message=str(exc)))
            ctx.progress(done, total, "importing messages")
            continue
        message = email.message_from_bytes(raw, policy=email.policy.default)
        assert isinstance(message, EmailMessage)
        key = message_key(_header(message, "Message-ID"), raw)
        where = email_path(key)
        entry_id = _existing(library, where)
        if entry_id is not None and any(s.filename == EMAIL_SIDECAR for s in library.list_sidecars(entry_id)):
            skipped += 1
            ctx.progress(done, total, "importing messages")
            continue
        try:
            ctx.services.vdfs.create_entry_with_sidecar(
                library,
                library.get_entry(entry_id)  # created, then interrupted before its sidecar
                if entry_id is not None
                else NewEntry(
                    _header(message, "Subject") or "(no subject)",
                    where,
                    EMAIL_TYPE,
                    {
                        "message_key": key,
                        "message_id": _header(message, "Message-ID"),
                        "from": _header(message, "From"),
                        "date": _header(message, "Date"),
                        "mailbox_entry_id": str(params.entry_id),
                    },
                ),
                EMAIL_SIDECAR,
                raw,
                SidecarFormat.binary,
            )
        except OperationError as exc:
            failed.append(MailboxImportFailure(message_key=key, code=exc.code, message=exc.message))
        else:
            imported += 1
        ctx.progress(done, total, "importing messages")
    return MailboxImportResult(
        messages=total,
        imported=imported,
        skipped=skipped,
        failures=len(failed),
        failed=failed[:MAX_REPORTED],
    )


MAILBOX_IMPORT = JobType.implementing(jobs.MAILBOX_IMPORT, run)
