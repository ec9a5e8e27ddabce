"""Does the shop slow down as its file on you grows? It must not.

Measures, in one run, the cost of one more event and of one render after
1,000 and after 100,000 prior events, and prints medians and the ratio
(target: <= 1.10). Machines are shared and noisy: measurements are
interleaved and repeated, and only medians are compared.

    .venv/bin/python benchmarks/bench_tracking.py [--quick]
"""

from __future__ import annotations

import argparse
import gc
import statistics
import time
from pathlib import Path
from typing import Any

from kaufhaus.game import Game
from kaufhaus.story.loader import load_pack
from kaufhaus.tracking.events import Event, Kind

ROOT = Path(__file__).resolve().parent.parent
TARGET = 1.10


def synthetic_log(n: int) -> list[dict[str, Any]]:
    """A plausible long session: a customer who never stops looking at the window."""
    events: list[dict[str, Any]] = []

    def add(kind: str, t: float, scene: str, target: str | None = None, **data: Any) -> None:
        events.append(
            {
                "id": len(events),
                "kind": kind,
                "t": t,
                "scene": scene,
                "target": target,
                "data": data,
            }
        )

    # The tram (the errand: nothing at all), then the banner, as the game logs them.
    add("session_start", 0.0, "unterwegs")
    add("scene_enter", 0.0, "unterwegs", "unterwegs", place="Straßenbahn", featured=[])
    add("choice", 0.5, "unterwegs", "nichts", goto="vorhaben_nichts")
    add("state", 0.5, "unterwegs", "errand", value="nichts")
    add("scene_leave", 0.5, "unterwegs", "unterwegs", dwell=0.5)
    add("scene_enter", 0.5, "vorhaben_nichts", "vorhaben_nichts", place="Straßenbahn", featured=[])
    add("choice", 1.0, "vorhaben_nichts", "aussteigen", goto="eingang")
    add("scene_leave", 1.0, "vorhaben_nichts", "vorhaben_nichts", dwell=0.5)
    add("scene_enter", 1.0, "eingang", "eingang", place="Gehweg", featured=[])
    add("consent", 1.0, "eingang", "alle", choice="all")
    add("choice", 1.0, "eingang", "alle", goto="schaufenster")
    add("scene_leave", 1.0, "eingang", "eingang", dwell=1.0)
    featured = ["tv", "bierfass", "salatschleuder", "pelzmantel"]
    add("scene_enter", 1.0, "schaufenster", "schaufenster", place="Schaufenster", featured=featured)
    items = [
        ("fernseher", "tv"),
        ("bierfass", "bierfass"),
        ("salatschleuder", "salatschleuder"),
        ("pelzmantel", "pelzmantel"),
    ]
    t = 1.0
    i = 0
    rounds = 0  # walks round the block
    while len(events) < n:
        t += 0.5
        item, product = items[i % len(items)]
        step = i % 10
        if step in (0, 5):
            add("examine", t, "schaufenster", item, product=product)
        elif step in (1, 6):
            add("hover", t, "schaufenster", item, product=product)
        elif step == 2:
            add("highlight", t, "schaufenster", "hinein", source="keyboard")
        elif step == 3:
            add("price_look", t, "schaufenster", "tv", product="tv", price=1499.0, normal=1499.0)
        elif step == 4:
            add("idle", t, "schaufenster", None, seconds=31.0)
        elif step == 9 and len(events) + 3 <= n and rounds < 2:  # the story allows two
            rounds += 1
            add("choice", t, "schaufenster", "nochmal", goto="schaufenster")
            add("scene_leave", t, "schaufenster", "schaufenster", dwell=4.0)
            add(
                "scene_enter",
                t,
                "schaufenster",
                "schaufenster",
                place="Schaufenster",
                featured=featured,
            )
        else:
            add("hover", t, "schaufenster", "hinein")
        i += 1
    return events[:n]


def build(story: Any, n: int) -> Game:
    events = [Event.from_dict(raw) for raw in synthetic_log(n)]
    return Game.replay(story, events, seed=1)


def one_round(game: Game, t: float, k: int) -> tuple[float, float, float]:
    """Seconds for: one event through the game, one profile fold, one render."""
    start = time.perf_counter()
    if k % 2:
        game.examine("fernseher", t)
    else:
        game.hover("bierfass", t)
    event_s = time.perf_counter() - start

    extra = Event(len(game.log), Kind.HIGHLIGHT, t, "schaufenster", "hinein", {"product": "tv"})
    start = time.perf_counter()
    game.profile.apply(extra)
    fold_s = time.perf_counter() - start
    game.profile.processed.pop()  # keep the profile consistent with the log

    start = time.perf_counter()
    game.view()
    render_s = time.perf_counter() - start
    return event_s, fold_s, render_s


def measure(games: dict[str, Game], repeats: int) -> dict[str, list[tuple[float, float, float]]]:
    """Alternate between the games call by call, so machine noise hits both alike."""
    samples: dict[str, list[tuple[float, float, float]]] = {name: [] for name in games}
    clocks = {name: game.now for name, game in games.items()}
    for k in range(repeats):
        for name, game in games.items():
            clocks[name] += 0.25
            samples[name].append(one_round(game, clocks[name], k))
    return samples


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    args = parser.parse_args()
    repeats = 300 if args.quick else 2000
    rounds = 3 if args.quick else 7

    story = load_pack(ROOT / "scenes")
    start = time.perf_counter()
    small = build(story, 1_000)
    large = build(story, 100_000)
    print(
        f"built logs of {len(small.log):,} and {len(large.log):,} events "
        f"in {time.perf_counter() - start:.1f} s"
    )

    games = {"small": small, "large": large}
    results: dict[str, list[tuple[float, float, float]]] = {"small": [], "large": []}
    # As timeit does: the cyclic garbage collector's pauses grow with the heap,
    # which is the benchmark's own 100,000 events, not the engine's work.
    gc.collect()
    gc.freeze()
    gc.disable()
    try:
        for _ in range(rounds):
            for name, samples in measure(games, repeats).items():
                results[name].append(
                    tuple(  # type: ignore[arg-type]
                        statistics.median(sample[i] for sample in samples) for i in range(3)
                    )
                )
    finally:
        gc.enable()

    labels = ("one event (game)", "one event (profile fold)", "one render (scene view)")
    worst = 0.0
    print(f"{'':28} {'after 1,000':>14} {'after 100,000':>14} {'ratio':>7}")
    for index, label in enumerate(labels):
        small_med = statistics.median(r[index] for r in results["small"])
        large_med = statistics.median(r[index] for r in results["large"])
        ratio = large_med / small_med
        worst = max(worst, ratio)
        print(f"{label:28} {small_med * 1e6:11.1f} µs {large_med * 1e6:11.1f} µs {ratio:7.2f}")
    verdict = "OK" if worst <= TARGET else "OVER TARGET"
    print(f"worst ratio {worst:.2f} (target <= {TARGET:.2f}): {verdict}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
