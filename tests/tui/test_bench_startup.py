"""A smoke test of benchmarks/bench_startup.py: in tmux, it sees the title and "ready".

The timings live in the benchmark (shared machines are too noisy for a timed
unit test); this keeps its markers from rotting: the real program, started in
a private tmux server, paints the title and then says there is no autosave yet
(the story loaded, the autosave probed), the text the benchmark waits for.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))

import bench_startup


@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
def test_the_startup_benchmark_sees_first_paint_then_ready(tmp_path: Path) -> None:
    env = {"TERM": "xterm-256color", "LANG": "C.UTF-8", "KAUFHAUS_SAVES": str(tmp_path / "saves")}
    tmux = bench_startup.Tmux()
    try:
        paint, ready = tmux.time_to_text(
            bench_startup.kaufhaus_command(), ["Kaufhaus Internet", bench_startup.READY], env
        )
    finally:
        tmux.close()
    assert 0 < paint <= ready
