"""A smoke test of benchmarks/bench_reveal.py: its worker runs, on a tiny ended game.

The timings live in the benchmark (shared machines are too noisy for a timed
unit test); this keeps the benchmark from rotting and checks what it measures
exists: Continue replays the save, then the first card is painted before the
dossier is ready.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))

import bench_reveal


def test_the_reveal_benchmark_worker_runs(tmp_path: Path) -> None:
    path = tmp_path / "saves" / "autosave.jsonl"
    bench_reveal.write_ended_save(path, 300)
    result = bench_reveal.worker_reveal(path)
    assert result["events"] >= 300
    # Continue on the title: the replay, then the first card, then the dossier.
    assert 0 < result["replay"] < result["continue"] <= result["dossier"]
    assert result["continue"] == pytest.approx(result["replay"] + result["after_replay"])
    assert result["log_tab"] > 0
