"""The similarity text normalisation equals NFKC + lower case + letters/digits only, whatever the
shortcut for full-width punctuation."""

from __future__ import annotations

import random
import re
import unicodedata

from govinspect.similarity.document import normalise


def _reference(text: str) -> str:
    return re.sub(r"[^\w]+|_", "", unicodedata.normalize("NFKC", text).lower())


def test_tricky_strings() -> None:
    for text in ("关于做好２０２１年（第一批）项目申报的通知：", "Ａ\u0301　ＢＣ", "ｶﾞｲﾄﾞ", "①②㎡℃Ⅻ",
                 "\uf900\u2f08豈", "가\u1100\u1161", "İstanbul ΣΑΣ", "", "　\u3000 ", "ＡＢＣ\u0308"):
        assert normalise(text) == _reference(text), text


def test_random_strings() -> None:
    alphabet = [*"中国澳門ＡＢａｚ１２，：（）　 \t\u0301\u0308\u3099\uff76\uff9e\u2460\u33a1\u212b\uf900",
                *"\u2f08\u1100\u1161가ÅAİΣ…—·\u00a0_-", "\U0002f800", "\U0001d400"]
    rng = random.Random(11)
    for _ in range(20_000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 16)))
        assert normalise(text) == _reference(text), repr(text)
