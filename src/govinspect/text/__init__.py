"""Text utilities shared by the content rules (normalisation for matching)."""
