"""What does a large pack cost to check and to start playing?

    python benchmarks/bench_load.py [--scenes 10000] [--repeat 5] [--keep DIR] [--quick]

1. Generates a pack of ``--scenes`` scenes with *varied* templates (issue 10):
   every scene's texts are put together from a seeded random mix of about
   thirty kinds of template code (prices, articles, visit counts, loops over the
   basket, nested conditions, arithmetic, filters) with their own ids and
   numbers, and its variants, items and choices have their own conditions — not
   copies of one story, whose texts would share a handful of compiled shapes.
2. Measures, each in a **fresh process** (interpreter start and imports not
   counted; peak memory is the process's own maximum resident size, VmHWM), taking
   turns so that load on the machine hits all alike:

   * ``parse``: ``yaml.load(..., Loader=CSafeLoader)`` of the same files, the
     documents kept in memory — the baseline. It is libyaml's C parser with
     PyYAML's *Python* constructor building the dicts and lists, not a bare
     libyaml parse (that would be faster: no Python objects);
   * ``parse-nogc``: the same with Python's cycle collector off, for reference
     (check and play keep it off while they build the story); the ratios are
     against the plain parse;
   * ``check``: exactly what ``kaufhaus check`` does (load with positions,
     compile every template, cross-references, the story map, the render probe);
   * ``tui``: what a player waits for in the terminal game, and in ``kaufhaus
     serve``, which starts that game once per pupil: the app (headless, 80x24)
     given the pack's path paints its title, loads the story behind it
     (``kaufhaus.play.pack``: every front end's policy), probes the autosave
     ("ready"), and on Enter shows the first scene of a new game. The clock
     stops at that scene; "ready" is printed too;
   * ``plain``: ``kaufhaus play --plain``'s path (the same policy): load, a new
     game, the first scene rendered.
3. Times the story tester on the shipped story (steps per second).

Prints medians and ratios. Targets (issues 10 and 26): the TUI's (and serve's)
path ≤ 1.5x the parse, plain too, check ≤ 3x, peak memory of each ≤ 4x the
parse's.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
SCENES = ROOT / "scenes"
SCENES_PER_FILE = 400
PRODUCTS = 60

WORDS_DE = [
    *(
        [
            "Kasse",
            "Regal",
            "Licht",
            "Angebot",
            "Kamera",
            "Rolltreppe",
            "Duft",
            "Musik",
            "Verkäuferin",
            "Etikett",
        ]
    ),
    *(
        [
            "Korb",
            "Schild",
            "Rabatt",
            "Schaufenster",
            "Treppe",
            "Spiegel",
            "Kunde",
            "Lautsprecher",
            "Zettel",
        ]
    ),
]
WORDS_EN = [
    *(
        [
            "till",
            "shelf",
            "light",
            "offer",
            "camera",
            "escalator",
            "scent",
            "music",
            "assistant",
            "label",
            "basket",
        ]
    ),
    *(["sign", "discount", "window", "stairs", "mirror", "customer", "speaker", "note", "record"]),
]


class _Dumper(yaml.CSafeDumper):
    """Long texts as folded blocks, as authors write them."""


def _str(dumper: yaml.SafeDumper, data: str) -> yaml.ScalarNode:
    style = ">" if len(data) > 70 and "\n" not in data.strip() else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


_Dumper.add_representer(str, _str)


END = "{% endif %}"


class _Writer:
    """Template code for one pack: ids and numbers drawn from a seeded generator."""

    def __init__(self, rng: random.Random, scenes: int) -> None:
        self.rng = rng
        self.scenes = scenes

    def sid(self) -> str:
        return f"s{self.rng.randrange(self.scenes)}"

    def pid(self) -> str:
        return f"p{self.rng.randrange(PRODUCTS)}"

    def n(self, high: int = 9) -> int:
        return self.rng.randint(0, high)

    def words(self, lang: str, low: int = 4, high: int = 14) -> str:
        pool = WORDS_DE if lang == "de" else WORDS_EN
        return " ".join(self.rng.choice(pool) for _ in range(self.rng.randint(low, high))) + "."

    def fragment(self, lang: str) -> str:
        r = self.rng
        w = self.words
        kind = r.randrange(30)
        op = r.choice((">", ">=", "<", "==", "!="))
        if kind == 0:
            return f"{{{{ shop.price('{self.pid()}') }}}}"
        if kind == 1:
            return f"{{{{ shop.the('{self.pid()}', '{r.choice(('nom', 'acc', 'dat'))}') }}}}"
        if kind == 2:
            return (
                f"{{% if visits.{self.sid()} {op} {self.n()} %}}{w(lang)}"
                f"{{% else %}}{w(lang)}{{% endif %}}"
            )
        if kind == 3:
            return (
                f"{{% if shop.interest('{self.pid()}') {op} {self.n(5)} %}}{w(lang)}{{% endif %}}"
            )
        if kind == 4:
            sep = r.choice((", ", " / ", " und ", "; "))
            return (
                "{% for p in basket %}{{ shop.name(p) }}"
                f"{{% if not loop.last %}}{sep}{{% endif %}}{{% endfor %}}"
            )
        if kind == 5:
            return f"{{{{ shop.seconds('{self.sid()}') }}}} s"
        if kind == 6:
            return (
                f"{{% if shop.top %}}{{{{ shop.the(shop.top) }}}}{{% else %}}{w(lang)}{{% endif %}}"
            )
        if kind == 7:
            return f"{{{{ visits.{self.sid()} * {self.n()} + {self.n(99)} }}}}"
        if kind == 8:
            return f"{{% set n{self.n()} = visits.{self.sid()} %}}{w(lang, 1, 3)}"
        if kind == 9:
            options = ", ".join(repr(w(lang, 1, 4)) for _ in range(r.randint(2, 4)))
            return f"{{{{ shop.one_of({options}) }}}}"
        if kind == 10:
            return f"{{% if '{self.pid()}' in basket %}}{w(lang)}{{% endif %}}"
        if kind == 11:
            return (
                f"{{% if seen('{self.sid()}') and visits.{self.sid()} < {self.n()} %}}"
                f"{w(lang)}{{% endif %}}"
            )
        if kind == 12:
            return f"{{{{ (shop.interest('{self.pid()}') * {self.n(100)})|round|int }}}} %"
        if kind == 13:
            return (
                f"{{% if shop.knows('{self.pid()}') %}}{w(lang)}"
                f"{{% elif shop.mood %}}{{{{ shop.mood }}}}{END}"
            )
        if kind == 14:
            return f"{{{{ shop.probability('{self.pid()}') }}}} %"
        if kind == 15:
            return f"{{{{ basket|length }}}} {w(lang, 1, 2)}"
        if kind == 16:
            return f"{{% if shop.coupon('{self.pid()}') %}}{w(lang)}{{% endif %}}"
        if kind == 17:
            return (
                f"{{{{ '{w(lang, 1, 3)}'|{r.choice(('upper', 'lower', 'title', 'capitalize'))} }}}}"
            )
        if kind == 18:
            return f"{{% if lang == '{lang}' %}}{w(lang)}{{% endif %}}"
        if kind == 19:
            return f"{{{{ shop.twitches('{self.pid()}') }}}}"
        if kind == 20:
            return (
                f"{{% if visits.{self.sid()} + visits.{self.sid()} {op} {self.n()} %}}"
                f"{{{{ shop.price('{self.pid()}') }}}}{{% endif %}}"
            )
        if kind == 21:
            return f"{{{{ shop.normal_price('{self.pid()}') }}}}"
        if kind == 22:
            test = f"shop.surcharge('{self.pid()}')"
            return f"{{% if {test} %}}{w(lang)}{{% else %}}{w(lang)}{END}"
        if kind == 23:
            return f"{{{{ shop.times(visits.{self.sid()}) }}}}"
        if kind == 24:
            return "{{ shop.basket_total }}"
        if kind == 25:
            return "{% for s in shop.segments %}{{ s }} {% endfor %}"
        if kind == 26:
            return f"{{{{ [{self.n()}, {self.n()}, {self.n()}]|max }}}}"
        if kind == 27:
            return f"{{% if shop.price_changed('{self.pid()}') %}}{w(lang)}{{% endif %}}"
        if kind == 28:
            return "{{ shop.hesitation }} s"
        return w(lang)

    def text(self, lang: str, low: int, high: int) -> str:
        parts = [self.words(lang)]
        for _ in range(self.rng.randint(low, high)):
            parts.append(self.fragment(lang))
            if self.rng.random() < 0.6:
                parts.append(self.words(lang))
        return " ".join(parts)

    def localised(self, low: int, high: int) -> dict[str, str]:
        return {"de": self.text("de", low, high), "en": self.text("en", low, high)}

    def prose(self, high: int, share: float = 0.3) -> dict[str, str]:
        """A text with template code (1 to ``high`` pieces) in ``share`` of the cases,
        plain prose otherwise: about the shipped story's mix (a fifth of its texts
        hold template code, with a few tags each)."""
        if self.rng.random() < share:
            return self.localised(1, high)
        return self.localised(0, 0)

    def condition(self) -> str:
        r = self.rng
        op = r.choice((">", ">=", "<", "==", "!="))
        return r.choice(
            (
                f"visits.{self.sid()} {op} {self.n()}",
                f"shop.interest('{self.pid()}') {op} {self.n(5)}",
                f"'{self.pid()}' in basket",
                f"seen('{self.sid()}') or visits.{self.sid()} > {self.n()}",
                f"shop.knows('{self.pid()}') and not shop.coupon('{self.pid()}')",
                f"basket|length {op} {self.n(4)}",
                f"shop.seconds('{self.sid()}') > {self.n(60)}",
            )
        )


def generate(root: Path, scenes: int, seed: int = 10) -> int:
    """Write a pack of ``scenes`` scenes with varied templates into ``root``."""
    rng = random.Random(seed)
    writer = _Writer(rng, scenes)
    root.mkdir(parents=True, exist_ok=True)
    catalogue = {
        f"p{i}": {
            "name": {"de": f"Produkt {i}", "en": f"product {i}"},
            "category": rng.choice(("electronics", "fashion", "gifts")),
            "price": rng.choice((9.99, 49.95, 299, 1499, 12.5)),
            "forms": {
                "nom": f"das Produkt {i}",
                "acc": f"das Produkt {i}",
                "dat": f"dem Produkt {i}",
            },
        }
        for i in range(PRODUCTS)
    }
    header = {
        "id": "generated",
        "languages": ["de", "en"],
        "start": "s0",
        "categories": {
            "electronics": {"de": "Elektronik", "en": "electronics"},
            "fashion": {"de": "Mode", "en": "fashion"},
            "gifts": {"de": "Geschenke", "en": "gifts"},
        },
        "catalogue": catalogue,
    }
    (root / "story.yaml").write_text(
        yaml.dump(header, Dumper=_Dumper, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    shown = set()
    for first in range(0, scenes, SCENES_PER_FILE):
        out = []
        for k in range(first, min(scenes, first + SCENES_PER_FILE)):
            scene: dict[str, Any] = {
                "id": f"s{k}",
                "title": {"de": f"Abteilung {k}", "en": f"Department {k}"},
                "text": writer.prose(5, share=0.8),
            }
            if rng.random() < 0.5:
                scene["variants"] = [
                    {
                        "when": writer.condition(),
                        rng.choice(("text", "append")): writer.localised(0, 3),
                    }
                    for _ in range(rng.randint(1, 2))
                ]
            if rng.random() < 0.5:
                items = []
                for j in range(rng.randint(1, 2)):
                    item: dict[str, Any] = {
                        "id": f"i{k}_{j}",
                        "label": writer.prose(1, share=0.05),
                        "text": writer.prose(3),
                    }
                    if rng.random() < 0.5:
                        pid = writer.pid()
                        item["product"] = pid
                        shown.add(pid)
                    if rng.random() < 0.3:
                        item["when"] = writer.condition()
                    items.append(item)
                scene["items"] = items
            if k == scenes - 1 or (k % 500 == 499):
                scene["ending"] = "ende"
            else:
                choices = [{"id": "weiter", "label": writer.prose(1, 0.05), "goto": f"s{k + 1}"}]
                for j in range(rng.randint(0, 2)):
                    choice: dict[str, Any] = {
                        "id": f"c{j}",
                        "label": writer.prose(1, share=0.05),
                        "goto": writer.sid(),
                    }
                    if rng.random() < 0.5:
                        choice["when"] = writer.condition()
                    choices.append(choice)
                scene["choices"] = choices
            out.append(scene)
        (root / f"scenes_{first:05d}.yaml").write_text(
            yaml.dump(
                {"scenes": out}, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=80
            ),
            encoding="utf-8",
        )
    return scenes


# -- the measurements, each in a fresh process ------------------------------------------

_PARSE = """
import glob, sys, time, yaml
files = sorted(glob.glob(sys.argv[1] + '/*.yaml'))
started = time.perf_counter()
documents = []  # kept, as any loader keeps what it read: the memory baseline
for path in files:
    with open(path, encoding='utf-8') as handle:
        documents.append(yaml.load(handle.read(), Loader=yaml.CSafeLoader))
