"""Hand-written operation handlers, one module per domain, bound to the generated registry."""

from types import ModuleType

from . import ai, core, credentials, http, jobs, libraries, vdfs

ALL_MODULES: tuple[ModuleType, ...] = (core, vdfs, credentials, http, ai, jobs, libraries)
