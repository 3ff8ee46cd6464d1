"""govinspect — inspect government websites (政府网站) and new-media accounts (政务新媒体)
against 国办秘函〔2019〕19号 《政府网站与政务新媒体检查指标》, keep the evidence, write the bulletin."""

__version__ = "0.1.0"
