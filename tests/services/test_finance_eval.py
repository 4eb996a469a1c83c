"""The Finance evaluation on a small subset: one receipt per format and locale through the
host's real path (OCR or HTML -> text -> classify_text), with a floor per field. The full
set runs with `nox -s eval_finance` (docs/ai.md)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from spacedrive_host.app.host import Host

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

from finance_eval.generate import FORMATS, generate
from finance_eval.htmltext import html_to_text
from finance_eval.locales import LOCALES
from finance_eval.run import FIELDS, evaluate, merchant_ok

# 12 receipts covering every format and every locale (index i: locale i % 8, format (i // 8 + i) % 5)
SUBSET = (0, 1, 2, 3, 4, 5, 6, 7, 13, 17, 29, 46)


def test_subset_covers_every_format_and_locale() -> None:
    samples = generate(96, only=SUBSET)
    assert {s.format for s in samples} == set(FORMATS)
    assert {s.locale for s in samples} == {locale.code for locale in LOCALES}


def test_generator_is_deterministic_and_varied() -> None:
    first, again = generate(16, seed=7), generate(16, seed=7)
    assert [(s.id, s.truth) for s in first] == [(s.id, s.truth) for s in again]
    assert [s.data for s in first if s.mime_type != "application/pdf"] == [
        s.data for s in again if s.mime_type != "application/pdf"
    ]  # Pillow's PDFs carry their creation time
    assert len({s.truth.merchant for s in first}) >= 12
    assert {s.truth.currency for s in first} >= {"USD", "GBP", "EUR", "JPY", "CAD"}


def test_html_mail_cells_become_lines() -> None:
    text = html_to_text("<table><tr><td>Total</td><td>12,50 &euro;</td></tr></table><style>p{}</style><p>x&nbsp;y</p>")
    assert text.splitlines() == ["Total", "", "12,50 €", "", "x\xa0y"]


def test_merchant_comparison_counts_lost_accents_as_wrong() -> None:
    assert merchant_ok("BÄCKEREI MÜLLER GMBH", "Bäckerei Müller")
    assert not merchant_ok("Backerei Muller", "Bäckerei Müller")
    assert not merchant_ok("Müller", "Bäckerei Müller")


@pytest.mark.eval
def test_subset_reads_every_field(host: Host) -> None:
    outcomes = evaluate(host, generate(96, only=SUBSET))
    per_field = {name: sum(o.right[name] for o in outcomes) / len(outcomes) for name in FIELDS}
    failures = {o.sample.id: {f: o.found.get(f) for f in FIELDS if not o.right[f]} for o in outcomes if not o.all_right}
    assert all(share >= 0.83 for share in per_field.values()), (per_field, failures)
    assert sum(o.all_right for o in outcomes) >= 10, failures
