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


def test_the_reveal_benchmark_reports_the_worker_s_own_peak_memory(tmp_path: Path) -> None:
    # Linux carries a parent's high-water mark into its child's ru_maxrss across
    # exec: with 300 MB held here (as the benchmark holds its 100k-event game),
    # the worker at a few hundred events would "peak" above them.
    held = bytearray(300 * 1024 * 1024)
    held[::4096] = b"\1" * len(held[::4096])  # touched, so resident
    path = tmp_path / "saves" / "autosave.jsonl"
    bench_reveal.write_ended_save(path, 300)
    result = bench_reveal.run_worker(path)
    assert 0 < result["max_rss_mb"] < 250
    del held
