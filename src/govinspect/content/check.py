"""Checking text and files for 错别字 (W-D12) and 严重表述错误 (W-V1a): one code path for the
website rules, ``govinspect check FILE`` and the CMS endpoint (``govinspect.web.check_api``).

Text is normalised first (OpenCC t2s, full/half-width folding, invisible characters removed:
``govinspect.text.normalise``); every problem's offsets point back into the original text.
"""

from __future__ import annotations

import functools
import hashlib
import io
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from sqlalchemy import select

from govinspect import tabular
from govinspect.content.models import ContentIgnoreRow
from govinspect.content.problems import Problem
from govinspect.content.result_cache import active_cache, checker_code
from govinspect.content.typos import TypoChecker, TypoParams
from govinspect.content.wording import WordingChecker, load_lexicon
from govinspect.extract.encoding import decode_html
from govinspect.extract.text import prepare, visible_text
from govinspect.store import Store
from govinspect.text.normalise import Normalised, normalise

ALL_RULES = ("W-D12", "W-V1a")
MAX_FILE_BYTES = 30 * 1024 * 1024  # a larger file is refused, not read
MAX_PDF_PAGES = 300
MAX_DOCX_UNCOMPRESSED = 60 * 1024 * 1024  # zip bombs are refused before reading
MAX_PASSAGE_CHARS = 20_000  # a longer passage is checked in pieces


class CheckInputError(tabular.TableError):
    """A file that cannot be checked; the message is bilingual and says why."""


@dataclass(frozen=True)
class Passage:
    text: str
    line: int | None = None  # 1-based line (text files) or paragraph (docx)
    location: str = ""


class ContentChecker:
    """Runs the content checks on passages of text. Build once, reuse (the typo model is large)."""

    def __init__(self, rules: Iterable[str] = ALL_RULES, *, typo_params: TypoParams | None = None,
                 protected_terms: Iterable[str] = ()) -> None:
        self.rules = frozenset(rules)
        unknown = self.rules - set(ALL_RULES)
        if unknown:
            raise ValueError(f"未知规则 / unknown rule(s): {', '.join(sorted(unknown))}")
        lexicon = load_lexicon()
        self.wording = WordingChecker(lexicon) if "W-V1a" in self.rules else None
        self.typos = (TypoChecker(typo_params, protected_terms=[*lexicon.protected_names, *protected_terms])
                      if "W-D12" in self.rules else None)

    def check(self, text: str, location: str = "", *, on: date | None = None,
              line: int | None = None) -> list[Problem]:
        """Problems in ``text``; offsets, ``text`` and ``context`` refer to the original. Inside an
        analysis, a paragraph judged before is not judged again (``content.result_cache``)."""
        cache = active_cache()
        if cache is None:
            return self._check(text, location, on=on, line=line)
        on = on or date.today()  # the day W-V1a judges at, once for the key and the check
        key = self.result_key(text, on)
        found = cache.get(key)
        if found is None:
            found = self._check(text, on=on)
            cache.put(key, found)
        return [replace(p, location=location, line=line, column=p.start + 1 if line is not None else None)
                for p in found]

    def result_key(self, text: str, on: date) -> str:
        """A digest of everything this checker's result for ``text`` depends on: the text, the
        date W-V1a judges it at, and the checker (``settings_key``)."""
        parts = [self.settings_key, on.isoformat() if self.wording is not None else "", text]
        return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()

    @functools.cached_property
    def settings_key(self) -> str:
        """The checker's code, checks, settings and protected names (a site's own among them: results
        are kept per site, so the site's names cost no sharing)."""
        protected = sorted(set(self.typos.protected_terms)) if self.typos is not None else []
        parts = [checker_code(), ",".join(sorted(self.rules)), repr(self.typos.params) if self.typos is not None else "",
                 *protected]
        return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()

    def _check(self, text: str, location: str = "", *, on: date | None = None,
               line: int | None = None) -> list[Problem]:
        out: list[Problem] = []
        for base in range(0, len(text), MAX_PASSAGE_CHARS):
            piece = text[base:base + MAX_PASSAGE_CHARS]
            norm = normalise(piece)
            found: list[Problem] = []
            if self.wording is not None:
                found += self.wording.check(norm.text, location, on=on)
            if self.typos is not None:
                vetoed = [(p.start, p.end) for p in found]
                found += [p for p in self.typos.check(norm.text, location)
                          if not any(a < p.end and p.start < b for a, b in vetoed)]
            for p in found:
                a, b = norm.original_span(p.start, p.end)
                ctx_a, ctx_b = _context_span(norm.text, p.context, p.start, norm)
                out.append(replace(p, start=base + a, end=base + b, text=piece[a:b],
                                   context=piece[ctx_a:ctx_b] if ctx_b > ctx_a else p.context,
                                   line=line, column=(a + base + 1) if line is not None else None))
        return sorted(out, key=lambda p: (p.start, p.rule))

    def check_passages(self, passages: Iterable[Passage], *, on: date | None = None) -> list[Problem]:
        out: list[Problem] = []
        for passage in passages:
            out += self.check(passage.text, passage.location, on=on, line=passage.line)
        return out


