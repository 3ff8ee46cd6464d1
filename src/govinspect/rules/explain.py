"""How a target's verdict and score were reached, finding by finding (``govinspect explain``).

Reads the stored findings of a run (the latest analysed run with the target, or a given one)
and replays the scoring of ``govinspect.rules.scoring`` step by step:

1. 单项否决: every veto finding — any one fails the site;
2. 扣分 (portals, 政府门户网站): per rule, its findings' points, the rule's cap
   (``[rules."<code>"] cap``) and the running score from 100; score < ``pass_score`` fails;
   other site types: the same deductions, for information only (judged on vetoes alone);
3. findings awaiting an inspector's review (``review`` and not confirmed, 待复核): neither veto nor
   deduct; their codes are the target's ``pending_review``. Rejected findings (驳回) are left out;
4. warnings and information: listed, never counted.

A new-media account (政务新媒体, target ``平台:账号标识``) is judged on its vetoes alone, so its M-D*
problems are listed as problems that cost no points; under the optional provincial scale
(``[media_scoring] enabled``) step 2 itemises what ``media.scoring.AccountScale.charges`` takes:
per rule its problems, ``points_per_problem`` each, the cap ``max_points_per_rule``, what was
taken and the running score, against the scale's ``pass_score``. An account whose data could not be
read (``not_assessable``) shows why (its collection error).

A finding of one cause on many pages (``details["pages"]``) says so: "（共N个页面）" and its first pages.

The stored verdict and score are shown as recorded; when today's configuration (a changed cap)
would give another score, the explanation says so.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime

from sqlalchemy import select

from govinspect.config import Config
from govinspect.media.run import NOT_ASSESSABLE
from govinspect.media.scoring import AccountScale, is_account, is_problem
from govinspect.rules.base import Finding, Severity, get_rule
from govinspect.rules.engine import pages_of
from govinspect.rules.scoring import FULL_SCORE
from govinspect.store import Store
from govinspect.store.models import RunRow, RunTargetRow
from govinspect.store.runs import RunError, site_from_json
from govinspect.workflow.reviews import reviewed_findings
from govinspect.workflow.verdicts import judge_as_stored

ACCOUNT_TYPE = "政务新媒体"  # what explain calls an account's kind where a site shows its 网站类型


class ExplainError(RunError):
    """无法解释 / nothing to explain (unknown target or run)."""


@dataclass
class Item:
    rule: str
    title: str
    severity: str
    message: str
    url: str | None
    points: float = 0.0
    confidence: str = "high"
    pages: int = 1  # pages of one cause merged into this finding (共N个页面)
    first_pages: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The message, with the page count of a merged finding: "…（共151个页面）"."""
        return self.message + (f"（共{self.pages}个页面）" if self.pages > 1 else "")


@dataclass
class RuleDeduction:
    rule: str
    title: str
    items: list[Item]
    raw: float  # Σ points before the cap
    cap: float | None
    applied: float  # min(cap, raw)
    score_after: float  # the running score after this rule (100 − Σ applied so far)

    @property
    def capped(self) -> bool:
        return self.cap is not None and self.raw > self.cap


