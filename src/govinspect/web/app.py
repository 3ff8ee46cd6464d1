"""The web application (网页端): inspectors, unit operators and the public, on the CLI's store.

    govinspect serve --home DATA [--host 127.0.0.1] [--port 8000]
    app = create_app(config)          # uvicorn-ready FastAPI application

It holds no business logic: every action calls the function the CLI command calls (reviews and
verdicts, tickets and re-checks, 找错 intake, bulletin, the run lock). Who may do what is decided
in :mod:`govinspect.web.access` only; headers and CSRF in :mod:`govinspect.web.security`.
Pages are Jinja2 templates (autoescaped: hacked titles are shown, never run); the only script is
``static/app.js`` (progress polling), charts are server-side SVG. The JSON API under ``/api``
takes the same session and roles; its OpenAPI document is ``/openapi.json``.
"""

from __future__ import annotations

import re
import secrets
from collections import defaultdict
from datetime import datetime
from html import escape
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from sqlalchemy import select
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from govinspect.config import Config
from govinspect.registry.store import load_sites
from govinspect.report.periods import PeriodError, parse_period
from govinspect.report.publish import publish_bulletin
from govinspect.report.screenshots import ScreenshotError, finding_shot
from govinspect.store import Store, open_store
from govinspect.store.runlock import current_holder
from govinspect.store.runs import RunProgress, run_progress
from govinspect.store.settings import StoreSettings
from govinspect.timeutil import CHINA_TZ, AsOfError, parse_as_of
from govinspect.web import security
from govinspect.web.access import PUBLIC, ROUTE_ROLES, NotFound, Scope
from govinspect.web.accounts import (
    LoginError,
    Principal,
    authenticate,
    close_session,
    open_session,
    session_principal,
)
from govinspect.web.evidence import REPLAY_CSP, EvidenceError, replay_html
from govinspect.web.jobs import Jobs, LaunchError, account_registries
from govinspect.web.overview import build_overview
from govinspect.workflow.messages import IntakeError, intake_message, status
from govinspect.workflow.models import FindingReviewRow, MessageRow
from govinspect.workflow.reviews import ReviewError
from govinspect.workflow.tickets import TicketError, is_overdue, mark_fixed
from govinspect.workflow.verdicts import record_decision
from govinspect.workflow.workdays import WorkdayError

MAX_BODY_BYTES = 64 * 1024  # a form larger than this is refused before it is read
MAX_DESCRIPTION = 2000
MAX_URL = 2000
MAX_CONTACT = 100
REPORT_LIMIT, REPORT_WINDOW_SECONDS = 5, 600  # public 找错 messages per client address
MESSAGE_CATEGORIES = ("错别字", "信息不更新", "链接错误", "无法访问", "互动无回应", "服务不实用", "其他")
_PERIOD = re.compile(r"^\d{4}(Q[1-4]|-\d{2})$")
_STATIC = {"app.js": "text/javascript; charset=utf-8", "app.css": "text/css; charset=utf-8"}
VERDICT_TEXT = {"pass": "合格", "fail": "不合格", "not_assessable": "无法评估", None: "未评定"}
STATE_TEXT = {"pending": "待复核", "confirmed": "已确认", "rejected": "已驳回", "": ""}
TICKET_TEXT = {"open": "待整改", "fixed": "已整改待复查", "closed": "已销号", "reopened": "复查未通过"}
MESSAGE_TEXT = {"received": "已受理", "answered": "已答复", "overdue": "逾期未答复"}


class NeedLogin(Exception):
    """未登录 / not signed in (or the session expired)."""


def _templates() -> Jinja2Templates:
    folder = Path(str(resources.files("govinspect.web").joinpath("templates")))
    templates = Jinja2Templates(directory=str(folder))
    templates.env.autoescape = True
    templates.env.filters["cn"] = _china_time
    templates.env.globals.update(VERDICT_TEXT=VERDICT_TEXT, STATE_TEXT=STATE_TEXT, TICKET_TEXT=TICKET_TEXT,
                                 MESSAGE_TEXT=MESSAGE_TEXT)
    return templates


