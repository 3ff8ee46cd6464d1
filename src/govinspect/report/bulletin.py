"""The content of a bulletin (通报), assembled from a period's run: what the Word document, the
XLSX attachments and the HTML report all show.

Shaped after the bulletins provincial and city offices publish (河源, 辽宁, 惠州, 广东, 上海):
总体情况 (sites checked, passed, pass rate, by site type, compared with the previous period), 主要问题
grouped by problem type with the units named (a unit named last period with the same problem is
a repeat offender: "上季度被通报…仍存在相同问题"), 办理网友找错情况, 下一步工作要求 (editable
boilerplate from config), 附件1 各地各部门检查情况, 附件2 存在突出问题的政府网站名单 and the
监测时间点 note. New-media (政务新媒体) parts appear only when accounts were inspected.

Findings that need review (``review = true``) count only once confirmed (``govinspect findings
confirm ID``); rejected ones never appear. Verdicts are judged again with those decisions by
``workflow.verdicts.judge_as_stored``, as a review decision and ``explain`` judge them. A target
whose findings still await review is not hidden among the passes: the draft names it as 待复核
(``BulletinData.pending``, a marked paragraph in 总体情况) so that it is decided before publishing.
A finding of one cause on many pages is described once, "（共N个页面）", with its first pages.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import select

from govinspect.config import Config
from govinspect.crawl.plan import Plan, stored_plan
from govinspect.media.run import NOT_ASSESSABLE
from govinspect.model import Site, SiteType
from govinspect.report.periods import Period, PeriodError, cn_number, previous_run, run_for_period
from govinspect.rules.base import Finding, Severity, all_rules, get_rule
from govinspect.rules.engine import pages_of
from govinspect.store import Store
from govinspect.store.models import RunRow, RunTargetRow
from govinspect.store.runs import site_from_json
from govinspect.timeutil import CHINA_TZ
from govinspect.workflow.messages import MessageSummary, message_summary
from govinspect.workflow.reviews import effective_findings
from govinspect.workflow.verdicts import judge_as_stored

# Severities a bulletin reports (warnings and information stay in findings.json).
REPORTED = (Severity.VETO, Severity.DEDUCTION)

DEFAULT_REQUIREMENTS = [
    ("立即开展整改。", "各地区、各部门要对照通报指出的问题，举一反三，对本地区、本部门政府网站进行全面自查整改，"
                      "存在问题的单位须在整改期限内完成整改并报送整改情况。"),
    ("严格落实主管主办职责。", "各地区、各部门要切实履行政府网站主管主办职责，严格落实信息发布审核制度，"
                             "及时更新栏目内容，定期排查错链断链，规范展示网站标识，确保网站安全稳定运行。"),
    ("坚持常态化监管。", "各地区、各部门要按照《政府网站与政务新媒体检查指标》要求，坚持开展日常监测和月度抽查，"
                        "及时公开检查情况，不断提升政府网站规范化建设水平。"),
]


def cn_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def rate_text(passed: int, total: int) -> str:
    return f"{passed / total * 100:.1f}%" if total else "—"


@dataclass
class Problem:
    rule: str
    title: str  # problem type (问题类型)
    summary: str  # what the attachment says for this site
    urls: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


@dataclass
class TargetResult:
    site: Site
    verdict: str
    score: float | None
    problems: list[Problem] = field(default_factory=list)
    repeat_types: list[str] = field(default_factory=list)  # problem types also named last period
    pending_review: list[str] = field(default_factory=list)  # rule codes awaiting review (待复核)
    coverage: str = ""  # a site's crawl under the run's plan: 全站N页 or 抽查N页 ("" for accounts, older runs)

    @property
    def problem_text(self) -> str:
        text = "；".join(p.summary for p in self.problems)
        if self.repeat_types:
            text += "（上期已被通报，仍存在相同问题）"
        return text


@dataclass
class CountRow:
    name: str
    checked: int
    passed: int

    @property
    def rate(self) -> str:
        return rate_text(self.passed, self.checked)


@dataclass
class ProblemGroup:
    number: str  # （一）
    title: str
    sites: list[TargetResult]
    text: str


@dataclass
class Comparison:
    period: Period
    run_id: str
    checked: int
    passed: int


@dataclass
class BulletinData:
    period: Period
    run_id: str
    as_of: datetime
    window_start: date
    issued: date
    deadline: date | None
    issuer: str
    scope: str
    recipients: str
    targets: list[TargetResult]
    by_type: list[CountRow]
    by_region: list[CountRow]
    groups: list[ProblemGroup]
    previous: Comparison | None = None
    messages: MessageSummary | None = None
    requirements: list[tuple[str, str]] = field(default_factory=list)
    accounts: list[TargetResult] = field(default_factory=list)  # 政务新媒体 (kind "account"), when inspected
    sample: dict[str, Any] | None = None  # the accounts were a sample (抽查): share, seed, population, drawn
    plan: Plan | None = None  # the sites' inspection plan (检查方案); None for a run from before plans

    @property
    def checked(self) -> int:
        return len(self.targets)

    @property
    def passed(self) -> int:
        return sum(1 for t in self.targets if t.verdict == "pass")

    @property
    def pass_rate(self) -> str:
        return rate_text(self.passed, self.checked)

    @property
    def failing(self) -> list[TargetResult]:
        return [t for t in self.targets if t.verdict == "fail"]

    @property
    def pending(self) -> list[TargetResult]:
        """Targets with findings awaiting review (待复核): passing until an inspector decides."""
        return [t for t in self.targets if t.pending_review]

    def pending_paragraph(self) -> str:
        """The draft's 待复核 mark: which targets still await a decision, and on what."""
        if not self.pending:
            return ""
        names = "；".join(f"“{t.site.name}”（{'、'.join(_pending_types(t))}）" for t in self.pending)
        return (f"【待复核】{len(self.pending)}家网站存在待复核问题，复核确认前暂按合格统计，请在印发前逐项确认或驳回"
                f"（govinspect findings list --review）：{names}。")

    # -- 政务新媒体 ----------------------------------------------------------------------------

    @property
    def judged_accounts(self) -> list[TargetResult]:
        """Accounts with a verdict (those whose data could not be read are counted apart)."""
        return [a for a in self.accounts if a.verdict in ("pass", "fail")]

    @property
    def unassessed_accounts(self) -> list[TargetResult]:
        return [a for a in self.accounts if a.verdict == NOT_ASSESSABLE]

    @property
    def failing_accounts(self) -> list[TargetResult]:
        """存在突出问题的政务新媒体: failed on a veto, or with a confirmed problem to report."""
        return [a for a in self.judged_accounts if a.verdict == "fail" or a.problems]

    @property
    def by_platform(self) -> list[CountRow]:
        """Pass rates by platform (微信, 微博, …), in the registry's platform order."""
        order = {name: i for i, name in enumerate(("微信", "微博", "抖音", "今日头条", "快手", "其他"))}
        return _count_rows(sorted(self.judged_accounts, key=lambda a: order.get(platform_of(a), 99)), platform_of)

    def accounts_paragraphs(self) -> list[str]:
        """政务新媒体检查情况: how many accounts, passed, by platform, the problems found."""
        if not self.accounts:
            return []
        judged = self.judged_accounts
        passed = sum(1 for a in judged if a.verdict == "pass")
        if self.sample:
            checked = (f"{self.issuer}对{self.scope}{self.sample.get('population')}个政务新媒体中的{len(judged)}个进行了抽查"
                       f"（按地区、平台分层抽取，抽查比例{float(self.sample.get('share', 0)):.0%}）")
        else:
            checked = f"{self.issuer}对{self.scope}{len(judged)}个政务新媒体进行了检查"
        first = f"{checked}，合格{passed}个，总体合格率为{rate_text(passed, len(judged))}。"
        parts = [f"{row.name}{row.checked}个、合格{row.passed}个（合格率{row.rate}）" for row in self.by_platform]
        if parts:
            first += "其中，" + "；".join(parts) + "。"
        if self.unassessed_accounts:
            names = "".join(f"“{a.site.name}”" for a in self.unassessed_accounts)
            first += f"另有{names}等{len(self.unassessed_accounts)}个账号数据无法采集，未纳入统计，请核实数据地址。"
        out = [first]
        by_problem: OrderedDict[str, list[TargetResult]] = OrderedDict()
        for a in self.failing_accounts:
            for p in a.problems:
                by_problem.setdefault(p.title, []).append(a)
        for title, accounts in by_problem.items():
            names = "、".join(f"“{a.site.name}”{platform_of(a)}账号" for a in accounts)
            text = f"检查发现，{names}存在{title}问题。"
            repeats = [a for a in accounts if title in a.repeat_types]
            if repeats:
                text += "".join(f"“{a.site.name}”" for a in repeats) + \
                    f"在{self.period.previous_word}被通报后，未按要求及时整改，仍存在相同问题。"
            out.append(text)
        return out

    @property
    def title(self) -> str:
        media = "与政务新媒体" if self.accounts else ""
        return f"关于{self.period.text}{self.scope}政府网站{media}检查情况的通报"

    @property
    def note(self) -> str:
        """注：监测时间点2021年3月21日，时间段为3月8日-3月21日."""
        end = self.as_of.date()
        start = self.window_start
        start_text = f"{start.month}月{start.day}日" if start.year == end.year else cn_date(start)
        return f"注：监测时间点{cn_date(end)}，时间段为{start_text}-{end.month}月{end.day}日"

    @property
    def plan_text(self) -> str:
        """How each site was read: "（全站抓取）" under the full plan, "（每个网站抽查至多N页）" under a spot check."""
        if self.plan is None:
            return ""
        if self.plan.name == "spot":
            return f"（每个网站抽查至多{self.plan.max_pages_per_site}页）"
        return "（全站抓取）"

    def overall_paragraphs(self) -> list[str]:
        first = (f"{self.period.text}，对照国务院办公厅《政府网站与政务新媒体检查指标》，{self.issuer}对{self.scope}"
                 f"在运行的{self.checked}家政府网站进行了全覆盖检查{self.plan_text}，合格{self.passed}家，"
                 f"总体合格率为{self.pass_rate}。")
        parts = [f"{row.name}{row.checked}家、合格{row.passed}家（合格率{row.rate}）" for row in self.by_type]
        if parts:
            first += "其中，" + "；".join(parts) + "。"
        out = [first]
        if self.previous is not None:
            prev = self.previous
            now_rate = self.passed / self.checked * 100 if self.checked else 0.0
            prev_rate = prev.passed / prev.checked * 100 if prev.checked else 0.0
            diff = now_rate - prev_rate
            trend = (f"上升{diff:.1f}个百分点" if diff > 0.05 else f"下降{-diff:.1f}个百分点" if diff < -0.05
                     else "持平")
            out.append(f"与{self.period.previous_word}（{prev.period.text}）相比，检查网站{prev.checked}家、"
                       f"合格{prev.passed}家、合格率{rate_text(prev.passed, prev.checked)}，本期合格率{trend}。")
        if self.messages is not None and self.messages.received:
            out.append("办理网友找错情况：" + self.messages.text)
        if self.pending:
            out.append(self.pending_paragraph())
        return out

    @property
    def rectification_text(self) -> str:
        if not self.failing:
            return ""
        when = f"于{cn_date(self.deadline)}前" if self.deadline else "及时"
        return (f"对此次通报存在问题的政府网站，有关地区和部门要高度重视，立即采取有力措施进行整改，{when}"
                f"将整改情况报送{self.issuer}。")


