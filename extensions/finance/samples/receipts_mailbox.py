"""Generates the demo mailbox: ten receipt e-mails the way they arrive, built with Python's
`email` package, packed into an mbox.

    python extensions/finance/samples/receipts_mailbox.py OUT.mbox

The mails: a scanned PDF, a text PDF next to a terms PDF (several attachments), a PNG photo,
an HTML-only mail, a quoted-printable Latin-1 mail, an HTML mail whose logo is an inline
`multipart/related` image, a forwarded mail (`message/rfc822`), a multipart/alternative
mail, a partial receipt (no date, no currency) and a malformed one: "Your receipt is
attached." with a corrupt PDF. `EXPECTED` says what each should give.
"""

from __future__ import annotations

import io
import mailbox
import sys
import zlib
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

sys.path.insert(0, str(Path(__file__).parent))
from make_receipt_email import scan

DOMAIN = "samples.finance.example"


def text_pdf(lines: list[str]) -> bytes:
    """A one-page PDF 1.4 with a text layer (Helvetica), written object by object."""
    escaped = [line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") for line in lines]
    ops = ["BT", "/F1 14 Tf", "18 TL", "72 720 Td"] + [
        ("T* " if i else "") + f"({s}) Tj" for i, s in enumerate(escaped)
    ]
    content = "\n".join([*ops, "ET"]).encode("cp1252")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> "
        b"/Contents 5 0 R >>",
        f"<< /Length {len(content)} >>\nstream\n".encode() + content + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def photo(lines: list[str]) -> bytes:
    """A PNG 'photo' of a paper receipt: dark text on a slightly grey page."""
    font = ImageFont.load_default(size=28)
    image = Image.new("L", (620, 60 + 46 * len(lines)), 235)
    draw = ImageDraw.Draw(image)
    for i, line in enumerate(lines):
        draw.text((36, 30 + 46 * i), line, font=font, fill=25)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def logo() -> bytes:
    """A small shop logo (under the extension's 4 KiB receipt-image floor)."""
    image = Image.new("RGB", (48, 48), (200, 40, 40))
    ImageDraw.Draw(image).ellipse((8, 8, 40, 40), fill=(255, 255, 255))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def corrupt_pdf() -> bytes:
    return b"%PDF-1.4\n" + zlib.compress(b"truncated in transit") + b"\n%%EO"


def message(sender: str, subject: str, when: datetime, ident: str) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = "Alice <alice@example.org>"
    msg["Subject"] = subject
    msg["Date"] = format_datetime(when)
    msg["Message-ID"] = f"<{ident}.2026@{DOMAIN}>"  # fixed, so a regenerated mailbox is the same mail
    return msg


def day(month: int, d: int, hour: int = 9) -> datetime:
    return datetime(2026, month, d, hour, 0, tzinfo=UTC)


def mails() -> list[tuple[str, EmailMessage]]:
    out: list[tuple[str, EmailMessage]] = []

    m = message("Starbucks <receipts@starbucks.example>", "Your Starbucks receipt", day(3, 3), "scanned-pdf")
    m.set_content("Thanks for visiting Starbucks!\n\nYour receipt is attached as a PDF.\n")
    m.add_attachment(scan(), maintype="application", subtype="pdf", filename="receipt.pdf")
    out.append(("scanned PDF", m))

    m = message("Nordic Electronics <billing@nordic-electronics.example>", "Invoice 2026-0214", day(2, 14), "text-pdf")
    m.set_content("Dear customer,\n\nplease find your invoice and our terms attached.\n")
    terms = ["NORDIC ELECTRONICS - TERMS OF SALE"] + [
        f"{i}. Goods remain our property until paid." for i in range(1, 25)
    ]
    m.add_attachment(text_pdf(terms), maintype="application", subtype="pdf", filename="terms.pdf")
    invoice = [
        "NORDIC ELECTRONICS",
        "Invoice 2026-0214",
        "Date: 14.02.2026",
        "USB-C Dock 1 x 249,00",
        "TOTAL 249,00 EUR",
    ]
    m.add_attachment(text_pdf(invoice), maintype="application", subtype="pdf", filename="invoice.pdf")
    out.append(("text PDF + terms PDF", m))

    m = message("FreshMart <noreply@freshmart.example>", "Your shopping receipt", day(2, 20, 18), "png-photo")
    m.set_content("Photo of your receipt attached.\n")
    groceries = ["FRESHMART", "Date: 20/02/2026", "Milk 1.20", "Bread 2.35", "Apples 3.10", "TOTAL 23.47 GBP"]
    m.add_attachment(photo(groceries), maintype="image", subtype="png", filename="receipt.png")
    out.append(("PNG photo", m))

    m = message("CityCab <rides@citycab.example>", "Your ride on 10 March", day(3, 10, 22), "html-only")
    m.set_content(
        "<html><body><h1>CityCab</h1><p>Thanks for riding with CityCab.</p>"
        "<table><tr><td>Date</td><td>2026-03-10</td></tr>"
        "<tr><td>Distance</td><td>7.2 km</td></tr>"
        "<tr><td><b>Total</b></td><td><b>18.90 EUR</b></td></tr></table></body></html>",
        subtype="html",
    )
    out.append(("HTML only", m))

    m = message("Bäckerei Müller <kasse@baeckerei-mueller.example>", "Ihr Kassenbon", day(3, 5, 7), "quoted-printable")
    m.set_content(
        "Bäckerei Müller\nHauptstraße 5, München\nDatum: 05.03.2026\n\nBrötchen      3,20\nKäsekuchen    9,20\n"
        "Summe 12,40 EUR\n\nVielen Dank für Ihren Einkauf!\n",
        charset="iso-8859-1",
        cte="quoted-printable",
    )
    out.append(("quoted-printable Latin-1", m))

    m = message("Page & Co Books <orders@pageandco.example>", "Order confirmation", day(2, 27, 12), "related-logo")
    m.set_content(
        '<html><body><img src="cid:logo@pageandco" alt="Page &amp; Co"><h2>Page &amp; Co Books</h2>'
        "<p>Order date: 27 Feb 2026</p><p>The Rust Book 31.50</p><p><b>Total: 31.50 GBP</b></p></body></html>",
        subtype="html",
    )
    m.add_related(logo(), maintype="image", subtype="png", cid="<logo@pageandco>", filename="logo.png")
    out.append(("HTML + inline logo", m))

    inner = message("Hotel Alpina <front-desk@hotel-alpina.example>", "Your invoice", day(2, 2, 11), "hotel")
    inner.set_content("Hotel Alpina\nZermatt\nDate: 02.02.2026\n2 nights, double room\nTotal 420.00 CHF\n")
    m = message("Alice <alice@example.org>", "Fwd: Your invoice", day(2, 3, 8), "forwarded")
    m.set_content("For the expense report.\n")
    m.add_attachment(inner)
    out.append(("forwarded (message/rfc822)", m))

    m = message("Streamflix <billing@streamflix.example>", "Your March payment", day(3, 1), "alternative")
    m.set_content("Streamflix\nPayment date: 2026-03-01\nPremium plan, monthly\nAmount paid: 12.99 USD\n")
    m.add_alternative(
        "<html><body><h1>Streamflix</h1><p>Payment date: 2026-03-01</p><p>Premium plan, monthly</p>"
        "<p>Amount paid: <b>12.99 USD</b></p></body></html>",
        subtype="html",
    )
    out.append(("multipart/alternative", m))

    m = message("orders@kiosk.example", "Thanks!", day(3, 12), "partial")
    m.set_content("Thanks for your order!\nTotal 15.00\n")
    out.append(("partial (no date, no currency)", m))

    m = message("Shop <receipts@shop.example>", "Receipt", day(3, 14), "malformed")
    m.set_content("Your receipt is attached.\n")
    m.add_attachment(corrupt_pdf(), maintype="application", subtype="pdf", filename="receipt.pdf")
    out.append(("malformed: corrupt PDF", m))
    return out


EXPECTED_ERRORS = {"malformed: corrupt PDF": "finance.unreadable_attachment"}


def write_mbox(path: Path) -> list[tuple[str, EmailMessage]]:
    """Writes the mails into a fresh mbox at `path`; returns them with their labels."""
    path.unlink(missing_ok=True)
    box = mailbox.mbox(path)
    try:
        generated = mails()
        for _, mail in generated:
            box.add(mail)
        box.flush()
    finally:
        box.close()
    return generated


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "receipts.mbox")
    written = write_mbox(target)
    print(f"wrote {target}: {len(written)} messages, {target.stat().st_size} bytes")