def _china_time(moment: datetime | None, fmt: str = "%Y-%m-%d %H:%M") -> str:
    """A stored (UTC) time as people here read it: Beijing time (北京时间)."""
    return moment.astimezone(CHINA_TZ).strftime(fmt) if moment is not None else ""


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def _safe_next(target: str | None) -> str:
    """Only a path of this application (never //host or a scheme): no open redirect after login."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


def create_app(config: Config, store: Store | None = None, *, secure_cookies: bool = True,
               analysis_jobs: int | None = None) -> FastAPI:
    """The application on ``config``'s home and store (opened here unless given); ``analysis_jobs``: the
    processes a run launched here analyses its targets with (default: the cores)."""
    if store is None:
        store = open_store(config.db_url, settings=StoreSettings.from_section(config.data.get("store", {})))
    templates = _templates()
    jobs = Jobs(store, config, analysis_jobs)
    limiter = security.RateLimiter(REPORT_LIMIT, REPORT_WINDOW_SECONDS)

    async def guard(request: Request) -> None:
        """Every route passes here: its roles from ROUTE_ROLES, then the CSRF token of a POST."""
        route = request.scope.get("route")
        path = getattr(route, "path", None)
        if path not in ROUTE_ROLES:
            raise HTTPException(404)
        principal = session_principal(store, request.cookies.get(security.SESSION_COOKIE))
        request.state.principal = principal
        roles = ROUTE_ROLES[path]
        if roles != PUBLIC:
            if principal is None:
                raise NeedLogin()
            if principal.role not in roles:
                raise HTTPException(403, "无权访问 / not allowed for your role")
        if request.method == "POST":
            form = await request.form()
            given = str(form.get("csrf") or request.headers.get("X-CSRF-Token") or "")
            expected = principal.csrf if principal is not None else request.cookies.get(security.ANON_CSRF_COOKIE)
            if not security.same_token(given, expected):
                raise HTTPException(403, "表单已失效（CSRF校验失败），请刷新页面重试 / the form expired or "
                                         "lacks its CSRF token: reload the page and try again")

    app = FastAPI(title="govinspect", description="政府网站检查 web application and API",
                  dependencies=[Depends(guard)], docs_url=None, redoc_url=None)
    app.state.store, app.state.config, app.state.jobs = store, config, jobs

    @app.middleware("http")
    async def headers(request: Request, call_next: Any) -> Response:
        length = request.headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > MAX_BODY_BYTES):
            response: Response = _page_error(request, 413, "提交内容过大（上限64KB） / the submission is too large "
                                             "(64 KB at most)")
        else:
            response = await call_next(request)
        response.headers.setdefault("Content-Security-Policy", security.PAGE_CSP)
        response.headers.setdefault("X-Frame-Options", "DENY")
        for name, value in security.COMMON_HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    def principal_of(request: Request) -> Principal:
        principal: Principal | None = getattr(request.state, "principal", None)
        if principal is None:
            raise NeedLogin()
        return principal

    def scope_of(request: Request) -> Scope:
        return Scope(store, principal_of(request))

    def anon_token(request: Request) -> str:
        return request.cookies.get(security.ANON_CSRF_COOKIE) or security.new_token()

    def render(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
        principal: Principal | None = getattr(request.state, "principal", None)
        csrf = principal.csrf if principal is not None else anon_token(request)
        response = templates.TemplateResponse(request, name, {"me": principal, "csrf": csrf, **context},
                                              status_code=status)
        if principal is None and request.cookies.get(security.ANON_CSRF_COOKIE) != csrf:
            response.set_cookie(security.ANON_CSRF_COOKIE, csrf, httponly=True, secure=secure_cookies,
                                samesite="strict", path="/")
        return response

    def _page_error(request: Request, status: int, message: str) -> Response:
        if _is_api(request):
            return JSONResponse({"detail": message}, status_code=status)
        return render(request, "error.html", status=status, status_code=status, message=message)

    @app.exception_handler(NeedLogin)
    async def need_login(request: Request, _exc: NeedLogin) -> Response:
        if _is_api(request):
            return JSONResponse({"detail": "未登录或会话已过期 / not signed in, or the session expired"},
                                status_code=401)
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/login?next={quote(target)}", status_code=303)

    @app.exception_handler(NotFound)
    async def not_found(request: Request, _exc: NotFound) -> Response:
        return _page_error(request, 404, "不存在或无权查看 / not found")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        default = {404: "不存在或无权查看 / not found", 405: "不支持的请求方法 / method not allowed"}
        message = exc.detail if isinstance(exc.detail, str) and exc.status_code not in default else \
            default.get(exc.status_code, str(exc.detail))
        return _page_error(request, exc.status_code, message)

    # -- signing in ------------------------------------------------------------------------------

    @app.get("/", include_in_schema=False)
    def home(request: Request) -> Response:
        principal = request.state.principal
        if principal is None:
            return RedirectResponse("/login", status_code=303)
        return RedirectResponse("/overview" if principal.role != "operator" else "/targets", status_code=303)

    @app.get("/login", include_in_schema=False)
    def login_page(request: Request, next: str = "/") -> Response:
        return render(request, "login.html", next=_safe_next(next), error="")

    @app.post("/login", include_in_schema=False)
    async def login(request: Request) -> Response:
        form = await request.form()
        name, password = str(form.get("name") or "")[:100], str(form.get("password") or "")[:1000]
        target = _safe_next(str(form.get("next") or "/"))
        try:
            user = authenticate(store, name, password)
        except LoginError as exc:
            return render(request, "login.html", status=401, next=target, error=str(exc))
        token = open_session(store, user.id)
        response = RedirectResponse(target, status_code=303)
        response.set_cookie(security.SESSION_COOKIE, token, httponly=True, secure=secure_cookies,
                            samesite="strict", path="/")
        response.delete_cookie(security.ANON_CSRF_COOKIE, path="/")
        return response

    @app.post("/logout", include_in_schema=False)
    def logout(request: Request) -> Response:
        close_session(store, request.cookies.get(security.SESSION_COOKIE))
        response = RedirectResponse("/login", status_code=303)
        response.delete_cookie(security.SESSION_COOKIE, path="/")
        return response

    @app.get("/static/{name}", include_in_schema=False)
    def static(name: str) -> Response:
        if name not in _STATIC:
            raise HTTPException(404)
        body = resources.files("govinspect.web").joinpath("static", name).read_bytes()
        return Response(body, media_type=_STATIC[name], headers={"Cache-Control": "max-age=3600"})

    # -- inspector and operator views ------------------------------------------------------------

    @app.get("/overview", include_in_schema=False)
    def overview(request: Request, run: str | None = None) -> Response:
        scope = scope_of(request)
        run_id = scope.run_id(run)
        data = build_overview(scope, run_id) if run_id else None
        return render(request, "overview.html", data=data, runs=scope.runs(), run_id=run_id)

    def _filtered_targets(scope: Scope, run_id: str, q: str, verdict: str, region: str,
                          site_type: str) -> list[Any]:
        out = []
        for t in scope.targets(run_id):
            if q and q not in t.name and q not in t.code and q not in t.url and q not in t.unit:
                continue
            if verdict == "pending" and not t.pending_review:
                continue
            if verdict in ("pass", "fail") and t.verdict != verdict:
                continue
            if (region and t.region != region) or (site_type and t.site_type != site_type):
                continue
            out.append(t)
        return out

    @app.get("/targets", include_in_schema=False)
    def targets(request: Request, run: str | None = None, q: str = "", verdict: str = "", region: str = "",
                site_type: str = "") -> Response:
        scope = scope_of(request)
        run_id = scope.run_id(run)
        every = scope.targets(run_id) if run_id else []
        rows = _filtered_targets(scope, run_id, q, verdict, region, site_type) if run_id else []
        return render(request, "targets.html", rows=rows, runs=scope.runs(), run_id=run_id, q=q, verdict=verdict,
                      region=region, site_type=site_type, regions=sorted({t.region for t in every}),
                      types=sorted({t.site_type for t in every}))

    @app.get("/targets/{code}", include_in_schema=False)
    def target(request: Request, code: str, run: str | None = None) -> Response:
        scope = scope_of(request)
        run_id = scope.run_id(run)
        if run_id is None:
            raise NotFound(code)
        item = scope.target(run_id, code)
        groups: dict[str, list[Any]] = defaultdict(list)
        shots = set()
        for reviewed in scope.findings(run_id, code):
            groups[reviewed.finding.rule].append(reviewed)
            if finding_shot(config, run_id, reviewed.finding) is not None:
                shots.add(reviewed.id)
        return render(request, "target.html", t=item, groups=sorted(groups.items()), run_id=run_id, shots=shots)

    @app.get("/findings/{finding_id}/evidence", include_in_schema=False)
    def evidence(request: Request, finding_id: int) -> Response:
        row, reviewed = scope_of(request).finding(finding_id)
        return render(request, "evidence.html", row=row, r=reviewed,
                      has_page=bool((row.evidence or {}).get("warc")))

    @app.get("/findings/{finding_id}/replay", include_in_schema=False)
    def replay(request: Request, finding_id: int) -> Response:
        row, _ = scope_of(request).finding(finding_id)
        try:
            html, _found = replay_html(config.warc_dir, row)
        except EvidenceError as exc:
            html = "<p>" + escape(str(exc)) + "</p>"
        return HTMLResponse(html, headers={"Content-Security-Policy": REPLAY_CSP, "X-Frame-Options": "SAMEORIGIN"})

    @app.get("/findings/{finding_id}/screenshot", include_in_schema=False)
    def screenshot(request: Request, finding_id: int) -> Response:
        """The kept screenshot of the finding's page (taken with a bulletin's screenshots); never
        rendered here, so a request never starts a browser."""
        row, reviewed = scope_of(request).finding(finding_id)
        path = finding_shot(config, row.run_id, reviewed.finding)
        if path is None:
            raise HTTPException(404, "该问题没有截图 / no screenshot was taken of this finding's page")
        return FileResponse(path, media_type="image/png", headers={"Cache-Control": "private, max-age=3600"})

    @app.get("/reviews", include_in_schema=False)
    def reviews(request: Request, run: str | None = None) -> Response:
        scope = scope_of(request)
        run_id = scope.run_id(run)
        queue = scope.review_queue(run_id) if run_id else []
        names = {t.code: t.name for t in scope.targets(run_id)} if run_id else {}
        return render(request, "reviews.html", queue=queue, names=names, run_id=run_id, runs=scope.runs(),
                      audit=_audit(run_id) if run_id else [])

    def _audit(run_id: str) -> list[Any]:

        with store.session() as session:
            return list(session.scalars(select(FindingReviewRow).where(FindingReviewRow.run_id == run_id)
                                        .order_by(FindingReviewRow.decided_at.desc())))

    @app.post("/reviews/{finding_id}", include_in_schema=False)
    async def decide(request: Request, finding_id: int) -> Response:
        scope = scope_of(request)
        row, _ = scope.finding(finding_id)
        form = await request.form()
        state = str(form.get("decision") or "")
        note = str(form.get("reason") or "").strip()[:1000]
        if state not in ("confirmed", "rejected"):
            return _page_error(request, 422, "审核结论只能是确认或驳回 / the decision must be confirm or dismiss")
        if state == "rejected" and not note:
            return _page_error(request, 422, "驳回须填写理由 / a dismissal needs a reason")
        try:
            record_decision(store, config, finding_id, state, note, by=scope.principal.name)
        except ReviewError as exc:
            return _page_error(request, 422, str(exc))
        back = _safe_next(str(form.get("next") or f"/reviews?run={quote(row.run_id)}"))
        return RedirectResponse(back, status_code=303)

    @app.get("/tickets", include_in_schema=False)
    def tickets(request: Request) -> Response:
        today = datetime.now(CHINA_TZ).date()
        rows = scope_of(request).tickets()
        return render(request, "tickets.html", rows=rows, overdue={r.id for r in rows if is_overdue(r, today)})

    @app.post("/tickets/{ticket_id}/fixed", include_in_schema=False)
    async def ticket_fixed(request: Request, ticket_id: int) -> Response:
        scope = scope_of(request)
        scope.ticket(ticket_id)
        form = await request.form()
        note = str(form.get("note") or "").strip()[:1000]
        try:
            mark_fixed(store, ticket_id, f"{note}（{scope.principal.name}）" if note else
                       f"单位报告已整改（{scope.principal.name}）/ unit reports fixed")
        except TicketError as exc:
            return _page_error(request, 409, str(exc))
        jobs.queue_recheck(ticket_id)
        return RedirectResponse("/tickets", status_code=303)

    @app.get("/messages", include_in_schema=False)
    def messages(request: Request) -> Response:
        today = datetime.now(CHINA_TZ).date()
        rows = scope_of(request).messages()
        return render(request, "messages.html", rows=rows, states={r.id: status(r, today) for r in rows})

    # -- runs and the bulletin ---------------------------------------------------------------------

    def elsewhere() -> tuple[str, RunProgress] | None:
        """The run another process makes now (``inspect``, ``inspect --distributed``), and how far it is."""
        holder = current_holder(store)
        if holder is None or holder.run_id is None or jobs.state.running:
            return None
        return holder.run_id, run_progress(store, holder.run_id)

    @app.get("/runs", include_in_schema=False)
    def runs(request: Request) -> Response:
        listed = scope_of(request).runs()
        progress = {r.id: run_progress(store, r.id) for r in listed if r.state != "analysed"}
        return render(request, "runs.html", runs=listed, job=jobs.state, holder=current_holder(store),
                      media_files=account_registries(config.home), progress=progress, elsewhere=elsewhere())

    @app.post("/runs", include_in_schema=False)
    async def launch(request: Request) -> Response:
        principal = principal_of(request)
        form = await request.form()
        text = str(form.get("as_of") or "").strip() or None
        try:
            as_of = parse_as_of(text) if text else None
            jobs.launch_inspection(as_of, principal.name, str(form.get("media") or "").strip() or None)
        except AsOfError as exc:
            return _page_error(request, 422, str(exc))
        except LaunchError as exc:
            return _page_error(request, 409, str(exc))
        return RedirectResponse("/runs", status_code=303)

    @app.get("/runs/status", include_in_schema=False)
    def run_status(request: Request) -> Response:
        return render(request, "run_status.html", job=jobs.state, elsewhere=elsewhere())

    def _bulletin_dir(period: str) -> Path:
        return config.home / "bulletins" / period

    @app.get("/bulletin", include_in_schema=False)
    def bulletin(request: Request, period: str = "") -> Response:
        files: list[str] = []
        if period and _PERIOD.match(period) and _bulletin_dir(period).is_dir():
            files = sorted(p.name for p in _bulletin_dir(period).iterdir() if p.is_file())
        return render(request, "bulletin.html", period=period if _PERIOD.match(period or "") else "", files=files)

    @app.post("/bulletin", include_in_schema=False)
    async def make_bulletin(request: Request) -> Response:
        form = await request.form()
        period = str(form.get("period") or "").strip()
        try:
            # in a worker thread: screenshots drive chromium synchronously, never on the event loop
            await run_in_threadpool(publish_bulletin, store, config, parse_period(period), _bulletin_dir(period),
                                    screenshots=bool(form.get("screenshots")))
        except (PeriodError, WorkdayError) as exc:
            return _page_error(request, 422, str(exc))
        except ScreenshotError as exc:
            return _page_error(request, 503, str(exc))
        return RedirectResponse(f"/bulletin?period={quote(period)}", status_code=303)

    @app.get("/bulletin/{period}/{name}", include_in_schema=False)
    def bulletin_file(period: str, name: str) -> Response:
        folder = _bulletin_dir(period)
        if not _PERIOD.match(period) or not folder.is_dir():
            raise HTTPException(404)
        files = {p.name: p for p in folder.iterdir() if p.is_file()}
        if name not in files:
            raise HTTPException(404)
        return FileResponse(files[name], filename=name)

    # -- the public 找错 form ---------------------------------------------------------------------

    def _report_form(request: Request, status: int = 200, **context: Any) -> Response:
        sites = [s for s in load_sites(store) if str(s.status) == "运行"]
        values = {"site": "", "url": "", "category": "", "description": "", "contact": ""}
        values.update(context.pop("values", {}))
        return render(request, "report.html", status=status, sites=sites, categories=MESSAGE_CATEGORIES,
                      values=values, errors=context.pop("errors", []), **context)

    @app.get("/report", include_in_schema=False)
    def report_page(request: Request) -> Response:
        return _report_form(request)

    @app.post("/report", include_in_schema=False)
    async def report(request: Request) -> Response:
        client = request.client.host if request.client else "unknown"
        form = await request.form()
        values = {k: str(form.get(k) or "").strip() for k in ("site", "url", "category", "description", "contact")}
        errors = _report_problems(values)
        if errors:
            return _report_form(request, 422, values=values, errors=errors)
        if not limiter.allow(client):
            return _report_form(request, 429, values=values, errors=[
                "提交过于频繁，请稍后再试 / too many messages from your address: try again later"])
        ref = f"WEB{datetime.now(CHINA_TZ):%Y%m%d}{secrets.token_hex(3).upper()}"
        fields = {"留言编号": ref, "网站标识码": values["site"], "问题类型": values["category"],
                  "问题描述": values["description"], "留言时间": datetime.now(CHINA_TZ).date().isoformat(),
                  "问题网址": values["url"], "联系方式": values["contact"]}
        try:
            row = intake_message(store, config, fields, source="web")
        except IntakeError as exc:
            return _report_form(request, 422, values=values, errors=[f"{p.column}: {p.reason}" for p in exc.problems])
        except WorkdayError as exc:
            return _report_form(request, 422, values=values, errors=[str(exc)])
        return render(request, "report_done.html", ref=row.ref, deadline=row.deadline, site=row.site_name)

    @app.get("/report/{ref}", include_in_schema=False)
    def report_status(request: Request, ref: str) -> Response:

        with store.session() as session:
            row = session.scalars(select(MessageRow).where(MessageRow.ref == ref[:64])).first()
        if row is None or row.source != "web":
            raise HTTPException(404)
        return render(request, "report_status.html", row=row, state=status(row, datetime.now(CHINA_TZ).date()))

    # -- JSON API ------------------------------------------------------------------------------
    # every API route may answer 401 (no session) and 404 (no such id, or not yours): documented
    api: dict[int | str, dict[str, Any]] = {401: {"description": "未登录 / not signed in"},
                                            404: {"description": "不存在或无权查看 / not found"}}

    @app.get("/api/runs", tags=["api"], responses=api)
    def api_runs(request: Request) -> list[dict[str, Any]]:
        return [{"id": r.id, "as_of": r.as_of.isoformat(), "state": r.state} for r in scope_of(request).runs()]

    @app.get("/api/targets", tags=["api"], responses=api)
    def api_targets(request: Request, run: str | None = None) -> list[dict[str, Any]]:
        scope = scope_of(request)
        run_id = scope.run_id(run)
        return [vars(t) for t in scope.targets(run_id)] if run_id else []

    @app.get("/api/targets/{code}", tags=["api"], responses=api)
    def api_target(request: Request, code: str, run: str | None = None) -> dict[str, Any]:
        scope = scope_of(request)
        run_id = scope.run_id(run)
        if run_id is None:
            raise NotFound(code)
        item = scope.target(run_id, code)
        return {**vars(item), "findings": [{"id": r.id, "state": r.state, **r.finding.to_json()}
                                           for r in scope.findings(run_id, code)]}

    @app.get("/api/findings/{finding_id}", tags=["api"], responses=api)
    def api_finding(request: Request, finding_id: int) -> dict[str, Any]:
        _, reviewed = scope_of(request).finding(finding_id)
        return {"id": reviewed.id, "state": reviewed.state, **reviewed.finding.to_json()}

    @app.get("/api/tickets", tags=["api"], responses=api)
    def api_tickets(request: Request) -> list[dict[str, Any]]:
        return [{"id": t.id, "period": t.period, "target": t.target, "name": t.name, "unit": t.unit,
                 "problems": t.problems, "deadline": t.deadline.isoformat(), "state": t.state}
                for t in scope_of(request).tickets()]

    @app.get("/api/messages", tags=["api"], responses=api)
    def api_messages(request: Request) -> list[dict[str, Any]]:
        today = datetime.now(CHINA_TZ).date()
        return [{"ref": m.ref, "site_code": m.site_code, "site_name": m.site_name, "unit": m.unit,
                 "category": m.category, "description": m.description, "url": m.url,
                 "received": m.received.isoformat(), "deadline": m.deadline.isoformat(),
                 "status": status(m, today)} for m in scope_of(request).messages()]

    return app


def _report_problems(values: dict[str, str]) -> list[str]:
    """What is wrong with a public 找错 submission (before it reaches the intake function)."""
    problems = []
    if not values["site"]:
        problems.append("请选择网站 / choose the site")
    if values["category"] not in MESSAGE_CATEGORIES:
        problems.append("请选择问题类型 / choose the kind of problem")
    if not values["description"]:
        problems.append("请描述问题 / describe the problem")
    elif len(values["description"]) > MAX_DESCRIPTION:
        problems.append(f"问题描述不超过{MAX_DESCRIPTION}字 / the description is limited to {MAX_DESCRIPTION} characters")
    url = values["url"]
    if url:
        parts = urlsplit(url)
        if len(url) > MAX_URL or parts.scheme not in ("http", "https") or not parts.netloc:
            problems.append("问题网址应为 http:// 或 https:// 开头的网址 / the page URL must be an http(s) address")
    if len(values["contact"]) > MAX_CONTACT:
        problems.append(f"联系方式不超过{MAX_CONTACT}字 / contact is limited to {MAX_CONTACT} characters")
    return problems
