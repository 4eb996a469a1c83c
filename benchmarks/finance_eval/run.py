"""Reads generated receipts through the host's real path and scores the fields.

    python -m finance_eval.run [--count 96] [--seed 2026] [--preprocess on|off|both] [--show-failures]

Path per receipt, as a user's receipt takes it: PDFs and images -> `query:ai.ocr.v1`
(PDFium text layer or Tesseract), HTML-only mails -> text (stdlib html.parser, table
cells on their own lines) -> `query:ai.classify_text.v1` with no fields (the receipt
fields) -> compared with the ground truth. Prints per-field, per-format and per-locale
accuracy and the time per receipt (median and p90, by format).
"""

from __future__ import annotations

import argparse
import base64
import json
import statistics
import sys
import tempfile
import time
import unicodedata
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .generate import FORMATS, Sample, generate
from .htmltext import html_to_text

FIELDS = ("merchant", "date", "total", "currency")


def _norm(text: str) -> str:
    folded = unicodedata.normalize("NFC", text).casefold()
    return "".join(c for c in folded if c.isalnum())


def merchant_ok(found: Any, truth: str) -> bool:
    """Right when the read name holds the true one (a legal suffix or a branch may follow),
    or is most of it; accents and umlauts count (a lost umlaut is a wrong name)."""
    if not isinstance(found, str) or not found.strip():
        return False
    got, want = _norm(found), _norm(truth)
    return (want in got and len(got) <= 2 * len(want) + 12) or (got in want and len(got) >= 0.6 * len(want))


def field_ok(name: str, found: Any, truth: Any) -> bool:
    if name == "merchant":
        return merchant_ok(found, truth)
    if name == "total":
        return isinstance(found, int | float) and abs(float(found) - float(truth)) < 0.005
    return bool(found == truth)


@dataclass
class Outcome:
    sample: Sample
    found: dict[str, Any]
    right: dict[str, bool]
    seconds: float
    text: str
    extras: dict[str, Any] = field(default_factory=dict)

    @property
    def all_right(self) -> bool:
        return all(self.right.values())


def read_text(host: Any, sample: Sample, preprocess: bool) -> str:
    if sample.format == "html_mail":
        return html_to_text(sample.data.decode("utf-8"))
    payload: dict[str, Any] = {"data": base64.b64encode(sample.data).decode(), "mime_type": sample.mime_type}
    if not preprocess:
        payload["options"] = {"preprocess": False}
    answer = host.call("query:ai.ocr.v1", payload)
    if "ok" not in answer:
        raise RuntimeError(f"{sample.id}: OCR failed: {answer}")
    return str(answer["ok"]["text"])


def evaluate(host: Any, samples: Sequence[Sample], preprocess: bool = True) -> list[Outcome]:
    outcomes = []
    for sample in samples:
        started = time.perf_counter()
        text = read_text(host, sample, preprocess)
        answer = host.call("query:ai.classify_text.v1", {"text": text, "prompt": "Extract receipt data"})
        seconds = time.perf_counter() - started
        if "ok" not in answer:
            raise RuntimeError(f"{sample.id}: classify_text failed: {answer}")
        found = answer["ok"]["result"]
        truth = sample.truth
        right = {name: field_ok(name, found.get(name), getattr(truth, name)) for name in FIELDS}
        outcomes.append(Outcome(sample, found, right, seconds, text, answer["ok"].get("receipt") or {}))
    return outcomes


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:5.1f}%" if whole else "   - "


def _p90(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.9 * (len(ordered) - 1)))]


