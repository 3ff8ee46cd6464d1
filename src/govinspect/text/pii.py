"""Personal data in published text (隐私泄露): 身份证号, mobile numbers, bank card numbers.

Each finder validates what a regular expression alone cannot:

- 居民身份证号 (GB 11643): 18 characters, a real province code (11–65, 71, 81, 82), a birth date
  that exists, is not after the monitoring day and is at most 120 years before it, and the ISO
  7064 MOD 11-2 check character;
- mobile numbers: 1[3-9] and nine more digits, not inside a longer run of digits or letters;
- bank cards: 16–19 digits with a plausible IIN (62 银联, 4 Visa, 51–55/22–27 Mastercard, 35 JCB,
  37 Amex-like 15 digits are not cards here) and a valid Luhn check digit; digits already taken
  by an ID number are not cards.

Masked numbers (110101********1234, 138****5678) never match: the stars break the digit run.
Numbers labelled as something else (索引号, 统一社会信用代码, 文号, 订单号, 编号 …) in the few
characters before them are not personal data.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

__all__ = ["PiiHit", "find_bank_cards", "find_ids", "find_mobiles", "find_pii", "id_checksum_ok", "luhn_ok",
           "mask"]

PROVINCES = frozenset({11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50,
                       51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82})
_ID = re.compile(r"(?<![0-9A-Za-z*＊])([1-9]\d{5})(\d{4})(\d{2})(\d{2})\d{3}[0-9Xx](?![0-9A-Za-z*＊])")
_MOBILE = re.compile(r"(?<![0-9A-Za-z*＊\-])(?:\+?86[- ]?)?(1[3-9]\d{9})(?![0-9A-Za-z*＊])")
_CARD = re.compile(r"(?<![0-9A-Za-z*＊\-])(\d{16,19})(?![0-9A-Za-z*＊])")
_CARD_IIN = re.compile(r"^(?:62|4|5[1-5]|2[2-7]|35)")
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"
# Labels of numbers that are not personal data, looked for just before the number.
_NOT_PERSONAL = re.compile(r"(?:索引号|信用代码|统一代码|组织机构代码|文号|订单号|编号|流水号|批准号|登记号|证书号|"
                           r"许可证号|备案号|标识码|税号|纳税人识别号|项目代码|合同号|邮编|传真|账号|帐号|对公)[^\n]{0,6}$")


@dataclass(frozen=True)
class PiiHit:
    kind: str  # "id" | "mobile" | "card"
    value: str
    start: int
    end: int

    @property
    def masked(self) -> str:
        return mask(self.value)


def mask(value: str) -> str:
    """Evidence never repeats the full number: keep the first 6 (ID/card) or 3 and the last 4."""
    keep = 3 if len(value) <= 11 else 6
    return value[:keep] + "*" * (len(value) - keep - 4) + value[-4:]


def id_checksum_ok(number: str) -> bool:
    """ISO 7064 MOD 11-2 check character of an 18-character 身份证号."""
    if len(number) != 18 or not number[:17].isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(number[:17], _WEIGHTS, strict=True))
    return _CHECK[total % 11] == number[17].upper()


def luhn_ok(number: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(number)):
        d = int(ch)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def _labelled(text: str, start: int) -> bool:
    return _NOT_PERSONAL.search(text[max(0, start - 16):start]) is not None


def find_ids(text: str, as_of: date) -> list[PiiHit]:
    """Valid 18-character 身份证号 in ``text`` (see the module docstring)."""
    out = []
    for m in _ID.finditer(text):
        number = m.group(0)
        if int(number[:2]) not in PROVINCES or not id_checksum_ok(number):
            continue
        try:
            born = date(int(m.group(2)), int(m.group(3)), int(m.group(4)))
        except ValueError:
            continue
        if born > as_of or as_of.year - born.year > 120:
            continue
        if _labelled(text, m.start()):
            continue
        out.append(PiiHit("id", number, m.start(), m.end()))
    return out


def find_mobiles(text: str) -> list[PiiHit]:
    return [PiiHit("mobile", m.group(1), m.start(1), m.end(1)) for m in _MOBILE.finditer(text)
            if not _labelled(text, m.start())]


def find_bank_cards(text: str, taken: Sequence[PiiHit] = ()) -> list[PiiHit]:
    out = []
    for m in _CARD.finditer(text):
        number = m.group(1)
        if not _CARD_IIN.match(number) or not luhn_ok(number):
            continue
        if any(h.start < m.end() and m.start() < h.end for h in taken) or _labelled(text, m.start()):
            continue
        out.append(PiiHit("card", number, m.start(), m.end()))
    return out


def find_pii(text: str, as_of: date) -> dict[str, list[PiiHit]]:
    """Every kind at once; an ID number is never also counted as a card or a phone."""
    ids = find_ids(text, as_of)
    mobiles = [h for h in find_mobiles(text) if not any(i.start <= h.start < i.end for i in ids)]
    cards = find_bank_cards(text, ids)
    return {"id": ids, "mobile": mobiles, "card": cards}