def platform_of(t: TargetResult) -> str:
    """平台 of an account target (its code is 平台:账号标识)."""
    return t.site.code.split(":", 1)[0]


def _problem_type(config: Config, rule: str) -> str:
    """The problem type (问题类型) of ``rule``: ``[bulletin.problem_types]`` in the config, else
    the rule's own bulletin name (``@rule(bulletin=...)``)."""
    custom = config.value("bulletin", "problem_types")
    if rule in custom:
        return str(custom[rule])
    return _rule_bulletin_name(rule)


def _rule_bulletin_name(rule: str) -> str:
    try:
        return get_rule(rule).bulletin or rule
    except KeyError:
        return rule  # a rule of another version, found in an old run


def _problem_order(rule: str) -> tuple[int, int, int]:
    """Vetoes before deductions, websites before new media, then the catalogue's order."""
    catalogue = {r.code: i for i, r in enumerate(all_rules())}
    try:
        found = get_rule(rule)
    except KeyError:
        return (9, 9, 0)
    rank = {Severity.VETO: 0, Severity.DEDUCTION: 1}.get(found.severity, 2)
    return (rank, found.target_kind != "site", catalogue[rule])


def _pending_types(t: TargetResult) -> list[str]:
    return [f"{code} {_rule_bulletin_name(code)}" for code in t.pending_review]


