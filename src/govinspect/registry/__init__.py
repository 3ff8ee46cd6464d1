"""The registry (网站名录): importing the site list and validating identifiers (网站标识码,
ICP备案编号, 公安机关备案号, 47号 domain rule). The store side is in
:mod:`govinspect.registry.store` (not imported here, so the codes stay importable cheaply)."""

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
from govinspect.registry.importer import (
    SITE_HEADERS,
    RegistryError,
    RowProblem,
    load_registry,
    load_registry_rows,
    write_registry,
)

__all__ = [
    "ABBREV_TO_PROVINCE",
    "PROVINCE_CODES",
    "SITE_HEADERS",
    "RegistryError",
    "RowProblem",
    "check_domain",
    "check_icp",
    "check_psb",
    "check_site_code",
    "codes_consistent",
    "find_icp",
    "find_psb",
    "find_site_code",
    "load_registry",
    "load_registry_rows",
    "province_of_code",
    "write_registry",
]
