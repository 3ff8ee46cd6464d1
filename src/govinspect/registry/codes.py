"""Identifier validation: 网站标识码, ICP备案编号, 公安机关备案号 and the 47号 domain rule.

Pure functions, no I/O. Every ``check_*`` returns ``None`` when the value is valid, else one
short bilingual reason "中文 / English". The ``find_*`` helpers are lenient: they pull the
candidate out of free text (a footer) *even when it is malformed*, so that a ``check_*`` can
then say what is wrong with it; they only smooth over display artefacts (full-width digits,
spaces inside the number, a lower-case "icp").

Precision matters more than recall here: a false alarm names a real government office
wrongly, so only what the formats make certain is reported.
"""

from __future__ import annotations

import ipaddress
import re
import unicodedata
from urllib.parse import urlsplit

from govinspect.model import SiteType

# 省级行政区划代码 (GB/T 2260, first two digits). 71 台湾, 81 香港, 82 澳门 exist but no
# mainland government website carries them, so they are deliberately absent.
PROVINCE_CODES: dict[str, str] = {
    "11": "北京",
    "12": "天津",
    "13": "河北",
    "14": "山西",
    "15": "内蒙古",
    "21": "辽宁",
    "22": "吉林",
    "23": "黑龙江",
    "31": "上海",
    "32": "江苏",
    "33": "浙江",
    "34": "安徽",
    "35": "福建",
    "36": "江西",
    "37": "山东",
    "41": "河南",
    "42": "湖北",
    "43": "湖南",
    "44": "广东",
    "45": "广西",
    "46": "海南",
    "50": "重庆",
    "51": "四川",
    "52": "贵州",
    "53": "云南",
    "54": "西藏",
    "61": "陕西",
    "62": "甘肃",
    "63": "青海",
    "64": "宁夏",
    "65": "新疆",
}

# 省份简称 → province code. Both forms of 甘/陇, 贵/黔, 云/滇, 川/蜀 are in use (ICP filings
# of Gansu print 陇, the provincial PSBs often print the other one).
ABBREV_TO_PROVINCE: dict[str, str] = {
    "京": "11",
    "津": "12",
    "冀": "13",
    "晋": "14",
    "蒙": "15",
    "辽": "21",
    "吉": "22",
    "黑": "23",
    "沪": "31",
    "苏": "32",
    "浙": "33",
    "皖": "34",
    "闽": "35",
    "赣": "36",
    "鲁": "37",
    "豫": "41",
    "鄂": "42",
    "湘": "43",
    "粤": "44",
    "桂": "45",
    "琼": "46",
    "渝": "50",
    "川": "51",
    "蜀": "51",
    "贵": "52",
    "黔": "52",
    "云": "53",
    "滇": "53",
    "藏": "54",
    "陕": "61",
    "甘": "62",
    "陇": "62",
    "青": "63",
    "宁": "64",
    "新": "65",
}

_ABBR = "[" + "".join(ABBREV_TO_PROVINCE) + "]"
_SITE_CODE_LOCAL = re.compile(r"[0-9]{10}")
_SITE_CODE_CENTRAL = re.compile(r"bm[0-9]{8}")
_ICP = re.compile(rf"({_ABBR})ICP备([0-9]{{8}}|[0-9]{{10}})号(?:-[0-9]+)?")
_PSB = re.compile(rf"({_ABBR})公网安备\s?([0-9]{{14}}|[0-9]{{12}})号")

