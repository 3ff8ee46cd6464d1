"""HTTP endpoint a CMS calls before publishing: POST /api/check {text | html} → problems.

    app = create_app()                       # uvicorn govinspect.web.check_api:create_app --factory
    POST /api/check {"text": "…", "location": "draft-42", "date": "2024-05-01"}
    → {"problems": [{"rule", "category", "severity", "start", "end", "line", "column", "text",
                     "suggestion", "message", "review", "id", …}], "count": n, "as_of": "2024-05-01"}

``date`` (the day dated rules judge on) defaults to the draft's own 成文日期 / 落款 date, else today.

HTML is reduced to its visible text first; ``text`` is checked line by line (line/column in the
answer). Problems on the store's ignore list (``govinspect ignore add``) are left out.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import FastAPI, HTTPException
from pydantic import BaseModel, Field

from govinspect.content.check import (
    ALL_RULES,
    MAX_FILE_BYTES,
    CheckInputError,
    ContentChecker,
    Passage,
    draft_date,
    html_text_passages,
    text_passages,
)
from govinspect.store import Store


class CheckRequest(BaseModel):
    text: str | None = Field(default=None, description="纯文本 / plain text")
    html: str | None = Field(default=None, description="HTML; its visible text is checked")
    location: str = Field(default="", description="稿件标识 / where the text is (URL, draft id)")
    date: str | None = Field(default=None, description="发布日期 YYYY-MM-DD (leaders' titles are judged on it; "
                                                "default the draft's 成文日期/落款 date, else today)")
    rules: list[str] | None = Field(default=None, description="W-D12, W-V1a (default both)")


def create_app(store: Store | None = None, checker: ContentChecker | None = None) -> FastAPI:
    """The app; ``store`` supplies the ignore list (none: nothing ignored)."""
    app = FastAPI(title="govinspect check", description="错别字与严重表述错误检查 / typo and wording check")
    state: dict[tuple[str, ...], ContentChecker] = {}

    def get_checker(rules: tuple[str, ...]) -> ContentChecker:
        if checker is not None and rules == ALL_RULES:
            return checker
        if rules not in state:
            state[rules] = ContentChecker(rules)
        return state[rules]

    @app.get("/api/health")
    def health() -> dict[str, str]:
        return {"status": "ok"}

    @app.post("/api/check")
    def check(request: CheckRequest) -> dict[str, Any]:
        if (request.text is None) == (request.html is None):
            raise HTTPException(422, "请提供text或html之一 / give exactly one of text or html")
        body = request.text if request.text is not None else request.html
        assert body is not None
        if len(body.encode("utf-8")) > MAX_FILE_BYTES:
            raise HTTPException(413, "内容过大 / content too large")
        on: date | None = None
        if request.date:
            try:
                on = date.fromisoformat(request.date)
            except ValueError as exc:
                raise HTTPException(422, "日期格式应为YYYY-MM-DD / date must be YYYY-MM-DD") from exc
        rules = tuple(r for r in ALL_RULES if request.rules is None or r in request.rules)
        unknown = set(request.rules or ()) - set(ALL_RULES)
        if unknown:
            raise HTTPException(422, f"未知规则 / unknown rule(s): {', '.join(sorted(unknown))}")
        passages: list[Passage]
        try:
            if request.text is not None:
                passages = text_passages(request.text, request.location)
            else:
                passages = html_text_passages(body, request.location)
        except CheckInputError as exc:
            raise HTTPException(422, str(exc)) from exc
        if on is None:  # the draft's own 成文日期 / 落款 date, else today
            found = draft_date(passages)
            on = found[0] if found is not None else date.today()
        problems = get_checker(rules).check_passages(passages, on=on)
        if store is not None:
            from govinspect.content.check import ignored_ids

            ignored = ignored_ids(store)
            problems = [p for p in problems if p.id not in ignored]
        return {"problems": [p.to_json() for p in problems], "count": len(problems), "as_of": on.isoformat()}

    return app
