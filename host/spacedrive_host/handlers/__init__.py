"""Hand-written operation handlers, one module per domain, bound to the generated registry."""

from types import ModuleType

from . import ai, core, vdfs

ALL_MODULES: tuple[ModuleType, ...] = (ai, core, vdfs)