# Lenient finders (run on NFKC-normalised text). The "(?![0-9A-Za-z])"-style guards keep a
# longer token from being cut to a valid-looking prefix.
_FIND_SITE_CODE_LABEL = re.compile(
    r"(?:网站标识码|标识码|SiteIDCode)\s*[:：]?\s*(?:[\"'])?\s*([A-Za-z]{0,2}[0-9]+)(?![0-9])", re.IGNORECASE
)
_FIND_SITE_CODE_BM = re.compile(r"(?<![A-Za-z0-9])(bm[0-9]{6,10})(?![0-9])", re.IGNORECASE)
_FIND_ICP = re.compile(r"(?:(\S)\s*)?ICP\s*备\s*([0-9]+)(\s*号)?(\s*-\s*[0-9]+)?", re.IGNORECASE)
_FIND_PSB = re.compile(r"(?:(\S)\s*)?公网安备\s*:?\s*([0-9]+)(\s*号)?")
_HOST_LABEL = r"[a-z0-9](?:[a-z0-9-]*[a-z0-9])?"
_PORTAL_HOST = re.compile(rf"www\.{_HOST_LABEL}\.gov\.cn")
_DEPARTMENT_HOST = re.compile(rf"{_HOST_LABEL}\.{_HOST_LABEL}\.gov\.cn")
_CHINESE_GOV_SUFFIXES = (".政务", ".xn--zfr164b")


def _province_reason(prefix: str, what_zh: str, what_en: str) -> str | None:
    if prefix in PROVINCE_CODES:
        return None
    return f"{what_zh}的省级代码{prefix}不存在 / {what_en}: unknown province code {prefix}"


def check_site_code(code: str) -> str | None:
    """网站标识码: ``\\d{10}`` (6-digit 行政区划代码 + 4-digit serial) or ``bm\\d{8}`` (国务院部门).

    Only the 2-digit province prefix is checked strictly: 开发区/高新区 use 6-digit prefixes
    outside GB/T 2260 (e.g. 4412910009 for 肇庆高新区)."""
    if not code:
        return "网站标识码为空 / empty site code"
    if _SITE_CODE_CENTRAL.fullmatch(code):
        return None
    if _SITE_CODE_LOCAL.fullmatch(code):
        return _province_reason(code[:2], "网站标识码", "site code")
    if code[:2].lower() == "bm":
        if code[:2] != "bm":
            return "网站标识码格式错误：bm 应为小写 / malformed site code: 'bm' must be lower case"
        return f"网站标识码格式错误：bm 后应为8位数字 / malformed site code: 'bm' must be followed by 8 digits ({code})"
    return f"网站标识码格式错误：应为10位数字或bm加8位数字 / malformed site code: expected 10 digits or bm + 8 digits ({code})"


def check_icp(value: str) -> str | None:
    """ICP备案编号: ``<简称>ICP备<8或10位数字>号``, a site-level filing appends ``-<n>``."""
    if not value:
        return "ICP备案编号为空 / empty ICP number"
    if _ICP.fullmatch(value):
        return None
    m = re.fullmatch(r"(.?)ICP备([0-9]*)(号?)(-[0-9]+)?", value, re.IGNORECASE)
    if m is None:
        return f"ICP备案编号格式错误 / malformed ICP number ({value})"
    abbr, digits, hao, _suffix = m.groups()
    if "ICP" not in value:
        return f"ICP备案编号格式错误：ICP 应为大写 / malformed ICP number: 'ICP' must be upper case ({value})"
    if abbr not in ABBREV_TO_PROVINCE:
        return f"ICP备案编号缺少或使用了未知的省份简称 / ICP number lacks a known province abbreviation ({value})"
    if len(digits) not in (8, 10):
        return f"ICP备案编号应为8或10位数字 / ICP number must have 8 or 10 digits ({value})"
    if not hao:
        return f"ICP备案编号缺少“号”字 / ICP number lacks the closing 号 ({value})"
    return f"ICP备案编号格式错误 / malformed ICP number ({value})"


