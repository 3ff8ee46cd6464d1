"""抽查: a reproducible sample of accounts, stratified by region (地区) and platform (平台).

The monthly spot check (月度抽查, 19号: 每月抽查比例不低于10%; the Shanghai seed: 315 of 1,610
accounts, every district's accounts in full) draws from each stratum ``ceil(share × size)``
accounts — so at least ``share`` overall and at least one per stratum — with a seeded generator
over accounts sorted by code: the same registry, share and seed always give the same sample.
Closed (关停) accounts are not drawn.
"""

from __future__ import annotations

import math
import random
from collections import defaultdict
from dataclasses import dataclass, field

from govinspect.media.model import Account, AccountStatus


class SampleError(ValueError):
    """A share outside (0, 1]: 抽查比例应在0到1之间."""


@dataclass
class Stratum:
    region: str
    platform: str
    size: int
    drawn: list[Account] = field(default_factory=list)


@dataclass
class Sample:
    share: float
    seed: int
    population: int
    strata: list[Stratum]

    @property
    def accounts(self) -> list[Account]:
        return [a for s in self.strata for a in s.drawn]

    def summary(self) -> dict[str, object]:
        """What a run stores about its sample (run options) and the bulletin states."""
        return {"share": self.share, "seed": self.seed, "population": self.population,
                "drawn": len(self.accounts), "strata": len(self.strata)}


def draw_sample(accounts: list[Account], share: float, seed: int) -> Sample:
    if not 0 < share <= 1:
        raise SampleError(f"抽查比例应在0到1之间（如0.1） / --share must be in (0, 1], e.g. 0.1; got {share}")
    running = sorted((a for a in accounts if a.status is AccountStatus.RUNNING), key=lambda a: a.code)
    groups: dict[tuple[str, str], list[Account]] = defaultdict(list)
    for account in running:
        groups[(account.region or "未填写", str(account.platform))].append(account)
    rng = random.Random(seed)
    strata = []
    for (region, platform), members in sorted(groups.items()):
        count = min(len(members), max(1, math.ceil(share * len(members) - 1e-9)))
        drawn = sorted(rng.sample(members, count), key=lambda a: a.code)
        strata.append(Stratum(region, platform, len(members), drawn))
    return Sample(share, seed, len(running), strata)
