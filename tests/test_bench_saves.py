"""A smoke test of benchmarks/bench_saves.py: its workers run, on tiny saves.

The timings themselves live in the benchmark (machines are too noisy for a
timed unit test); this only keeps the benchmark from rotting.
"""

from __future__ import annotations

import sys
from pathlib import Path

from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))

import bench_saves


def test_the_save_benchmark_workers_run(tmp_path: Path) -> None:
    path = tmp_path / "saves" / "autosave.jsonl"
    bench_saves.write_save(path, 300)
    title = bench_saves.worker_title(path.parent, 2)
    assert title["median"] > 0
    replay = bench_saves.worker_replay(path, 1)
    assert replay["ours"] > 0 and replay["bare"] > 0
    before = path.stat().st_size
    auto = bench_saves.worker_autosave(path, 4)
    assert auto["bytes"] > before  # the actions were appended to the same file