def check_psb(value: str) -> str | None:
    """公安机关备案号: ``<简称>公网安备 <14位(旧:12位)数字>号``. The digits begin with the
    division code of the filing 公安机关, whose province must match the abbreviation."""
    if not value:
        return "公安机关备案号为空 / empty public-security filing number"
    m = _PSB.fullmatch(value)
    if m is None:
        loose = re.fullmatch(r"(.?)公网安备\s?([0-9]*)(号?)", value)
        if loose is None:
            return f"公安机关备案号格式错误 / malformed public-security filing number ({value})"
        abbr, digits, hao = loose.groups()
        if abbr not in ABBREV_TO_PROVINCE:
            return (
                "公安机关备案号缺少或使用了未知的省份简称 / public-security filing number lacks a known "
                f"province abbreviation ({value})"
            )
        if len(digits) not in (12, 14):
            return (
                "公安机关备案号应为14位（旧式12位）数字 / public-security filing number must have 14 "
                f"(old style 12) digits ({value})"
            )
        if not hao:
            return f"公安机关备案号缺少“号”字 / public-security filing number lacks the closing 号 ({value})"
        return f"公安机关备案号格式错误 / malformed public-security filing number ({value})"
    abbr, digits = m.groups()
    prefix = digits[:2]
    bad = _province_reason(prefix, "公安机关备案号", "public-security filing number")
    if bad:
        return bad
    if ABBREV_TO_PROVINCE[abbr] != prefix:
        return (
            f"公安机关备案号的简称“{abbr}”与号码所属省份{PROVINCE_CODES[prefix]}不符 / public-security "
            f"filing number: abbreviation {abbr} does not match the province of its digits ({prefix})"
        )
    return None


def _normalise(text: str) -> str:
    # Full-width digits and letters (０-９, ＩＣＰ) become ASCII; nothing else of interest changes.
    return unicodedata.normalize("NFKC", text)


def find_site_code(text: str) -> str | None:
    """The 网站标识码 printed in free text ("网站标识码：3101140038", "标识码 bm01000001"), as
    printed (even when malformed, e.g. 3610782); a bare ``bm`` code is found without a label.
    A bare 10-digit number without a label is not taken (it may be a phone number)."""
    text = _normalise(text)
    m = _FIND_SITE_CODE_LABEL.search(text)
    if m:
        return m.group(1)
    m = _FIND_SITE_CODE_BM.search(text)
    return m.group(1) if m else None


def find_icp(text: str) -> str | None:
    """The first ICP备案编号 in free text, spaces removed, possibly malformed (missing 号,
    unknown abbreviation) so that :func:`check_icp` can report it."""
    text = _normalise(text)
    for m in _FIND_ICP.finditer(text):
        lead, digits, hao, suffix = m.groups()
        abbr = lead if lead and lead in ABBREV_TO_PROVINCE else ""
        out = f"{abbr}ICP备{digits}"
        if hao:
            out += "号"
            if suffix:
                out += "".join(suffix.split())
        return out
    return None


def find_psb(text: str) -> str | None:
    """The first 公安机关备案号 in free text, spaces removed, possibly malformed."""
    text = _normalise(text)
    for m in _FIND_PSB.finditer(text):
        lead, digits, hao = m.groups()
        abbr = lead if lead and lead in ABBREV_TO_PROVINCE else ""
        return f"{abbr}公网安备{digits}{'号' if hao else ''}"
    return None


def province_of_code(code: str) -> str | None:
    """The 2-digit province code of a 10-digit site code, of a 公安机关备案号 (from its
    digits) or of an ICP number (from its abbreviation); None for bm-codes and for anything
    whose province is unknown."""
    code = code.strip()
    if _SITE_CODE_LOCAL.fullmatch(code):
        return code[:2] if code[:2] in PROVINCE_CODES else None
    m = re.search(r"公网安备\s?([0-9]{2})", code)
    if m:
        return m.group(1) if m.group(1) in PROVINCE_CODES else None
    m = re.match(r"(.)ICP备", code)
    if m:
        return ABBREV_TO_PROVINCE.get(m.group(1))
    return None


