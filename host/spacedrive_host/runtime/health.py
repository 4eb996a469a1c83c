"""An extension's health: repeated failures of its calls back off, then disable it.

A value of its own so the policy (`config.RuntimeConfig.failures`) is in one place: the extension
asks `check` before a call and reports each outcome with `failed` / `succeeded`.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from enum import StrEnum

from spacedrive_host.core.config import FailurePolicy
from spacedrive_host.core.errors import ExtensionError, LoadErrorCode

FAILURE_CODES = frozenset(
    {
        LoadErrorCode.trapped,
        LoadErrorCode.panicked,
        LoadErrorCode.reentry_limit,
        LoadErrorCode.time_limit,
        LoadErrorCode.memory_limit,
        LoadErrorCode.table_limit,
        LoadErrorCode.resource_limit,
        LoadErrorCode.fuel_exhausted,
        LoadErrorCode.stack_overflow,
        LoadErrorCode.payload_too_large,
        LoadErrorCode.bad_answer,
        LoadErrorCode.init_failed,
    }
)
"""Errors that are the extension's fault and count towards back-off and disabling."""


class ExtensionState(StrEnum):
    loaded = "loaded"
    backing_off = "backing_off"
    disabled = "disabled"
    unloaded = "unloaded"


@dataclass(frozen=True)
class HealthSnapshot:
    state: ExtensionState
    reason: str | None
    last_error: LoadErrorCode | None
    consecutive_failures: int
    failures: int
    retry_after_s: float | None


class Health:
    """Back-off and disabling for one extension (thread-safe)."""

    def __init__(self, policy: FailurePolicy, extension_id: str, logger: logging.Logger) -> None:
        self._policy = policy
        self._id = extension_id
        self._logger = logger
        self._lock = threading.Lock()
        self.state = ExtensionState.loaded
        self._reason: str | None = None
        self._last_error: LoadErrorCode | None = None
        self.consecutive = 0
        self._failures = 0
        self._retry_at = 0.0

    def check(self) -> None:
        """Raise `disabled` or `backing_off` when calls are not let through now."""
        with self._lock:
            if self.state is ExtensionState.disabled:
                raise ExtensionError(LoadErrorCode.disabled, f"disabled: {self._reason}", self._id)
            left = self._retry_at - time.monotonic()
            if self.state is ExtensionState.backing_off and left > 0:
                raise ExtensionError(
                    LoadErrorCode.backing_off, f"backing off for another {left:.3f} s: {self._reason}", self._id
                )

    def failed(self, exc: ExtensionError) -> None:
        """Count a failed call; errors that are not the extension's fault (`FAILURE_CODES`) do not count."""
        if exc.code not in FAILURE_CODES:
            return
        policy = self._policy
        with self._lock:
            self.consecutive += 1
            self._failures += 1
            self._last_error = exc.code
            failures = self.consecutive
            if self.state is ExtensionState.disabled:
                return
            if failures >= policy.disable_after:
                self.state = ExtensionState.disabled
                self._reason = f"{failures} consecutive failures, the last: {exc.code}: {exc.detail}"
                self._logger.error("extension %r disabled after %s", self._id, self._reason)
            elif failures >= policy.backoff_after:
                delay_ms = min(
                    policy.backoff_max_ms, policy.backoff_initial_ms * 2 ** (failures - policy.backoff_after)
                )
                self._retry_at = time.monotonic() + delay_ms / 1000.0
                self.state = ExtensionState.backing_off
                self._reason = f"{failures} consecutive failures, the last: {exc.code}: {exc.detail}"
                self._logger.warning("extension %r backs off for %d ms after %s", self._id, delay_ms, self._reason)

    def succeeded(self) -> None:
        with self._lock:
            self.consecutive = 0
            if self.state is ExtensionState.backing_off:
                self.state, self._reason = ExtensionState.loaded, None

    def reset(self) -> None:
        """Let calls through again (a successful reload, `enable`); an unloaded extension stays unloaded."""
        with self._lock:
            if self.state is not ExtensionState.unloaded:
                self.state, self._reason, self.consecutive = ExtensionState.loaded, None, 0

    def unloaded(self) -> None:
        with self._lock:
            self.state, self._reason = ExtensionState.unloaded, None

    def snapshot(self) -> HealthSnapshot:
        with self._lock:
            left = self._retry_at - time.monotonic() if self.state is ExtensionState.backing_off else None
            return HealthSnapshot(
                self.state,
                self._reason,
                self._last_error,
                self.consecutive,
                self._failures,
                max(0.0, left) if left is not None else None,
            )
