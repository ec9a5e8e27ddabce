"""Does the reveal open as fast after 100,000 events as after 1,000? Its first screen must.

The reveal used to build the whole dossier before showing anything: 4.75 s at
10,000 events, a 46-second freeze at 100,000. Now its first card comes from
the game state and the dossier is built in a thread after the first paint.

For each size, in fresh processes (sizes interleaved over the rounds, so
machine load hits both alike), the TUI (headless, 80x24) resumes an ended
game from its autosave – the path Continue takes – and the benchmark times:

1. **first paint**: from ``app.resume(...)`` to the reveal's first card on
   screen (``RevealScreen.first_paint``). Target: 100k/1k <= 1.5.
2. **dossier**: until the full dossier is built and the active tab filled
   (reported, no target: it is O(n) by nature, and happens off the UI thread).
3. **log tab**: pressing Tab into the log once the dossier is there (one page
   of rows; reported).

Loading (checking and replaying) the save is not part of it: bench_saves.py
measures that. Prints medians, the ratio and peak memory; the last line is
``first paint 100k/1k: X``. Exit 0 when the target is met, 1 otherwise.

    .venv/bin/python benchmarks/bench_reveal.py [--quick] [--small 1000 --large 100000]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
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

TARGET = 1.5
#: From the synthetic log's shop window to the file: the shipped story's shortest way.
PATH = (
    "hinein",
    "vorbei",
    "korb",
    "elektronik",
    "kaufen",
    "kasse",
    "vortreten",
    "karte_zahlen",
    "raus",
    "kiosk",
    "albers",
    "bleiben",
)


def write_ended_save(path: Path, n: int) -> None:
    """An autosave of about ``n`` events whose game has reached the reveal."""
    from bench_tracking import synthetic_log

    from kaufhaus.game import Game
    from kaufhaus.saves import SaveHeader, encode_save
    from kaufhaus.story.loader import load_pack
    from kaufhaus.tracking.events import Event

    story = load_pack(ROOT / "scenes")
    events = [Event.from_dict(raw) for raw in synthetic_log(n)]
    game = Game.replay(story, events, seed=1)
    t = game.now
    for choice in PATH:
        t += 3.0
        game.choose(choice, t)
    assert game.ended, game.scene_id
    header = SaveHeader(story.id, story.content_hash, "de", 1, "2026-01-15T09:30:00+00:00")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(encode_save(header, game.log.events()))


def worker_reveal(path: Path) -> dict[str, Any]:
    """Resume the ended game in the headless TUI; time the reveal's first paint and the rest."""
    from kaufhaus.saves import load_game
    from kaufhaus.story.loader import load_pack
    from kaufhaus.tui.app import KaufhausApp
    from kaufhaus.tui.screens.reveal import RevealScreen

    story = load_pack(ROOT / "scenes")
    loaded = load_game(story, path)
    assert loaded.problem is None and loaded.game.ended
    events = len(loaded.game.log)
    app = KaufhausApp(story, lang="de", seed=1, saves=path.parent, fingerprint={"os": "bench"})
    out: dict[str, Any] = {"events": events}

    async def run() -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            start = time.perf_counter()
            app.resume(loaded, path)
            screen: Any = None
            while screen is None or screen.first_paint is None:
                await asyncio.sleep(0.001)
                screen = app.screen if isinstance(app.screen, RevealScreen) else None
            out["first_paint"] = screen.first_paint - start
            while not screen.ready:
                await asyncio.sleep(0.005)
            await pilot.pause()
            out["dossier"] = screen.dossier_at - start
            tab = time.perf_counter()
            await pilot.press("tab")
            await pilot.pause()
            out["log_tab"] = time.perf_counter() - tab
            assert screen._active() == "log" and screen._rows, "the log tab did not fill"

    asyncio.run(run())
    out["max_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return out


def run_worker(path: Path) -> dict[str, Any]:
    """One measurement in a fresh interpreter."""
    result = subprocess.run(
        [sys.executable, __file__, "--worker", "--path", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise SystemExit(f"worker failed:\n{result.stderr}")
    data: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    return data


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer rounds")
    parser.add_argument("--small", type=int, default=1_000)
    parser.add_argument("--large", type=int, default=100_000)
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--path", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker_reveal(args.path)))
        return 0

    rounds = 2 if args.quick else 5
    sizes = {"small": args.small, "large": args.large}
    label = {"small": f"{args.small / 1000:g}k", "large": f"{args.large / 1000:g}k"}
    results: dict[str, list[dict[str, Any]]] = {"small": [], "large": []}
    with tempfile.TemporaryDirectory(prefix="kh-bench-reveal-") as tmp:
        root = Path(tmp)
        masters = {}
        started = time.perf_counter()
        for name, n in sizes.items():
            masters[name] = root / f"master-{name}.jsonl"
            write_ended_save(masters[name], n)
        print(
            f"wrote ended games of {args.small:,} and {args.large:,} events in "
            f"{time.perf_counter() - started:.1f} s",
            flush=True,
        )
        for r in range(rounds):
            for name in ("small", "large") if r % 2 == 0 else ("large", "small"):
                folder = root / f"round-{r}-{name}"
                folder.mkdir()
                path = folder / "autosave.jsonl"
                path.write_bytes(masters[name].read_bytes())
                results[name].append(run_worker(path))
            print(f"round {r + 1}/{rounds} done", flush=True)

    def med(name: str, key: str) -> float:
        return statistics.median(r[key] for r in results[name])

    print()
    print(f"{'':28} {'at ' + label['small']:>12} {'at ' + label['large']:>12} {'ratio':>7}")
    ratio = med("large", "first_paint") / med("small", "first_paint")
    for key, title in (
        ("first_paint", "first card on screen"),
        ("dossier", "full dossier, tab filled"),
        ("log_tab", "Tab into the log"),
    ):
        small, large = med("small", key), med("large", key)
        note = f"  (target <= {TARGET:.1f})" if key == "first_paint" else ""
        print(f"{title:28} {small * 1e3:9.1f} ms {large * 1e3:9.1f} ms {large / small:7.2f}{note}")
    print(
        f"{'peak memory (process)':28} {med('small', 'max_rss_mb'):9.0f} MB "
        f"{med('large', 'max_rss_mb'):9.0f} MB"
    )
    ok = ratio <= TARGET
    print("target met" if ok else "OVER TARGET")
    print(f"first paint {label['large']}/{label['small']}: {ratio:.2f}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
