"""Do saves stay fast as the game grows? Event 100,000 must cost what event 1,000 costs.

Three measurements, each in fresh processes (one per size and round, sizes
interleaved so machine load hits both alike), compared in one run:

1. **autosave**: one player action plus its autosave, through the path the
   TUI uses (``Session.act``: the game logs the event, the session appends
   it to the autosave file), after loading an autosave of 1,000 and of
   100,000 events. Target: ratio <= 1.2.
2. **title**: what the title screen and the Load list read to label
   Continue and list the saves (``probe_autosave``, the scene's title,
   ``list_saves``), with a 1,000- and a 100,000-event autosave in the folder.
   Target: ratio <= 1.2.
3. **replay**: loading (checking and replaying) the 100,000-event save,
   against a bare ``json.loads`` of the same event lines. Target: <= 3.

    .venv/bin/python benchmarks/bench_saves.py [--quick] [--small 1000 --large 100000]

The synthetic log is the one of bench_tracking.py (a customer who never
stops looking at the shop window). Prints medians and ratios; the last line
is ``autosave 100k/1k: X``. Exit 0 when every target is met, 1 otherwise.
"""

from __future__ import annotations

import argparse
import gc
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

TARGETS = {"autosave": 1.2, "title": 1.2, "replay": 3.0}


def write_save(path: Path, n: int) -> None:
    """An autosave of ``n`` events, written as the game writes it."""
    from bench_tracking import synthetic_log

    from kaufhaus.saves import SaveHeader, encode_save
    from kaufhaus.story.loader import load_pack
    from kaufhaus.tracking.events import Event

    story = load_pack(ROOT / "scenes")
    header = SaveHeader(story.id, story.content_hash, "de", 1, "2026-01-15T09:30:00+00:00")
    events = [Event.from_dict(raw) for raw in synthetic_log(n)]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(encode_save(header, events))


# ------------------------------------------------------------------ workers
def worker_autosave(path: Path, actions: int) -> dict[str, Any]:
    """Load the autosave, then time ``actions`` actions (each with its autosave)."""
    from kaufhaus.play.session import Session
    from kaufhaus.story.loader import load_pack

    story = load_pack(ROOT / "scenes")
    session = Session(story, lang="de", seed=1, saves=path.parent)
    started = time.perf_counter()
    session.load(path)
    loaded = time.perf_counter() - started
    assert session.autosave_path == path, "the benchmark must append to the same file"
    gc.collect()
    gc.freeze()  # as timeit does: the collector's pauses grow with the heap, not the work
    gc.disable()
    samples = []
    for k in range(actions):
        target = "fernseher" if k % 2 else "bierfass"
        start = time.perf_counter()
        outcome = session.act("hover", target=target)
        samples.append(time.perf_counter() - start)
        assert outcome.autosave_error is None, outcome.autosave_error
    gc.enable()
    size = path.stat().st_size
    session.close()
    return {"median": statistics.median(samples), "load": loaded, "bytes": size}


def worker_title(folder: Path, repeats: int) -> dict[str, Any]:
    """Label Continue and list the saves, as the title and the Load screen do."""
    from kaufhaus.play.describe import scene_title
    from kaufhaus.play.session import list_saves, probe_autosave
    from kaufhaus.play.strings import clock_text, tr
    from kaufhaus.story.loader import load_pack

    story = load_pack(ROOT / "scenes")
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        probe = probe_autosave(story.id, folder)
        assert probe.summary is not None
        label = tr(
            "menu_continue_where",
            "de",
            place=scene_title(story, probe.summary.scene, "de"),
            time=clock_text(probe.summary.play_seconds),
        )
        entries = list_saves(folder)
        samples.append(time.perf_counter() - start)
        assert label and entries
    return {"median": statistics.median(samples), "first": samples[0]}


def worker_replay(path: Path, repeats: int) -> dict[str, Any]:
    """Load (check + replay) the save, against a bare json.loads of its event lines."""
    from kaufhaus.saves import load_game
    from kaufhaus.story.loader import load_pack

    story = load_pack(ROOT / "scenes")
    lines = path.read_bytes().split(b"\n")[1:-1]
    bare, ours = [], []
    for _ in range(repeats):
        start = time.perf_counter()
        parsed = [json.loads(line) for line in lines]
        bare.append(time.perf_counter() - start)
        del parsed
        start = time.perf_counter()
        loaded = load_game(story, path)
        ours.append(time.perf_counter() - start)
        assert loaded.problem is None and len(loaded.game.log) == len(lines)
        del loaded
    return {"bare": statistics.median(bare), "ours": statistics.median(ours)}


