"""How does the dossier export scale with the length of a scene text?

    python benchmarks/bench_export.py [--quick] [--repeat 5]

The HTML export sets each scene's text beside the neutral shopper's, with
the differing words marked; that word diff was quadratic (a 5,000-word scene
took 24 s to export, 20,000 words 379 s). For texts of 1,000, 5,000 and
20,000 words (the shipped story's own words, repeated and shuffled, with a
few sentences added for the player and one word changed), this measures, each
size in fresh processes:

- the word diff alone (``_diff_marks`` both ways, as the page does), and
- ``to_html`` of a dossier holding one scene of that length.

Prints medians per size and the cost per word against the 1,000-word
baseline of the same run; the target is a per-word ratio of at most 2.0 at
20,000 words (linear: 1.0).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SIZES = (1_000, 5_000, 20_000)


def _texts(words: int) -> tuple[str, str]:
    """A neutral text of ``words`` words and the player's version of it."""
    from kaufhaus.story.loader import load_pack

    story = load_pack(ROOT / "scenes")
    vocab: list[str] = []
    for scene in story.scenes.values():
        vocab += re.findall(r"[^\s{}%]+", scene.text.source("de"))
    rng = random.Random(words)
    neutral = [rng.choice(vocab) for _ in range(words)]
    mine = list(neutral)
    for at in (words // 5, words // 2, 4 * words // 5):
        mine[at:at] = ["Genau", "Ihr", "Ding,", "Max", "Mustermann!"]
    mine[words // 3] = "Sonderpreis"
    return " ".join(mine), " ".join(neutral)


def _child(words: int, what: str, dossier_path: Path) -> float:
    from kaufhaus.dossier.export import _diff_marks, to_html

    mine, neutral = _texts(words)
    if what == "diff":
        start = time.perf_counter()
        _diff_marks(mine, neutral, None)
        _diff_marks(neutral, mine, "gone")
        return time.perf_counter() - start
    dossier = json.loads(dossier_path.read_text(encoding="utf-8"))
    dossier["shown_vs_neutral"] = [
        {
            "event": 1,
            "scene": "verkaufsraum",
            "title": {"de": "Der Verkaufsraum", "en": "The sales floor"},
            "text": mine,
            "neutral_text": neutral,
            "personalised": True,
            "added_for_you": True,
            "prices": {},
            "neutral_prices": {},
            "prices_personalised": False,
            "price_differences": [],
        }
    ]
    start = time.perf_counter()
    to_html(dossier, "de")
    return time.perf_counter() - start


def _dossier(path: Path) -> None:
    """One real dossier (the TV fan's walkthrough), written once for the children."""
    from kaufhaus.dossier.export import to_json
    from kaufhaus.dossier.model import build_dossier
    from kaufhaus.story.loader import load_pack
    from kaufhaus.walkthrough import load_walkthrough, play

    story = load_pack(ROOT / "scenes")
    game = play(story, load_walkthrough(ROOT / "walkthroughs" / "tv-fan.yaml"))
    path.write_text(to_json(build_dossier(game)), encoding="utf-8")


def _measure(words: int, what: str, repeat: int, path: Path) -> float:
    times = []
    for _ in range(repeat):
        out = subprocess.run(
            [sys.executable, __file__, "--child", str(words), what, str(path)],
            check=True,
            capture_output=True,
            text=True,
        )
        times.append(float(out.stdout.strip()))
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(_child(int(args.child[0]), args.child[1], Path(args.child[2])))
        return 0
    repeat = 3 if args.quick else args.repeat
    folder = Path(tempfile.mkdtemp(prefix="kaufhaus-bench-export-"))
    path = folder / "dossier.json"
    _dossier(path)
    ok = True
    try:
        for what in ("diff", "html"):
            medians = {n: _measure(n, what, repeat, path) for n in SIZES}
            base = medians[SIZES[0]] / SIZES[0]
            for n in SIZES:
                ratio = (medians[n] / n) / base
                print(
                    f"{what:5} {n:>6} words: median {medians[n] * 1000:8.1f} ms, "
                    f"per word {ratio:4.2f}x the 1,000-word text"
                )
            ok &= (medians[SIZES[-1]] / SIZES[-1]) / base <= 2.0
    finally:
        path.unlink(missing_ok=True)
        folder.rmdir()
    print("target (per-word ratio at 20,000 words <= 2.0):", "met" if ok else "MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