def _with_pages(finding: Finding) -> str:
    """A finding's message; one cause on many pages says how many: "…（共N个页面）"."""
    count, _ = pages_of(finding)
    return finding.message + (f"（共{count}个页面）" if count > 1 else "")


def _problems(config: Config, findings: list[Finding]) -> list[Problem]:
    by_rule: OrderedDict[str, list[Finding]] = OrderedDict()
    for f in sorted(findings, key=lambda f: (f.severity is not Severity.VETO, f.rule)):
        by_rule.setdefault(f.rule, []).append(f)
    out = []
    for rule, items in by_rule.items():
        title = _problem_type(config, rule)
        if items[0].severity is Severity.VETO and len(items) == 1:
            summary = _with_pages(items[0])
        elif len(items) == 1:
            summary = f"{title}：{_with_pages(items[0])}"
        else:
            summary = f"{title}（{len(items)}处）"
        urls = list(dict.fromkeys(url for f in items for url in pages_of(f)[1]))
        out.append(Problem(rule, title, summary, urls, items))
    return out


def _targets(store: Store, config: Config, run_id: str) -> list[TargetResult]:
    with store.session() as session:
        rows = session.scalars(select(RunTargetRow).where(RunTargetRow.run_id == run_id)
                               .order_by(RunTargetRow.id)).all()
    findings = effective_findings(store, run_id)
    by_target: dict[str, list[Finding]] = {}
    for f in findings:
        by_target.setdefault(f.target, []).append(f)
    out = []
    for row in rows:
        site = site_from_json(row.snapshot)  # an account comes back as its site view (code 平台:账号标识)
        if str(site.status) != "运行":
            continue  # closed sites are not inspected (W-I2 judges them elsewhere)
        mine = by_target.get(site.code, [])
        judgement = judge_as_stored(site, mine, config, row)  # the verdict explain and findings.json give
        counted = [f for f in mine if not f.review and f.severity in REPORTED]
        out.append(TargetResult(site, judgement.verdict, judgement.score, _problems(config, counted),
                                pending_review=judgement.pending_review, coverage=row.coverage or ""))
    return out


