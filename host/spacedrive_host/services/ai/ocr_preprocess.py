"""Photos and scans made easier for Tesseract to read: lighting flattened, page deskewed, small
text scaled up. Numpy and Pillow only, imported on first use.
"""

from __future__ import annotations

from typing import Any


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
