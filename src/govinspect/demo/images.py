"""Images and scanned PDFs made in code for the demo farm and the OCR tests: text rendered with
the Noto CJK font that scripts/setup.sh installs (fonts-noto-cjk), so no binary is committed.
"""

from __future__ import annotations

import io
import random
from collections.abc import Collection, Sequence
from functools import cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont

__all__ = ["FONT", "font_available", "scanned_pdf", "text_image"]

FONT = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
_SC = 2  # the face of the collection for simplified Chinese (Noto Sans CJK SC)


def font_available() -> bool:
    return FONT.exists()


@cache
def _font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONT), size, index=_SC)


def _render(lines: Sequence[str], size: int, width: int | None, smudged: Collection[int] = ()) -> Image.Image:
    font = _font(size)
    line_height = int(size * 1.5) if not smudged else int(size * 2.4)  # room for a smudge to stay on its line
    width = width or max(int(font.getlength(line)) for line in lines) + 2 * size
    image = Image.new("L", (width, line_height * len(lines) + 2 * size), 255)
    draw = ImageDraw.Draw(image)
    for i, line in enumerate(lines):
        if i not in smudged:
            draw.text((size, size + i * line_height), line, font=font, fill=0)
            continue
        band = Image.new("L", (width, line_height), 255)
        ImageDraw.Draw(band).text((size, 0), line, font=font, fill=0)
        image.paste(_smudge(band, size, int(font.getlength(line)), seed=i), (0, size + i * line_height))
    return image


def _smudge(band: Image.Image, size: int, length: int, seed: int) -> Image.Image:
    """A line as a poor photo or fax shows it: blurred, and speckled where the characters are."""
    band = band.filter(ImageFilter.GaussianBlur(1.5))
    pixels = band.load()
    assert pixels is not None
    rnd = random.Random(seed)  # the same picture every time
    for _ in range(length * size // 5):
        pixels[rnd.randrange(size, size + length), rnd.randrange(0, int(size * 1.3))] = rnd.choice((0, 255))
    return band


def text_image(lines: Sequence[str], *, size: int = 28, fmt: str = "PNG", width: int | None = None,
               smudged: Collection[int] = ()) -> bytes:
    """A picture of ``lines`` (a 公示名单 pasted as a screenshot), as PNG or JPEG bytes; the lines
    whose index is in ``smudged`` blurred and speckled (OCR reads them badly, or not at all)."""
    out = io.BytesIO()
    _render(lines, size, width, smudged).save(out, format=fmt)
    return out.getvalue()


def scanned_pdf(pages: Sequence[Sequence[str]], *, size: int = 28, repeat: int = 1) -> bytes:
    """A PDF whose pages are pictures of text only (扫描件, no text layer); ``repeat`` repeats the
    page list that many times, so a very long scan costs one rendering per distinct page."""
    images = [_render(lines, size, 1000).convert("RGB") for lines in pages] * repeat
    out = io.BytesIO()
    # no creation/modification dates: Pillow stamps the clock, and the farm must be the same bytes each build
    images[0].save(out, format="PDF", save_all=True, append_images=images[1:], resolution=150,
                   creationDate=None, modDate=None)
    return out.getvalue()
