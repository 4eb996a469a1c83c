"""Spacedrive extension host: runs WASM extensions against the operation registry.

The public API is `__all__`; everything else is private to the host and may change. The
package is in layers (README "Where each part lives"): `core` <- `store` <- `services` <- `api`
(handlers, job types) <- `runtime` (wasmtime, extensions) <- `app` (`Host`, daemon, runner).
Names are resolved lazily, so importing one layer does not load the ones above it.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .api.operations import Caller, OperationContext, operation
    from .app.daemon import DaemonServer, Endpoint
    from .app.host import Host
    from .app.rpc_client import RpcClient, RpcError
    from .core.config import HostConfig
    from .core.errors import ErrorCode, ExtensionError, LoadErrorCode, OperationError
    from .runtime.extension import Extension, ExtensionStatus
    from .runtime.health import ExtensionState
    from .services.jobs import JobContext, JobType
    from .store.library import Library

_EXPORTS = {
    "Caller": "api.operations",
    "OperationContext": "api.operations",
    "operation": "api.operations",
    "DaemonServer": "app.daemon",
    "Endpoint": "app.daemon",
    "Host": "app.host",
    "RpcClient": "app.rpc_client",
    "RpcError": "app.rpc_client",
    "HostConfig": "core.config",
    "ErrorCode": "core.errors",
    "ExtensionError": "core.errors",
    "LoadErrorCode": "core.errors",
    "OperationError": "core.errors",
    "Extension": "runtime.extension",
    "ExtensionStatus": "runtime.extension",
    "ExtensionState": "runtime.health",
    "JobContext": "services.jobs",
    "JobType": "services.jobs",
    "Library": "store.library",
}

__all__ = [
    "Caller",
    "DaemonServer",
    "Endpoint",
    "ErrorCode",
    "Extension",
    "ExtensionError",
    "ExtensionState",
    "ExtensionStatus",
    "Host",
    "HostConfig",
    "JobContext",
    "JobType",
    "Library",
    "LoadErrorCode",
    "OperationContext",
    "OperationError",
    "RpcClient",
    "RpcError",
    "operation",
]


assert sorted(__all__) == sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'spacedrive_host' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value
