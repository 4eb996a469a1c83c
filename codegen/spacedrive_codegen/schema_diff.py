"""`sdext schema diff OLD NEW`: every change between two schema sets, classified as breaking or not.

Both sides are parsed into the codegen IR and compared there, so the rules see resolved types,
not JSON text. A change is breaking when a client or extension built against OLD can fail
against a host built from NEW:

- removed: an operation, event, job type, limit, error code, field, or enum value;
- changed: a field's type, an operation's kind or scope;
- input (what callers send: operation inputs, job parameters): a new required field, an
  optional field made required, a narrowed constraint (shorter `maxLength`, higher
  `minimum`, a new or different `pattern`, ...);
- output (what callers decode: operation outputs, event payloads, job results, error codes):
  a required field made optional, a new enum value (a decoder that does not know it fails;
  the Rust SDK decodes it as `Unknown`, clients generated from the OpenAPI may not);
- limits: a lower ceiling (a manifest asking for more no longer loads).

Everything else (new operations, optional input fields, output fields, widened input
constraints, new limits, changed defaults) is not breaking. A type reachable from both an
input and an output gets both sets of rules.
"""

from __future__ import annotations

import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import Any, Literal

from .ir import Api, EnumType, Field, StructType, TypeRef
from .parser import parse_schema_dir

Role = Literal["input", "output"]

LOWER_IS_NARROWER = ("maxLength", "maximum", "exclusiveMaximum", "maxItems")
HIGHER_IS_NARROWER = ("minLength", "minimum", "exclusiveMinimum", "minItems")


@dataclass(frozen=True, order=True)
class Change:
    """One difference between the schema sets."""

    where: str
    message: str
    breaking: bool

    def __str__(self) -> str:
        return f"{'BREAKING' if self.breaking else 'ok      '}  {self.where}: {self.message}"


def load_api(spec: str, repo: Path | None = None) -> Api:
    """The IR of a schema directory, or of `schema/` at a git ref (`main`, `v1.2.0`, a commit)."""
    path = Path(spec)
    if path.is_dir():
        return parse_schema_dir(path / "schema" if (path / "schema").is_dir() else path, lenient=True)
    archive = subprocess.run(
        ["git", "archive", "--format=tar", spec, "schema"], cwd=repo, capture_output=True, check=False
    )
    if archive.returncode != 0:
        raise FileNotFoundError(f"{spec!r} is neither a schema directory nor a git ref with schema/")
    with (
        tempfile.TemporaryDirectory(prefix="schema-diff-") as tmp,
        tarfile.open(fileobj=BytesIO(archive.stdout)) as tar,
    ):
        tar.extractall(tmp, filter="data")
        return parse_schema_dir(Path(tmp) / "schema", lenient=True)


def diff_apis(old: Api, new: Api) -> list[Change]:
    """Every change from `old` to `new`, sorted by place."""
    differ = _Differ(old, new)
    return sorted(set(differ.run()))


