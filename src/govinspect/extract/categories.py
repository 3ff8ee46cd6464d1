"""栏目分类: column name → category, from an editable table (data/column_categories.toml).

The 栏目不更新 checks judge 动态要闻 columns on 2 weeks and 通知公告/政策文件 columns on
6 months; a wrong category means a wrong veto. So matching is deliberately plain and never
guesses: exact name, else the longest contained term, else (or on a tie) 未知 (UNKNOWN), which
later work lists for an inspector to classify.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from govinspect.config import ConfigError
from govinspect.model import ColumnCategory

TABLE_FILE = "column_categories.toml"
# Decorations around a nav label that are not part of the column name.
_DECORATION = re.compile(r"\s+|>>|»|更多|more|[>＞·•|｜\[\]【】()（）:：]", re.I)


def normalise_name(name: str) -> str:
    """A column name without spaces and decorations (``"通知公告 >>"`` → ``"通知公告"``)."""
    return _DECORATION.sub("", name or "")


def _category(key: str) -> ColumnCategory:
    for category in ColumnCategory:
        if key in (category.value, category.name, category.name.lower()) and category is not ColumnCategory.UNKNOWN:
            return category
    raise ConfigError(f"栏目分类表中的未知类别 / unknown category in the column table: {key!r}")


@dataclass
class CategoryTable:
    """Terms per category. ``terms[category]`` is a list of names (also used as keywords)."""

    terms: dict[ColumnCategory, list[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._build()

    def _build(self) -> None:
        self._exact: dict[str, ColumnCategory] = {}
        self._keywords: list[tuple[str, ColumnCategory]] = []
        for category, words in self.terms.items():
            for word in words:
                key = normalise_name(word)
                if key:
                    self._exact.setdefault(key, category)
                    self._keywords.append((key, category))
        self._keywords.sort(key=lambda pair: -len(pair[0]))

    def add(self, category: ColumnCategory, words: list[str], *, replace: bool = False) -> None:
        """Add terms to a category; they leave any other category (the newer mapping wins)."""
        keys = {normalise_name(word) for word in words}
        for other, other_words in self.terms.items():
            if other is not category:
                self.terms[other] = [w for w in other_words if normalise_name(w) not in keys]
        current = [] if replace else list(self.terms.get(category, []))
        self.terms[category] = current + [w for w in words if w not in current]
        self._build()

    def classify(self, name: str) -> ColumnCategory:
        """The category of a column name, UNKNOWN when nothing (or more than one category) fits."""
        key = normalise_name(name)
        if not key:
            return ColumnCategory.UNKNOWN
        exact = self._exact.get(key)
        if exact is not None:
            return exact
        best_len = 0
        found: set[ColumnCategory] = set()
        for word, category in self._keywords:
            if len(word) < best_len:
                break  # sorted longest first: nothing shorter can win
            if word in key:
                best_len = len(word)
                found.add(category)
        return found.pop() if len(found) == 1 else ColumnCategory.UNKNOWN


def _parse(text: str, source: str) -> dict[str, Any]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"栏目分类表格式错误 / malformed column category table ({source}): {exc}") from exc
    categories = data.get("categories", {})
    if not isinstance(categories, dict):
        raise ConfigError(f"栏目分类表缺少 [categories] / column table lacks [categories] ({source})")
    for key, entry in categories.items():
        terms = entry.get("terms") if isinstance(entry, dict) else None
        if not isinstance(terms, list) or not all(isinstance(t, str) for t in terms):
            raise ConfigError(f"栏目分类表 {key} 的 terms 须为字符串列表 / "
                              f"terms of {key!r} must be a list of strings ({source})")
    return categories


def load_category_table(home: Path | None = None) -> CategoryTable:
    """The package table, merged with ``<home>/column_categories.toml`` when that file exists."""
    text = resources.files("govinspect").joinpath("data", TABLE_FILE).read_text(encoding="utf-8")
    table = CategoryTable()
    for key, entry in _parse(text, "package").items():
        table.add(_category(key), list(entry["terms"]))
    if home is not None:
        user = Path(home) / TABLE_FILE
        if user.is_file():
            for key, entry in _parse(user.read_text(encoding="utf-8"), str(user)).items():
                table.add(_category(key), list(entry["terms"]), replace=bool(entry.get("replace", False)))
    return table
