"""The registry (网站名录): importing the site list and validating identifiers (网站标识码,
ICP备案编号, 公安机关备案号, 47号 domain rule)."""

from govinspect.registry.codes import (
    ABBREV_TO_PROVINCE,
    PROVINCE_CODES,
    check_domain,
    check_icp,
    check_psb,
    check_site_code,
    codes_consistent,
    find_icp,
    find_psb,
    find_site_code,
    province_of_code,
)

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
