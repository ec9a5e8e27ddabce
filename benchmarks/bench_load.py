"""How fast do large packs load, and how fast does the story tester play?

    python benchmarks/bench_load.py [--scenes 10000] [--repeat 5] [--keep DIR]

1. Generates a pack of ``--scenes`` scenes in a temporary folder: copies of the
   shipped story with their own ids (so ``goto``, ``visits.x``, ``seen('x')``
   and ``shop.seconds('x')`` stay consistent), every text made unique by its
   copy number, one file per 40 copies. So the mix of plain texts, templates
   and conditions is the shipped story's, not an easy one.
2. Times, in the same run and alternating, ``yaml.load(..., Loader=CSafeLoader)``
   of the same files against our load + check (loading with positions,
   compiling every template, the cross-reference and story-map checks). The
   render probe of ``kaufhaus check`` is timed separately, once.
3. Times the story tester on the shipped story (steps per second).

Prints medians and the ratio; the target is a ratio of at most 2.0.
"""

from __future__ import annotations

import argparse
import copy
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kaufhaus.story.check import graph_problems  # noqa: E402
from kaufhaus.story.loader import _Builder, load_pack_with_problems  # noqa: E402

SCENES = ROOT / "scenes"


class _Dumper(yaml.CSafeDumper):
    """Long texts as folded blocks, as authors write them."""


def _str(dumper: yaml.SafeDumper, data: str) -> yaml.ScalarNode:
    style = ">" if len(data) > 70 and "\n" not in data.strip() else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


_Dumper.add_representer(str, _str)


def generate(root: Path, scenes: int) -> int:
    """Write a pack of at least ``scenes`` scenes (whole copies of the story)."""
    header = yaml.load((SCENES / "story.yaml").read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    base: list[dict[str, Any]] = []
    for path in sorted(SCENES.glob("[0-9]*.yaml")):
        base += yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)["scenes"]
    ids = [s["id"] for s in base]
    refs = re.compile(r"\b(visits\.|seconds\(')(" + "|".join(map(re.escape, ids)) + r")\b")
    # The copies are chained: the last scene with choices leads on to the next copy.
    last_scene = [s["id"] for s in base if s.get("choices") and not s.get("ending")][-1]
    copies = -(-scenes // len(base))
    header["start"] = f"{header['start']}_0"
    root.mkdir(parents=True, exist_ok=True)
    (root / "story.yaml").write_text(
        yaml.dump(header, Dumper=_Dumper, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )

    def rename(value: Any, k: int) -> Any:
        if isinstance(value, str):
            return refs.sub(lambda m: f"{m.group(1)}{m.group(2)}_{k}", value)
        if isinstance(value, dict):
            return {a: rename(b, k) for a, b in value.items()}
        if isinstance(value, list):
            return [rename(b, k) for b in value]
        return value

    def tag(text: Any, k: int) -> Any:
        if isinstance(text, dict):
            return {lang: f"({k}) {t}" for lang, t in text.items()}
        return f"({k}) {text}"

    per_file = 40
    for first in range(0, copies, per_file):
        out = []
        for k in range(first, min(copies, first + per_file)):
            for original in base:
                scene = rename(copy.deepcopy(original), k)
                sid = scene["id"]
                scene["id"] = f"{sid}_{k}"
                for choice in scene.get("choices", []):
                    choice["goto"] = f"{choice['goto']}_{k}"
                scene["text"] = tag(scene["text"], k)
                if "title" in scene:
                    scene["title"] = tag(scene["title"], k)
                for variant in scene.get("variants", []):
                    key = "text" if "text" in variant else "append"
                    variant[key] = tag(variant[key], k)
                for item in scene.get("items", []):
                    item["text"] = tag(item["text"], k)
                if sid == last_scene and k + 1 < copies and not scene.get("ending"):
                    scene.setdefault("choices", []).append(
                        {
                            "id": "weiter",
                            "label": {"de": "Weiter", "en": "Next"},
                            "goto": f"{base[0]['id']}_{k + 1}",
                        }
                    )
                out.append(scene)
        (root / f"scenes_{first:05d}.yaml").write_text(
            yaml.dump(
                {"scenes": out}, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=80
            ),
            encoding="utf-8",
        )
    return copies * len(base)


def _plain_yaml(files: list[Path]) -> None:
    for path in files:
        yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)


def _ours(pack: Path) -> tuple[Any, list[Any]]:
    story, problems = load_pack_with_problems(pack)
    assert story is not None, [p.format() for p in problems[:5]]
    problems = problems + graph_problems(story)
    return story, problems


def _timed(fn: Callable[[], Any]) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def bench_load(pack: Path, repeat: int) -> None:
    files = sorted(pack.glob("*.yaml"))
    size = sum(p.stat().st_size for p in files)
    print(f"pack: {len(files)} files, {size / 1e6:.1f} MB")
    story, problems = _ours(pack)  # warm-up (imports, caches of the OS)
    errors = [p for p in problems if p.severity == "error"]
    print(
        f"      {len(story.scenes)} scenes, {len(errors)} errors, "
        f"{len(problems) - len(errors)} warnings"
    )
    plain: list[float] = []
    ours: list[float] = []
    for _ in range(repeat):  # alternate, so that load on the machine hits both alike
        plain.append(_timed(lambda: _plain_yaml(files)))
        ours.append(_timed(lambda: _ours(pack)))
    p, o = statistics.median(plain), statistics.median(ours)
    print(f"yaml.load (CSafeLoader), median of {repeat}: {p:6.2f} s")
    print(
        f"our load + check,        median of {repeat}: {o:6.2f} s   "
        f"(runs: {', '.join(f'{t:.2f}' for t in ours)})"
    )
    print(f"ratio: {o / p:.2f}  (target <= 2.0)")

    builder = _Builder()
    from kaufhaus.story import loader

    original = loader._Builder
    loader._Builder = lambda api=None: builder  # type: ignore[assignment,misc]
    try:
        load_pack_with_problems(pack)
    finally:
        loader._Builder = original  # type: ignore[misc]
    stats = builder.compiler.stats
    print(
        f"templates: {stats['static']} plain texts, {stats['exact']} repeated sources, "
        f"{stats['shapes']} distinct shapes compiled, {stats['shape_hits']} shared, "
        f"{stats['full']} compiled on their own"
    )

    from kaufhaus.storytest import probe_pack

    probe = _timed(lambda: probe_pack(story))
    print(f"render probe of kaufhaus check (once): {probe:.2f} s")


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
    args = parser.parse_args()
    if args.quick:
        args.repeat = min(args.repeat, 3)
    with tempfile.TemporaryDirectory() as tmp:
        pack = args.keep or Path(tmp) / "pack"
        started = time.perf_counter()
        count = generate(pack, args.scenes)
        print(f"generated {count} scenes in {time.perf_counter() - started:.1f} s")
        bench_load(pack, args.repeat)
    bench_storytest()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
