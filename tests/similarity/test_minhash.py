import numpy as np
import pytest

from govinspect.similarity.minhash import MinHasher, jaccard, shingle_hashes

from .helpers import prose


def test_shingles_are_stable_sorted_and_distinct() -> None:
    a = shingle_hashes("关于印发信息发布审核制度的通知", 5)
    assert len(a) == len("关于印发信息发布审核制度的通知") - 4
    assert np.all(a[:-1] < a[1:])
    # the same text gives the same hashes in any process: no salted hash()
    assert shingle_hashes("信息发布审核", 5).tolist() == shingle_hashes("信息发布审核", 5).tolist()
    assert len(shingle_hashes("", 5)) == 0
    assert len(shingle_hashes("制度", 5)) == 1  # shorter than k: one shingle


def test_signature_estimate_follows_jaccard() -> None:
    hasher = MinHasher()
    base = prose(1, 1500)
    near = base[:1350] + prose(2, 150)
    far = prose(3, 1500)
    for other in (near, far):
        exact = jaccard(shingle_hashes(base), shingle_hashes(other))
        est = hasher.estimate(hasher.signature(base), hasher.signature(other))
        assert abs(exact - est) < 0.15, (exact, est)
    assert hasher.estimate(hasher.signature(base), hasher.signature(base)) == 1.0


def test_near_duplicates_share_a_band_and_unrelated_texts_do_not() -> None:
    hasher = MinHasher()
    base = prose(10, 1200)
    near = base.replace("工作", "事务", 1)
    far = prose(11, 1200)
    keys = set(enumerate(hasher.band_keys(hasher.signature(base))))
    assert keys & set(enumerate(hasher.band_keys(hasher.signature(near))))
    assert not keys & set(enumerate(hasher.band_keys(hasher.signature(far))))


def test_signature_round_trips_through_bytes_and_names_its_scheme() -> None:
    hasher = MinHasher()
    sig = hasher.signature(prose(4))
    assert np.array_equal(hasher.from_bytes(hasher.to_bytes(sig)), sig)
    assert len(hasher.to_bytes(sig)) == 4 * 128
    assert hasher.scheme != MinHasher(k=4).scheme


def test_bad_parameters_are_refused_bilingually() -> None:
    with pytest.raises(ValueError, match="bands × rows"):
        MinHasher(num_perm=64, bands=20, rows=6)
