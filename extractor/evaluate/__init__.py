"""Evaluate: score extraction against gold (score) and rebuild models/ from the gold corpora (build)."""
