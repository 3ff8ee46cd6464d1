"""HTTP endpoint a CMS calls before publishing: POST /api/check {text | html} → problems.

    app = create_app()                       # uvicorn govinspect.web.check_api:create_app --factory
    POST /api/check {"text": "…", "location": "draft-42", "date": "2024-05-01"}
    → {"problems": [{"rule", "category", "severity", "start", "end", "line", "column", "text",
                     "suggestion", "message", "review", "id", …}], "count": n, "as_of": "2024-05-01"}

``date`` (the day dated rules judge on) defaults to the draft's own 成文日期 / 落款 date, else today.

HTML is reduced to its visible text first; ``text`` is checked line by line (line/column in the
answer). Problems on the store's ignore list (``govinspect ignore add``) are left out.

Every request passes :mod:`govinspect.web.guard` first (rate limit, optional token, size limit),
and error answers never repeat the request's content.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from govinspect.config import load_defaults
from govinspect.content.check import (
    ALL_RULES,
    MAX_FILE_BYTES,
    CheckInputError,
    ContentChecker,
    Passage,
    draft_date,
    html_text_passages,
    ignored_ids,
    text_passages,
)
from govinspect.store import Store
from govinspect.web.guard import ApiLimits, GuardMiddleware


class CheckRequest(BaseModel):
    text: str | None = Field(default=None, description="纯文本 / plain text")
    html: str | None = Field(default=None, description="HTML; its visible text is checked")
    location: str = Field(default="", description="稿件标识 / where the text is (URL, draft id)")
    date: str | None = Field(default=None, description="发布日期 YYYY-MM-DD (leaders' titles are judged on it; "
                                                "default the draft's 成文日期/落款 date, else today)")
    rules: list[str] | None = Field(default=None, description="W-D12, W-V1a (default both)")


def default_limits() -> ApiLimits:
    return ApiLimits.from_section(load_defaults()["check_api"])


def create_app(store: Store | None = None, checker: ContentChecker | None = None,
               limits: ApiLimits | None = None) -> FastAPI:
    """The app; ``store`` supplies the ignore list (none: nothing ignored); ``limits`` default to
    ``[check_api]`` of defaults.toml, without a token."""
    app = FastAPI(title="govinspect check", description="错别字与严重表述错误检查 / typo and wording check")
    app.add_middleware(GuardMiddleware, limits=limits or default_limits())
    state: dict[tuple[str, ...], ContentChecker] = {}

    @app.exception_handler(RequestValidationError)
    async def invalid_request(_request: Request, exc: RequestValidationError) -> JSONResponse:
        # FastAPI's own answer carries each field's "input": a whole posted body came back in it
        errors = [{"loc": [str(part) for part in e.get("loc", ())], "type": e.get("type", ""),
                   "msg": e.get("msg", "")} for e in exc.errors()]
        return JSONResponse(status_code=422, content={"detail": errors})

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
        if set(request.rules or ()) - set(ALL_RULES):
            raise HTTPException(422, f"未知规则 / unknown rule; known rules: {', '.join(ALL_RULES)}")
        passages: list[Passage]
        try:
            if request.text is not None:
                passages = text_passages(request.text, request.location)
            else:
                passages = html_text_passages(body, request.location)
        except CheckInputError as exc:  # its message names the location: answer without it
            raise HTTPException(422, "无法作为文本或HTML读取 / cannot be read as text or HTML") from exc
        if on is None:  # the draft's own 成文日期 / 落款 date, else today
            found = draft_date(passages)
            on = found[0] if found is not None else date.today()
        problems = get_checker(rules).check_passages(passages, on=on)
        if store is not None:
            ignored = ignored_ids(store)
            problems = [p for p in problems if p.id not in ignored]
        return {"problems": [p.to_json() for p in problems], "count": len(problems), "as_of": on.isoformat()}

    return app
