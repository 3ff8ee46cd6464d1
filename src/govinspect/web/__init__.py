"""HTTP interfaces (the CMS check endpoint: ``govinspect.web.check_api``)."""