def report(outcomes: Sequence[Outcome], title: str) -> dict[str, Any]:
    n = len(outcomes)
    print(f"\n== {title}: {n} receipts")
    all_right = sum(o.all_right for o in outcomes)
    print(f"all four fields right: {all_right}/{n} ({_pct(all_right, n).strip()})")
    per_field = {name: sum(o.right[name] for o in outcomes) for name in FIELDS}
    print("per field:   " + "  ".join(f"{name} {_pct(count, n).strip()}" for name, count in per_field.items()))
    by: dict[str, dict[str, list[Outcome]]] = {"format": defaultdict(list), "locale": defaultdict(list)}
    for o in outcomes:
        by["format"][o.sample.format].append(o)
        by["locale"][o.sample.locale].append(o)
    print(f"\n{'format':<12} {'n':>3} {'all4':>7} " + " ".join(f"{f:>8}" for f in FIELDS) + "   median     p90")
    timing: dict[str, dict[str, float]] = {}
    for fmt in FORMATS:
        group = by["format"].get(fmt, [])
        if not group:
            continue
        times = [o.seconds * 1000 for o in group]
        timing[fmt] = {"median_ms": statistics.median(times), "p90_ms": _p90(times)}
        print(
            f"{fmt:<12} {len(group):>3} {_pct(sum(o.all_right for o in group), len(group)):>7} "
            + " ".join(f"{_pct(sum(o.right[f] for o in group), len(group)):>8}" for f in FIELDS)
            + f" {timing[fmt]['median_ms']:7.0f}ms {timing[fmt]['p90_ms']:6.0f}ms"
        )
    print(f"\n{'locale':<12} {'n':>3} {'all4':>7} " + " ".join(f"{f:>8}" for f in FIELDS))
    for loc, group in sorted(by["locale"].items()):
        print(
            f"{loc:<12} {len(group):>3} {_pct(sum(o.all_right for o in group), len(group)):>7} "
            + " ".join(f"{_pct(sum(o.right[f] for o in group), len(group)):>8}" for f in FIELDS)
        )
    return {
        "receipts": n,
        "all_right": all_right,
        "per_field": {name: count / n for name, count in per_field.items()},
        "per_format": {fmt: sum(o.all_right for o in g) / len(g) for fmt, g in by["format"].items()},
        "timing": timing,
    }


def show_failures(outcomes: Sequence[Outcome], with_text: bool) -> None:
    for o in outcomes:
        if o.all_right:
            continue
        wrong = [f for f in FIELDS if not o.right[f]]
        print(f"\n-- {o.sample.id} ({', '.join(o.sample.notes)}): wrong {', '.join(wrong)}")
        for name in wrong:
            print(f"   {name}: got {o.found.get(name)!r}, want {getattr(o.sample.truth, name)!r}")
        if with_text:
            print("   | " + o.text.replace("\n", "\n   | "))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Finance receipt extraction evaluation")
    parser.add_argument("--count", type=int, default=96, help="receipts to generate (default 96)")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--only", type=str, default="", help="comma-separated formats or locales to keep")
    parser.add_argument("--preprocess", choices=("on", "off", "both"), default="on")
    parser.add_argument("--show-failures", action="store_true")
    parser.add_argument("--show-text", action="store_true", help="with --show-failures: print the text read")
    parser.add_argument("--json", type=Path, help="write the figures here")
    args = parser.parse_args(argv)

    from spacedrive_host.app.host import Host

    started = time.perf_counter()
    samples = generate(args.count, args.seed)
    if args.only:
        keep = set(args.only.split(","))
        samples = [s for s in samples if s.format in keep or s.locale in keep]
    print(f"generated {len(samples)} receipts in {time.perf_counter() - started:.1f} s (seed {args.seed})")
    figures: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as data_dir, Host(Path(data_dir)) as host:
        modes = {"on": [True], "off": [False], "both": [True, False]}[args.preprocess]
        for preprocess in modes:
            chosen = samples if preprocess or args.preprocess != "both" else [s for s in samples if s.dpi]
            outcomes = evaluate(host, chosen, preprocess)
            title = f"preprocessing {'on' if preprocess else 'off'}"
            figures[title] = report(outcomes, title)
            if preprocess and args.preprocess == "both":
                figures["preprocessing on, images only"] = report(
                    [o for o in outcomes if o.sample.dpi], "preprocessing on, scans and photos only"
                )
            if args.show_failures:
                show_failures(outcomes, args.show_text)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1), encoding="utf-8")
    print(f"\ntotal time {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