def run_worker(kind: str, path: Path, count: int) -> dict[str, Any]:
    """One measurement in a fresh interpreter."""
    result = subprocess.run(
        [sys.executable, __file__, "--worker", kind, "--path", str(path), "--count", str(count)],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise SystemExit(f"worker {kind} failed:\n{result.stderr}")
    data: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    return data


# -------------------------------------------------------------------- main
def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer rounds")
    parser.add_argument("--small", type=int, default=1_000)
    parser.add_argument("--large", type=int, default=100_000)
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--path", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--count", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        workers = {"autosave": worker_autosave, "title": worker_title, "replay": worker_replay}
        print(json.dumps(workers[args.worker](args.path, args.count)))
        return 0

    rounds = 2 if args.quick else 5
    actions = 200 if args.quick else 1000
    sizes = {"small": args.small, "large": args.large}
    label = {"small": f"{args.small / 1000:g}k", "large": f"{args.large / 1000:g}k"}
    with tempfile.TemporaryDirectory(prefix="kh-bench-saves-") as tmp:
        root = Path(tmp)
        started = time.perf_counter()
        masters = {}
        for name, n in sizes.items():
            masters[name] = root / f"master-{name}.jsonl"
            write_save(masters[name], n)
        print(
            f"wrote autosaves of {args.small:,} and {args.large:,} events "
            f"({masters['large'].stat().st_size / 1e6:.1f} MB) in "
            f"{time.perf_counter() - started:.1f} s",
            flush=True,
        )
        results: dict[str, dict[str, list[float]]] = {
            "autosave": {"small": [], "large": []},
            "title": {"small": [], "large": []},
        }
        loads: dict[str, list[float]] = {"small": [], "large": []}
        for r in range(rounds):
            for name in ("small", "large") if r % 2 == 0 else ("large", "small"):
                folder = root / f"round-{r}-{name}"
                folder.mkdir()
                path = folder / "autosave.jsonl"
                path.write_bytes(masters[name].read_bytes())
                # A few named saves beside it, as a player's folder has.
                for k in range(3):
                    (folder / f"spielstand-{k}.jsonl").write_bytes(masters["small"].read_bytes())
                title = run_worker("title", folder, 200)
                results["title"][name].append(title["median"])
                auto = run_worker("autosave", path, actions)
                results["autosave"][name].append(auto["median"])
                loads[name].append(auto["load"])
            print(f"round {r + 1}/{rounds} done", flush=True)
        replay = run_worker("replay", masters["large"], 1 if args.quick else 3)

    ok = True
    ratios: dict[str, float] = {}
    print()
    print(f"{'':34} {'at ' + label['small']:>14} {'at ' + label['large']:>14} {'ratio':>7}")
    for kind, title in (
        ("autosave", "one action + autosave"),
        ("title", "Continue label + Load list"),
    ):
        small = statistics.median(results[kind]["small"])
        large = statistics.median(results[kind]["large"])
        ratios[kind] = large / small
        ok &= ratios[kind] <= TARGETS[kind]
        print(
            f"{title:34} {small * 1e6:11.1f} µs {large * 1e6:11.1f} µs {ratios[kind]:7.2f}"
            f"  (target <= {TARGETS[kind]:.1f})"
        )
    ratios["replay"] = replay["ours"] / replay["bare"]
    ok &= ratios["replay"] <= TARGETS["replay"]
    print(
        f"{'load (check + replay) ' + label['large']:34} {replay['bare'] * 1e3:11.1f} ms "
        f"{replay['ours'] * 1e3:11.1f} ms {ratios['replay']:7.2f}"
        f"  (bare json.loads vs ours; target <= {TARGETS['replay']:.1f})"
    )
    print(
        f"(loading the autosave before the actions took {statistics.median(loads['small']):.2f} s"
        f" at {label['small']}, {statistics.median(loads['large']):.2f} s at {label['large']})"
    )
    print("all targets met" if ok else "OVER TARGET")
    print(f"autosave {label['large']}/{label['small']}: {ratios['autosave']:.2f}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
