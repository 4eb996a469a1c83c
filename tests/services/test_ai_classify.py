"""The embedded classifier: embedding similarity for labels, rules for fields."""

from __future__ import annotations

from typing import Any

import pytest
from spacedrive_host.app.host import Host
from spacedrive_host.services.ai.backends import AiEngines
from spacedrive_host.services.ai.extract import extract_receipt
from spacedrive_host.services.ai.fields import parse_fields
from spacedrive_host.services.ai.interfaces import LabelSpec
from spacedrive_host.services.ai.receipt_amounts import parse_amount
from spacedrive_host.services.ai.receipt_dates import find_dates

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
            "model": "spacedrive receipt rules v2",
            "receipt": ok["ok"]["receipt"],
        }
    }
    receipt = ok["ok"]["receipt"]
    assert {k: receipt[k] for k in RECEIPTS[0][1]} == RECEIPTS[0][1]
    assert receipt["line_items"] == [
        {"description": "Croissant", "amount": 2.4},
        {"description": "Cappuccino", "amount": 3.8},
    ]
    assert receipt["needs_review"] is False and set(receipt["confidence"]) == {"merchant", "date", "total", "currency"}
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


# The failure classes of the Finance issue (not its examples: each case is written anew).
FAILURE_CLASSES: list[tuple[str, str, dict[str, Any]]] = [
    ("weekday after a y/m/d date", "FUJI MART\n2026/02/08 (Sun) 12:04\nTOTAL ¥2,360", {"date": "2026-02-08"}),
    ("French long date", "Boulangerie Marceau\nLe 3 avril 2026\nTOTAL TTC 12,40 €", {"date": "2026-04-03"}),
    ("day.month.year", "Blumen Frei\nDatum: 7.11.2025\nSumme 9,90", {"date": "2025-11-07"}),
    ("Spanish and Italian month names", "Bar Sol\nFecha: 7 de marzo de 2026\nTotal 4,50 €\n"
     "Buono valido fino al 30 aprile 2026", {"date": "2026-03-07"}),
    ("loyalty date above the transaction date", "HIGHLAND GROCERS\nTotal up to 04/02/2026\n"
     "Transaction date 11/03/2026 10:12\nTOTAL £5.00", {"date": "2026-03-11", "total": 5.0, "currency": "GBP"}),
    ("column heading Total above the order total", "Thames Books\nItem Qty Total\nPaperback 1 12.99\n"
     "Envelopes 2 25.98\nOrder total GBP 38.97", {"total": 38.97, "currency": "GBP"}),
    ("HT before TTC", "Pharmacie Gaillard\nTotal HT 100,00\nTVA 20% 20,00\nTOTAL TTC 120,00 €",
     {"total": 120.0, "currency": "EUR"}),
    ("a total incl. tax is a total", "Oakwood Tea Rooms\nVAT 20% 4.00\nTOTAL (tax incl.) 24.00\nCash 30.00\n"
     "Change 6.00", {"total": 24.0}),
    ("space thousands separator", "Épicerie du Port\nTotal TTC 1 284,97 €", {"total": 1284.97, "currency": "EUR"}),
    ("narrow no-break space thousands", "Librairie Élise\nNet à payer 2\u202f310,50 EUR", {"total": 2310.5}),
    ("zero-decimal currency", "Sakura Books\n合計 ¥2,360\nお預り ¥3,000\nお釣り ¥640",
     {"total": 2360.0, "currency": "JPY"}),
    ("yen suffix", "Midori\n小計 1,200円\n合計 1,320円", {"total": 1320.0, "currency": "JPY"}),
    ("HTML cells on their own lines", "Timber Books\nSUBTOTAL\n\n221.22\nGST 5%\n\n11.06\nAmount Due\n\n232.28\n"
     "Interac Debit ****7603\n\n232.28", {"total": 232.28, "currency": "CAD"}),
    ("refund", "REFUND\nHarbor Hardware\nSubtotal -$20.00\nTax -$1.60\nTotal -$21.60", {"total": -21.6}),
    ("German trailing minus", "Drogerie Weiß\nSTORNO\nSumme 12,34-", {"total": -12.34, "currency": "EUR"}),
    ("Canadian dollars told by GST", "Maple Leaf Café\n100 Queen St W\nToronto, ON M5H 2N2\nGST 5% $1.00\n"
     "Total $21.00", {"currency": "CAD"}),
    ("OCR read the euro sign as a 5", "Farmacia Rossi\nParziale EUR:13.236,07\nTotale 513.236,07\n"
     "di cui IVA EUR 509,08", {"total": 13236.07}),
    ("change is not mistaken for that", "Corner Shop\nTotal 56.00\nCash 60.00\nChange 6.00", {"total": 56.0}),
    ("gift card balance is no total", "Sunset Diner\nTotal $18.20\nGift card balance $81.80", {"total": 18.2}),
    ("title line is no merchant", "Ticket de caisse\nFromagerie Bérénice SARL\n8 bd Haussmann\n75002 Paris\n"
     "Total 3,00 €\nMerci de votre visite chez Fromagerie Bérénice", {"merchant": "Fromagerie Bérénice SARL"}),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in FAILURE_CLASSES], ids=[c[0] for c in FAILURE_CLASSES])
def test_failure_classes_of_the_finance_issue(text: str, expected: dict[str, Any]) -> None:
    receipt = extract_receipt(text)
    assert {name: receipt.get(name) for name in expected} == expected


def test_receipt_reads_the_other_fields_and_confidence() -> None:
    receipt = extract_receipt(
        "Blue Ridge Diner\nDate: 03/07/2026 19:02\nBurger 2 24.00\nFries 6.50\nSubtotal $30.50\n"
        "Sales Tax (8%) $2.44\nTip $5.49\nTotal $38.43\nVISA **** 1234 $38.43\nThank you for dining at Blue Ridge Diner"
    )
    assert (receipt.merchant, receipt.date, receipt.total, receipt.currency) == (
        "Blue Ridge Diner", "2026-03-07", 38.43, "USD",
    )  # fmt: skip
    assert (receipt.subtotal, receipt.tax, receipt.tip, receipt.payment_method) == (30.5, 2.44, 5.49, "card")
    assert [(i["description"], i["quantity"], i["amount"]) for i in receipt.line_items] == [
        ("Burger", 2.0, 24.0),
        ("Fries", None, 6.5),
    ]
    assert receipt.confidence["total"] >= 0.8 and receipt.confidence["merchant"] >= 0.9
    assert receipt.needs_review is False


def test_a_partial_read_needs_review() -> None:
    receipt = extract_receipt("some text\n12.00")
    assert receipt.date is None and receipt.needs_review is True
    assert receipt.confidence["date"] == 0.0
