"""Website rules (W-…): one module per indicator; the module docstring is its docs page."""
