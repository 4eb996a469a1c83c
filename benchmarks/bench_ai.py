"""Latency of the embedded AI defaults: the first call of a fresh process (imports and
model loading included) and the warm median, each engine in its own subprocess.

    python benchmarks/bench_ai.py [--repeat N] [--only ocr|embeddings|classify]

Prints one line per measurement. The figures in docs/ai.md come from this script.
Embeddings run both engines in the same process, side by side: the int8 ONNX engine (the
default) and the exact numpy engine (its reference), and print the smallest cosine between
their vectors on the fixed sentence set of the tests (tests/support/ai_samples.py).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
ENGINES = ("ocr", "embeddings", "classify")


def cases(which: str) -> list[tuple[str, Callable[[], Any], int]]:
    """(name, call, texts per call) for one engine; imports happen here, in the probe process."""
    sys.path.insert(0, str(ROOT / "tests"))
    from spacedrive_host.services.ai.backends import AiEngines
    from spacedrive_host.services.ai.interfaces import LabelSpec
    from support.ai_samples import RECEIPT_LINES, ImagePage, TextPage, encode, make_pdf, render_lines

    engines = AiEngines()
    if which == "ocr":
        png = encode(render_lines(RECEIPT_LINES), "PNG")
        items = [f"Item number {i:02d}      {i}.{i:02d}" for i in range(1, 31)]
        long_png = encode(render_lines([*items, "TOTAL 465.00 EUR"], size=22), "PNG")
        text_pdf = make_pdf([TextPage(["Invoice 2026-001", "Total: 58,20 EUR"])])
        scan_pdf = make_pdf([ImagePage(render_lines(RECEIPT_LINES)), ImagePage(render_lines(RECEIPT_LINES))])
        return [
            ("ai.ocr receipt PNG (7 lines)", lambda: engines.ocr.recognise(png), 1),
            ("ai.ocr long receipt PNG (31 lines)", lambda: engines.ocr.recognise(long_png), 1),
            ("ai.ocr PDF text layer", lambda: engines.ocr.recognise(text_pdf), 1),
            ("ai.ocr scanned PDF (2 pages)", lambda: engines.ocr.recognise(scan_pdf), 1),
        ]
    if which == "embeddings":
        from spacedrive_host.services.ai.backends import EmbeddedEmbeddings

        onnx, exact = EmbeddedEmbeddings(engine="onnx"), EmbeddedEmbeddings(engine="exact")
        one = ["Thanks for visiting Starbucks, total 7.75 USD"]
        batch = [f"Sentence {i} about a coffee receipt and its total amount." for i in range(32)]
        return [
            ("embedding 1 sentence, onnx int8 (default)", lambda: onnx.embed(one), 1),
            ("embedding 1 sentence, exact numpy", lambda: exact.embed(one), 1),
            ("embedding batch of 32, per text, onnx int8", lambda: onnx.embed(batch), 32),
            ("embedding batch of 32, per text, exact numpy", lambda: exact.embed(batch), 32),
        ]
    labels = [
        LabelSpec(name, description)
        for name, description in [
            ("receipt", "a proof of purchase from a shop"),
            ("invoice", "a bill asking for payment by a due date"),
            ("contract", "an agreement between parties"),
            ("bank_statement", "account transactions and balances"),
            ("payslip", "an employee's salary statement"),
            ("medical_report", "a doctor's findings about a patient"),
            ("boarding_pass", "an airline ticket with gate and seat"),
            ("recipe", "cooking instructions"),
        ]
    ]
    text = "CORNER BAKERY\nDate: March 3, 2026\nCroissant 2.40\nTOTAL 58,20 EUR\nThank you!"
    return [
        ("ai.classify_text 8 labels (similarity)", lambda: engines.classifier.classify(text, "", labels, None), 1),
        ("ai.classify_text receipt fields (rules)", lambda: engines.classifier.classify(text, "", None, None), 1),
    ]


def agreement() -> dict[str, Any]:
    """Smallest cosine between the two engines' vectors on the fixed sentence set."""
    from spacedrive_host.services.ai.embeddings import shared_embedder
    from spacedrive_host.services.ai.onnx_embeddings import shared_onnx_embedder
    from support.ai_samples import EMBEDDING_SENTENCES

    texts = list(EMBEDDING_SENTENCES)
    cosines = (shared_onnx_embedder().embed(texts) * shared_embedder().embed(texts)).sum(axis=1)
    note = f"onnx vs exact on {len(texts)} fixed sentences: min cosine {cosines.min():.5f}, mean {cosines.mean():.5f}"
    return {"note": note, "min_cosine": float(cosines.min())}


def probe(which: str, repeat: int) -> None:
    if which == "embeddings":
        from spacedrive_host.services.ai.embeddings import limit_blas_threads

        limit_blas_threads()  # as the engine does on load; before any timing
    for name, run, per in cases(which):
        started = time.perf_counter()
        run()
        first = time.perf_counter() - started
        warm = []
        for _ in range(repeat):
            started = time.perf_counter()
            run()
            warm.append(time.perf_counter() - started)
        median = statistics.median(warm)
        print(json.dumps({"case": name, "first_ms": first * 1000 / per, "warm_median_ms": median * 1000 / per,
                          "warm_best_ms": min(warm) * 1000 / per}))  # fmt: skip
    if which == "embeddings":
        print(json.dumps(agreement()))


def main() -> int:
    parser = argparse.ArgumentParser(description="Latency of the embedded AI defaults.")
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--probe", choices=ENGINES, help=argparse.SUPPRESS)
    parser.add_argument("--only", choices=ENGINES, help="one engine only")
    args = parser.parse_args()
    if args.probe:
        probe(args.probe, args.repeat)
        return 0
    for which in [args.only] if args.only else ENGINES:
        command = [sys.executable, __file__, "--probe", which, "--repeat", str(args.repeat)]
        out = subprocess.run(command, capture_output=True, text=True, check=True)
        rows = [json.loads(line) for line in out.stdout.splitlines()]
        for row in rows:
            if "note" in row:
                print(f"  {row['note']}")
                continue
            print(f"{row['case']:46s} first {row['first_ms']:8.1f} ms   warm median {row['warm_median_ms']:7.2f} ms"
                  f"   best {row['warm_best_ms']:7.2f} ms")  # fmt: skip
        if which == "embeddings":
            record_embedding_targets(rows)
    return 0


def record_embedding_targets(rows: list[dict[str, Any]]) -> None:
    """Issue 11's embedding targets: the onnx engine's best warm time, the exact engine's as its baseline."""
    import targets

    by_case = {row["case"]: row for row in rows if "case" in row}
    pairs = [("embed_single_ms", "embedding 1 sentence, onnx int8 (default)", "embedding 1 sentence, exact numpy"),
             ("embed_batch_ms", "embedding batch of 32, per text, onnx int8",
              "embedding batch of 32, per text, exact numpy")]  # fmt: skip
    for key, onnx, exact in pairs:
        if onnx in by_case:
            note = f"warm median {by_case[onnx]['warm_median_ms']:.2f} ms; baseline: the exact engine"
            targets.record("bench_ai", key, by_case[onnx]["warm_best_ms"], by_case[exact]["warm_best_ms"], note)
    for row in rows:
        if "min_cosine" in row:
            targets.record("bench_ai", "embed_cosine_min", row["min_cosine"], None, row["note"])


if __name__ == "__main__":
    sys.exit(main())
