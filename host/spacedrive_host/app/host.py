"""`Host`: the facade that wires libraries, the operation router, the wasm runtime and extensions."""

from __future__ import annotations

import json
import threading
import uuid
from collections.abc import Iterable, Mapping
from pathlib import Path
from types import ModuleType
from typing import Any

from spacedrive_host.api.handlers import ALL_MODULES
from spacedrive_host.api.jobs import BUILTIN_JOB_TYPES
from spacedrive_host.api.operations import Caller, OperationRouter, bind_handlers
from spacedrive_host.core.config import HostConfig
from spacedrive_host.core.errors import ExtensionError, LoadErrorCode
from spacedrive_host.runtime.engine import WasmRuntime
from spacedrive_host.runtime.extension import Extension
from spacedrive_host.runtime.watcher import ExtensionWatcher
from spacedrive_host.services import emitters
from spacedrive_host.services.ai.backends import AiEngines
from spacedrive_host.services.container import HostServices
from spacedrive_host.services.credentials.vault import CredentialVault
from spacedrive_host.services.emitters import bind_emitters
from spacedrive_host.services.events import EventBus
from spacedrive_host.services.http.egress import HttpEgress
from spacedrive_host.services.jobs import JobRunner, JobStore, JobType, bind_job_types
from spacedrive_host.services.vdfs import Vdfs
from spacedrive_host.store.library import Library
from spacedrive_host.store.library_store import LibraryStore

from .extension_methods import ExtensionOperations


class Host:
    """One Spacedrive core with its extension runtime.

    `execute_json_operation` is the single entry point that extensions (through
    `spacedrive_call`) and the daemon RPC share.
    """

    def __init__(
        self,
        data_dir: Path,
        config: HostConfig | None = None,
        *,
        handler_modules: Iterable[ModuleType] = ALL_MODULES,
        job_types: Mapping[str, JobType[Any]] = BUILTIN_JOB_TYPES,
    ) -> None:
        self.data_dir = data_dir
        self.config = config or HostConfig()
        self.config.limits.check()
        bind_emitters([emitters])
        job_types = bind_job_types(job_types)
        data_dir.mkdir(parents=True, exist_ok=True)
        events = EventBus(self.config.events)
        jobs = JobRunner(JobStore(data_dir / "jobs.db"), events=events, config=self.config.jobs, job_types=job_types)
        self.services = HostServices(
            config=self.config,
            libraries=LibraryStore(data_dir / "libraries"),
            vdfs=Vdfs(events, self.config.vdfs),
            http=HttpEgress(self.config.http),
            credentials=CredentialVault(data_dir / "credentials", self.config.credentials),
            ai=AiEngines.from_config(self.config.ai),
            events=events,
            jobs=jobs,
        )
        self.router = OperationRouter(bind_handlers(handler_modules), self.services)
        self.runtime = WasmRuntime(self.config, data_dir / "cache" / "modules")
        self.engine = self.runtime.engine
        self.abi = self.runtime.abi
        runtime_config = self.config.runtime
        self.watcher = (
            ExtensionWatcher(runtime_config.watch_interval_ms / 1000.0, runtime_config.watch_debounce_ms / 1000.0)
            if runtime_config.hot_reload
            else None
        )
        self.extensions: dict[str, Extension] = {}
        self.extension_operations = ExtensionOperations()
        """The `ext:<extension>.<name>.v<N>` methods of loaded extensions (docs/extension-operations.md)."""
        self._lock = threading.Lock()
        self._daemon = Caller.trusted("daemon")

    @property
    def libraries(self) -> LibraryStore:
        return self.services.libraries

    @property
    def events(self) -> EventBus:
        return self.services.events

    @property
    def jobs(self) -> JobRunner:
        return self.services.jobs

    def create_library(self, name: str) -> Library:
        return self.libraries.create(name)

    def execute_json_operation(self, method: str, library_id: uuid.UUID | None, payload: bytes) -> bytes:
        """Run an operation as the trusted daemon caller; returns the JSON envelope. `ext:` methods
        go to the extension that declares them (library_id is not used: their input carries it)."""
        if method.startswith("ext:"):
            return self.extension_operations.execute(method, payload)
        return self.router.execute_json_operation(method, library_id, payload, self._daemon)

    def call(self, method: str, payload: Any, library_id: uuid.UUID | None = None) -> dict[str, Any]:
        """Convenience for Python callers: JSON in, decoded envelope out."""
        envelope: dict[str, Any] = json.loads(
            self.execute_json_operation(method, library_id, json.dumps(payload).encode())
        )
        return envelope

    def load_extension(self, directory: Path) -> Extension:
        """Load, initialise and (with `runtime.hot_reload`) watch an extension directory."""
        extension = Extension.load(directory, runtime=self.runtime, router=self.router)
        with self._lock:
            previous = self.extensions.get(extension.id)
            if previous is not None and previous.loaded:
                extension.unload()
                raise ExtensionError(LoadErrorCode.init_failed, "an extension with this id is loaded", extension.id)
            self.extensions[extension.id] = extension
        if self.watcher is not None:
            self.watcher.watch(extension)
        try:
            self.events.subscribe(extension)  # checks the manifest's event callbacks exist
        except ExtensionError:
            self.unload_extension(extension.id)
            raise
        try:
            self.extension_operations.register(extension)  # its `ext:` operations, checked with the version
        except ExtensionError:
            self.unload_extension(extension.id)
            raise
        extension.reload_listeners.append(self.events.refresh)
        extension.reload_listeners.append(self.extension_operations.register)
        return extension

    def reload_extension(self, extension_id: str) -> Extension:
        """Reload from disk now; on failure the old version keeps serving and the error is raised."""
        extension = self.extensions.get(extension_id)
        if extension is None:
            raise ExtensionError(LoadErrorCode.not_loaded, "no such extension is loaded", extension_id)
        extension.reload()
        return extension

    def unload_extension(self, extension_id: str) -> None:
        if self.watcher is not None:
            self.watcher.forget(extension_id)
        self.events.unsubscribe(extension_id)
        self.extension_operations.unregister(extension_id)
        with self._lock:
            extension = self.extensions.pop(extension_id, None)
        if extension is not None:
            extension.unload()

    def close(self) -> None:
        """Stop jobs (running ones at their next checkpoint), event delivery, the watcher, extensions, libraries."""
        self.jobs.close()
        self.events.close()
        if self.watcher is not None:
            self.watcher.stop()
        for extension_id in list(self.extensions):
            self.unload_extension(extension_id)
        self.runtime.close()
        self.libraries.close()
        if self.services.credentials is not None:
            self.services.credentials.close()
        self.services.http.close()

    def __enter__(self) -> Host:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
