"""Terminal presentation: Rich progress bars and tables (no business logic)."""