def _context_span(norm_text: str, context: str, start: int, norm: Normalised) -> tuple[int, int]:
    at = norm_text.rfind(context, 0, start + len(context))
    if not context or at < 0:
        return (0, 0)
    return norm.original_span(at, at + len(context))


# -- files --------------------------------------------------------------------------------------
def read_passages(path: Path) -> list[Passage]:
    """The passages of a .txt / .html / .docx / .pdf file, bounded; CheckInputError says why not."""
    name = path.name
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise CheckInputError(f"无法读取文件 / cannot read {path}: {exc.strerror}") from exc
    if size > MAX_FILE_BYTES:
        raise CheckInputError(f"文件过大（{size // (1024 * 1024)} MB，上限 {MAX_FILE_BYTES // (1024 * 1024)} MB）"
                              f" / file too large: {name}")
    try:
        data = path.read_bytes()
    except OSError as exc:  # a folder, a file without permission to read it
        raise CheckInputError(f"无法读取文件 / cannot read {path}: {exc.strerror}") from exc
    if not data.strip():
        raise CheckInputError(f"文件为空 / empty file: {name}")
    suffix = path.suffix.lower()
    if suffix == ".pdf" or data.startswith(b"%PDF"):
        return _pdf_passages(data, name)
    if suffix == ".docx":
        return _docx_passages(data, name)
    if suffix in (".html", ".htm", ".shtml", ".xhtml"):
        return _html_passages(data, name)
    if suffix in ("", ".txt", ".text", ".md"):
        return text_passages(decode_text(data, name), name)
    raise CheckInputError(f"不支持的文件类型 / unsupported file type {suffix!r} (txt, html, docx, pdf)")


def decode_text(data: bytes, name: str = "") -> str:
    """Bytes of a text file as str: UTF-8 (BOM or not), UTF-16 with BOM, else GB18030 if it decodes."""
    return tabular.decode_text(data, name, utf16=True, error=CheckInputError)


def text_passages(text: str, location: str = "") -> list[Passage]:
    """One passage per line (1-based line numbers), blank lines skipped."""
    return [Passage(line, n, location) for n, line in enumerate(text.splitlines(), 1) if line.strip()]


def _html_passages(data: bytes, name: str) -> list[Passage]:
    if b"\x00" in data[:8192] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise CheckInputError(f"二进制文件，不是HTML / binary file, not HTML: {name}")
    html, _charset = decode_html(data, None)
    return html_text_passages(html, name)


def html_text_passages(html: str, location: str = "") -> list[Passage]:
    """The title and visible text lines of an HTML document (line 0 is the title)."""
    from selectolax.lexbor import LexborHTMLParser


    tree = LexborHTMLParser(html)
    title = tree.css_first("title")
    title_text = title.text(strip=True) if title is not None else ""
    prepare(tree)
    passages = text_passages(visible_text(tree, lines=True), location)
    if title_text:
        passages.insert(0, Passage(title_text, 0, location))
    return passages


def _docx_passages(data: bytes, name: str) -> list[Passage]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        if data.startswith(b"\xd0\xcf\x11\xe0"):
            raise CheckInputError(f"文档已加密或为旧版.doc格式 / encrypted document or old .doc: {name}") from exc
        raise CheckInputError(f"不是有效的docx文件 / not a valid .docx file: {name}") from exc
    total = sum(info.file_size for info in archive.infolist())
    if total > MAX_DOCX_UNCOMPRESSED:
        raise CheckInputError(f"docx解压后过大（疑似压缩炸弹）/ .docx expands too much (zip bomb?): {name}")
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many kinds on broken parts
        raise CheckInputError(f"docx文件已损坏 / broken .docx file: {name} ({type(exc).__name__})") from exc
    paragraphs = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            paragraphs.extend(cell.text for cell in row.cells)
    return [Passage(text, n, name) for n, text in enumerate(paragraphs, 1) if text.strip()]


