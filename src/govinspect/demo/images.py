"""Images and scanned PDFs made in code for the demo farm and the OCR tests: text rendered with
the Noto CJK font that scripts/setup.sh installs (fonts-noto-cjk), so no binary is committed.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from functools import cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

__all__ = ["FONT", "font_available", "scanned_pdf", "text_image"]

FONT = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
_SC = 2  # the face of the collection for simplified Chinese (Noto Sans CJK SC)


def font_available() -> bool:
    return FONT.exists()


@cache
def _font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONT), size, index=_SC)


def _render(lines: Sequence[str], size: int, width: int | None) -> Image.Image:
    font = _font(size)
    line_height = int(size * 1.5)
    width = width or max(int(font.getlength(line)) for line in lines) + 2 * size
    image = Image.new("L", (width, line_height * len(lines) + 2 * size), 255)
    draw = ImageDraw.Draw(image)
    for i, line in enumerate(lines):
        draw.text((size, size + i * line_height), line, font=font, fill=0)
    return image


def text_image(lines: Sequence[str], *, size: int = 28, fmt: str = "PNG", width: int | None = None) -> bytes:
    """A picture of ``lines`` (a 公示名单 pasted as a screenshot), as PNG or JPEG bytes."""
    out = io.BytesIO()
    _render(lines, size, width).save(out, format=fmt)
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
