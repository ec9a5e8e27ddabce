"""How long does an author wait for the full systematic story test?

    python benchmarks/bench_storytest.py [--repeat 3] [--quick] [--jobs 2] [--code DIR]

``kaufhaus story-test PACK`` without ``--random`` explores the pack until every
scene, choice, item, variant and ending is reached, checking the truth of
every step. Measured, each in a **fresh process** (interpreter start and the
pack's loading not counted; the exploration, its worker processes and the
truth checks counted), taking turns so that load on the machine hits all
alike:

* the shipped story (``scenes/``) and the twelve-scene example with counters
  (``scenes/examples/inventur``);
* on ``--jobs`` processes (default 2) and, as the **baseline** in the same run,
  on one: the ratio is what the second core brings;
* ``--code DIR``: the same with the ``kaufhaus`` package of another checkout
  (an older commit: ``git worktree add /tmp/old <rev>``), on one process if it
  knows no other.

Prints medians of the wall time, of the computing time (all processes), the
states explored and states per second of wall time, whether everything was
reached, and the machine's load (it is shared: a busy machine stretches the
wall time, not the computing time). Targets (issue 24): the shipped story in
at most 30 s, the example in at most 10 s, on two cores, everything reached.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PACKS = {"shipped story": ROOT / "scenes", "inventur": ROOT / "scenes" / "examples" / "inventur"}
TARGETS = {"shipped story": 30.0, "inventur": 10.0}


def worker(pack: Path, jobs: int) -> dict[str, Any]:
    """One full systematic story test, timed from after loading the pack."""
    import inspect
    import resource
    import time

    from kaufhaus.story.loader import load_pack
    from kaufhaus.storytest import quicktest

    story = load_pack(pack)
    options: dict[str, Any] = {"max_seconds": 3_600.0}
    if "jobs" in inspect.signature(quicktest).parameters:
        options["jobs"] = jobs
    else:
        jobs = 1  # an older checkout: one process
    before = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    report = quicktest(story, **options)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = sum(
        (a.ru_utime + a.ru_stime) - (b.ru_utime + b.ru_stime)
        for a, b in zip(after, before, strict=True)
    )
    return {
        "wall": wall,
        "cpu": cpu,
        "states": report.states,
        "steps": report.steps,
        "ok": report.ok,
        "missed": len(report.missed),
        "jobs": jobs,
        "load": os.getloadavg()[0],
    }


def run_worker(pack: Path, jobs: int, code: str | None) -> dict[str, Any]:
    env = dict(os.environ)
    if code:
        env["PYTHONPATH"] = code
    result = subprocess.run(
        [sys.executable, __file__, "--worker", str(pack), "--jobs", str(jobs)],
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )
    if result.returncode != 0:
        raise SystemExit(f"worker failed on {pack}:\n{result.stderr}")
    data: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    return data


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="one repetition (for run_all.py)")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--code", help="also measure the kaufhaus package in this folder")
    parser.add_argument("--packs", default=",".join(PACKS), help="comma-separated")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(Path(args.worker), args.jobs)))
        return 0

    repeat = 1 if args.quick else args.repeat
    runs = [("this", args.jobs, None), ("this", 1, None)]
    if args.code:
        runs.append((f"code {args.code}", args.jobs, args.code))
    packs = [name for name in args.packs.split(",") if name]
    results: dict[tuple[str, str, int], list[dict[str, Any]]] = {}
    for r in range(repeat):
        order = runs if r % 2 == 0 else runs[::-1]
        for name in packs:
            for label, jobs, code in order:
                data = run_worker(PACKS[name], jobs, code)
                results.setdefault((name, label, jobs), []).append(data)
                print(
                    f"  {name}, {label}, {data['jobs']} process(es): {data['wall']:.1f} s wall, "
                    f"{data['cpu']:.1f} s computing, {data['states']} states, load "
                    f"{data['load']:.1f}",
                    flush=True,
                )
        print(f"round {r + 1}/{repeat} done", flush=True)

    met = True
    print()
    print(
        f"{'':34} {'wall s':>8} {'cpu s':>8} {'states':>7} {'states/s':>9} {'reached':>8} "
        f"{'load':>5}"
    )
    for name in packs:
        walls: dict[int, float] = {}
        for label, jobs, _code in runs:
            rows = results[(name, label, jobs)]
            wall = statistics.median(d["wall"] for d in rows)
            cpu = statistics.median(d["cpu"] for d in rows)
            states = statistics.median(d["states"] for d in rows)
            ok = all(d["ok"] for d in rows)
            load = statistics.median(d["load"] for d in rows)
            ran = rows[0]["jobs"]
            title = f"{name}, {label}, {ran} {'process' if ran == 1 else 'processes'}"
            print(
                f"{title:34} {wall:8.1f} {cpu:8.1f} {states:7.0f} {states / wall:9.0f} "
                f"{'all' if ok else 'NOT all':>8} {load:5.1f}"
            )
            if label == "this":
                walls[jobs] = wall
                met &= ok
        wall = walls[args.jobs]
        ratio = wall / walls[1] if 1 in walls else 1.0
        within = wall <= TARGETS[name]
        met &= within
        print(
            f"  {name}: {wall:.1f} s on {args.jobs} processes "
            f"({ratio:.2f} x one process's wall time); target <= {TARGETS[name]:.0f} s: "
            f"{'met' if within else 'NOT met'}"
        )
    print("targets met" if met else "targets NOT met")
    return 0 if met else 1


if __name__ == "__main__":
    raise SystemExit(main())
