"""MinHash signatures and LSH banding over character shingles (our own, on numpy).

Why our own rather than ``datasketch``: we need signatures that are stable across processes,
machines and years (they live in the store and later runs compare against them), a vectorised
shingle hash for Chinese text (one code point is one character; no tokeniser), and band keys we
can index in SQL. That is ~80 lines on numpy, with no extra dependency.

- Shingles: every run of ``k`` consecutive characters of the normalised text, hashed to 64 bits
  by a polynomial rolling hash and a splitmix64 finaliser (vectorised; never Python's salted
  ``hash``).
- Signature: for each of ``num_perm`` seeded multiply-add-shift hash functions
  (``(a·x + b) >> 32`` on the mixed 64-bit shingle hash), the minimum over the shingles. Two
  texts agree at one position with probability ≈ their Jaccard similarity.
- Bands: the first ``bands × rows`` positions in ``bands`` groups; two documents become
  candidates when any band is equal. With 20 bands of 6 rows, a pair at Jaccard 0.8 is a
  candidate with probability 0.998, a pair at 0.5 with 0.27 (then dropped by verification).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

U64 = np.uint64
_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_MIX1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX2 = np.uint64(0x94D049BB133111EB)
_PRIME = np.uint64(0x100000001B3)  # FNV prime: the rolling-hash base

Hashes = npt.NDArray[np.uint64]
Signature = npt.NDArray[np.uint32]


def _mix(x: Hashes) -> Hashes:
    """splitmix64 finaliser (wrap-around arithmetic is intended)."""
    x = x ^ (x >> np.uint64(30))
    x = x * _MIX1
    x = x ^ (x >> np.uint64(27))
    x = x * _MIX2
    return x ^ (x >> np.uint64(31))


def shingle_hashes(text: str, k: int = 5) -> Hashes:
    """The distinct 64-bit hashes of the ``k``-character shingles of ``text`` (sorted).

    A text shorter than ``k`` is one shingle (itself); an empty text has none."""
    if not text:
        return np.zeros(0, dtype=U64)
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(U64)
    n = len(codes)
    if n < k:
        k = n
    with np.errstate(over="ignore"):
        acc = np.zeros(n - k + 1, dtype=U64)
        for j in range(k):
            acc = acc * _PRIME + codes[j:n - k + 1 + j]
        return np.unique(_mix(acc + _GOLDEN))


def jaccard(a: Hashes, b: Hashes) -> float:
    """Jaccard similarity of two shingle sets given as sorted unique hash arrays."""
    if len(a) == 0 and len(b) == 0:
        return 1.0
    inter = len(np.intersect1d(a, b, assume_unique=True))
    return inter / (len(a) + len(b) - inter)


@dataclass(frozen=True)
class MinHasher:
    """A MinHash scheme: shingle size, number of permutations and the banding for LSH.

    ``scheme`` names all of it: signatures made under another scheme are never compared."""

    k: int = 5
    num_perm: int = 128
    bands: int = 20
    rows: int = 6
    seed: int = 1

    def __post_init__(self) -> None:
        if self.k < 1 or self.num_perm < 1 or self.bands < 1 or self.rows < 1:
            raise ValueError("MinHash参数必须为正 / MinHash parameters must be positive")
        if self.bands * self.rows > self.num_perm:
            raise ValueError(f"bands×rows ({self.bands}×{self.rows}) 超过 num_perm ({self.num_perm}) / "
                             "bands × rows exceeds num_perm")

        rng = np.random.default_rng(self.seed)
        # odd multipliers and any offsets, drawn once: the same seed gives the same functions anywhere
        mult = rng.integers(0, 2**63 - 1, size=self.num_perm, dtype=np.int64).astype(U64) * U64(2) + U64(1)
        add = rng.integers(0, 2**63 - 1, size=self.num_perm, dtype=np.int64).astype(U64)
        object.__setattr__(self, "_mult", mult)
        object.__setattr__(self, "_add", add)

    @property
    def scheme(self) -> str:
        return f"mh2-k{self.k}-p{self.num_perm}-b{self.bands}x{self.rows}-s{self.seed}"

    def signature_of_hashes(self, hashes: Hashes) -> Signature:
        """The signature (``num_perm`` uint32) of a shingle hash set; all-max for an empty set."""
        if len(hashes) == 0:
            return np.full(self.num_perm, 0xFFFFFFFF, dtype=np.uint32)
        mult: Hashes = self._mult  # type: ignore[attr-defined]
        add: Hashes = self._add  # type: ignore[attr-defined]
        out = np.empty(self.num_perm, dtype=U64)
        # Chunks bound the (shingles × permutations) matrix: 4,096 × 128 × 8 bytes = 4 MB.
        chunk = 4096
        with np.errstate(over="ignore"):
            for start in range(0, len(hashes), chunk):
                block = hashes[start:start + chunk, None] * mult[None, :]
                block += add[None, :]
                part = (block >> np.uint64(32)).min(axis=0)
                out = part if start == 0 else np.minimum(out, part)
        return out.astype(np.uint32)

    def signature(self, text: str) -> Signature:
        return self.signature_of_hashes(shingle_hashes(text, self.k))

    def band_keys(self, signature: Signature) -> list[int]:
        """One signed 64-bit key per band (fits a SQL BIGINT)."""
        keys: list[int] = []
        for band in range(self.bands):
            part = signature[band * self.rows:(band + 1) * self.rows].tobytes()
            digest = hashlib.blake2b(part, digest_size=8, person=band.to_bytes(2, "little")).digest()
            keys.append(int.from_bytes(digest, "little", signed=True))
        return keys

    @staticmethod
    def estimate(a: Signature, b: Signature) -> float:
        """Estimated Jaccard similarity: the share of equal signature positions."""
        if len(a) != len(b) or len(a) == 0:
            return 0.0
        return float(np.count_nonzero(a == b)) / len(a)

    @staticmethod
    def to_bytes(signature: Signature) -> bytes:
        return signature.astype("<u4").tobytes()

    @staticmethod
    def from_bytes(raw: bytes) -> Signature:
        return np.frombuffer(raw, dtype="<u4").astype(np.uint32)