def _count_rows(targets: list[TargetResult], key: Any) -> list[CountRow]:
    rows: OrderedDict[str, CountRow] = OrderedDict()
    for t in targets:
        name = key(t) or "未填写"
        row = rows.setdefault(name, CountRow(name, 0, 0))
        row.checked += 1
        row.passed += t.verdict == "pass"
    return list(rows.values())


def _type_order(t: TargetResult) -> int:
    return list(SiteType).index(t.site.site_type)


def _mark_repeats(targets: list[TargetResult], previous: list[TargetResult]) -> None:
    named_before = {t.site.code: {p.title for p in t.problems} for t in previous if t.verdict == "fail"}
    for t in targets:
        if t.verdict != "fail" or t.site.code not in named_before:
            continue
        t.repeat_types = sorted({p.title for p in t.problems} & named_before[t.site.code])


def _groups(targets: list[TargetResult], period: Period) -> list[ProblemGroup]:
    members: OrderedDict[str, list[TargetResult]] = OrderedDict()
    order: dict[str, tuple[int, int, int]] = {}
    for t in targets:
        for p in t.problems:
            order[p.title] = min(order.get(p.title, (9, 9, 0)), _problem_order(p.rule))
            if t not in members.setdefault(p.title, []):
                members[p.title].append(t)
    groups = []
    for i, (title, sites) in enumerate(sorted(members.items(), key=lambda kv: (order[kv[0]], kv[0])), 1):
        names = "".join(f"“{t.site.name}”" for t in sites)
        text = f"检查发现，{names}等{len(sites)}家网站存在{title}问题。" if len(sites) > 1 else \
            f"检查发现，{names}存在{title}问题。"
        repeats = [t for t in sites if title in t.repeat_types]
        if repeats:
            text += "".join(f"“{t.site.name}”" for t in repeats) + \
                f"在{period.previous_word}被通报后，未按要求及时整改，仍存在相同问题。"
        groups.append(ProblemGroup(f"（{cn_number(i)}）", title, sites, text))
    return groups


