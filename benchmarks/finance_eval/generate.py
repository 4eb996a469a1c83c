"""Receipts with ground truth, in the formats users send: text-layer PDFs, scanned PDFs,
phone photos (rotated, noisy, 150-300 dpi), HTML-only e-mails and multi-page invoices.

    python -m finance_eval.generate --out DIR [--count N] [--seed S]

Everything is drawn from a seeded `random.Random`: the same seed gives the same set.
Merchants, layouts, label wording, number and date formats, the position of distractor
dates and amounts, tips, VAT, refunds and noise all vary (locales.py).
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import io
import json
import math
import random
import re
import zlib
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path
from typing import Literal

from PIL import Image, ImageDraw, ImageFilter, ImageFont

from .locales import LOCALES, Locale

Format = Literal["text_pdf", "scanned_pdf", "photo", "html_mail", "invoice_pdf"]
FORMATS: tuple[Format, ...] = ("text_pdf", "scanned_pdf", "photo", "html_mail", "invoice_pdf")


@dataclass(frozen=True)
class Truth:
    merchant: str
    date: str
    total: float
    currency: str
    subtotal: float | None
    tax: float | None
    tip: float | None
    payment_method: str | None
    line_items: int


@dataclass(frozen=True)
class Row:
    """One printed line: `text` (one cell), `pair` (label, amount), `item` (name, qty, amount), `blank`."""

    kind: Literal["text", "pair", "item", "blank"]
    cells: tuple[str, ...] = ()
    center: bool = False
    page_break: bool = False


@dataclass(frozen=True)
class Sample:
    id: str
    locale: str
    format: Format
    truth: Truth
    data: bytes  # PDF, PNG/JPEG, or the e-mail's HTML body (UTF-8)
    mime_type: str
    dpi: int | None
    notes: tuple[str, ...]


# -- numbers and dates


def format_number(value: float, decimals: int, style: tuple[str, str]) -> str:
    thousands, point = style
    whole, _, fraction = f"{abs(value):.{decimals}f}".partition(".")
    groups: list[str] = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    text = thousands.join(groups) + (point + fraction if decimals else "")
    return text


def format_amount(value: float, locale: Locale, number_style: tuple[str, str], style: str, trailing_minus: bool) -> str:
    number = format_number(value, locale.decimals, number_style)
    shown = style.replace("{n}", number)
    if value < 0:
        shown = shown + "-" if trailing_minus else "-" + shown
    return shown


_TOKEN = re.compile(r"(?<![A-Za-z])([dmYybBaA])(?![A-Za-z])")


def format_date(day: dt.date, style: str, locale: Locale, rng: random.Random) -> str:
    pad = rng.random() < 0.7

    def token(match: re.Match[str]) -> str:
        t = match.group(1)
        if t == "d":
            return f"{day.day:02d}" if pad and "m" in style else str(day.day)
        if t == "m":
            return f"{day.month:02d}" if pad or "Y/m" in style else str(day.month)
        if t == "Y":
            return str(day.year)
        if t == "y":
            return f"{day.year % 100:02d}"
        if t == "B":
            return locale.months[day.month - 1]
        if t == "b":
            name = locale.months[day.month - 1]
            short = name[:3] if locale.language in ("en", "ja") else name[:4].rstrip(".")
            return short if locale.language in ("en", "ja") or len(name) <= 4 else short + "."
        if t == "a":
            return locale.weekdays[day.weekday()][:3]
        return locale.weekdays[day.weekday()]

    text = _TOKEN.sub(token, style)
    return text.upper() if rng.random() < 0.15 and locale.language == "en" else text


# -- the receipt's content


def _merchant(rng: random.Random, locale: Locale) -> str:
    return f"{rng.choice(locale.merchant_first)} {rng.choice(locale.merchant_second)}"


def build(index: int, rng: random.Random, locale: Locale, fmt: Format) -> tuple[Truth, list[Row], dict[str, str]]:
    """The rows of one receipt and its ground truth; `meta` has what e-mails and invoices print around it."""
    japanese = locale.code == "JP" and fmt == "html_mail" and rng.random() < 0.7
    merchant = rng.choice(locale.extra["merchant_ja"]) if japanese else _merchant(rng, locale)
    suffix = "" if japanese else rng.choice(locale.merchant_suffixes)
    shown_merchant = merchant + suffix
    if rng.random() < 0.3 and not japanese:
        shown_merchant = shown_merchant.upper()
    day = dt.date(2025, 1, 1) + dt.timedelta(days=rng.randrange(0, 700))
    invoice = fmt == "invoice_pdf"
    refund = rng.random() < 0.08
    big = invoice or rng.random() < 0.2
    item_count = rng.randint(14, 26) if invoice else rng.randint(1, 6)
    names = list(locale.extra["items_ja"]) if japanese else list(locale.items)
    items: list[tuple[str, int, float]] = []
    for _ in range(item_count):
        qty = rng.choice((1, 1, 1, 2, 3))
        if locale.decimals == 0:
            unit = float(rng.randrange(80, 3000 if not big else 60000, 10))
        else:
            unit = round(rng.uniform(0.8, 45.0) if not big else rng.uniform(40.0, 900.0), 2)
        items.append((rng.choice(names), qty, round(unit * qty, locale.decimals)))
    sign = -1.0 if refund else 1.0
    items = [(n, q, sign * a) for n, q, a in items]
    subtotal = round(sum(a for _, _, a in items), locale.decimals)
    rate = rng.choice(locale.tax_rates)
    tip = None
    if locale.tips and not refund and not invoice and rng.random() < 0.35:
        tip = round(abs(subtotal) * rng.choice((0.15, 0.18, 0.2)), 2)
    if locale.tax_included:
        tax = round(subtotal * rate / (100 + rate), locale.decimals)
        total = round(subtotal + (tip or 0), locale.decimals)
        net = round(subtotal - tax, locale.decimals)
    else:
        tax = round(subtotal * rate / 100, locale.decimals)
        total = round(subtotal + tax + (tip or 0), locale.decimals)
        net = subtotal
    number_style = rng.choice(locale.number_styles)
    if big and number_style[0] == "":
        number_style = locale.number_styles[0]
    item_style = rng.choice(locale.amount_styles)
    total_style = rng.choice(locale.total_styles)
    trailing = locale.code == "DE" and rng.random() < 0.5

    def amount(value: float, style: str | None = None) -> str:
        return format_amount(value, locale, number_style, style or item_style, trailing)

    def date_text(d: dt.date) -> str:
        if japanese and rng.random() < 0.6:
            return f"{d.year}年{d.month}月{d.day}日"
        return format_date(d, rng.choice(locale.date_styles), locale, rng)

    notes: list[str] = []
    rows: list[Row] = []
    title = rng.choice(locale.refund_titles if refund else locale.receipt_titles)
    if title and rng.random() < 0.5:
        rows.append(Row("text", (title,), center=True))
    rows.append(Row("text", (shown_merchant,), center=True))
    if title and rows[0].cells != (title,):
        rows.append(Row("text", (title,), center=True))
    rows.append(Row("text", (rng.choice(locale.streets),), center=True))
    rows.append(Row("text", (rng.choice(locale.cities),), center=True))
    if rng.random() < 0.5:
        rows.append(Row("text", (f"Tel. {rng.randint(100, 999)} {rng.randint(1000, 9999)} {rng.randint(100, 999)}",)))
    if invoice:
        rows.append(Row("text", (f"Invoice No. {day.year}-{rng.randint(100, 9999):04d}",)))
    rows.append(Row("blank"))

    # the transaction date, with or without a label and a time
    label = rng.choice(("日付", *locale.extra["date_ja"])) if japanese else rng.choice(locale.date_labels)
    when = date_text(day)
    if rng.random() < 0.6:
        when += f" {rng.randint(7, 21):02d}:{rng.randint(0, 59):02d}"
    date_row = Row("text", (f"{label} {when}".strip(),))
    distractor_day = day + dt.timedelta(days=rng.choice((-40, -3, 14, 28, 30, 90, 365)))
    distractor_pool = locale.extra["distractor_ja"] if japanese else locale.distractor_dates
    distractor = Row("text", (rng.choice(distractor_pool).replace("{d}", date_text(distractor_day)),))
    if invoice:
        distractor = Row("text", (f"{_due_label(locale)} {date_text(day + dt.timedelta(days=30))}",))
    where = rng.random()
    if where < 0.25:
        rows += [distractor, date_row]
        notes.append("distractor date above")
    elif where < 0.5:
        rows.append(date_row)
        rows.append(distractor)
    else:
        rows.append(date_row)
    date_bottom = rng.random() < 0.2 and not invoice
    if date_bottom:
        rows.remove(date_row)

    heads = rng.choice(locale.column_heads)
    if rng.random() < 0.5 or invoice:
        rows.append(Row("item", heads))
        notes.append("column heads")
    for n, (name, qty, value) in enumerate(items):
        rows.append(
            Row(
                "item",
                (name, str(qty) if qty > 1 or rng.random() < 0.5 else "", amount(value)),
                page_break=invoice and n == len(items) // 2,
            )
        )
    rows.append(Row("blank"))

    total_label = rng.choice(locale.extra["total_ja"]) if japanese else rng.choice(locale.total_labels)
    subtotal_label = rng.choice(locale.extra["subtotal_ja"]) if japanese else rng.choice(locale.subtotal_labels)
    tax_label = (rng.choice(locale.extra["tax_ja"]) if japanese else rng.choice(locale.tax_labels)).replace(
        "{r}", f"{rate:g}"
    )
    total_row = Row("pair", (total_label, amount(total, total_style)))
    shown_subtotal: float | None = None
    block: list[Row] = []
    if locale.tax_included:
        if locale.net_labels and rng.random() < 0.5:
            block.append(Row("pair", (rng.choice(locale.net_labels), amount(net))))
            notes.append("net line")
        if tip is not None or rng.random() < 0.4:
            block.append(Row("pair", (subtotal_label, amount(subtotal))))
            shown_subtotal = subtotal
        if tip is not None:
            block.append(Row("pair", (rng.choice(locale.tip_labels), amount(tip))))
        block.append(total_row)
        tax_row = Row("pair", (tax_label, amount(tax)))
        block.insert(rng.randint(0, len(block)) if rng.random() < 0.5 else len(block), tax_row)
    else:
        block.append(Row("pair", (subtotal_label, amount(subtotal))))
        shown_subtotal = subtotal
        block.append(Row("pair", (tax_label, amount(tax))))
        if tip is not None:
            block.append(Row("pair", (rng.choice(locale.tip_labels), amount(tip))))
        block.append(total_row)
    rows += block

    payment_text, payment = rng.choice(locale.payment_labels)
    payment_text = payment_text.replace("{4}", f"{rng.randint(0, 9999):04d}")
    if payment == "cash" and not refund:
        step = 1000 if locale.decimals == 0 else rng.choice((5, 10, 20, 50))
        tendered = math.ceil((total + 0.01) / step) * step
        cash, change = locale.cash_labels
        rows.append(Row("pair", (cash, amount(tendered))))
        rows.append(Row("pair", (change, amount(round(tendered - total, locale.decimals)))))
    else:
        rows.append(Row("pair", (payment_text, amount(total))))
    if rng.random() < 0.45:
        line = rng.choice(locale.distractor_totals).replace(
            "{a}", amount(round(abs(total) * rng.uniform(0.05, 1.8), locale.decimals))
        )
        rows.insert(rng.choice((len(rows), len(rows) - len(block) - 1)), Row("text", (line,)))
        notes.append("distractor amount")
    if date_bottom:
        rows.append(date_row)
        notes.append("date at the bottom")
    thanks = rng.choice(locale.extra["thanks_ja"]) if japanese else rng.choice(locale.thanks)
    rows.append(Row("text", (thanks.replace("{m}", merchant),), center=True))
    if refund:
        notes.append("refund")
    if tip is not None:
        notes.append("tip")
    truth = Truth(
        merchant=merchant,
        date=day.isoformat(),
        total=total,
        currency=locale.currency,
        subtotal=shown_subtotal,
        tax=tax,
        tip=tip,
        payment_method=payment,
        line_items=len(items),
    )
    meta = {"domain": re.sub(r"[^a-z]", "", merchant.lower())[:14] or "shop", "index": str(index)}
    return truth, rows, meta


def _due_label(locale: Locale) -> str:
    return {
        "de": "Zahlbar bis",
        "fr": "Date d'échéance :",
        "es": "Fecha de vencimiento:",
        "it": "Scadenza:",
    }.get(locale.language, "Due date:")


# -- rendering


FONT_FILES = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSansCondensed.ttf",
)


@cache
def _font(choice: int, size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    files = [f for f in FONT_FILES if Path(f).exists()]
    if choice < len(files):
        return ImageFont.truetype(files[choice], size)
    return ImageFont.load_default(size=size)  # Pillow's bundled TrueType font


def draw_rows(rows: Sequence[Row], dpi: int, rng: random.Random) -> list[Image.Image]:
    """The receipt as images (one per page), black on white, at `dpi`."""
    size = round(rng.uniform(8.5, 11.0) * dpi / 72)
    font = _font(rng.randrange(len(FONT_FILES) + 1), size)
    step = round(size * rng.uniform(1.35, 1.7))
    margin = round(size * 1.5)
    width = round(dpi * rng.uniform(3.2, 4.2))
    pages: list[list[Row]] = [[]]
    for row in rows:
        if row.page_break:
            pages.append([])
        pages[-1].append(row)
    images = []
    for page in pages:
        image = Image.new("L", (width, margin * 2 + step * len(page)), 255)
        draw = ImageDraw.Draw(image)
        ink = rng.randint(0, 50)
        for i, row in enumerate(page):
            y = margin + step * i
            if row.kind == "text":
                text = row.cells[0]
                x = (width - draw.textlength(text, font=font)) / 2 if row.center else margin
                draw.text((max(margin, x), y), text, font=font, fill=ink)
            elif row.kind == "pair":
                draw.text((margin, y), row.cells[0], font=font, fill=ink)
                draw.text(
                    (width - margin - draw.textlength(row.cells[1], font=font), y), row.cells[1], font=font, fill=ink
                )
            elif row.kind == "item":
                name, qty, value = row.cells
                draw.text((margin, y), name, font=font, fill=ink)
                draw.text((round(width * 0.62), y), qty, font=font, fill=ink)
                draw.text((width - margin - draw.textlength(value, font=font), y), value, font=font, fill=ink)
        images.append(image)
    return images


def _noise(image: Image.Image, rng: random.Random, amount: float) -> Image.Image:
    import numpy as np

    pixels = np.asarray(image, dtype=np.float32)
    noisy = np.random.default_rng(rng.randrange(1 << 30)).normal(0.0, amount, pixels.shape)
    return Image.fromarray(np.clip(pixels + noisy, 0, 255).astype(np.uint8))


def scan(image: Image.Image, rng: random.Random) -> Image.Image:
    """A flatbed scan: a slight skew, speckles and a little blur."""
    image = image.rotate(rng.uniform(-1.2, 1.2), resample=Image.Resampling.BICUBIC, fillcolor=255, expand=True)
    image = _noise(image, rng, rng.uniform(4, 12))
    return image.filter(ImageFilter.GaussianBlur(rng.uniform(0.2, 0.6)))


def photo(image: Image.Image, rng: random.Random) -> Image.Image:
    """A phone photo: rotated paper on a darker table, uneven light, sensor noise, blur."""
    import numpy as np

    angle = rng.choice((-1, 1)) * rng.uniform(1.0, 7.0)
    pad = round(image.width * rng.uniform(0.03, 0.12))
    canvas = Image.new("L", (image.width + 2 * pad, image.height + 2 * pad), rng.randint(235, 255))
    canvas.paste(image, (pad, pad))
    table = rng.randint(60, 150)
    rotated = canvas.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=table, expand=True)
    pixels = np.asarray(rotated, dtype=np.float32)
    height, width = pixels.shape
    gx = np.linspace(rng.uniform(0.75, 1.0), rng.uniform(0.85, 1.05), width, dtype=np.float32)
    gy = np.linspace(rng.uniform(0.8, 1.0), rng.uniform(0.8, 1.05), height, dtype=np.float32)
    lit = Image.fromarray(np.clip(pixels * gy[:, None] * gx[None, :], 0, 255).astype(np.uint8))
    lit = _noise(lit, rng, rng.uniform(6, 18))
    return lit.filter(ImageFilter.GaussianBlur(rng.uniform(0.3, 1.0)))


def image_bytes(image: Image.Image, fmt: str, dpi: int) -> bytes:
    buffer = io.BytesIO()
    if fmt == "PDF":
        image.save(buffer, "PDF", resolution=float(dpi))
    elif fmt == "JPEG":
        image.save(buffer, "JPEG", quality=80, dpi=(dpi, dpi))
    else:
        image.save(buffer, "PNG", dpi=(dpi, dpi))
    return buffer.getvalue()


def scanned_pdf(images: Sequence[Image.Image], dpi: int) -> bytes:
    buffer = io.BytesIO()
    images[0].save(buffer, "PDF", resolution=float(dpi), save_all=True, append_images=list(images[1:]))
    return buffer.getvalue()


def _pdf_escape(text: str) -> bytes:
    raw = text.replace("\u202f", " ").replace("\u00a0", " ").encode("cp1252", errors="replace")
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def text_pdf(rows: Sequence[Row], rng: random.Random) -> bytes:
    """A PDF with a text layer: cells placed at their columns, pages where the rows say."""
    mono = rng.random() < 0.4
    font_name = "Courier" if mono else rng.choice(("Helvetica", "Times-Roman"))
    size = rng.choice((9, 10, 11))
    leading = size * 1.45
    pages: list[list[Row]] = [[]]
    for row in rows:
        if row.page_break:
            pages.append([])
        pages[-1].append(row)
    right = rng.choice((330, 420, 520))
    objects: list[bytes] = [
        b"",
        b"",
        f"<< /Type /Font /Subtype /Type1 /BaseFont /{font_name} /Encoding /WinAnsiEncoding >>".encode(),
    ]
    kids = []
    for number, page in enumerate(pages, start=1):
        ops = [f"BT /F1 {size} Tf".encode()]
        y = 760.0
        for row in page:
            cells: list[tuple[float, str]] = []
            if row.kind == "text":
                x = 72 + (right - 72) / 2 - len(row.cells[0]) * size * 0.25 if row.center else 72
                cells.append((max(40, x), row.cells[0]))
            elif row.kind == "pair":
                cells += [(72, row.cells[0]), (right - len(row.cells[1]) * size * 0.55, row.cells[1])]
            elif row.kind == "item":
                cells += [
                    (72, row.cells[0]),
                    (72 + (right - 72) * 0.6, row.cells[1]),
                    (right - len(row.cells[2]) * size * 0.55, row.cells[2]),
                ]
            for x, text in cells:
                if text:
                    ops.append(b"1 0 0 1 %.1f %.1f Tm (" % (x, y) + _pdf_escape(text) + b") Tj")
            y -= leading
        if len(pages) > 1:
            ops.append(b"1 0 0 1 480 40 Tm (" + _pdf_escape(f"Page {number} / {len(pages)}") + b") Tj")
        ops.append(b"ET")
        content = b"\n".join(ops)
        objects.append(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
        content_id = len(objects)
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> "
            f"/Contents {content_id} 0 R >>".encode()
        )
        kids.append(len(objects))
    objects[0] = b"<< /Type /Catalog /Pages 2 0 R >>"
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(f'{k} 0 R' for k in kids)}] /Count {len(kids)} >>".encode()
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    # a compressed copy would be smaller; the text is what matters here
    _ = zlib
    return bytes(out)


def html_mail(rows: Sequence[Row], rng: random.Random, truth: Truth) -> bytes:
    """An HTML-only order confirmation: a heading, tables for items and totals, styled cells."""
    e = html.escape
    parts = ["<!DOCTYPE html><html><head><meta charset='utf-8'><style>td{padding:4px}</style></head><body>"]
    if rng.random() < 0.5:
        parts.append(f"<div class='logo'><img src='cid:logo' alt='{e(truth.merchant)}'></div>")
    table_open = False
    for row in rows:
        if row.kind in ("pair", "item"):
            if not table_open:
                parts.append("<table role='presentation' width='100%'>")
                table_open = True
            cells = row.cells if row.kind == "item" else (row.cells[0], "", row.cells[1])
            parts.append(
                "<tr>"
                + "".join(
                    f"<td align='{a}'>{e(c)}</td>" for c, a in zip(cells, ("left", "center", "right"), strict=True)
                )
                + "</tr>"
            )
            continue
        if table_open:
            parts.append("</table>")
            table_open = False
        if row.kind == "blank":
            parts.append("<br>")
        elif row.center and rng.random() < 0.5:
            parts.append(f"<h2 style='text-align:center'>{e(row.cells[0])}</h2>")
        else:
            parts.append(f"<p>{e(row.cells[0])}</p>")
    if table_open:
        parts.append("</table>")
    parts.append(
        f"<p style='font-size:10px'>&copy; {truth.date[:4]} {e(truth.merchant)}. "
        "<a href='#'>Unsubscribe</a></p></body></html>"
    )
    return "\n".join(parts).encode()


# -- the set


def generate(count: int = 96, seed: int = 2026, only: Sequence[int] | None = None) -> list[Sample]:
    """`count` receipts cycling through every locale and format (each pair at least once when count >= 40)."""
    samples = []
    for index in range(count):
        if only is not None and index not in only:
            continue
        rng = random.Random(f"{seed}:{index}")
        locale = LOCALES[index % len(LOCALES)]
        fmt = FORMATS[(index // len(LOCALES) + index) % len(FORMATS)]
        truth, rows, _meta = build(index, rng, locale, fmt)
        dpi: int | None = None
        notes: list[str] = []
        if fmt == "html_mail":
            data, mime = html_mail(rows, rng, truth), "text/html"
        elif fmt == "text_pdf" or (fmt == "invoice_pdf" and rng.random() < 0.7):
            data, mime = text_pdf(rows, rng), "application/pdf"
        elif fmt in ("scanned_pdf", "invoice_pdf"):
            dpi = rng.choice((200, 240, 300))
            images = [scan(image, rng) for image in draw_rows(rows, dpi, rng)]
            data, mime = scanned_pdf(images, dpi), "application/pdf"
            notes.append(f"scan {dpi} dpi")
        else:
            dpi = rng.choice((150, 200, 250, 300))
            image = photo(draw_rows([r for r in rows if not r.page_break] or rows, dpi, rng)[0], rng)
            kind = "JPEG" if rng.random() < 0.25 else "PNG"
            data, mime = image_bytes(image, kind, dpi), f"image/{kind.lower()}"
            notes.append(f"photo {dpi} dpi {kind}")
        samples.append(
            Sample(f"{index:03d}-{locale.code}-{fmt}", locale.code, fmt, truth, data, mime, dpi, tuple(notes))
        )
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--count", type=int, default=96)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    truths = {}
    for sample in generate(args.count, args.seed):
        extension = {"application/pdf": "pdf", "text/html": "html", "image/png": "png", "image/jpeg": "jpg"}[
            sample.mime_type
        ]
        (args.out / f"{sample.id}.{extension}").write_bytes(sample.data)
        truths[sample.id] = asdict(sample.truth)
    (args.out / "truth.json").write_text(json.dumps(truths, indent=1, ensure_ascii=False), encoding="utf-8")
    print(f"wrote {len(truths)} receipts to {args.out}")


if __name__ == "__main__":
    main()
