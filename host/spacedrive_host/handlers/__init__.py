"""Hand-written operation handlers, one module per domain, bound to the generated registry."""

from types import ModuleType

from . import ai, core, credentials, http, vdfs

ALL_MODULES: tuple[ModuleType, ...] = (core, vdfs, credentials, http, ai)
