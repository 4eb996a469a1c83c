"""Host configuration. Every setting has an embedded default, so `Host(data_dir)` runs with
nothing to install or start; a JSON file can override any of them (`HostConfig.load`)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, is_dataclass, replace
from pathlib import Path
from typing import Any, Literal, TypeVar

from .limits import LimitsConfig

T = TypeVar("T")


AI_BACKENDS = ("embedded", "openai")


@dataclass(frozen=True)
class AiConfig:
    """The `ai` section: which engines serve the AI operations (docs/ai.md).

    `embedded` (the default) runs everything on this machine's CPU from installed
    packages; `openai` sends classification (and, unless `embedding_backend` says
    otherwise, embeddings) to an OpenAI-compatible server such as Ollama or llama-server.
    OCR is always local.
    """

    backend: str = "embedded"
    """Backend of `ai.classify_text`, and of `ai.generate_embedding` unless overridden."""
    embedding_backend: str | None = None
    """Backend of `ai.generate_embedding`; None: the same as `backend`."""
    base_url: str = "http://127.0.0.1:11434/v1"
    """OpenAI-compatible API root, including `/v1` (this default is Ollama's)."""
    chat_model: str = ""
    """Model for `/chat/completions` (required when `backend` is `openai`)."""
    embedding_model: str = ""
    """Model for `/embeddings` (required when embeddings use `openai`)."""
    api_key_env: str | None = None
    """Name of the environment variable holding the API key (sent as a Bearer token); None: no key."""
    timeout_s: float = 60.0
    """Time allowed for one request to the server."""
    embedding_engine: str = "onnx"
    """How the embedded all-MiniLM-L6-v2 runs: `onnx` (int8 weights on ONNX Runtime, the default) or `exact`
    (float32 numpy, the reference; cosine >= 0.999 between the two on natural sentences, docs/ai.md)."""
    embedded_model_dir: str | None = None
    """A sentence-transformers BERT model directory to use instead of the packaged all-MiniLM-L6-v2
    (always on the exact engine)."""
    ocr_language: str = "auto"
    """Default Tesseract language(s), e.g. `eng` or `eng+deu` (each needs its traineddata installed), or `auto`:
    read with eng, then again with the receipt's language when its words name another installed one."""
    ocr_max_pages: int = 50
    """PDF pages read per call at most (the answer reports the document's page count)."""
    ocr_render_scale: float = 2.0
    """Scale at which scanned PDF pages are rendered for OCR (1.0 = 72 dpi)."""
    ocr_max_image_pixels: int = 40_000_000
    """Largest image (width x height) accepted for OCR; bigger ones are `payload_too_large`."""

    def __post_init__(self) -> None:
        problems = []
        for name in ("backend", "embedding_backend"):
            value = getattr(self, name)
            if value not in AI_BACKENDS and not (name == "embedding_backend" and value is None):
                problems.append(f"{name} must be one of {', '.join(AI_BACKENDS)}, not {value!r}")
        if self.embedding_engine not in ("onnx", "exact"):
            problems.append(f"embedding_engine must be onnx or exact, not {self.embedding_engine!r}")
        if self.backend == "openai" and not self.chat_model:
            problems.append("chat_model is required when backend is 'openai'")
        if (self.embedding_backend or self.backend) == "openai" and not self.embedding_model:
            problems.append("embedding_model is required when embeddings use the 'openai' backend")
        if not isinstance(self.timeout_s, int | float) or isinstance(self.timeout_s, bool) or self.timeout_s <= 0:
            problems.append(f"timeout_s must be a positive number, not {self.timeout_s!r}")
        for name in ("ocr_max_pages", "ocr_max_image_pixels"):
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                problems.append(f"{name} must be a positive integer, not {value!r}")
        if not isinstance(self.ocr_render_scale, int | float) or not 0.25 <= self.ocr_render_scale <= 8:
            problems.append(f"ocr_render_scale must be a number from 0.25 to 8, not {self.ocr_render_scale!r}")
        if not self.base_url.startswith(("http://", "https://")):
            problems.append(f"base_url must be an http(s) URL, not {self.base_url!r}")
        if problems:
            raise ValueError("ai: " + "; ".join(problems))


@dataclass(frozen=True)
class VdfsConfig:
    """Storage limits of libraries (docs/data.md). A write that would break one stores nothing."""

    max_sidecar_bytes: int = 8 * 1024 * 1024
    """Largest sidecar accepted (`sidecar_too_large` above it)."""
    max_library_bytes: int = 1024 * 1024 * 1024
    """Sidecar bytes one library may hold in all (`library_quota_exceeded` above it)."""


@dataclass(frozen=True)
class JobsConfig:
    """The job runner (docs/jobs.md)."""

    workers: int = 2
    """Worker threads running jobs; more jobs than workers wait `queued`."""
    max_queued: int = 1000
    """Jobs queued or running at once, over all libraries (`resource_exhausted` above it)."""
    progress_interval: float = 0.25
    """Seconds between writes of a running job's progress to SQLite (state changes are written at once)."""
    stop_timeout: float = 5.0
    """Seconds `Host.close` waits for running jobs to reach a checkpoint and stop."""
    backend: str = "threads"
    """Where jobs' heavy work runs: `threads` (on the worker threads, the default) or `ray` (on Ray actors
    that keep the AI engines loaded; needs the `ray` extra). State, progress and results stay in jobs.db."""
    ray_address: str | None = None
    """With `backend: ray`: the cluster to join (`auto`, `ray://head:10001`, ...); None starts a local
    instance bound to 127.0.0.1 (or uses the one this process already initialised)."""
    ray_actors: int = 0
    """Actors (each holding the AI engines, one CPU each); 0: one per CPU of the cluster."""
    ray_in_flight: int = 2
    """Work units outstanding per actor (keeps actors busy while results travel back)."""

    def __post_init__(self) -> None:
        if self.backend not in JOB_BACKENDS:
            raise ValueError(f"jobs.backend must be one of {', '.join(JOB_BACKENDS)}, not {self.backend!r}")
        for name in ("ray_actors", "ray_in_flight"):
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool) or value < (0 if name == "ray_actors" else 1):
                raise ValueError(
                    f"jobs.{name} must be a {'non-negative' if name == 'ray_actors' else 'positive'} "
                    f"integer, not {value!r}"
                )