@dataclass
class Explanation:
    run_id: str
    as_of: datetime
    code: str
    name: str
    site_type: str
    status: str
    portal: bool
    verdict: str | None  # as stored
    score: float | None  # as stored
    pending_codes: list[str] = field(default_factory=list)  # as stored: rule codes awaiting review (待复核)
    pass_score: float = 60.0
    vetoes: list[Item] = field(default_factory=list)
    deductions: list[RuleDeduction] = field(default_factory=list)
    pending_review: list[Item] = field(default_factory=list)
    other: list[Item] = field(default_factory=list)  # warnings and information
    recomputed_verdict: str = ""
    recomputed_score: float | None = None
    account: bool = False  # a new-media account (平台:账号标识), not a website
    scale: AccountScale | None = None  # an account's [media_scoring], when enabled
    problems: list[Item] = field(default_factory=list)  # an unscored account's M-D* problems (no points)
    errors: list[str] = field(default_factory=list)  # as stored: collection errors, rules that failed

    @property
    def consistent(self) -> bool:
        return self.recomputed_verdict == self.verdict and self.recomputed_score == self.score

    @property
    def scored(self) -> bool:
        """Do deductions count: a portal's 100-point score, or an account under ``[media_scoring]``."""
        return self.portal or self.scale is not None

    def reasons(self) -> list[str]:
        """Why the verdict is what it is, in one or two sentences (bilingual)."""
        out: list[str] = []
        target = "the account" if self.account else "the site"
        if self.status == "关停":
            out.append("登记为关停的账号只检查是否仍在更新（M-D2）/ a closed account is only checked for still posting "
                       "(M-D2)" if self.account else "登记为关停的网站只检查是否仍在提供内容（W-I2）/ a closed site "
                       "is only checked for still serving content (W-I2)")
        if self.verdict == NOT_ASSESSABLE:
            out.append("账号数据无法读取，无法评估（不是合格）/ the account's data could not be read: not assessable "
                       "(not a pass)")
        if self.vetoes:
            codes = "、".join(sorted({v.rule for v in self.vetoes}))
            out.append(f"存在单项否决问题（{codes}），判定为不合格 / veto findings ({codes}) fail {target}")
        if self.scored and self.recomputed_score is not None:
            verdict = "不合格" if self.recomputed_score < self.pass_score else "合格"
            out.append(f"扣分后得分{self.recomputed_score:g}分（{self.pass_score:g}分及格），{verdict} / score "
                       f"{self.recomputed_score:g} after deductions (pass at {self.pass_score:g})")
        elif self.account and self.status != "关停" and self.verdict != NOT_ASSESSABLE:
            out.append("政务新媒体只按单项否决判定（未启用 [media_scoring] 评分），问题不扣分 / an account is judged on "
                       "vetoes alone ([media_scoring] is off): its problems cost no points")
        elif not self.portal and not self.account and self.status != "关停":
            out.append("非门户网站只按单项否决判定，扣分仅供参考 / not a portal: judged on vetoes alone, "
                       "deductions are for information")
        if self.pending_review:
            codes = "、".join(sorted({p.rule for p in self.pending_review}))
            out.append(f"{len(self.pending_review)}项待复核（{codes}），确认前不影响结果 / {len(self.pending_review)} "
                       f"findings pending review ({codes}) do not count until confirmed")
        return out


def _item(finding: Finding) -> Item:
    try:
        title = get_rule(finding.rule).title
    except KeyError:
        title = finding.rule
    count, first = pages_of(finding)
    return Item(rule=finding.rule, title=title, severity=str(finding.severity), message=finding.message,
                url=finding.url, points=float(finding.points or 0.0), confidence=str(finding.confidence),
                pages=count, first_pages=first)


def _resolve(store: Store, target: str, run_id: str | None) -> tuple[RunRow, RunTargetRow]:
    with store.session() as session:
        query = select(RunTargetRow, RunRow).join(RunRow, RunRow.id == RunTargetRow.run_id)
        if run_id is not None:
            if session.get(RunRow, run_id) is None:
                raise ExplainError(f"未找到运行 {run_id} / no run {run_id!r} (see `govinspect runs`)")
            query = query.where(RunRow.id == run_id)
        else:
            query = query.where(RunRow.state == "analysed")
        rows = session.execute(query.order_by(RunRow.started.desc(), RunTargetRow.id)).all()
    for wanted in ("code", "name"):
        for target_row, run_row in rows:
            snap = target_row.snapshot or {}
            value = target_row.site_code if wanted == "code" else snap.get("name", "")
            if value == target:
                return run_row, target_row
    where = f"运行 {run_id} 中" if run_id else "已分析的运行中"
    raise ExplainError(f"{where}没有检查对象 {target} / no target {target!r} in "
                       f"{'run ' + run_id if run_id else 'any analysed run'} (use its 网站标识码 or exact name)")


