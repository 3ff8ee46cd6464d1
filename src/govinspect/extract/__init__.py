"""Extraction: HTML → page model (meta tags, dates, columns, links, footer, text)."""
