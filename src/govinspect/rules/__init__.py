"""Rules: one module per indicator in ``rules.website`` (and later ``rules.media``)."""
