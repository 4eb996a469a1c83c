"""The embedded OCR engine: Tesseract on images and scans, PDFium on text layers."""

from __future__ import annotations

import os
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from spacedrive_host.core.errors import ErrorCode, OperationError
from spacedrive_host.services.ai.ocr import OcrEngine, sniff_mime
from spacedrive_host.services.ai.ocr_language import guess_language
from spacedrive_host.services.ai.ocr_tesseract import TESSERACT
from support.ai_samples import RECEIPT_LINES, ImagePage, TextPage, encode, make_pdf, render_lines, words

INVOICE_LINES = ("Invoice 2026-001", "Total: 1.234,56 EUR (incl. VAT)", "Paid (in full) by card \\ thanks")


@pytest.fixture(scope="module")
def engine() -> OcrEngine:
    return OcrEngine()


@pytest.fixture(scope="module")
def receipt() -> bytes:
    return encode(render_lines(RECEIPT_LINES), "PNG")


def test_png_receipt_is_read(engine: OcrEngine, receipt: bytes) -> None:
    result = engine.recognise(receipt)
    assert words(result.text) == list(RECEIPT_LINES)
    assert result.mime_type == "image/png"
    assert [(p.page, p.source) for p in result.pages] == [(1, "ocr")]
    assert 0.8 < result.confidence <= 1.0
    assert result.engine.startswith("tesseract 5.")


def test_jpeg_receipt_is_read(engine: OcrEngine) -> None:
    jpeg = encode(render_lines(RECEIPT_LINES, size=22, mode="RGB", background=(250, 248, 240)), "JPEG", quality=60)
    result = engine.recognise(jpeg)
    assert result.mime_type == "image/jpeg"
    assert words(result.text) == list(RECEIPT_LINES)


def test_transparent_png_is_flattened_onto_white(engine: OcrEngine) -> None:
    png = encode(render_lines(RECEIPT_LINES, mode="RGBA", background=(0, 0, 0, 0)), "PNG")
    assert words(engine.recognise(png).text) == list(RECEIPT_LINES)


def test_pdf_text_layer_is_read_exactly(engine: OcrEngine) -> None:
    pdf = make_pdf([TextPage(INVOICE_LINES), TextPage(["Page two", "Terms: net 30"])])
    result = engine.recognise(pdf)
    assert result.text == "\n".join(INVOICE_LINES) + "\n\nPage two\nTerms: net 30"
    assert [(p.page, p.source, p.confidence) for p in result.pages] == [(1, "text_layer", 1.0), (2, "text_layer", 1.0)]
    assert result.confidence == 1.0
    assert result.mime_type == "application/pdf"
    assert result.engine.startswith("pdfium text layer") and "tesseract" not in result.engine


def test_scanned_pdf_is_rendered_and_recognised(engine: OcrEngine) -> None:
    scan = encode(render_lines(RECEIPT_LINES), "PDF", resolution=200)  # Pillow writes an image-only PDF
    result = engine.recognise(scan)
    assert [p.source for p in result.pages] == ["ocr"]
    assert words(result.text) == list(RECEIPT_LINES)
    assert result.engine.startswith("tesseract")


def test_mixed_pdf_uses_each_page_s_best_source(engine: OcrEngine) -> None:
    pdf = make_pdf([TextPage(INVOICE_LINES), ImagePage(render_lines(RECEIPT_LINES))])
    result = engine.recognise(pdf)
    assert [p.source for p in result.pages] == ["text_layer", "ocr"]
    assert words(result.pages[1].text) == list(RECEIPT_LINES)
    assert "pdfium text layer" in result.engine and "tesseract" in result.engine
    assert 0.8 < result.confidence < 1.0


def test_force_ocr_recognises_text_pages_too(engine: OcrEngine) -> None:
    pdf = make_pdf([TextPage(["Invoice 2026-001", "Amount due 42.00 USD"])])
    result = engine.recognise(pdf, force_ocr=True)
    assert [p.source for p in result.pages] == ["ocr"]
    assert words(result.text) == ["Invoice 2026-001", "Amount due 42.00 USD"]


def test_max_pages_cuts_and_reports_the_page_count(engine: OcrEngine) -> None:
    pdf = make_pdf([TextPage([f"Page {n}"]) for n in range(1, 4)])
    result = engine.recognise(pdf, max_pages=2)
    assert result.page_count == 3
    assert [p.text for p in result.pages] == ["Page 1", "Page 2"]
    capped = OcrEngine(max_pages=1).recognise(pdf, max_pages=3)  # the host's cap wins
    assert [p.page for p in capped.pages] == [1]


