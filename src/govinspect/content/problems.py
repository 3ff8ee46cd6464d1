"""A problem found in a passage of text, with its position and the suggested fix."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class Problem:
    """One problem in one passage. ``start``/``end`` are character offsets in the passage."""

    rule: str  # "W-D12" (错别字) | "W-V1a" (严重表述错误)
    category: str  # typo | leader-name | leader-title | formulation | region-name | fallen-official
    severity: str  # "deduction" | "veto"
    start: int
    end: int
    text: str  # the wrong text as written
    suggestion: str  # the correct form
    message: str  # bilingual, one line
    confidence: float = 1.0
    review: bool = False  # needs an inspector's confirmation (W-V1a always does)
    location: str = ""  # URL, file name, post id … the caller's
    line: int | None = None  # 1-based, for text files checked line by line
    column: int | None = None  # 1-based character column in that line
    context: str = ""  # the sentence around it

    @property
    def id(self) -> str:
        """Stable id for the ignore list: rule, location, the wrong text and its context."""
        key = json.dumps([self.rule, self.location, self.text, self.suggestion, self.context],
                         ensure_ascii=False)
        return hashlib.sha256(key.encode("utf-8")).hexdigest()[:12]

    def to_json(self) -> dict[str, Any]:
        out = asdict(self)
        out["id"] = self.id
        return out


def context_of(text: str, start: int, end: int, width: int = 20) -> str:
    """The sentence around ``text[start:end]`` (bounded by punctuation or ``width`` characters)."""
    stops = "。！？；!?;\n"
    a = start
    while a > 0 and start - a < width and text[a - 1] not in stops:
        a -= 1
    b = end
    while b < len(text) and b - end < width and text[b] not in stops:
        b += 1
    return text[a:b]