class _Differ:
    def __init__(self, old: Api, new: Api) -> None:
        self.old_types = {t.name: t for t in old.types}
        self.new_types = {t.name: t for t in new.types}
        self.old, self.new = old, new
        self.seen: set[tuple[str, Role]] = {("ErrorCode", "input"), ("ErrorCode", "output")}
        """(type, role) pairs already compared; error codes are compared once, as their own artefact."""

    def run(self) -> Iterator[Change]:
        yield from self.operations()
        yield from self.events()
        yield from self.jobs()
        yield from self.limits()
        yield from self.json_limits()
        yield from self.error_codes()

    # -- artefacts ---------------------------------------------------------------------
    def operations(self) -> Iterator[Change]:
        old = {op.method: op for op in self.old.operations}
        new = {op.method: op for op in self.new.operations}
        for method in sorted(old.keys() - new.keys()):
            yield Change(method, "operation removed (old extensions call it)", True)
        for method in sorted(new.keys() - old.keys()):
            yield Change(method, "operation added", False)
        for method in sorted(old.keys() & new.keys()):
            before, after = old[method], new[method]
            for attribute in ("kind", "scope"):
                if getattr(before, attribute) != getattr(after, attribute):
                    was, now = getattr(before, attribute), getattr(after, attribute)
                    yield Change(method, f"{attribute} changed from {was} to {now}", True)
            yield from self.struct(f"{method} input", before.input, after.input, "input")
            yield from self.struct(f"{method} output", before.output, after.output, "output")

    def events(self) -> Iterator[Change]:
        old = {e.name: e for e in self.old.events}
        new = {e.name: e for e in self.new.events}
        for name in sorted(old.keys() - new.keys()):
            yield Change(f"event {name}", "event removed (subscribed manifests no longer load)", True)
        for name in sorted(new.keys() - old.keys()):
            yield Change(f"event {name}", "event added", False)
        for name in sorted(old.keys() & new.keys()):
            yield from self.struct(f"event {name}", old[name].payload, new[name].payload, "output")

    def jobs(self) -> Iterator[Change]:
        old = {j.name: j for j in self.old.jobs}
        new = {j.name: j for j in self.new.jobs}
        for name in sorted(old.keys() - new.keys()):
            yield Change(f"job {name}", "job type removed (old extensions dispatch it)", True)
        for name in sorted(new.keys() - old.keys()):
            yield Change(f"job {name}", "job type added", False)
        for name in sorted(old.keys() & new.keys()):
            yield from self.struct(f"job {name} params", old[name].params, new[name].params, "input")
            yield from self.struct(f"job {name} result", old[name].result, new[name].result, "output")

    def limits(self) -> Iterator[Change]:
        old = {limit.name: limit for limit in self.old.limits}
        new = {limit.name: limit for limit in self.new.limits}
        for name in sorted(old.keys() - new.keys()):
            yield Change(f"limit {name}", "limit removed (manifests that set it no longer load)", True)
        for name in sorted(new.keys() - old.keys()):
            yield Change(f"limit {name}", "limit added", False)
        for name in sorted(old.keys() & new.keys()):
            before, after = old[name], new[name]
            if after.ceiling < before.ceiling:
                yield Change(f"limit {name}", f"ceiling lowered from {before.ceiling} to {after.ceiling}", True)
            elif after.ceiling > before.ceiling:
                yield Change(f"limit {name}", f"ceiling raised from {before.ceiling} to {after.ceiling}", False)
            if after.default != before.default:
                yield Change(f"limit {name}", f"default changed from {before.default} to {after.default}", False)
            if after.kind != before.kind:
                yield Change(f"limit {name}", f"type changed from {before.kind} to {after.kind}", True)

    def json_limits(self) -> Iterator[Change]:
        """The limits of every free-form JSON value: callers send such values, so lower is narrower."""
        before, after = self.old.json_limits, self.new.json_limits
        for name in ("max_depth", "max_string_bytes", "max_total_bytes"):
            was, now = getattr(before, name), getattr(after, name)
            if was != now:
                yield Change("free-form JSON", f"{name} {was} -> {now}", now < was)

    def error_codes(self) -> Iterator[Change]:
        old = {c.value for c in self.old.error_codes}
        new = {c.value for c in self.new.error_codes}
        for code in sorted(old - new):
            yield Change("ErrorCode", f"error code {code!r} removed", True)
        for code in sorted(new - old):
            yield Change("ErrorCode", f"error code {code!r} added (a new value callers decode)", True)

    # -- types -------------------------------------------------------------------------
    def struct(self, where: str, old: StructType, new: StructType, role: Role) -> Iterator[Change]:
        if (old.name, role) in self.seen and old.name == new.name:
            return
        self.seen.add((old.name, role))
        old_fields = {f.json_name: f for f in old.fields}
        new_fields = {f.json_name: f for f in new.fields}
        for name in sorted(old_fields.keys() - new_fields.keys()):
            if role == "input":
                yield Change(f"{where}.{name}", "input field removed (old callers still send it)", True)
            else:
                required = old_fields[name].required
                yield Change(f"{where}.{name}", "output field removed", required)
        for name in sorted(new_fields.keys() - old_fields.keys()):
            field = new_fields[name]
            if role == "input" and field.required:
                yield Change(f"{where}.{name}", "required input field added (old callers do not send it)", True)
            else:
                yield Change(f"{where}.{name}", f"{'required' if field.required else 'optional'} field added", False)
        for name in sorted(old_fields.keys() & new_fields.keys()):
            yield from self.field(f"{where}.{name}", old_fields[name], new_fields[name], role)

    def field(self, where: str, old: Field, new: Field, role: Role) -> Iterator[Change]:
        if old.required != new.required:
            if role == "input" and new.required:
                yield Change(where, "optional input field made required", True)
            elif role == "output" and not new.required:
                yield Change(where, "required output field made optional (decoders expect it)", True)
            else:
                yield Change(where, f"made {'required' if new.required else 'optional'}", False)
        if old.nullable != new.nullable:
            breaking = (role == "output" and new.nullable) or (role == "input" and not new.nullable)
            yield Change(where, f"{'now' if new.nullable else 'no longer'} nullable", breaking)
        yield from self.type(where, old.type, new.type, role)
        yield from self.constraints(where, dict(old.constraints), dict(new.constraints), role)

    def type(self, where: str, old: TypeRef, new: TypeRef, role: Role) -> Iterator[Change]:
        if old.kind != new.kind or old.primitive != new.primitive:
            yield Change(where, f"type changed from {old.doc} to {new.doc}", True)
            return
        if old.kind in ("array", "map"):
            assert old.item is not None and new.item is not None
            yield from self.type(f"{where}[]", old.item, new.item, role)
            return
        if old.kind != "named":
            return
        before, after = self.old_types[old.name or ""], self.new_types[new.name or ""]
        if type(before) is not type(after):
            yield Change(where, f"type changed from {old.name} to {new.name}", True)
        elif isinstance(before, StructType) and isinstance(after, StructType):
            yield from self.struct(where, before, after, role)
        elif isinstance(before, EnumType) and isinstance(after, EnumType):
            yield from self.enum(where, before, after, role)

    def enum(self, where: str, old: EnumType, new: EnumType, role: Role) -> Iterator[Change]:
        if (old.name, role) in self.seen:
            return
        self.seen.add((old.name, role))
        before = {v.value for v in old.variants}
        after = {v.value for v in new.variants}
        for value in sorted(before - after):
            yield Change(f"{where} ({new.name})", f"enum value {value!r} removed", True)
        for value in sorted(after - before):
            if role == "output":
                yield Change(f"{where} ({new.name})", f"enum value {value!r} added to an output", True)
            else:
                yield Change(f"{where} ({new.name})", f"enum value {value!r} added to an input", False)

    def constraints(self, where: str, old: dict[str, Any], new: dict[str, Any], role: Role) -> Iterator[Change]:
        for key in sorted(old.keys() | new.keys()):
            before, after = old.get(key), new.get(key)
            if before == after:
                continue
            if key == "pattern":
                narrower = after is not None
            elif key in LOWER_IS_NARROWER:
                narrower = after is not None and (before is None or after < before)
            elif key in HIGHER_IS_NARROWER:
                narrower = after is not None and (before is None or after > before)
            else:
                narrower = True
            was = "none" if before is None else repr(before)
            now = "none" if after is None else repr(after)
            yield Change(where, f"{key} {was} -> {now}", role == "input" and narrower)


def report(changes: list[Change]) -> str:
    if not changes:
        return "no changes"
    breaking = sum(c.breaking for c in changes)
    lines = [str(c) for c in changes]
    lines.append(f"{len(changes)} change(s), {breaking} breaking")
    return "\n".join(lines)