JOB_BACKENDS = ("threads", "ray")


@dataclass(frozen=True)
class EventsConfig:
    """Event delivery to extensions (docs/events.md)."""

    max_queue: int = 10_000
    """Events waiting for one subscriber; more are dropped for that subscriber (and counted)."""
    max_depth: int = 8
    """How deep events caused by event callbacks may nest; deeper ones are not emitted (and counted)."""
    stop_timeout: float = 5.0
    """Seconds unsubscribing waits for a callback in flight to return."""


@dataclass(frozen=True)
class HttpConfig:
    """Outbound HTTP: `http.request` of extensions and OAuth2 token refreshes (docs/http.md)."""

    allow_networks: tuple[str, ...] = ()
    """Addresses or CIDR networks exempt from the blocked-address check (e.g. `127.0.0.1/32` for a local
    service); the domain allow-list of the manifest still applies."""
    hosts: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """Static name -> addresses answers consulted before DNS (like /etc/hosts or curl's --resolve); the
    addresses are checked like any DNS answer."""
    max_redirects: int = 5
    default_timeout_seconds: float = 30.0
    max_timeout_seconds: float = 120.0
    max_response_bytes: int = 4 * 1024 * 1024
    ca_file: str | None = None
    """PEM file of extra trust anchors, added to the system's."""
    user_agent: str = "spacedrive-host/0.1"

    def __post_init__(self) -> None:  # JSON gives lists; keep the declared tuple types
        object.__setattr__(self, "allow_networks", tuple(self.allow_networks))
        object.__setattr__(self, "hosts", {k.lower(): tuple(v) for k, v in self.hosts.items()})


@dataclass(frozen=True)
class CredentialsConfig:
    """The encrypted credential store (docs/credentials.md)."""

    key_source: Literal["auto", "keyring", "file"] = "auto"
    """Where the store's key lives: `keyring` (the OS keyring), `file` (a 0600 key file next to the store)
    or `auto` (the keyring when a real backend is present, else the file)."""
    refresh_margin_seconds: int = 60
    """An OAuth2 token expiring within this many seconds is refreshed on `get` (unless the call says)."""
    refresh_timeout_seconds: float = 15.0

    def __post_init__(self) -> None:
        if self.key_source not in ("auto", "keyring", "file"):
            raise ValueError(f"credentials.key_source must be auto, keyring or file, not {self.key_source!r}")


@dataclass(frozen=True)
class FailurePolicy:
    """What repeated failures (traps, bad answers, failed re-initialisation) of one extension do."""

    backoff_after: int = 3
    """Consecutive failures after which calls are refused for a while (status `backing_off`)."""
    backoff_initial_ms: int = 500
    """The first pause; it doubles with every further failure."""
    backoff_max_ms: int = 30_000
    disable_after: int = 8
    """Consecutive failures after which the extension is disabled until reloaded or enabled."""


@dataclass(frozen=True)
class RuntimeConfig:
    """The wasm runtime: module cache, instance pools, hot reload, failure handling."""

    module_cache: bool = True
    """Keep compiled modules under `<data_dir>/cache/modules` (keyed by content hash and wasmtime version)."""
    max_wasm_stack_bytes: int = 512 * 1024
    """The wasm call stack of one call (wasmtime's default); deeper recursion traps (`stack_overflow`)."""
    hot_reload: bool = True
    """Watch each loaded extension's manifest and .wasm and reload it when they change."""
    watch_interval_ms: int = 250
    watch_debounce_ms: int = 150
    """A change is acted on once the files have stayed the same this long (partial writes)."""
    failures: FailurePolicy = field(default_factory=FailurePolicy)


@dataclass(frozen=True)
class HostConfig:
    """Top-level host settings; sections are added as dataclass fields with defaults."""

    http: HttpConfig = field(default_factory=HttpConfig)
    credentials: CredentialsConfig = field(default_factory=CredentialsConfig)
    ai: AiConfig = field(default_factory=AiConfig)
    vdfs: VdfsConfig = field(default_factory=VdfsConfig)
    jobs: JobsConfig = field(default_factory=JobsConfig)
    events: EventsConfig = field(default_factory=EventsConfig)
    limits: LimitsConfig = field(default_factory=LimitsConfig)
    runtime: RuntimeConfig = field(default_factory=RuntimeConfig)

    @classmethod
    def load(cls, path: Path) -> HostConfig:
        return from_dict(cls, json.loads(path.read_text(encoding="utf-8")), str(path))


def from_dict(cls: type[T], data: Any, where: str) -> T:
    """Build a (nested) frozen dataclass from a dict, rejecting unknown keys by name."""
    if not isinstance(data, dict):
        raise ValueError(f"{where}: expected an object")
    default = cls()
    assert is_dataclass(default)
    known = {f.name: f for f in fields(default)}
    changes: dict[str, Any] = {}
    for key, value in data.items():
        if key not in known:
            raise ValueError(f"{where}: unknown setting {key!r} (known: {', '.join(sorted(known))})")
        current = getattr(default, key)
        changes[key] = from_dict(type(current), value, f"{where}.{key}") if is_dataclass(current) else value
    return replace(default, **changes)  # type: ignore[type-var]
