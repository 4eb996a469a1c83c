"""Documents the AI tests make themselves: receipt images drawn with Pillow's bundled
TrueType font, and PDFs written object by object (text pages use the standard Helvetica
font, image pages embed a Flate-compressed grayscale scan)."""

from __future__ import annotations

import io
import zlib
from collections.abc import Sequence
from dataclasses import dataclass

from PIL import Image, ImageDraw, ImageFont

RECEIPT_LINES = (
    "CORNER BAKERY",
    "12 Market Street",
    "Date: 03.03.2026",
    "Croissant 2.40",
    "Cappuccino 3.80",
    "TOTAL 58,20 EUR",
    "Thank you!",
)


def render_lines(
    lines: Sequence[str], *, size: int = 28, mode: str = "L", margin: int = 30, background: int | tuple[int, ...] = 255
) -> Image.Image:
    """Black text on a white (or `background`) page, one line per entry."""
    font = ImageFont.load_default(size=size)  # a real TrueType font inside Pillow (>= 10.1)
    step = int(size * 1.6)
    width = margin * 2 + max(int(font.getlength(line)) for line in lines)
    image = Image.new(mode, (width, margin * 2 + step * len(lines)), background)
    draw = ImageDraw.Draw(image)
    ink: int | tuple[int, ...] = 0 if mode == "L" else (0, 0, 0, 255) if mode == "RGBA" else (0, 0, 0)
    for i, line in enumerate(lines):
        draw.text((margin, margin + step * i), line, font=font, fill=ink)
    return image


def encode(image: Image.Image, fmt: str, **options: object) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


@dataclass(frozen=True)
class TextPage:
    lines: Sequence[str]


@dataclass(frozen=True)
class ImagePage:
    image: Image.Image
    dpi: int = 200


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def make_pdf(pages: Sequence[TextPage | ImagePage]) -> bytes:
    """A valid PDF 1.4 with the given pages (Letter size for text, the scan's size for images)."""
    objects: list[bytes] = []  # object i + 1

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    def stream(header: str, data: bytes) -> int:
        return add(f"<< {header} /Length {len(data)} >>\nstream\n".encode() + data + b"\nendstream")

    catalog = add(b"")  # filled in below
    tree = add(b"")
    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    kids = []
    for page in pages:
        if isinstance(page, TextPage):
            ops = ["BT", "/F1 14 Tf", "18 TL", "72 720 Td"]
            for i, line in enumerate(page.lines):
                ops.append(("" if i == 0 else "T* ") + f"({_escape(line)}) Tj")
            ops.append("ET")
            content = stream("", "\n".join(ops).encode("cp1252"))
            resources = f"<< /Font << /F1 {font} 0 R >> >>"
            box = "0 0 612 792"
        else:
            gray = page.image.convert("L")
            width, height = gray.size
            image = stream(
                f"/Type /XObject /Subtype /Image /Width {width} /Height {height} /ColorSpace /DeviceGray "
                "/BitsPerComponent 8 /Filter /FlateDecode",
                zlib.compress(gray.tobytes()),
            )
            pw, ph = width * 72 / page.dpi, height * 72 / page.dpi
            content = stream("", f"q {pw:.2f} 0 0 {ph:.2f} 0 0 cm /Im1 Do Q".encode())
            resources = f"<< /XObject << /Im1 {image} 0 R >> >>"
            box = f"0 0 {pw:.2f} {ph:.2f}"
        kids.append(
            add(
                f"<< /Type /Page /Parent {tree} 0 R /MediaBox [{box}] /Resources {resources} "
                f"/Contents {content} 0 R >>".encode()
            )
        )
    objects[catalog - 1] = f"<< /Type /Catalog /Pages {tree} 0 R >>".encode()
    objects[tree - 1] = f"<< /Type /Pages /Kids [{' '.join(f'{k} 0 R' for k in kids)}] /Count {len(kids)} >>".encode()
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root {catalog} 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def words(text: str) -> list[str]:
    """Whitespace-normalised lines of `text` (empty lines dropped), for comparisons."""
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


EMBEDDING_SENTENCES = (
    # The fixed sentence set on which the int8 ONNX engine is held to cosine >= 0.999 against
    # the exact engine (tests/services/test_ai_embeddings.py, benchmarks/bench_ai.py): natural texts of
    # the kinds a library holds, from a few words to a few hundred.
    "A cat sits on the mat.",
    "A kitten is resting on a rug.",
    "The stock market fell sharply today.",
    "Receipt\nStarbucks\nCaffe Latte 4.50\nTOTAL 7.75 USD",
    "Thanks for visiting Starbucks, total 7.75 USD",
    "Café déjà vu — naïve façade, 58,20 EUR",
    "Rechnung Nr. 12345 vom 03.03.2026, Gesamtbetrag 58,20 EUR inkl. MwSt.",
    "Invoice for consulting services rendered in March 2026. Payment due within 30 days of receipt.",
    "Please pay this bill by the end of the month.",
    "Bake the cake for 40 minutes at 180 degrees, then let it cool on a rack.",
    "Your flight LH 400 from Frankfurt to New York departs at 10:05 from gate B44, seat 32A.",
    "The patient reports mild headaches in the morning; blood pressure 130/85, no fever.",
    "This employment agreement is made between Example GmbH and Jane Doe, effective 1 April 2026.",
    "Monthly statement: opening balance 1,204.50, deposits 3,000.00, withdrawals 2,118.73.",
    "Payslip for March 2026: gross salary 4,250.00 EUR, tax 812.40 EUR, net pay 2,905.12 EUR.",
    "Meeting notes: the team agreed to ship the beta next Tuesday and to review the open bugs daily.",
    "Photos from the summer holiday at the lake, with the kids swimming and a barbecue at sunset.",
    "How do I reset my router to factory settings without losing the Wi-Fi password?",
    "Quarterly report: revenue grew 12% year over year while operating costs stayed flat.",
    "The library holds scanned letters from 1954 to 1989, sorted by sender and date.",
    "Lease agreement for the apartment at 12 Market Street, rent 950 EUR per month, deposit three months.",
    "Dear Sir or Madam, I am writing to complain about the late delivery of my order #A-2231.",
    "Warranty card: this appliance is guaranteed for two years from the date of purchase.",
    "Grocery list: milk, eggs, bread, tomatoes, olive oil, coffee beans and dish soap.",
    "The quick brown fox jumps over the lazy dog.",
    "Electricity bill for February: 312 kWh consumed, amount due 98.44 EUR by 15 March.",
    "A short story about a lighthouse keeper who finds a message in a bottle after a storm.",
    "Tax return 2025: attached are the income statements, donation receipts and the pension summary.",
    (
        "Minutes of the annual general meeting. The chair opened the meeting at 7 pm and welcomed the "
        "members. The treasurer presented the accounts for the year, which showed a small surplus after "
        "the roof repairs. The members approved the accounts and discharged the board. Under any other "
        "business, a member proposed a summer party in the garden; the board will look for a date and "
        "report back by e-mail. The meeting closed at 8.30 pm."
    ),
    (
        "Installation guide. Unpack the device and check that the power adapter, the network cable and "
        "the quick start leaflet are in the box. Connect the device to your router with the cable, plug "
        "in the power adapter and wait until the status light turns green. Open the companion app, tap "
        "Add device and follow the instructions on the screen. If the light blinks red, hold the reset "
        "button for ten seconds and start again."
    ),
    "日本語のテキストも少し。東京の天気は晴れです。",
    "Vols annulés à cause de la grève : remboursement sous sept jours ouvrés.",
)