def test_blank_page_gives_empty_text_not_an_error(engine: OcrEngine) -> None:
    result = engine.recognise(encode(render_lines([" "]), "PNG"))
    assert result.text == ""
    assert result.confidence == 0.0


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "0 bytes"),
        (b"garbage bytes, no document here", "neither a PDF nor an image"),
        (b"%PDF-1.4\nthis is not really a pdf", "PDF could not be opened"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "image"),
    ],
    ids=["empty", "garbage", "broken-pdf", "truncated-png"],
)
def test_undecodable_data_is_invalid_input(engine: OcrEngine, data: bytes, message: str) -> None:
    with pytest.raises(OperationError) as caught:
        engine.recognise(data)
    assert caught.value.code is ErrorCode.invalid_input
    assert message in caught.value.message


def test_truncated_png_body_is_invalid_input(engine: OcrEngine, receipt: bytes) -> None:
    with pytest.raises(OperationError) as caught:
        engine.recognise(receipt[: len(receipt) // 2])
    assert caught.value.code is ErrorCode.invalid_input


def test_language_that_is_not_installed_is_invalid_input(engine: OcrEngine, receipt: bytes) -> None:
    with pytest.raises(OperationError) as caught:
        engine.recognise(receipt, language="eng+tlh")
    assert caught.value.code is ErrorCode.invalid_input
    assert "'tlh' is not installed (installed: deu, eng, " in caught.value.message


def test_image_over_the_pixel_cap_is_payload_too_large(receipt: bytes) -> None:
    with pytest.raises(OperationError) as caught:
        OcrEngine(max_image_pixels=10_000).recognise(receipt)
    assert caught.value.code is ErrorCode.payload_too_large


def test_mime_hint_only_used_when_bytes_do_not_tell(engine: OcrEngine, receipt: bytes) -> None:
    assert engine.recognise(receipt, mime_type="application/pdf").mime_type == "image/png"  # content wins
    with pytest.raises(OperationError) as caught:
        engine.recognise(b"\x00\x01 not a pdf", mime_type="application/pdf")
    assert "PDF could not be opened" in caught.value.message


def test_sniffing() -> None:
    assert sniff_mime(b"%PDF-1.7\n") == "application/pdf"
    assert sniff_mime(b"\xff\xd8\xff\xe0") == "image/jpeg"
    assert sniff_mime(b"GIF89a") is None


def test_concurrent_calls_share_a_bounded_pool(engine: OcrEngine) -> None:
    texts = [[f"Order {n}0{n}", f"TOTAL {n}.50 USD"] for n in range(1, 7)]
    images = [encode(render_lines(lines), "PNG") for lines in texts]
    seen_threads: set[int] = set()

    def run(index: int) -> list[str]:
        seen_threads.add(threading.get_ident())
        return words(engine.recognise(images[index]).text)

    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(run, range(len(images))))
    assert results == texts
    assert len(seen_threads) > 1
    # Tesseract instances are reused: never more than one per CPU and language, however many calls ran.
    assert 1 <= TESSERACT.created_by_language["eng"] <= (os.cpu_count() or 1)


GERMAN_LINES = (
    "BÄCKEREI MÜLLER",
    "Königstraße 5",
    "Datum: 03.03.2026",
    "Brötchen 2,40",
    "Summe 58,20 EUR",
    "Vielen Dank für Ihren Einkauf",
)


DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


@pytest.mark.skipif(not DEJAVU.exists(), reason="needs a font with umlauts (Pillow's bundled one has none)")
def test_auto_language_reads_german_with_its_umlauts(engine: OcrEngine) -> None:
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(str(DEJAVU), 28)
    image = Image.new("L", (700, 60 + 45 * len(GERMAN_LINES)), 255)
    for i, line in enumerate(GERMAN_LINES):
        ImageDraw.Draw(image).text((30, 30 + 45 * i), line, font=font, fill=0)
    result = engine.recognise(encode(image, "PNG"))
    assert result.language == "deu"
    assert words(result.text)[:2] == ["BÄCKEREI MÜLLER", "Königstraße 5"]
    english = engine.recognise(encode(render_lines(RECEIPT_LINES), "PNG"))
    assert english.language == "eng"


def test_guess_language_needs_several_receipt_words() -> None:
    assert guess_language("Summe 5,00\nMwSt 7%\nVielen Dank", ["eng", "deu"]) == "deu"
    assert guess_language("TOTAL TTC 5,00\nTVA 20%\nMerci de votre visite", ["eng", "fra"]) == "fra"
    assert guess_language("TOTAL TTC 5,00\nTVA 20%\nMerci", ["eng"]) is None  # not installed
    assert guess_language("TOTAL 5.00 USD\nThank you", ["eng", "deu", "fra"]) is None


def test_preprocessing_straightens_a_rotated_photo(engine: OcrEngine) -> None:
    page = render_lines(RECEIPT_LINES, size=24)
    photo = page.rotate(6, expand=True, fillcolor=110)  # on a darker table
    result = engine.recognise(encode(photo, "PNG"))
    assert words(result.text) == list(RECEIPT_LINES)
    assert engine.recognise(encode(photo, "PNG"), preprocess=False).text != result.text
