"""Writes receipt.eml: the seed's Starbucks e-mail with the paper receipt attached as a
scanned, image-only PDF (no text layer, so the host has to OCR it).

Run from the repository root: `python extensions/finance/samples/make_receipt_email.py`.
The scan is drawn with Pillow's bundled TrueType font, with a little noise and a slight
rotation, like a phone scan.
"""

from __future__ import annotations

import base64
import io
import random
import textwrap
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont

RECEIPT = (
    "STARBUCKS",
    "Store #1234, Seattle WA",
    "03/03/2026 08:14",
    "",
    "Caffe Latte         4.50",
    "Blueberry Muffin    3.25",
    "",
    "TOTAL          7.75 USD",
    "VISA **** 4242",
    "Thank you!",
)


def scan() -> bytes:
    font = ImageFont.load_default(size=26)
    image = Image.new("L", (560, 80 + 40 * len(RECEIPT)), 255)
    draw = ImageDraw.Draw(image)
    for i, line in enumerate(RECEIPT):
        draw.text((40, 40 + 40 * i), line, font=font, fill=20)
    rng = random.Random(1234)
    for _ in range(600):  # paper speckles
        image.putpixel((rng.randrange(image.width), rng.randrange(image.height)), rng.randrange(160, 240))
    image = image.rotate(0.6, resample=Image.Resampling.BICUBIC, fillcolor=255).filter(ImageFilter.GaussianBlur(0.4))
    buffer = io.BytesIO()
    image.save(buffer, "PDF", resolution=150)
    return buffer.getvalue()


def email(attachment: bytes) -> str:
    encoded = "\n".join(textwrap.wrap(base64.b64encode(attachment).decode(), 76))
    return f"""From: receipts@starbucks.example
To: alice@example.org
Subject: Your Starbucks receipt
Date: Tue, 03 Mar 2026 08:15:00 +0000
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="sd-receipt-boundary"

--sd-receipt-boundary
Content-Type: text/plain; charset=utf-8

Thanks for visiting Starbucks!

Your receipt is attached as a PDF.

--sd-receipt-boundary
Content-Type: application/pdf; name="receipt.pdf"
Content-Disposition: attachment; filename="receipt.pdf"
Content-Transfer-Encoding: base64

{encoded}
--sd-receipt-boundary--
"""


if __name__ == "__main__":
    target = Path(__file__).with_name("receipt.eml")
    target.write_text(email(scan()), encoding="utf-8", newline="\n")
    print(f"wrote {target} ({target.stat().st_size} bytes)")
