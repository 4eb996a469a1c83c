"""OCR on CPU: Tesseract (through tesserocr, whose wheel bundles libtesseract) for images
and scanned PDF pages, PDFium (pypdfium2) for PDF text layers.

- Images (PNG, JPEG and whatever else Pillow decodes): one page, recognised by Tesseract.
- PDFs: a page's text layer is read directly (exact, about a millisecond); a page without
  one (a scan) is rendered and recognised. `force_ocr` recognises every page.

Tesseract instances are pooled process-wide (`ocr_tesseract.py`); the receipt's language is
guessed in `ocr_language.py` and photos are cleaned up in `ocr_preprocess.py`. PDFium is
not thread-safe: every PDFium call holds one process-wide lock, released while Tesseract
works.
"""

from __future__ import annotations

import io
import logging
import re
import threading
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from spacedrive_host.core.errors import ErrorCode, OperationError

from .ocr_language import AUTO, guess_language
from .ocr_preprocess import preprocess
from .ocr_tesseract import SYSTEM_TESSDATA, TESSERACT, merged_dir, tessdata_dir

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
        return merged_dir(tuple(sorted(wanted)))

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
        return TESSERACT.borrow(self._data_dir_for(language), language)

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
