"""One validated settings object for reading, extraction and ingest."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_MODELS = Path(__file__).resolve().parent.parent / "models"


def _default_models() -> Path:
    return Path(os.environ.get("CSP_EXTRACT_MODELS", DEFAULT_MODELS))


@dataclass(frozen=True)
class Settings:
    """Tunable behaviour.  Invalid values raise ``ValueError`` with the fix."""

    models_dir: Path = field(default_factory=_default_models)
    timeout: float = 120.0  # seconds one file may take in a worker before it is stopped
    workers: int = max(1, os.cpu_count() or 1)  # ingest worker processes; 0: in this process
    password: str | None = None
    min_confidence: float = 0.5
    heading_score: float = 82.0

    def __post_init__(self) -> None:
        if self.timeout <= 0:
            raise ValueError(f"timeout must be positive seconds, got {self.timeout}")
        if self.workers < 0:
            raise ValueError(
                f"workers must be 0 (extract in this process) or more, got {self.workers}"
            )
        if not 0.0 <= self.min_confidence <= 1.0:
            raise ValueError(f"min_confidence must be between 0 and 1, got {self.min_confidence}")
        if not 0.0 < self.heading_score <= 100.0:
            raise ValueError(f"heading_score must be in (0, 100], got {self.heading_score}")
