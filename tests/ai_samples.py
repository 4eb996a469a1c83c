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
