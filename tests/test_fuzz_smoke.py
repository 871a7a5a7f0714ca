"""A small run of the fuzz harness (benchmarks/fuzz.py): 200 mutated reports through the
readers and extractors in worker processes with the memory ceiling; none may raise an
uncaught exception, crash its worker or hang."""
from __future__ import annotations

import io

import pytest

from benchmarks import fuzz

pytestmark = pytest.mark.processes


def test_200_mutated_inputs_raise_nothing_uncaught(tmp_path):
    out = io.StringIO()
    counts = fuzz.run(200, None, workers=1, timeout=60, max_memory=2 << 30, seed=14, keep=tmp_path, out=out)
    assert counts["inputs"] == 200
    assert (counts["uncaught"], counts["crash"], counts["hang"]) == (0, 0, 0), out.getvalue()
    assert counts["corrupt"] > 0 and counts["ok"] > 0  # the mutations reach both outcomes
    assert "fuzz: 200 inputs" in out.getvalue()