def explain(store: Store, config: Config, target: str, run_id: str | None = None) -> Explanation:
    """The step-by-step explanation of ``target`` (网站标识码, 平台:账号标识, or the exact name) in a run."""
    run, target_row = _resolve(store, target, run_id)
    site = site_from_json(target_row.snapshot or {"code": target_row.site_code, "name": "", "url": ""})
    findings = [r.finding for r in reviewed_findings(store, run.id)
                if r.finding.target == target_row.site_code and r.state != "rejected"]
    account = is_account(site.code)
    scale = AccountScale.from_config(config) if account else None
    if scale is not None and not scale.enabled:
        scale = None
    pass_score = scale.pass_score if scale is not None else float(config.value("scoring", "pass_score"))
    out = Explanation(run_id=run.id, as_of=run.as_of, code=site.code, name=site.name,
                      site_type=ACCOUNT_TYPE if account else str(site.site_type),
                      status=str(site.status), portal=site.is_portal, verdict=target_row.verdict,
                      score=target_row.score, pending_codes=list(target_row.pending_review or []),
                      pass_score=pass_score, account=account, scale=scale,
                      errors=[f"{e.get('rule', '')}: {e.get('error', '')}" for e in target_row.rule_errors or []])
    by_rule: dict[str, list[Finding]] = {}
    for finding in findings:
        if finding.review:
            out.pending_review.append(_item(finding))
        elif finding.severity is Severity.VETO:
            out.vetoes.append(_item(finding))
        elif account and is_problem(finding) and scale is None:
            out.problems.append(_item(finding))  # judged on vetoes alone: listed, no points
        elif is_problem(finding) if account else finding.severity is Severity.DEDUCTION and finding.points:
            by_rule.setdefault(finding.rule, []).append(finding)  # what the scale or the site's score charges
        else:
            out.other.append(_item(finding))
    if scale is not None:
        out.deductions = _account_deductions(scale, [f for fs in by_rule.values() for f in fs])
    else:
        out.deductions = _site_deductions(config, by_rule)
    if target_row.pending_review is None:  # analysed before migration 0110: read it from the findings
        out.pending_codes = sorted({i.rule for i in out.pending_review if i.severity == Severity.VETO})
    judgement = judge_as_stored(site, findings, config, target_row)
    out.recomputed_verdict = judgement.verdict
    out.recomputed_score = judgement.score
    return out


def _site_deductions(config: Config, by_rule: dict[str, list[Finding]]) -> list[RuleDeduction]:
    """Per rule: its findings' points, the rule's cap, the running score (``scoring._capped``)."""
    deductions: list[RuleDeduction] = []
    running = FULL_SCORE
    for code in sorted(by_rule):
        items = [_item(r) for r in by_rule[code]]
        raw = round(sum(i.points for i in items), 2)
        cap_value = config.rule(code).get("cap")
        cap = float(cap_value) if cap_value is not None else None
        applied = round(min(cap, raw) if cap is not None else raw, 2)
        running = round(running - applied, 2)
        deductions.append(RuleDeduction(code, items[0].title, items, raw, cap, applied, max(0.0, running)))
    return deductions


def _account_deductions(scale: AccountScale, problems: list[Finding]) -> list[RuleDeduction]:
    """The scale's charges (``AccountScale.charges``), item by item, with the running score."""
    deductions: list[RuleDeduction] = []
    running = FULL_SCORE
    for charge in scale.charges(problems):
        items = [replace(_item(f), points=charge.points_each) for f in charge.problems]
        running = round(running - charge.applied, 2)
        deductions.append(RuleDeduction(charge.rule, items[0].title, items, charge.raw, charge.cap, charge.applied,
                                        max(0.0, running)))
    return deductions
