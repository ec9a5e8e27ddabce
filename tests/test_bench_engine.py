"""Smoke tests of benchmarks/bench_tracking.py and bench_load.py: they run, on tiny inputs.

The timings live in the benchmarks (shared machines are too noisy for a timed
unit test); these keep them from rotting and check that they time what they
say: a full action hands the front end the view it logged, the baseline only
folds, and the terminal game's path reaches a new game's first scene.
"""

from __future__ import annotations

import sys
from pathlib import Path

from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))

import bench_load
import bench_tracking

from kaufhaus.story.loader import load_pack


def test_the_tracking_benchmark_times_a_full_action_and_a_bare_fold() -> None:
    story = load_pack(ROOT / "scenes")
    game = bench_tracking.build(story, 300)
    folder = bench_tracking.Folder(game)
    logged, folded = len(game.log), len(folder.log)
    samples = bench_tracking.measure({"small": (game, folder)}, 4)["small"]
    assert len(samples) == 4 and all(s > 0 for sample in samples for s in sample)
    assert len(game.log) > logged + 4  # the actions logged their events and their uses
    assert len(folder.log) == folded + 4  # the baseline appended one event per round
    assert game.shown_view is game.view()  # what a front end shows, not rendered again


def test_the_load_benchmark_runs_the_terminal_game_and_plain_mode(tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    bench_load.generate(pack, 30)
    for task in ("parse", "tui", "plain"):
        result = bench_load._run(task, pack, sys.executable, None)
        assert result["seconds"] > 0 and result["peak_mb"] > 0, task
    assert result["seconds"] > 0
    tui = bench_load._run("tui", pack, sys.executable, None)
    assert 0 < tui["ready"] < tui["seconds"]


def test_the_load_benchmark_reports_each_task_s_own_peak_memory(tmp_path: Path) -> None:
    # Linux carries a parent's high-water mark into its child's ru_maxrss across
    # exec: with 300 MB held here, a parse of 30 scenes would "peak" above them.
    held = bytearray(300 * 1024 * 1024)
    held[::4096] = b"\1" * len(held[::4096])  # touched, so resident
    pack = tmp_path / "pack"
    bench_load.generate(pack, 30)
    result = bench_load._run("parse", pack, sys.executable, None)
    assert 0 < result["peak_mb"] < 200
    del held
