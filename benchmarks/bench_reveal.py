"""Continue on an ended game: how long until the reveal's first card, at 1k and 100k events?

The reveal used to build the whole dossier before showing anything: 4.75 s at
10,000 events, a 46-second freeze at 100,000. Now its first card comes from
the game state and the dossier is built in a thread after the first paint.
But a player who chooses Continue waits for the save's replay first, so that
is timed too.

For each size, in fresh processes (sizes interleaved over the rounds, so
machine load hits both alike), the TUI (headless, 80x24) starts as the player
starts it (given the pack's path: the title, the story loaded behind it, the
autosave probed), and once Continue is offered the benchmark presses Enter on
it and times:

1. **Continue → first card**: from the key press to the reveal's first card
   on screen (``RevealScreen.first_paint``), the save's replay included
   (what the player waits for; reported, no target: the replay is O(n) by
   nature – bench_saves.py holds it to 3 x a bare ``json.loads``);
2. **replay**: its first part, until the replayed game is handed to the app
   (reading, checking and replaying the save, in a thread above 1 MB);
3. **after the replay → first card**: the rest. Target: 100k/1k <= 1.5;
4. **dossier**: from the key press until the full dossier is built and the
   active tab filled (reported: O(n) by nature, off the UI thread);
5. **log tab**: pressing Tab into the log once the dossier is there (one page
   of rows; reported).

Prints medians, ratios and peak memory; the last line is ``after the replay
100k/1k: X``. Exit 0 when the target is met, 1 otherwise.

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
    """Continue the ended game from the title of the headless TUI; time it to the first card."""
    from kaufhaus.tui.app import KaufhausApp
    from kaufhaus.tui.screens.reveal import RevealScreen
    from kaufhaus.tui.screens.title import TitleScreen

    # As the player starts it: the title first, the story loaded behind it.
    app = KaufhausApp(
        pack=ROOT / "scenes", lang="de", seed=1, saves=path.parent, fingerprint={"os": "bench"}
    )
    out: dict[str, Any] = {}
    replayed: list[float] = []
    resume = app.resume

    def timed_resume(loaded: Any, where: Path) -> None:
        replayed.append(time.perf_counter())  # the replay is done: the app takes over
        out["events"] = len(loaded.game.log)
        resume(loaded, where)

    app.resume = timed_resume  # type: ignore[method-assign]

    async def run() -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            title: Any = app.screen
            assert isinstance(title, TitleScreen)
            while title.probe is None:  # the title labels Continue once the story is loaded
                assert not app.load_problems, app.load_problems
                await pilot.pause(0.005)
            assert title.probe.path is not None and title.probe.summary is not None
            await pilot.press("down")  # from New game to Continue
            await pilot.pause()
            start = time.perf_counter()
            await pilot.press("enter")
            screen: Any = None
            while screen is None or screen.first_paint is None:
                await asyncio.sleep(0.001)
                screen = app.screen if isinstance(app.screen, RevealScreen) else None
            out["continue"] = screen.first_paint - start
            out["replay"] = replayed[0] - start
            out["after_replay"] = screen.first_paint - replayed[0]
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
    out["max_rss_mb"] = own_peak_mb()
    return out


def own_peak_mb() -> float:
    """This process's own peak resident memory (VmHWM), in MB.

    Not ``ru_maxrss``: Linux carries the parent's high-water mark into a child's
    ru_maxrss across exec, so the worker would report at least the parent's peak
    (which wrote the 100,000-event save) at 1k events too.
    """
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


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
    events = f"{med('small', 'events'):,.0f} / {med('large', 'events'):,.0f} events"
    print(f"{'':30} {'at ' + label['small']:>12} {'at ' + label['large']:>12} {'ratio':>7}")
    ratio = med("large", "after_replay") / med("small", "after_replay")
    for key, title in (
        ("continue", "Continue -> first card"),
        ("replay", "  of it the replay"),
        ("after_replay", "  after the replay"),
        ("dossier", "full dossier, tab filled"),
        ("log_tab", "Tab into the log"),
    ):
        small, large = med("small", key), med("large", key)
        note = f"  (target <= {TARGET:.1f})" if key == "after_replay" else ""
        print(f"{title:30} {small * 1e3:9.1f} ms {large * 1e3:9.1f} ms {large / small:7.2f}{note}")
    print(
        f"{'peak memory (process)':30} {med('small', 'max_rss_mb'):9.0f} MB "
        f"{med('large', 'max_rss_mb'):9.0f} MB   ({events})"
    )
    ok = ratio <= TARGET
    print(
        f"Continue -> first card: {med('small', 'continue') * 1e3:.0f} ms at {label['small']}, "
        f"{med('large', 'continue') * 1e3:.0f} ms at {label['large']} (replay included)"
    )
    print("target met" if ok else "OVER TARGET")
    print(f"after the replay {label['large']}/{label['small']}: {ratio:.2f}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
