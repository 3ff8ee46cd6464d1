"""What the snapshot keeps per page (快照内存): a site of 50,000 pages is judged in flat memory.

A page model stays in memory whole except for its visible text (可见文本), the largest part of
an article page: a text of ``SPILL_MIN_CHARS`` or more is written, compressed, to a temporary
file that lives as long as the snapshot, and read back when a rule asks for ``page.text`` (the
last few are remembered, since rules read a page's text several times in a row). Links and
dated list entries that many pages share (navigation, footer, the homepage's blocks) are one
object for the whole site, and so are the strings of meta tags and footers that repeat.

So per page the snapshot holds the URL, title, meta tags, the links only that page has, its
list entries, footer codes and flags, and a pointer into the text file; the raw HTML is never
held (``BodyCache`` keeps a bounded number of bodies for the rules that read markup).
"""

from __future__ import annotations

import os
import tempfile
import zlib
from collections import OrderedDict
from typing import IO, Any

from govinspect.model import DatedItem, Link, PageModel

SPILL_MIN_CHARS = 1000  # shorter texts stay in memory (a pointer and a file read would cost more)
RECENT_TEXTS = 16  # texts read back and kept, for rules that read one page's text several times


class PageTexts:
    """Visible texts of one snapshot's pages in a temporary file (deleted when closed or collected)."""

    def __init__(self) -> None:
        self._file: IO[bytes] | None = None
        self._end = 0
        self._recent: OrderedDict[tuple[int, int], str] = OrderedDict()

    def put(self, text: str) -> tuple[int, int]:
        """Write ``text``; the (offset, length) that reads it back."""
        if self._file is None:
            self._file = tempfile.TemporaryFile(prefix="govinspect-texts-")  # noqa: SIM115 - closed in close()
        data = zlib.compress(text.encode("utf-8"), 1)
        os.pwrite(self._file.fileno(), data, self._end)
        ref = (self._end, len(data))
        self._end += len(data)
        return ref

    def get(self, ref: tuple[int, int]) -> str:
        text = self._recent.get(ref)
        if text is not None:
            self._recent.move_to_end(ref)
            return text
        if self._file is None:
            raise ValueError("页面文本文件已关闭 / page text file closed")
        offset, length = ref
        text = zlib.decompress(os.pread(self._file.fileno(), length, offset)).decode("utf-8")
        self._recent[ref] = text
        if len(self._recent) > RECENT_TEXTS:
            self._recent.popitem(last=False)
        return text

    @property
    def bytes_written(self) -> int:
        return self._end

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None
        self._recent.clear()


class StoredTextPage(PageModel):
    """A page model whose ``text`` is read back from :class:`PageTexts` when asked for. Assigning
    ``text`` keeps the new value in memory, like any page model."""

    _texts: PageTexts
    _text_ref: tuple[int, int] | None

    @property
    def text(self) -> str:
        ref = self.__dict__.get("_text_ref")
        if ref is None:
            return str(self.__dict__.get("_text", ""))
        return self._texts.get(ref)

    @text.setter
    def text(self, value: str) -> None:
        self.__dict__["_text_ref"] = None
        self.__dict__["_text"] = value


_FOOTER_TEXTS = ("text", "site_id_code", "icp", "psb", "sponsor", "contact", "jiucuo_sitecode")


class PageShelf:
    """Makes the pages of one snapshot light as they are built (see the module docstring)."""

    def __init__(self, min_chars: int = SPILL_MIN_CHARS) -> None:
        self.texts = PageTexts()
        self.min_chars = min_chars
        self._shared: dict[Any, Any] = {}

    def _share(self, value: Any) -> Any:
        return self._shared.setdefault(value, value)

    def keep(self, page: PageModel) -> PageModel:
        """``page`` as the snapshot keeps it: shared links, list entries and footer text, and its
        visible text on disk when long."""
        share = self._share
        page.links = [share(link) for link in page.links]
        page.dated_items = [share(item) for item in page.dated_items]
        page.meta = {share(name): share(value) for name, value in page.meta.items()}
        footer = page.footer
        for name in _FOOTER_TEXTS:
            value = getattr(footer, name)
            if value:
                setattr(footer, name, share(value))
        text = page.text
        if len(text) >= self.min_chars and type(page) is PageModel:
            ref = self.texts.put(text)
            del page.__dict__["text"]
            page.__class__ = StoredTextPage
            page.__dict__["_texts"] = self.texts
            page.__dict__["_text_ref"] = ref
        return page


__all__ = ["DatedItem", "Link", "PageShelf", "PageTexts", "StoredTextPage"]