seconds = time.perf_counter() - started
"""

# For reference: the same parse with Python's cycle collector off, as ``check`` and
# starting a game keep it off while they build the story (kaufhaus/story/loader.py,
# ``no_collection``). The targets stay against the plain parse above.
_PARSE_NOGC = "import gc\ngc.disable()\n" + _PARSE

_CHECK = """
import sys, time
from kaufhaus.story.check import check_pack
from kaufhaus.storytest import facade_api, probe_pack
api = facade_api()
started = time.perf_counter()
story, problems = check_pack(sys.argv[1], probe_pack, api)
seconds = time.perf_counter() - started
errors = [p.format() for p in problems if p.severity == 'error']
assert story is not None and not errors, errors[:5]
"""

_PLAIN = """
import sys, time
from kaufhaus.game import Game
try:  # every front end's policy (issue 26)
    from kaufhaus.play.pack import open_pack
except ImportError:  # an older checkout: what plain mode did there
    from kaufhaus.story.loader import load_pack
    from kaufhaus.storytest import facade_api
    def open_pack(pack):
        return load_pack(pack, api=facade_api(), lazy=True)
started = time.perf_counter()
story = open_pack(sys.argv[1])
game = Game(story, lang='de', seed=1)
game.start(0.0, {})
view = game.view()
seconds = time.perf_counter() - started
assert view.text
"""

_TUI = """
import asyncio, sys, tempfile, time
from pathlib import Path
from kaufhaus.tui.app import KaufhausApp
from kaufhaus.tui.screens.scene import SceneScreen
saves = Path(tempfile.mkdtemp(prefix='kh-bench-load-'))

