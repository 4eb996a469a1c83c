"""The embedded classifier: embedding similarity for labels, rules for fields."""

from __future__ import annotations

from typing import Any

import pytest
from spacedrive_host.ai.backends import AiEngines, LabelSpec
from spacedrive_host.ai.extract import extract_receipt, find_dates, parse_amount, parse_fields
from spacedrive_host.host import Host

LABELS = [
    LabelSpec("receipt", "a proof of purchase from a shop, cafe or restaurant with items and a total"),
    LabelSpec("invoice", "a bill from a company asking for payment by a due date"),
    LabelSpec("contract", "an agreement between parties with terms, obligations and signatures"),
    LabelSpec("bank_statement", "a list of account transactions and balances from a bank"),
    LabelSpec("payslip", "an employee's salary statement with gross pay, deductions and net pay"),
    LabelSpec("medical_report", "a doctor's findings, diagnosis or lab results about a patient"),
    LabelSpec("boarding_pass", "an airline ticket with flight, gate, seat and boarding time"),
    LabelSpec("recipe", "cooking instructions with ingredients and steps"),
]
DOCUMENTS = {
    "receipt": "CORNER BAKERY\n12 Market Street\nCroissant 2.40\nCappuccino 3.80\nTOTAL 58,20 EUR\nThank you!",
    "invoice": "INVOICE No. 2026-117\nAcme Consulting Ltd.\nServices rendered in February 2026: 12 hours at 95.00\n"
    "Amount due: 1,140.00 USD\nPayment due by 31 March 2026 to IBAN DE89 3704 0044 0532 0130 00",
    "contract": "This Lease Agreement is made between the Landlord and the Tenant. The Tenant agrees to pay rent "
    "monthly. Either party may terminate this agreement with 90 days written notice. Signed by both parties.",
    "bank_statement": "Account statement 01.02.2026 - 28.02.2026\nOpening balance 2,310.55\n"
    "03.02 Card payment REWE -45.20\n15.02 Salary +3,200.00\nClosing balance 5,465.35",
    "payslip": "Pay period: February 2026\nEmployee: Jane Doe\nGross salary 4,500.00\nIncome tax -812.40\n"
    "Social security -420.00\nNet pay 3,267.60",
    "medical_report": "Patient: John Smith, 54\nFindings: blood pressure 150/95, elevated LDL cholesterol.\n"
    "Diagnosis: hypertension. Recommended follow-up in 3 months.",
    "boarding_pass": "BOARDING PASS\nLH 1234 FRA -> JFK\nPassenger SMITH/JOHN\nGate B42 Seat 23A Boarding 10:35",
    "recipe": "Ingredients: 200 g flour, 2 eggs, 100 ml milk. Whisk the eggs with the milk, fold in the flour "
    "and bake for 25 minutes at 180 C.",
}

RECEIPTS: list[tuple[str, dict[str, Any]]] = [
    (
        "CORNER BAKERY\n12 Market Street\nDate: 03.03.2026\nCroissant 2.40\nCappuccino 3.80\n"
        "TOTAL 58,20 EUR\nThank you!",
        {"merchant": "CORNER BAKERY", "date": "2026-03-03", "total": 58.2, "currency": "EUR"},
    ),
    (
        "Blue Bottle Coffee\nMarch 3, 2026 10:42\nLatte 5.50\nTax 0.45\nTotal $5.95\nVisa **** 1234",
        {"merchant": "Blue Bottle Coffee", "date": "2026-03-03", "total": 5.95, "currency": "USD"},
    ),
    (
        "RECEIPT\nMerchant: Migros Zürich\n2026-02-14\nSubtotal 1'230.00 CHF\nMwSt 7.7% 94.71\nTotal CHF 1'324.71",
        {"merchant": "Migros Zürich", "date": "2026-02-14", "total": 1324.71, "currency": "CHF"},
    ),
    (
        "Rechnung\nBäckerei Müller GmbH\nMusterstraße 5\n3. März 2026\nZwischensumme 48,91\nMwSt 19% 9,29\n"
        "Gesamtbetrag 58,20 €",
        {"merchant": "Bäckerei Müller GmbH", "date": "2026-03-03", "total": 58.2, "currency": "EUR"},
    ),
    (
        "WALMART\nStore #5512\n02/28/2026 14:02\nITEMS 3\nSUBTOTAL 23.10\nTAX 1.85\nTOTAL 24.95\n"
        "CASH 30.00\nCHANGE 5.05",
        {"merchant": "WALMART", "date": "2026-02-28", "total": 24.95, "currency": None},
    ),
    (
        "From: receipts@starbucks.example\nSubject: Your Starbucks receipt\n"
        "Date: Tue, 03 Mar 2026 08:15:00 +0000\n\n"
        "Thanks for visiting Starbucks!\n\nCaffe Latte 4.50\nBlueberry Muffin 3.25\nTOTAL 7.75 USD\n"
        "Store #1234, Seattle",
        {"merchant": "Starbucks", "date": "2026-03-03", "total": 7.75, "currency": "USD"},
    ),
]


@pytest.fixture(scope="module")
def engines() -> AiEngines:
    return AiEngines()


def test_labels_with_descriptions_pick_the_document_type(engines: AiEngines) -> None:
    picked = {
        want: engines.classifier.classify(text, "What kind of document is this?", LABELS, None).result["label"]
        for want, text in DOCUMENTS.items()
    }
    assert picked == {want: want for want in DOCUMENTS}


