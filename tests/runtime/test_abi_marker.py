"""The `spacedrive_abi` marker is parsed strictly (docs/abi.md, "ABI version"): every shape
other than one UTF-8 JSON object with an integer `abi` (and optionally a string `sdk`) is
refused with `abi_mismatch` and a message naming the problem."""

from __future__ import annotations

import pytest
from spacedrive_host.app.host import Host
from spacedrive_host.core.errors import ExtensionError, LoadErrorCode
from spacedrive_host.runtime import module_checks
from spacedrive_host.runtime.module_checks import ABI_SECTION, parse_abi_marker, read_abi_info
from support import wat_guests
from support.helpers import MakeExtension


def leb128(value: int) -> bytes:
    out = bytearray()
    while True:
        byte, value = value & 0x7F, value >> 7
        out.append(byte | (0x80 if value else 0))
        if not value:
            return bytes(out)


def custom_section(content: bytes, name: str = ABI_SECTION) -> bytes:
    body = leb128(len(name.encode())) + name.encode() + content
    return b"\0" + leb128(len(body)) + body


def module_with(*contents: bytes) -> bytes:
    """A working guest without a marker, then one `spacedrive_abi` section per content."""
    return wat_guests.guest(abi=None) + b"".join(custom_section(c) for c in contents)


@pytest.mark.parametrize(
    "marker",
    [
        b'{"abi":1}',
        b'{"abi":1,"sdk":"0.1.0"}',
        b' {\n  "sdk": "c-guest",\n  "abi": 1\n}\n',
    ],
)
def test_well_formed_markers_load(host: Host, make_extension: MakeExtension, marker: bytes) -> None:
    extension = host.load_extension(make_extension(module_with(marker), ext_id="marker"))
    assert extension.abi_info.abi == 1


MALFORMED = [
    ("string", [b'{"abi":"1"}'], '`abi` must be a JSON integer such as 1, not string "1"'),
    ("float", [b'{"abi":1.0}'], "`abi` must be a JSON integer such as 1, not number 1.0"),
    ("exponent", [b'{"abi":1e0}'], "`abi` must be a JSON integer such as 1, not number 1.0"),
    ("boolean", [b'{"abi":true}'], "`abi` must be a JSON integer such as 1, not boolean true"),
    ("null", [b'{"abi":null}'], "`abi` must be a JSON integer such as 1, not null null"),
    ("object", [b'{"abi":{"abi":1}}'], "`abi` must be a JSON integer such as 1, not object"),
    ("zero", [b'{"abi":0}'], "`abi` must be a positive integer, not 0"),
    ("negative", [b'{"abi":-1}'], "`abi` must be a positive integer, not -1"),
    ("missing field", [b'{"sdk":"0.1.0"}'], "has no `abi` field"),
    ("bare number", [b"1"], "must be a JSON object, not integer"),
    ("array", [b'[{"abi":1}]'], "must be a JSON object, not array"),
    ("unknown field", [b'{"abi":1,"lang":"c"}'], "has unknown field(s) `lang`"),
    ("sdk not a string", [b'{"abi":1,"sdk":5}'], "`sdk` must be a non-empty string, not integer 5"),
    ("empty sdk", [b'{"abi":1,"sdk":""}'], '`sdk` must be a non-empty string, not string ""'),
    ("duplicate key", [b'{"abi":1,"abi":1}'], "has the field `abi` twice"),
    ("NaN", [b'{"abi":1,"sdk":NaN}'], "contains NaN, which is not JSON"),
    ("trailing NUL", [b'{"abi":1}\0'], "ends with a NUL byte (a C string literal's terminator?)"),
    ("byte-order mark", [b'\xef\xbb\xbf{"abi":1}'], "starts with a UTF-8 byte-order mark"),
    ("UTF-16", ['{"abi":1}'.encode("utf-16")], "is not valid UTF-8"),
    ("invalid UTF-8", [b'{"abi":1,"sdk":"\xff"}'], "is not valid UTF-8 (byte 16"),
    ("not JSON", [b"abi=1"], "is not JSON: Expecting value at character 0"),
    ("trailing garbage", [b'{"abi":1} x'], "is not JSON: Extra data at character 10"),
    ("empty", [b""], "is not JSON"),
    ("oversized", [b'{"abi":1,"sdk":"' + b"x" * 1024 + b'"}'], "bytes, over the 1024-byte limit"),
    ("two sections", [b'{"abi":1}', b'{"abi":1}'], "the module has 2 `spacedrive_abi` sections; exactly one"),
    ("two differing sections", [b'{"abi":2}', b'{"abi":1}'], "the module has 2 `spacedrive_abi` sections"),
    ("future version", [b'{"abi":2,"sdk":"9.0.0"}'], "built for host ABI 2 (SDK 9.0.0), this host speaks ABI 1"),
    (
        "future version, other fields",
        [b'{"abi":3,"sdk":{"name":"x"},"features":[]}'],
        "built for host ABI 3 (SDK None), this host speaks ABI 1",
    ),
    ("no section", [], "has no `spacedrive_abi` section"),
]


@pytest.mark.parametrize(("markers", "problem"), [case[1:] for case in MALFORMED], ids=[case[0] for case in MALFORMED])
def test_malformed_markers_are_refused_naming_the_problem(
    host: Host, make_extension: MakeExtension, markers: list[bytes], problem: str
) -> None:
    module = module_with(*markers)
    with pytest.raises(ExtensionError) as caught:
        read_abi_info(module, "marker")
    assert caught.value.code is LoadErrorCode.abi_mismatch
    assert problem in caught.value.message
    with pytest.raises(ExtensionError) as loading:
        host.load_extension(make_extension(module, ext_id="marker"))
    assert loading.value.code is LoadErrorCode.abi_mismatch
    assert "marker" not in host.extensions


def test_a_section_of_another_name_does_not_count(host: Host, make_extension: MakeExtension) -> None:
    module = wat_guests.guest(abi=None) + custom_section(b'{"abi":1}', name="spacedrive_abi\0")
    with pytest.raises(ExtensionError) as caught:
        host.load_extension(make_extension(module, ext_id="marker"))
    assert "has no `spacedrive_abi` section" in caught.value.message


def test_nesting_past_the_recursion_limit_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    """The 1024-byte cap keeps markers shallower than Python's recursion limit; without it,
    a deep marker is still a `ValueError`, never a `RecursionError` out of the load."""
    monkeypatch.setattr(module_checks, "ABI_MARKER_MAX_BYTES", 1 << 20)
    with pytest.raises(ValueError, match="is nested too deeply"):
        parse_abi_marker(b'{"abi":1,"sdk":' + b"[" * 100_000 + b"]" * 100_000 + b"}")