async def play():
    global seconds, ready
    started = time.perf_counter()
    app = KaufhausApp(pack=Path(sys.argv[1]), lang='de', seed=1, saves=saves,
                      fingerprint={'os': 'bench'})
    # Woken when the load ends, not polling: a poll every few ms would take the
    # interpreter's lock from the loading thread, which a real terminal does not.
    done = asyncio.Event()
    for name in ('_story_loaded', '_story_failed'):
        def wrapped(*args, _call=getattr(app, name)):
            _call(*args)
            done.set()
        setattr(app, name, wrapped)
    async with app.run_test(size=(80, 24)) as pilot:
        await done.wait()
        assert not app.load_problems, app.load_problems[:5]
        while getattr(app.screen, 'probe', None) is None:
            await asyncio.sleep(0.001)
        ready = time.perf_counter() - started  # title usable, story loaded, autosave probed
        await pilot.press('enter')  # New game
        while not isinstance(app.screen, SceneScreen):
            await asyncio.sleep(0.001)
        await pilot.pause()
        seconds = time.perf_counter() - started
        assert app.game is not None and app.game.view().text

asyncio.run(play())
"""

# Peak memory is this process's own high-water mark (VmHWM). Not ru_maxrss: Linux
# carries the parent's high-water mark into a child's ru_maxrss across exec, so
# every task would report at least this benchmark's own peak (the generated pack).
_REPORT = """
import json, resource
from pathlib import Path
status = Path('/proc/self/status')
hwm = ([l for l in status.read_text().splitlines() if l.startswith('VmHWM:')]
       if status.exists() else [])