def test_label_answer_is_scored_sorted_and_named_honestly(engines: AiEngines) -> None:
    answer = engines.classifier.classify(DOCUMENTS["payslip"], "", LABELS, None)
    assert answer.method == "embedding_similarity" and answer.backend == "embedded"
    assert answer.model == "all-MiniLM-L6-v2-int8"
    assert answer.labels is not None and len(answer.labels) == len(LABELS)
    scores = [score for _, score in answer.labels]
    assert scores == sorted(scores, reverse=True)
    assert answer.result == {"label": "payslip", "score": scores[0]}
    assert all(-1.0 <= s <= 1.0 for s in scores)


@pytest.mark.parametrize(("text", "expected"), RECEIPTS, ids=[e["merchant"] for _, e in RECEIPTS])
def test_default_receipt_extraction(engines: AiEngines, text: str, expected: dict[str, Any]) -> None:
    answer = engines.classifier.classify(text, "Extract receipt data", None, None)
    assert answer.result == expected
    assert answer.method == "rule_based_extraction" and answer.labels is None


def test_chosen_fields_are_typed_and_missing_ones_null(engines: AiEngines) -> None:
    text = "Invoice number: INV-2026-001\nVendor: Acme Ltd\nDue date: 31.03.2026\nTotal: 1.234,56 EUR\nPaid: yes"
    fields = parse_fields(
        {
            "invoice_number": {"type": "string"},
            "vendor": "who issued it",
            "due_date": {"type": "string", "format": "date"},
            "total": {"type": ["number", "null"]},
            "paid": {"type": "boolean"},
            "items": {"type": "integer"},
            "currency": {"type": "string"},
        }
    )
    answer = engines.classifier.classify(text, "Read the invoice", None, fields)
    assert answer.result == {
        "invoice_number": "INV-2026-001",
        "vendor": "Acme Ltd",
        "due_date": "2026-03-31",
        "total": 1234.56,
        "paid": True,
        "items": None,
        "currency": "EUR",
    }


@pytest.mark.parametrize(
    ("written", "value"),
    [("58,20", 58.2), ("1.234,56", 1234.56), ("1,234.56", 1234.56), ("7.75", 7.75), ("1,234", 1234.0),
     ("1'324.71", 1324.71), ("12", 12.0), ("0,5", 0.5), ("abc", None), ("", None)],
)  # fmt: skip
def test_amounts_in_both_conventions(written: str, value: float | None) -> None:
    assert parse_amount(written) == value


@pytest.mark.parametrize(
    ("written", "iso"),
    [("March 3, 2026", "2026-03-03"), ("Mar 3 2026", "2026-03-03"), ("3rd March 2026", "2026-03-03"),
     ("2026-03-03T10:00:00Z", "2026-03-03"), ("03.03.2026", "2026-03-03"), ("3.3.26", "2026-03-03"),
     ("Tue, 03 Mar 2026 08:15:00 +0000", "2026-03-03"), ("3. März 2026", "2026-03-03"),
     ("31/12/2026", "2026-12-31"), ("12/31/2026", "2026-12-31")],
)  # fmt: skip
def test_dates_become_iso_8601(written: str, iso: str) -> None:
    assert find_dates(written) == [iso]


def test_invalid_dates_are_skipped() -> None:
    assert find_dates("31.02.2026 and 2026-13-01") == []


def test_ambiguous_slash_dates_follow_the_currency() -> None:
    assert extract_receipt("Shop\n03/04/2026\nTotal 5.00 USD").date == "2026-03-04"  # US: month first
    assert extract_receipt("Shop\n03/04/2026\nTotal 5,00 EUR").date == "2026-04-03"  # elsewhere: day first


def test_through_the_router(host: Host) -> None:
    ok = host.call("query:ai.classify_text.v1", {"text": RECEIPTS[0][0], "prompt": "Extract receipt data"})
    assert ok == {
        "ok": {
            "result": RECEIPTS[0][1],
            "method": "rule_based_extraction",
            "backend": "embedded",
            "model": "spacedrive receipt rules v1",
        }
    }
    labels = [{"name": "receipt", "description": "a proof of purchase"}, {"name": "contract"}]
    answer = host.call("query:ai.classify_text.v1", {"text": RECEIPTS[0][0], "prompt": "", "labels": labels})["ok"]
    assert answer["result"]["label"] == "receipt"
    assert [entry["label"] for entry in answer["labels"]] == ["receipt", "contract"]


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"labels": [{"name": "a"}], "fields": {"x": "y"}}, "not both"),
        ({"labels": [{"name": "a"}, {"name": "a"}]}, "duplicate label names: a"),
        ({"fields": {}}, "name at least one field"),
        ({"fields": {"x": {"type": "object"}}}, "type 'object' is not one of"),
        ({"fields": {"x": 3}}, "expected an object"),
        ({"labels": []}, "invalid input"),
    ],
)
def test_bad_requests_are_invalid_input(host: Host, extra: dict[str, Any], message: str) -> None:
    answer = host.call("query:ai.classify_text.v1", {"text": "t", "prompt": "p", **extra})
    assert answer["error"]["code"] == "invalid_input"
    assert message in answer["error"]["message"]