def _pdf_passages(data: bytes, name: str) -> list[Passage]:
    import pypdf
    from pypdf.errors import PdfReadError

    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise CheckInputError(f"PDF已加密，无法读取 / encrypted PDF: {name}")
        pages = reader.pages
        count = len(pages)
    except CheckInputError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        msg = str(exc).lower()
        if "encrypt" in msg or "decrypt" in msg or "password" in msg:
            raise CheckInputError(f"PDF已加密，无法读取 / encrypted PDF: {name}") from exc
        raise CheckInputError(f"PDF文件已损坏 / broken PDF: {name} ({type(exc).__name__})") from exc
    passages: list[Passage] = []
    line = 0
    for number in range(min(count, MAX_PDF_PAGES)):
        try:
            text = pages[number].extract_text() or ""
        except Exception:  # one broken page does not lose the others
            continue
        for piece in text.splitlines():
            line += 1
            if piece.strip():
                passages.append(Passage(piece, line, f"{name}#page={number + 1}"))
    if not passages:
        raise CheckInputError(f"PDF中没有可提取的文字（可能是扫描件）/ no text in the PDF (scanned?): {name}")
    return passages


# -- the draft's own date -----------------------------------------------------------------------
_CN_DIGITS = {"〇": 0, "○": 0, "零": 0, "Ｏ": 0, "O": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6,
              "七": 7, "八": 8, "九": 9}
_YMD = (r"(?P<y>\d{4}|[〇○零Ｏ一二三四五六七八九]{4})\s*年\s*(?P<m>\d{1,2}|[一二三四五六七八九十]{1,3})\s*月"
        r"\s*(?P<d>\d{1,2}|[一二三四五六七八九十]{1,3})\s*日")
# 成文日期：2021年3月5日, 印发日期 …: the draft says which date it is
_LABELLED = re.compile(r"(?:成文|印发|发文|签发|发布)日期\s*[:：]?\s*" + _YMD)
# the 落款 date: a short line ending with the date (after the issuing office's name, or alone; not
# 报名截止：… or 会议定于，…)
_SIGNATURE = re.compile(r"[^。；;！!？?:：，,]{0,40}?[（(]?\s*" + _YMD + r"\s*[）)]?\s*")
# a draft's date line is near its end; attachments (附件) may follow it
_SIGNATURE_SEARCH = 40


def _cn_number(text: str) -> int:
    if text.isdigit():
        return int(text)
    if len(text) == 4 or "十" not in text:  # 二〇二一: digit by digit
        return int("".join(str(_CN_DIGITS[ch]) for ch in text))
    tens, _, units = text.partition("十")
    return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[units] if units else 0)


def _ymd(match: re.Match[str]) -> date | None:
    try:
        return date(_cn_number(match["y"]), _cn_number(match["m"]), _cn_number(match["d"]))
    except (ValueError, KeyError):
        return None


def draft_date(passages: list[Passage]) -> tuple[date, str] | None:
    """The date a draft gives itself — its 成文日期 label, else the 落款 date line nearest the
    end — and where it was found; None when the draft has neither."""
    for passage in passages:
        labelled = _LABELLED.search(passage.text)
        if labelled and (day := _ymd(labelled)):
            return day, _where(passage)
    for passage in reversed(passages[-_SIGNATURE_SEARCH:]):
        line = normalise(passage.text).text
        signature = _SIGNATURE.fullmatch(line)
        if signature and (day := _ymd(signature)):
            return day, _where(passage)
    return None


def _where(passage: Passage) -> str:
    return f"{passage.location}:{passage.line}" if passage.line is not None else passage.location


# -- ignore list --------------------------------------------------------------------------------
def ignored_ids(store: Store) -> set[str]:
    with store.session() as session:
        return set(session.scalars(select(ContentIgnoreRow.problem_id)))


def add_ignore(store: Store, problem_id: str, problem: Problem | None = None, note: str = "") -> bool:
    """Mark a problem as a false alarm; False when it already was."""
    with store.session() as session:
        if session.scalar(select(ContentIgnoreRow).where(ContentIgnoreRow.problem_id == problem_id)):
            return False
        session.add(ContentIgnoreRow(
            problem_id=problem_id, rule=problem.rule if problem else "",
            location=problem.location if problem else "", text=problem.text if problem else "",
            context=problem.context if problem else "", note=note))
        session.commit()
        return True


def remove_ignore(store: Store, problem_id: str) -> bool:
    with store.session() as session:
        row = session.scalar(select(ContentIgnoreRow).where(ContentIgnoreRow.problem_id == problem_id))
        if row is None:
            return False
        session.delete(row)
        session.commit()
        return True


def list_ignores(store: Store) -> list[dict[str, str]]:
    with store.session() as session:
        rows = session.scalars(select(ContentIgnoreRow).order_by(ContentIgnoreRow.id))
        return [{"id": r.problem_id, "rule": r.rule, "location": r.location, "text": r.text,
                 "context": r.context, "note": r.note} for r in rows]