peak_mb = (int(hwm[0].split()[1]) / 1024 if hwm
           else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
print(json.dumps({'seconds': seconds, 'ready': globals().get('ready'), 'peak_mb': peak_mb}))
"""

TASKS = {
    "parse": _PARSE,
    "parse-nogc": _PARSE_NOGC,
    "check": _CHECK,
    "tui": _TUI,
    "plain": _PLAIN,
}


def _run(task: str, pack: Path, python: str, path: str | None) -> dict[str, float]:
    env = None
    if path is not None:  # measure another checkout of the code (before/after)
        import os

        env = dict(os.environ, PYTHONPATH=path)
    result = subprocess.run(
        [python, "-c", TASKS[task] + _REPORT, str(pack)],
        cwd=path or ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=1800,
    )
    if result.returncode != 0:
        raise SystemExit(f"{task} failed:\n{result.stderr[-3000:]}")
    data: dict[str, float] = json.loads(result.stdout.strip().splitlines()[-1])
    return data


def bench_load(pack: Path, repeat: int, *, code: str | None = None, tasks: tuple[str, ...]) -> bool:
    files = sorted(pack.glob("*.yaml"))
    size = sum(p.stat().st_size for p in files)
    print(f"pack: {len(files)} files, {size / 1e6:.1f} MB")
    runs: dict[str, list[dict[str, float]]] = {t: [] for t in tasks}
    for _ in range(repeat):  # take turns: load on the machine hits every task alike
        for task in tasks:
            runs[task].append(_run(task, pack, sys.executable, code))
    seconds = {t: statistics.median(r["seconds"] for r in runs[t]) for t in tasks}
    peak = {t: statistics.median(r["peak_mb"] for r in runs[t]) for t in tasks}
    base_s, base_mb = seconds["parse"], peak["parse"]
    print(f"{'':10} {'median s':>9} {'ratio':>6} {'peak MB':>8} {'ratio':>6}   runs (s)")
    targets = {"check": (3.0, 4.0), "tui": (1.5, 4.0), "plain": (1.5, 4.0)}
    met = True
    for task in tasks:
        times = ", ".join(f"{r['seconds']:.2f}" for r in runs[task])
        line = (
            f"{task:10} {seconds[task]:9.2f} {seconds[task] / base_s:6.2f} "
            f"{peak[task]:8.0f} {peak[task] / base_mb:6.2f}   {times}"
        )
        if task in targets:
            time_target, memory_target = targets[task]
            line += f"   (targets: time <= {time_target}, memory <= {memory_target})"
            met &= seconds[task] / base_s <= time_target and peak[task] / base_mb <= memory_target
        print(line)
    if "tui" in tasks:
        ready = statistics.median(r["ready"] for r in runs["tui"])
        print(
            f"tui: ready (title usable, story loaded, autosave probed) after {ready:.2f} s "
            f"= {ready / base_s:.2f} x the parse; the first scene of a new game after "
            f"{seconds['tui']:.2f} s = {seconds['tui'] / base_s:.2f} x"
        )
    return met


def bench_storytest() -> None:
    from kaufhaus.story.loader import load_pack
    from kaufhaus.storytest import quicktest, randomtest

    story = load_pack(SCENES)
    report = quicktest(story)
    print(
        f"quicktest on the shipped story: {report.states} states, {report.steps} steps in "
        f"{report.seconds:.2f} s = {report.steps / report.seconds:,.0f} steps/s "
        f"({'full coverage' if report.ok else 'NOT complete'})"
    )
    report = randomtest(story, runs=100, seed=1)
    print(
        f"randomtest, 100 games: {report.steps} steps in {report.seconds:.2f} s = "
        f"{report.steps / report.seconds:,.0f} steps/s, {len(report.failures)} failures"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scenes", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--keep", type=Path, help="generate the pack here and keep it")
    parser.add_argument("--quick", action="store_true", help="3 repetitions (for run_all.py)")
    parser.add_argument(
        "--code", help="measure the kaufhaus package in this folder instead (e.g. an older commit)"
    )
    parser.add_argument(
        "--tasks", default="parse,parse-nogc,check,tui,plain", help="comma-separated"
    )
    parser.add_argument("--no-storytest", action="store_true")
    args = parser.parse_args()
    if args.quick:
        args.repeat = min(args.repeat, 3)
    tasks = tuple(args.tasks.split(","))
    if "parse" not in tasks:
        tasks = ("parse", *tasks)
    with tempfile.TemporaryDirectory() as tmp:
        pack = args.keep or Path(tmp) / "pack"
        if not (pack / "story.yaml").exists():
            started = time.perf_counter()
            count = generate(pack, args.scenes)
            print(f"generated {count} scenes in {time.perf_counter() - started:.1f} s")
        met = bench_load(pack, args.repeat, code=args.code, tasks=tasks)
    if not args.no_storytest:
        bench_storytest()
    print("targets met" if met else "OVER TARGET")
    return 0 if met else 1


if __name__ == "__main__":
    raise SystemExit(main())
