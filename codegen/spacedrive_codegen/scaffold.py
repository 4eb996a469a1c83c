"""`sdext new NAME`: a new extension crate that builds, loads and runs as it is.

The crate holds a manifest, a `Cargo.toml` with a size-minded release profile, one export
(`greet`), one event handler (`entry.created`, through the `Extension` trait) and a unit test
that runs the export (`cargo test`). Next steps: `sdext build NAME`, then
`sdext run NAME --export greet --json '{"name": "you"}'`.

The SDK dependency is the generated crate of the checkout this package runs from (a path
dependency), or, where there is none (an installed wheel), the SDK's version on crates.io;
`--sdk PATH` chooses another crate directory.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

NAME = re.compile(r"[a-z][a-z0-9_-]{0,62}")
"""Both a cargo package name and a manifest id (schema/manifest.json)."""

CARGO_TOML = """\
[package]
name = "{name}"
version = "0.1.0"
edition = "2021"
publish = false

[lib]
crate-type = ["cdylib"]

[dependencies]
spacedrive-sdk = {sdk}

# Its own workspace, so that the crate builds wherever it lies.
[workspace]

# Small modules: the host loads and compiles them, and wasm32 has no unwinding.
[profile.release]
opt-level = "s"
lto = true
codegen-units = 1
panic = "abort"
"""

LIB_RS = """\
//! {title}: a Spacedrive extension.

use spacedrive_sdk::serde::{{Deserialize, Serialize}};
use spacedrive_sdk::types::EntryCreatedEvent;
use spacedrive_sdk::{{export, log, Extension, Result}};

/// The input of `greet`.
#[derive(Deserialize)]
#[serde(crate = "spacedrive_sdk::serde")]
pub struct Greet {{
    /// Who to greet.
    pub name: String,
}}

/// The output of `greet`.
#[derive(Serialize, Debug, PartialEq)]
#[serde(crate = "spacedrive_sdk::serde")]
pub struct Greeting {{
    /// The greeting.
    pub message: String,
}}

/// A JSON export: `sdext run {name} --export greet --json '{{"name": "you"}}'`.
#[export]
fn greet(input: Greet) -> Result<Greeting> {{
    log::info(&format!("greeting {{}}", input.name));
    Ok(Greeting {{
        message: format!("Hello, {{}}!", input.name),
    }})
}}

/// The extension's lifecycle and events (manifest.json subscribes `entry.created`).
#[derive(Default)]
struct {type_name};

impl Extension for {type_name} {{
    fn on_entry_created(&mut self, event: EntryCreatedEvent) -> Result<()> {{
        log::info(&format!("new entry: {{}}", event.entry.name));
        Ok(())
    }}
}}

spacedrive_sdk::register_extension!({type_name});

#[cfg(test)]
mod tests {{
    use super::*;

    #[test]
    fn greet_answers_a_greeting() {{
        let greeting = greet(Greet {{
            name: "you".into(),
        }})
        .unwrap();
        assert_eq!(greeting.message, "Hello, you!");
    }}
}}
"""

GITIGNORE = "/target\n*.wasm\n"


class ScaffoldError(Exception):
    """The crate cannot be made (bad name, directory exists); the message says why."""


def default_sdk_dependency() -> str:
    """The TOML value of the `spacedrive-sdk` dependency: the checkout's generated crate, else
    the SDK's version on crates.io."""
    here = Path(__file__).resolve()
    for parent in here.parents:
        crate = parent / "generated" / "rust" / "spacedrive-sdk"
        if (crate / "Cargo.toml").is_file():
            return _path_dependency(crate)
    from spacedrive_wire import SDK_VERSION

    return json.dumps(SDK_VERSION)


def _path_dependency(crate: Path) -> str:
    return "{ path = " + json.dumps(crate.resolve().as_posix()) + " }"


def _type_name(name: str) -> str:
    return "".join(part.capitalize() for part in re.split(r"[-_]", name) if part) or "Extension"


def new_extension(directory: Path, *, sdk: Path | None = None) -> Path:
    """Write a new extension crate into `directory` (which must not exist); its name is the
    directory's name."""
    name = directory.name
    if not NAME.fullmatch(name):
        raise ScaffoldError(
            f"{name!r} cannot name an extension: lower-case letters, digits, `-` and `_`, starting with a letter"
        )
    if directory.exists():
        raise ScaffoldError(f"{directory} already exists")
    dependency = _path_dependency(sdk) if sdk is not None else default_sdk_dependency()
    title = name.replace("-", " ").replace("_", " ").title()
    manifest = {
        "id": name,
        "name": title,
        "version": "0.1.0",
        "wasm": f"{name}.wasm",
        "permissions": {"methods": ["core.ping", "vdfs.*"], "libraries": ["*"]},
        "events": {"entry.created": "on_entry_created"},
    }
    (directory / "src").mkdir(parents=True)
    (directory / "Cargo.toml").write_text(CARGO_TOML.format(name=name, sdk=dependency), encoding="utf-8")
    (directory / "src" / "lib.rs").write_text(
        LIB_RS.format(name=name, title=title, type_name=_type_name(name)), encoding="utf-8"
    )
    (directory / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    (directory / ".gitignore").write_text(GITIGNORE, encoding="utf-8")
    return directory
