"""W-V1a serious-wording-error — 严重表述错误

Indicator (国办秘函〔2019〕19号 单项否决, 安全、泄密事故等严重问题 第1项): 出现严重表述错误.

Checked on the title and visible text of every judged page (articles first, at most
``max_pages``), each distinct line once per site, at the page's publish date (else the
monitoring point), against the maintained lexicon in ``govinspect/data/wording/``
(NEEDS MAINTENANCE after each reshuffle). Text is normalised first: traditional characters,
full-width letters and digits, zero-width characters and spacing do not hide an error.

- 党和国家领导人姓名: a name on the dated leader list with one character replaced by a homophone
  (同音字), a near-homophone (近音字: z/zh, c/ch, s/sh, n/l, an/ang, en/eng, in/ing) or a
  similar-shaped character (形近字), in any context — next to a title, followed by 同志 / 在 …,
  before a named thought, or with the correct name elsewhere on the line. A dictionary guard
  (jieba) keeps ordinary words (实力强, 张国庆, 金平县) and ordinary people with a leader's
  surname (张国青同志, 区长李蔷) quiet.
- 职务: a name–title pair the person did not hold on that date (国务院副总理李强 in 2024 →
  国务院总理; 国务院总理李克强 on a 2024 page → 原国务院总理).
- 规范表述: the counts, numerals, items and order of the standard formulations (四个意识, 四个
  自信, 两个维护, 两个确立, 五位一体, 四个全面, 三个代表, 两个一百年, 三严三实, 中央八项规定 …),
  in any quotes (“” "" 「」 『』 ‘’) and with spaces inside (四 个 自 信).
- 涉台港澳: 台湾国 → 中国台湾 / 台湾地区, 台湾总统 → 台湾地区领导人, 香港政府 → 香港特别行政区政府 …;
- 落马官员 (``fallen.toml``): an official under investigation presented with a post after the date
  of the announcement, without 原 / 落马 / 被查 … in the sentence.

Grades — evidence strength decides review, not the rule code (``details.grade``):

- firm (a veto that fails the site at once, ``review`` false):
  a current leader's name miswritten where the text shows that leader is meant — next to a
  title the leader holds on the page's date (习近评总书记, 国务院总理李锵, 国务院副总理丁薛祥、
  何立锋; 主席 / 书记 only with a rare surname, since local officials hold them too), the correct name elsewhere on the line, a named
  thought after it (…新时代中国特色社会主义思想), or a three-character name with a rare surname
  followed by 同志 / 在 / 强调 … or in a sentence about the central leadership;
  a formulation with a wrong count where context shows the formulation is meant — its items
  listed, listed with another standard formulation (增强四个意识、坚定三个自信), its verb before
  it (牢固树立, 坚定, 做到, 领悟 …) or its tail after it (战略布局, 奋斗目标) — unless its right
  form is in the same sentence (从三个自信到四个自信);
  an item of a formulation, or the rest after its count, miswritten with a confusable character
  in the same contexts (看其意识 → 看齐意识, 两个确力 → 两个确立).
- review (counts only once an inspector confirms it):
  a former leader's name miswritten; a common surname in a sentence about the central
  leadership (刘国忠同志 beside 党中央); a two-character name with the leader's title in the
  sentence but not next to it; a wrong title for the date; a count that was right before the
  formulation changed (三个自信 before 2016-07-01, 四位一体 before 2012-11-08) without another
  formulation beside it; a specific formulation's wrong count written alone; a numeral not as
  written officially (二个维护, 4个全面); items in another order or not among the formulation's;
  Taiwan / Hong Kong / Macao names; officials under investigation.

Thresholds (``[rules."W-V1a"]``): ``max_pages``, ``max_findings``.
The same error on many pages is one finding (``details.pages``), firm and review ones apart.

Example finding::

    {"rule": "W-V1a", "severity": "veto",
     "message": "领导人姓名写错：“习劲平”应为“习近平”（确定 / conclusive）/ leader's name misspelt: 习劲平 → 习近平",
     "url": "https://www.example.gov.cn/xwzx/t1.html",
     "details": {"category": "leader-name", "text": "习劲平", "suggestion": "习近平", "grade": "firm",
                 "context": "习劲平同志在黑龙江考察时强调", "on": "2024-09-10"}}

Images and scanned PDFs (图片、扫描件): the text the OCR pass read (``[ocr]``,
govinspect.snapshot.ocr) is checked the same way, but conservatively, because a misread
character looks exactly like a miswritten name: only the lines of an image or PDF page whose
own mean OCR word confidence reaches ``ocr_min_confidence`` are read (a clear headline on a noisy
banner is, a smudged line of a clear notice is not), and their findings are never firm — review =
true, confidence medium, message 图片文字识别 / 扫描件文字识别, the image or PDF, page, line and
that line's OCR confidence in ``details.ocr``, evidence the image's (or PDF's) WARC record.

Not flagged:

- the correct forms, in any quotes or spacing; ordinary words and people's names that sound or
  look like a leader's name (实力强, 学习金平县经验, 张国庆同志, 刘国忠主席 of a county CPPCC);
- 三个自信 on a page published before 2016-07-01 or in a sentence about the history (十八大提出,
  从三个自信到四个自信, a year before 2016); a listed set of other items (三个意识（服务意识、
  责任意识、担当意识）, a local formulation); longer phrases (三个全面提升, 三个自信心) and ordinals
  (第三个代表团); ordinary words and generic phrases without context (三位一体, 三个结合, 三项基本
  原则, local 五大攻坚战 / 三学一做);
- 原国务院总理…, 时任…, a leader's title valid on the page's date; 台湾国际机场, 台湾地区;
- an official under investigation named as 原… or in a sentence about the case.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

from govinspect.content.check import ContentChecker
from govinspect.rules.base import Confidence, Finding, RuleContext, Severity, rule
from govinspect.rules.website._content import ocr_passages, site_passages


@lru_cache(maxsize=1)
def _checker() -> ContentChecker:
    return ContentChecker(("W-V1a",))


@rule("W-V1a", "serious-wording-error", title="严重表述错误",
      bulletin="严重表述错误", severity=Severity.VETO, review=True)
def serious_wording_error(ctx: RuleContext) -> Iterator[Finding]:
    checker = _checker()
    limit = int(ctx.config["max_findings"])
    count = 0
    for passage in site_passages(ctx.snapshot, int(ctx.config["max_pages"])):
        for p in checker.check(passage.text, passage.url, on=passage.on):
            count += 1
            if count > limit:
                return
            grade = "review" if p.review else "firm"
            # the same wrong form on many pages is one defect; a firm and a review one are not merged
            yield ctx.finding(p.message, url=passage.url, excerpt=p.context, review=p.review,
                              cause=f"{p.category}:{p.text}:{p.suggestion}:{grade}",
                              details={"category": p.category, "text": p.text, "suggestion": p.suggestion,
                                       "context": p.context, "offset": p.start, "on": passage.on,
                                       "grade": grade})
    # OCR text (图片文字识别): a misread character looks like a miswritten name, so only text read
    # with high confidence, and always for review
    for ocr in ocr_passages(ctx.snapshot, float(ctx.config["ocr_min_confidence"])):
        for line in ocr.lines():
            for p in checker.check(line, ocr.url, on=ocr.on):
                count += 1
                if count > limit:
                    return
                yield ctx.finding(p.message + ocr.where, url=ocr.url, excerpt=p.context, review=True,
                                  confidence=Confidence.MEDIUM, evidence_url=ocr.evidence_url,
                                  cause=f"{p.category}:{p.text}:{p.suggestion}:ocr",
                                  details={"category": p.category, "text": p.text, "suggestion": p.suggestion,
                                           "context": p.context, "offset": p.start, "on": ocr.on,
                                           "grade": "review", **ocr.details()})
