"""The targets of issue 11, checked against the figures the benchmarks measured in this run.

Each benchmark calls `record(...)` for the figures a target is about; the records of one script go
to `build/bench/results/<script>.json`. `nox -s bench` clears that directory first and runs this
module last (`python benchmarks/targets.py`): it prints one table of every target (figure,
baseline from the same run, target, met or by how much missed) and writes the same as JSON to
`build/bench/targets.json`. A target whose benchmark did not run in this session says so.

Ratios are compared, not absolute times, wherever the target is a ratio: both sides are measured
in the same run (see each benchmark for how, e.g. best of several alternating blocks).
"""

from __future__ import annotations

import json
import os
import platform
import sys
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Literal

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "build" / "bench" / "results"
REPORT = ROOT / "build" / "bench" / "targets.json"

Kind = Literal["ratio_max", "value_max", "value_min", "equal"]


@dataclass(frozen=True)
class Target:
    key: str
    part: int
    what: str
    kind: Kind
    limit: float
    """The bound: figure/baseline <= limit (ratio_max), figure <= limit (value_max), figure >= limit
    (value_min), figure == limit (equal)."""
    unit: str


TARGETS = [
    Target("embed_single_ms", 1, "embedding, one sentence (onnx int8)", "value_max", 2.0, "ms"),
    Target("embed_batch_ms", 1, "embedding, batch of 32, per text (onnx int8)", "value_max", 1.5, "ms"),
    Target("embed_cosine_min", 1, "min cosine onnx vs exact, fixed sentences", "value_min", 0.999, ""),
    Target("search_identical", 2, "search k=10 at 100k: queries whose results differ from numpy", "equal", 0, ""),
    Target("search_vs_numpy", 2, "search k=10 at 100k, unfiltered, vs numpy brute force", "ratio_max", 1.0, "ms"),
    Target(
        "job_overhead_us",
        3,
        "job runner overhead per trivial job (dispatch->completed - inline)",
        "value_max",
        150.0,
        "us",
    ),
    Target("ping_round_trip", 5, "ping round trip from a guest vs pure-Python handler + JSON", "ratio_max", 1.5, "us"),
    Target(
        "ready_instance_us", 5, "a ready instance (store, instance, exports, binding, buffer)", "value_max", 25.0, "us"
    ),
    Target(
        "list_entries_page",
        5,
        "list_entries page of 100 vs raw SQLite range query + JSON decode",
        "ratio_max",
        1.5,
        "us",
    ),
    Target(
        "sidecar_write_4k", 5, "4 KiB sidecar write vs temp file + fsync + rename + dir fsync", "ratio_max", 1.3, "us"
    ),
]


def record(script: str, key: str, figure: float, baseline: float | None = None, note: str = "") -> None:
    """Add one figure (and the baseline it is compared with, measured in the same run) to this
    script's results file."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{script}.json"
    records = json.loads(path.read_text()) if path.exists() else {}
    records[key] = {"figure": figure, "baseline": baseline, "note": note}
    path.write_text(json.dumps(records, indent=1) + "\n")


def clear() -> None:
    """Forget the results of earlier runs (the bench session calls it before the benchmarks)."""
    if RESULTS.is_dir():
        for path in RESULTS.glob("*.json"):
            path.unlink()


def _load() -> dict[str, dict[str, object]]:
    found: dict[str, dict[str, object]] = {}
    if RESULTS.is_dir():
        for path in sorted(RESULTS.glob("*.json")):
            for key, value in json.loads(path.read_text()).items():
                found[key] = {**value, "source": path.stem}
    return found


def verdict(target: Target, figure: float, baseline: float | None) -> tuple[float, bool, str]:
    """(compared value, met, how far off) for one target."""
    if target.kind == "ratio_max":
        if not baseline:
            return float("nan"), False, "no baseline"
        value = figure / baseline
        met = value <= target.limit
        return value, met, "met" if met else f"missed by {value / target.limit:.2f}x ({value:.2f}x vs {target.limit}x)"
    value = figure
    if target.kind == "value_max":
        met = value <= target.limit
        return value, met, "met" if met else f"missed by {value / target.limit:.2f}x"
    if target.kind == "value_min":
        met = value >= target.limit
        return value, met, "met" if met else f"missed by {target.limit - value:.4f}"
    met = value == target.limit
    return value, met, "met" if met else f"{value:g} differ"


def _fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "-"
    if unit in ("ms", "us"):
        return f"{value:,.2f} {unit}" if value < 100 else f"{value:,.0f} {unit}"
    return f"{value:g}"


def report() -> list[dict[str, object]]:
    found = _load()
    rows: list[dict[str, object]] = []
    for target in TARGETS:
        entry = found.get(target.key)
        row: dict[str, object] = {**asdict(target)}
        if entry is None:
            row.update(figure=None, baseline=None, value=None, met=None, status="not measured in this run")
        else:
            figure = float(entry["figure"])  # type: ignore[arg-type]
            baseline = None if entry["baseline"] is None else float(entry["baseline"])  # type: ignore[arg-type]
            value, met, status = verdict(target, figure, baseline)
            row.update(figure=figure, baseline=baseline, value=value, met=met, status=status,
                       note=entry.get("note", ""), source=entry["source"])  # fmt: skip
        rows.append(row)
    return rows


def print_table(rows: list[dict[str, object]]) -> None:
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "?"
    print(f"issue 11 targets (figures and baselines from this run; load average now {load} on {os.cpu_count()} CPUs)")
    print("  ratio = figure / baseline, for every figure with a baseline; absolute bounds (ms, us) depend on the load")
    print(f"  {'part':<5}{'target':<68}{'figure':>14}{'baseline':>14}{'ratio':>8}  {'bound':<10} status")
    for row in rows:
        unit = str(row["unit"])
        figure, baseline = row["figure"], row["baseline"]
        ratio = f"{figure / baseline:.2f}x" if isinstance(figure, float) and isinstance(baseline, float) else ""
        bound = {"ratio_max": "<= {}x", "value_max": "<= {}", "value_min": ">= {}", "equal": "== {}"}[
            str(row["kind"])
        ].format(row["limit"])
        print(
            f"  {row['part']!s:<5}{row['what']!s:<68}{_fmt(figure, unit):>14}{_fmt(baseline, unit):>14}"  # type: ignore[arg-type]
            f"{ratio:>8}  {bound:<10} {row['status']}"
        )
    met = sum(1 for row in rows if row["met"])
    print(f"  {met} of {len(rows)} targets met; written to {REPORT.relative_to(ROOT)}")


def main() -> int:
    rows = report()
    print_table(rows)
    load = os.getloadavg() if hasattr(os, "getloadavg") else None
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    context = {"python": sys.version.split()[0], "machine": platform.machine(), "cpus": os.cpu_count(),
               "load_average": load}  # fmt: skip
    REPORT.write_text(json.dumps({"context": context, "targets": rows}, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