def check_domain(url: str, site_type: SiteType) -> str | None:
    """47号《政府网站发展指引》 domain rule. English domains must end in ``.gov.cn`` (Chinese
    ones in ``.政务``); a 政府门户网站 uses ``www.□□□.gov.cn`` (the central portal
    ``www.gov.cn``); a 部门网站 uses ``○○○.□□□.gov.cn``. Strict: IP addresses and test hosts
    fail too, callers decide whether to apply it."""
    candidate = url.strip()
    if "://" not in candidate:
        candidate = "http://" + candidate
    try:
        host = (urlsplit(candidate).hostname or "").rstrip(".").lower()
    except ValueError:
        host = ""
    if not host:
        return f"无法识别网址中的域名 / no host name in the URL ({url})"
    try:
        ipaddress.ip_address(host)
    except ValueError:
        pass
    else:
        return f"网站使用IP地址而非域名 / site uses an IP address instead of a domain name ({host})"
    if host.endswith(_CHINESE_GOV_SUFFIXES):
        return None
    if host != "gov.cn" and not host.endswith(".gov.cn"):
        return f"域名未使用.gov.cn后缀 / domain is not under .gov.cn ({host})"
    if site_type is SiteType.PORTAL:
        if host == "www.gov.cn" or _PORTAL_HOST.fullmatch(host):
            return None
        return f"门户网站域名应为 www.□□□.gov.cn 结构 / portal domain should be www.<name>.gov.cn ({host})"
    if site_type is SiteType.DEPARTMENT:
        if _DEPARTMENT_HOST.fullmatch(host):
            return None
        return f"部门网站域名应为 ○○○.□□□.gov.cn 结构 / department domain should be <dept>.<name>.gov.cn ({host})"
    return None


def codes_consistent(site_code: str | None, icp: str | None, psb: str | None) -> list[str]:
    """Cross-check the provinces of 网站标识码 (10-digit codes only; bm-codes of 国务院部门 are
    national and skip the province check), the ICP abbreviation and the 公安机关备案号
    (abbreviation and digits). Values that are missing or malformed are skipped here (the
    ``check_*`` functions report them); a psb whose own abbreviation and digits disagree is
    :func:`check_psb`'s finding, not repeated here."""
    reasons: list[str] = []
    code_prov: str | None = None
    if site_code and _SITE_CODE_LOCAL.fullmatch(site_code) and site_code[:2] in PROVINCE_CODES:
        code_prov = site_code[:2]
    icp_prov: str | None = None
    if icp:
        m = _ICP.fullmatch(icp)
        if m:
            icp_prov = ABBREV_TO_PROVINCE[m.group(1)]
    psb_abbr_prov: str | None = None
    psb_digit_prov: str | None = None
    if psb:
        m = _PSB.fullmatch(psb)
        if m:
            psb_abbr_prov = ABBREV_TO_PROVINCE[m.group(1)]
            prefix = m.group(2)[:2]
            psb_digit_prov = prefix if prefix in PROVINCE_CODES else None

    def name(code: str) -> str:
        return PROVINCE_CODES[code]

    if code_prov:
        if icp_prov and icp_prov != code_prov:
            reasons.append(
                f"网站标识码属{name(code_prov)}，ICP备案属{name(icp_prov)} / site code is from "
                f"province {code_prov} but the ICP filing from {icp_prov}"
            )
        if psb_abbr_prov and psb_abbr_prov != code_prov:
            reasons.append(
                f"网站标识码属{name(code_prov)}，公安机关备案简称属{name(psb_abbr_prov)} / site code is "
                f"from province {code_prov} but the public-security filing abbreviation from {psb_abbr_prov}"
            )
        if psb_digit_prov and psb_digit_prov != code_prov and psb_digit_prov != psb_abbr_prov:
            reasons.append(
                f"网站标识码属{name(code_prov)}，公安机关备案号码属{name(psb_digit_prov)} / site code is "
                f"from province {code_prov} but the public-security filing digits from {psb_digit_prov}"
            )
    elif icp_prov and psb_abbr_prov and icp_prov != psb_abbr_prov:
        reasons.append(
            f"ICP备案属{name(icp_prov)}，公安机关备案属{name(psb_abbr_prov)} / ICP filing is from "
            f"province {icp_prov} but the public-security filing from {psb_abbr_prov}"
        )
    return reasons


__all__ = [
    "ABBREV_TO_PROVINCE",
    "PROVINCE_CODES",
    "check_domain",
    "check_icp",
    "check_psb",
    "check_site_code",
    "codes_consistent",
    "find_icp",
    "find_psb",
    "find_site_code",
    "province_of_code",
]
