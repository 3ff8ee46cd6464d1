"""Benchmark: the harmful-content lexicon's coverage and its false alarms on clean prose (W-V1c).

    .venv/bin/python benchmarks/harmful.py [--shared ../shared]

Coverage is measured on a third-party list we never ship (houbb/sensitive-word, tag 3 赌博 and
tag 2 色情, under ../shared/data/wordlists): the share of its words our lexicon recognises — the
word holds one of our terms or whole ASCII words (``covered``), and the share that alone would be
reported as spam in body text (``flagged``, score ≥ 4). Many of its porn words are film titles
and slang no injected spam uses, so coverage there is a floor, not a goal.

False alarms are counted on clean official prose: the ECSpell ODW sentences (corrected side),
the task seeds, and the real government pages saved under ../shared/data/html (scanned as whole
pages, DOM and all). ``alarms`` are lines/pages that would be reported; ``raw`` are lines holding
any lexicon term at all, most of them rightly below the threshold or excused by context.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

from govinspect.text.harmful import load_lexicon, normalised, scan_html, scan_text

HERE = Path(__file__).resolve().parent


def coverage(shared: Path) -> dict[str, tuple[int, int, int]]:
    """"tag half" → (words, covered, flagged). The lexicon was looked at against the even lines
    of the gambling list only; the odd lines are held out."""
    lex = load_lexicon()
    lines = (shared / "data" / "wordlists" / "houbb_sensitive_word_tags.txt").read_text("utf-8").splitlines()
    out: dict[str, tuple[int, int, int]] = {}
    for tag, name in (("3", "赌博 gambling"), ("2", "色情 porn")):
        words = [line.rsplit(" ", 1)[0] for line in lines if tag in line.rsplit(" ", 1)[-1].split(",")]
        for half, part in (("seen", words[::2]), ("held out", words[1::2])):
            covered = flagged = 0
            for word in part:
                hit = scan_text(word, "body", lex)
                if hit is not None or lex.term_re.search(normalised(word).text.lower()):
                    covered += 1
                if hit is not None and hit.score >= 4 and not hit.excused:
                    flagged += 1
            out[f"{name} {half}"] = (len(part), covered, flagged)
    return out


def clean_lines(shared: Path) -> list[str]:
    """The ODW sentences as corrected: official prose, no spam."""
    lines: list[str] = []
    for row in (shared / "data" / "csc" / "ecspell_odw.train.tsv").read_text("utf-8").splitlines():
        parts = row.split("\t")
        if len(parts) == 3:
            lines.append(parts[2])
    return lines


def seed_lines(shared: Path) -> list[str]:
    """The task seeds' lines: official prose, two of them with planted spam (seeds 001, 002)."""
    lines: list[str] = []
    for seed in sorted((shared / "seeds").glob("*.txt")):
        lines.extend(line for line in seed.read_text("utf-8").splitlines() if line.strip())
    return lines


def false_alarms(shared: Path) -> dict[str, Any]:
    lex = load_lexicon()
    lines = clean_lines(shared)
    chars = sum(len(line) for line in lines)
    raw = alarms = 0
    for line in lines:
        hit = scan_text(line, "body", lex)
        if hit is None:
            continue
        raw += 1
        if hit.score >= 4 and not hit.excused:
            alarms += 1
            print(f"  false alarm: {line[:80]} → {hit.terms}", file=sys.stderr)
    seeds = [line for line in seed_lines(shared) if (hit := scan_text(line, "body", lex)) is not None
             and hit.score >= 4 and not hit.excused]
    pages = sorted((shared / "data" / "html").glob("*.html"))
    page_alarms = 0
    for path in pages:
        hits = [h for h in scan_html(path.read_text("utf-8", errors="replace"), "http://www.example.gov.cn/")
                if not h.excused]
        if hits:
            page_alarms += 1
            print(f"  false alarm: {path.name} → {[h.terms for h in hits]}", file=sys.stderr)
    return {"lines": len(lines), "chars": chars, "raw": raw, "alarms": alarms,
            "per_100k": alarms * 100_000 / max(chars, 1), "pages": len(pages), "page_alarms": page_alarms,
            "seed_lines": len(seed_lines(shared)), "seed_reported": seeds}


def farm_pages() -> tuple[int, list[str]]:
    """The demo farm's HTML pages scanned whole: (pages, URLs reported). It plants two hacked
    pages (seeds 001 and 002) among look-alikes (打击赌博 news, lottery notices)."""
    from govinspect.demo.farm import build_farm

    lex = load_lexicon()
    farm = build_farm()
    reported: list[str] = []
    count = 0
    for site in farm.sites:
        for path, page in site.pages.items():
            if "html" not in page.content_type:
                continue
            count += 1
            url = f"http://{site.host}{path}"
            if any(not h.excused for h in scan_html(page.body.decode("utf-8", errors="replace"), url, lexicon=lex)):
                reported.append(url)
    return count, reported


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=HERE.parent.parent / "shared")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    print("lexicon coverage on houbb/sensitive-word (third-party, measured only)")
    for name, (words, covered, flagged) in coverage(args.shared).items():
        print(f"  {name:23} words {words:6}  covered {covered / words:6.1%}  flagged alone {flagged / words:6.1%}")
    fa = false_alarms(args.shared)
    print(f"clean prose: {fa['lines']} lines, {fa['chars']:.0f} characters (ODW corrected sentences)")
    print(f"  lines with any term {fa['raw']:.0f}; false alarms {fa['alarms']:.0f} "
          f"({fa['per_100k']:.2f} per 100,000 characters)")
    print(f"real government pages: {fa['pages']:.0f}, pages with a false alarm {fa['page_alarms']:.0f}")
    print(f"seeds: {fa['seed_lines']} lines, reported {len(fa['seed_reported'])} (the planted spam of 001/002):")
    for line in fa["seed_reported"]:
        print(f"  {line[:70]}")
    pages, reported = farm_pages()
    print(f"demo farm: {pages} HTML pages, reported {len(reported)} (it plants 2): " + ", ".join(reported[:6]))
    print(f"({time.perf_counter() - start:.1f}s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
