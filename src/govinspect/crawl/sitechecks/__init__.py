"""Site check modules (see govinspect.crawl.checks): every module in this package is imported
before a crawl, so a check is added by adding one file here with a ``@site_check`` function."""
