"""SimHash (Charikar) over character shingles: near-duplicate pages (近似重复页面) in one pass.

Each ``k``-character shingle's 64-bit hash votes on every bit; the fingerprint keeps the bits
most shingles set. Texts that share most shingles differ in a few bits, unrelated texts in about
half of them, so "the same page but for a line" is a Hamming distance of a few bits. The crawler
uses it to stop endless near-duplicate pages (crawl.traps); it reuses the shingle hashes of the
MinHash code (stable across processes, vectorised).
"""

from __future__ import annotations

import numpy as np

from govinspect.similarity.minhash import Hashes, shingle_hashes

BITS = 64
SHINGLE = 4


def simhash(text: str, k: int = SHINGLE) -> int:
    """The 64-bit SimHash of ``text``'s distinct ``k``-character shingles (0 for an empty text)."""
    return simhash_of_hashes(shingle_hashes(text, k))


def simhash_of_hashes(hashes: Hashes) -> int:
    """The SimHash of a shingle hash set (:func:`govinspect.similarity.minhash.shingle_hashes`)."""
    if len(hashes) == 0:
        return 0
    bits = np.unpackbits(hashes.view(np.uint8)).reshape(-1, BITS)
    majority = bits.sum(axis=0, dtype=np.int64) * 2 > len(hashes)
    return int.from_bytes(np.packbits(majority).tobytes(), "big")


def distance(a: int, b: int) -> int:
    """Hamming distance of two fingerprints: bits that differ."""
    return (a ^ b).bit_count()
