"""The wasm runtime one host shares between its extensions: the engine and its configuration,
the epoch ticker behind every time limit, the linker with the `spacedrive` imports, and the
compiled-module cache.

Time limits use epoch interruption: a daemon thread advances the engine's epoch every
`limits.epoch_tick_ms`, and each call sets its store's deadline to the number of ticks its
budget allows. Checking the epoch costs the guest a load and a compare at loop headers and
function entries, nothing on the host call path.
"""

from __future__ import annotations

import importlib.metadata
import math
from pathlib import Path

import wasmtime

from spacedrive_host.core.config import HostConfig

from . import capi
from .abi import HostAbi
from .module_cache import CachedModule, ModuleCache
from .periodic import PeriodicThread


class WasmRuntime:
    def __init__(self, config: HostConfig, cache_dir: Path | None) -> None:
        limits = config.limits
        limits.check()
        self.config = config
        self.enforce = limits.enforce
        self.fuel = limits.enforce and limits.fuel
        self.epoch_tick_s = limits.epoch_tick_ms / 1000.0
        engine_config = wasmtime.Config()
        engine_config.epoch_interruption = self.enforce
        engine_config.consume_fuel = self.fuel
        engine_config.max_wasm_stack = config.runtime.max_wasm_stack_bytes
        self.engine = wasmtime.Engine(engine_config)
        self.engine_address = capi.address(self.engine)
        self.abi = HostAbi(self.engine)
        self.ticker = PeriodicThread("spacedrive-epoch", self.epoch_tick_s, self.engine.increment_epoch)
        fingerprint = (
            f"wasmtime={importlib.metadata.version('wasmtime')};epoch={self.enforce};fuel={self.fuel};"
            f"stack={config.runtime.max_wasm_stack_bytes}"
        )
        self.modules = ModuleCache(self.engine, cache_dir if config.runtime.module_cache else None, fingerprint)

    def epoch_ticks(self, time_ms: int) -> int:
        """Epoch ticks that give a call at least `time_ms` (one tick more, for the phase of the ticker)."""
        return math.ceil(time_ms / 1000.0 / self.epoch_tick_s) + 1

    def compile(self, wasm: bytes) -> CachedModule:
        return self.modules.load(wasm)

    def start(self) -> None:
        """Start the epoch ticker (on first use, so that hosts without extensions run no thread)."""
        if self.enforce:
            self.ticker.start()

    def close(self) -> None:
        self.ticker.stop()
