"""Fewer garbage-collector passes while a run is analysed (垃圾回收).

Analysis builds millions of small objects that live until their site is judged (page models,
links, list entries) and loads large models that live as long as the process (the typo model's
word frequencies, the lexicons). CPython's cyclic collector starts a young-generation pass every
700 net allocations of container objects and now and then walks everything: on a long-prose site
that was about 14% of the analysis' CPU time. Almost nothing analysis allocates forms reference
cycles (reference counting frees it), so young passes are made rarer while analysing; the
thresholds are restored afterwards.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

ANALYSIS_THRESHOLD = 100_000  # net container allocations between young passes (CPython's default: 700)


@contextmanager
def fewer_collections(threshold: int = ANALYSIS_THRESHOLD) -> Iterator[None]:
    """Young garbage-collector passes every ``threshold`` allocations inside the block (also a
    decorator); the older generations' thresholds are kept."""
    old = gc.get_threshold()
    gc.set_threshold(max(threshold, old[0]), *old[1:])
    try:
        yield
    finally:
        gc.set_threshold(*old)


__all__ = ["ANALYSIS_THRESHOLD", "fewer_collections"]
