"""Latency of the embedded AI defaults: the first call of a fresh process (imports and
model loading included) and the warm median, each engine in its own subprocess.

    python benchmarks/bench_ai.py [--repeat N]

Prints one line per measurement. The figures in docs/ai.md come from this script.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

PROBE = r"""
import json, statistics, sys, time
sys.path.insert(0, {tests!r})
from ai_samples import RECEIPT_LINES, ImagePage, TextPage, encode, make_pdf, render_lines
from spacedrive_host.ai.backends import AiEngines, LabelSpec

repeat = {repeat}
which = {which!r}
engines = AiEngines()
png = encode(render_lines(RECEIPT_LINES), "PNG")
long_png = encode(render_lines([f"Item number {{i:02d}}      {{i}}.{{i:02d}}" for i in range(1, 31)] + ["TOTAL 465.00 EUR"], size=22), "PNG")
text_pdf = make_pdf([TextPage(["Invoice 2026-001", "Total: 58,20 EUR"])])
scan_pdf = make_pdf([ImagePage(render_lines(RECEIPT_LINES)), ImagePage(render_lines(RECEIPT_LINES))])
labels = [LabelSpec(n, d) for n, d in [
    ("receipt", "a proof of purchase from a shop"), ("invoice", "a bill asking for payment by a due date"),
    ("contract", "an agreement between parties"), ("bank_statement", "account transactions and balances"),
    ("payslip", "an employee's salary statement"), ("medical_report", "a doctor's findings about a patient"),
    ("boarding_pass", "an airline ticket with gate and seat"), ("recipe", "cooking instructions"),
]]
receipt_text = "CORNER BAKERY\nDate: March 3, 2026\nCroissant 2.40\nTOTAL 58,20 EUR\nThank you!"
batch = [f"Sentence {{i}} about a coffee receipt and its total amount." for i in range(32)]
cases = {{
    "ocr": [
        ("ai.ocr receipt PNG (7 lines)", lambda: engines.ocr.recognise(png), 1),
        ("ai.ocr long receipt PNG (31 lines)", lambda: engines.ocr.recognise(long_png), 1),
        ("ai.ocr PDF text layer", lambda: engines.ocr.recognise(text_pdf), 1),
        ("ai.ocr scanned PDF (2 pages)", lambda: engines.ocr.recognise(scan_pdf), 1),
    ],
    "embeddings": [
        ("ai.generate_embedding 1 sentence", lambda: engines.embeddings.embed(["Thanks for visiting Starbucks, total 7.75 USD"]), 1),
        ("ai.generate_embedding batch of 32, per text", lambda: engines.embeddings.embed(batch), 32),
    ],
    "classify": [
        ("ai.classify_text 8 labels (similarity)", lambda: engines.classifier.classify(receipt_text, "", labels, None), 1),
        ("ai.classify_text receipt fields (rules)", lambda: engines.classifier.classify(receipt_text, "", None, None), 1),
    ],
}}
for name, run, per in cases[which]:
    started = time.perf_counter(); run(); first = time.perf_counter() - started
    warm = []
    for _ in range(repeat):
        started = time.perf_counter(); run(); warm.append(time.perf_counter() - started)
    print(json.dumps({{"case": name, "first_ms": round(first * 1000 / per, 2), "warm_median_ms": round(statistics.median(warm) * 1000 / per, 2)}}))
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    for which in ("ocr", "embeddings", "classify"):
        code = PROBE.format(tests=str(ROOT / "tests"), repeat=args.repeat, which=which)
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
        for line in out.stdout.splitlines():
            row = json.loads(line)
            print(f"{row['case']:48s} first {row['first_ms']:8.2f} ms   warm median {row['warm_median_ms']:7.2f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
