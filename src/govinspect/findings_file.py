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
                pending_review: list[str], coverage: str | None = None,
                run_options: dict[str, Any] | None = None) -> dict[str, Any]:
    """One entry of findings.json ``targets``: the verdict with its firm vetoes and 待复核 codes,
    and for a site how it was read: ``plan`` (检查方案 full / spot, from the run's options) and
    ``coverage`` (全站N页 or 抽查N页). Both are None for an account and for a run from before plans."""
    site_plan = (run_options or {}).get("plan") if target_kind(site.code) == "site" else None
    return {"kind": target_kind(site.code), "code": site.code, "name": site.name, "url": site.url,
            "verdict": verdict, "score": score, "veto": list(veto), "pending_review": list(pending_review),
            "plan": site_plan["name"] if site_plan else None, "coverage": coverage or None}


def write_document(document: dict[str, Any], path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(document, ensure_ascii=False, indent=2), encoding="utf-8")
    tmp.replace(path)  # atomic: a reader never sees half a file
    return path