def build_bulletin(store: Store, config: Config, period: Period, *, issued: date | None = None,
                   deadline: date | None = None) -> BulletinData:
    """Everything the bulletin says about ``period``, from the period's run (see periods.py)."""
    run = run_for_period(store, period)
    as_of = run.as_of.astimezone(CHINA_TZ)
    window = int(config.value("bulletin", "window_days"))
    targets = _targets(store, config, run.id)
    prev_row: RunRow | None = previous_run(store, period)
    previous = None
    if prev_row is not None:
        prev_targets = _targets(store, config, prev_row.id)
        _mark_repeats(targets, prev_targets)  # sites and accounts alike
        prev_sites = [t for t in prev_targets if ":" not in t.site.code]
        previous = Comparison(period.previous(), prev_row.id, len(prev_sites),
                              sum(1 for t in prev_sites if t.verdict == "pass"))
    sites = [t for t in targets if ":" not in t.site.code]
    accounts = [t for t in targets if ":" in t.site.code]
    requirements = [(str(r.get("heading", "")), str(r.get("text", ""))) for r in config.value("bulletin", "requirements")]
    summary = message_summary(store, config, period)
    return BulletinData(
        period=period, run_id=run.id, as_of=as_of, window_start=as_of.date() - timedelta(days=window - 1),
        issued=issued or datetime.now(CHINA_TZ).date(), deadline=deadline,
        issuer=str(config.value("bulletin", "issuer")), scope=str(config.value("bulletin", "scope")),
        recipients=str(config.value("bulletin", "recipients")),
        targets=sites, accounts=accounts, sample=(run.options or {}).get("sample") if accounts else None,
        plan=stored_plan(store, run.id),
        by_type=_count_rows(sorted(sites, key=_type_order), lambda t: str(t.site.site_type)),
        by_region=_count_rows(sites, lambda t: t.site.region),
        groups=_groups(sites, period), previous=previous,
        messages=summary if summary.received else None,
        requirements=requirements or DEFAULT_REQUIREMENTS,
    )


@dataclass
class Trends:
    """Pass rates (%) per period label, oldest first: websites, and new-media accounts (政务新媒体)."""

    sites: list[tuple[str, float]] = field(default_factory=list)
    accounts: list[tuple[str, float]] = field(default_factory=list)


def pass_rate_trends(store: Store, config: Config, period: Period, count: int = 8) -> Trends:
    """Pass rates of ``period`` and up to ``count - 1`` earlier periods that have a finished run, for
    websites and for accounts apart (a period without accounts has no point on their line). Accounts
    whose data could not be read are left out, as in 政务新媒体检查情况."""
    out = Trends()
    current = period
    for _ in range(count):
        try:
            run = run_for_period(store, current)
        except PeriodError:
            run = None
        if run is not None:
            targets = _targets(store, config, run.id)
            sites = [t for t in targets if ":" not in t.site.code]
            accounts = [t for t in targets if ":" in t.site.code and t.verdict in ("pass", "fail")]
            for line, judged in ((out.sites, sites), (out.accounts, accounts)):
                if judged:
                    line.append((current.label, sum(t.verdict == "pass" for t in judged) / len(judged) * 100))
        current = current.previous()
    out.sites.reverse()
    out.accounts.reverse()
    return out


def trend(store: Store, config: Config, period: Period, count: int = 8) -> list[tuple[str, float]]:
    """The websites' pass rate (%) across periods (see :func:`pass_rate_trends`)."""
    return pass_rate_trends(store, config, period, count).sites
