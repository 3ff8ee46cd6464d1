"""findings.json (DESIGN.md, "Output contract: findings"): a target's entry and the atomic write,
shared by the pipeline that writes the file and the review workflow that rewrites it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from govinspect.model import Site


def target_kind(code: str) -> str:
    """``site`` for a 网站标识码, ``account`` for a new-media ``platform:account`` code."""
    return "account" if ":" in code else "site"


def target_json(site: Site, verdict: str | None, score: float | None, veto: list[str],
                pending_review: list[str], coverage: str | None = None) -> dict[str, Any]:
    """One entry of findings.json ``targets``: the verdict with its firm vetoes and 待复核 codes,
    and for a site how much of it was crawled (``coverage``: 全站N页 or 抽查N页; None for an account)."""
    return {"kind": target_kind(site.code), "code": site.code, "name": site.name, "url": site.url,
            "verdict": verdict, "score": score, "veto": list(veto), "pending_review": list(pending_review),
            "coverage": coverage or None}


def run_json(run_id: str, as_of: str | None, started: str | None, finished: str | None,
             options: dict[str, Any] | None) -> dict[str, Any]:
    """findings.json ``run``: id, times and the inspection plan (检查方案) the crawl followed (None
    for a run from before plans)."""
    return {"id": run_id, "as_of": as_of, "started": started, "finished": finished,
            "plan": (options or {}).get("plan")}


def write_document(document: dict[str, Any], path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(document, ensure_ascii=False, indent=2), encoding="utf-8")
    tmp.replace(path)  # atomic: a reader never sees half a file
    return path
