"""Command line: ``kaufhaus [play|check|autoplay|graph|story-test|forget|export]``.

Imports lazily so that ``kaufhaus --version`` and the first paint of the game
do not wait for modules they do not need.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

from kaufhaus import __version__

REPO_SCENES = Path(__file__).resolve().parent.parent / "scenes"


def default_pack() -> Path:
    env = os.environ.get("KAUFHAUS_SCENES")
    if env:
        return Path(env)
    if REPO_SCENES.is_dir():
        return REPO_SCENES
    return Path.cwd() / "scenes"


def _err(message: str) -> None:
    print(message, file=sys.stderr)


def _load_story(pack: Path | None) -> Any:
    """Load a pack or print its problems and return None."""
    from kaufhaus.story.errors import StoryLoadError
    from kaufhaus.story.loader import load_pack

    try:
        return load_pack(pack or default_pack())
    except StoryLoadError as exc:
        for problem in exc.problems:
            if problem.severity == "error":
                _err(problem.format())
        count = sum(1 for p in exc.problems if p.severity == "error")
        _err(f"{count} error(s); the scene pack cannot be played.")
        return None


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kaufhaus",
        description="Kaufhaus Internet – a satirical text adventure about the transparent "
        "customer. Nothing you do here leaves your computer.",
    )
    parser.add_argument("--version", action="version", version=f"kaufhaus {__version__}")
    sub = parser.add_subparsers(dest="command")

    play = sub.add_parser("play", help="play the game (the default)")
    _play_args(play)

    check = sub.add_parser("check", help="check a scene pack for problems")
    check.add_argument("pack", nargs="?", type=Path, help="folder or .yaml file (default: scenes)")
    check.add_argument("--strict", action="store_true", help="treat warnings as errors")
    check.add_argument("--format", choices=("text", "json"), default="text")

    auto = sub.add_parser("autoplay", help="play a walkthrough file headless")
    auto.add_argument("walkthrough", type=Path)
    auto.add_argument("--pack", type=Path, help="scene pack (default: scenes)")
    auto.add_argument("--dossier", type=Path, help="write the dossier as JSON here")
    auto.add_argument("--transcript", action="store_true", help="print every scene as shown")

    forget = sub.add_parser("forget", help="delete all saves and exported dossiers")
    forget.add_argument("--yes", action="store_true", help="do not ask")
    forget.add_argument("--saves", type=Path, help="save folder (default: ./saves)")
    return parser


def _play_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--lang", choices=("de", "en"), default=None, help="language")
    parser.add_argument("--pack", type=Path, help="scene pack (default: scenes)")
    parser.add_argument("--seed", type=int, default=None, help="seed for a reproducible game")
    parser.add_argument("--saves", type=Path, help="save folder (default: ./saves)")
    parser.add_argument("--xray", action="store_true", help="show what the shop logs, live")
    parser.add_argument("--plain", action="store_true",
                        help="numbered lines and prompts, for screen readers and dumb terminals")


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    commands = {"play", "check", "autoplay", "forget", "-h", "--help", "--version"}
    if not argv or argv[0] not in commands:
        argv = ["play", *argv]
    args = build_parser().parse_args(argv)
    try:
        if args.command == "check":
            return cmd_check(args)
        if args.command == "autoplay":
            return cmd_autoplay(args)
        if args.command == "forget":
            return cmd_forget(args)
        return cmd_play(args)
    except KeyboardInterrupt:
        return 130


def cmd_check(args: argparse.Namespace) -> int:
    from kaufhaus.game import probe_templates
    from kaufhaus.story.check import check_pack

    pack = args.pack or default_pack()
    _story, problems = check_pack(pack, probe_templates)
    errors = [p for p in problems if p.severity == "error" or args.strict]
    if args.format == "json":
        print(json.dumps({"pack": str(pack), "problems": [p.as_dict() for p in problems],
                          "ok": not errors}, ensure_ascii=False, indent=2))
    else:
        for problem in problems:
            print(problem.format(), file=sys.stderr if problem in errors else sys.stdout)
        warnings = len(problems) - len([p for p in problems if p.severity == "error"])
        if errors:
            _err(f"{pack}: {len(errors)} error(s), {warnings} warning(s)")
        else:
            print(f"{pack}: ok ({warnings} warning(s))")
    return 1 if errors else 0


def cmd_autoplay(args: argparse.Namespace) -> int:
    from kaufhaus.dossier.model import build_dossier
    from kaufhaus.walkthrough import Transcript, WalkthroughError, load_walkthrough, play

    story = _load_story(args.pack)
    if story is None:
        return 1
    try:
        walkthrough = load_walkthrough(args.walkthrough)
        transcript = Transcript() if args.transcript else None
        game = play(story, walkthrough, transcript=transcript)
    except WalkthroughError as exc:
        _err(str(exc))
        return 1
    if transcript is not None:
        print("\n".join(transcript.lines))
    if args.dossier:
        from kaufhaus.dossier.export import write_json

        write_json(build_dossier(game), args.dossier)
        print(f"dossier written to {args.dossier}", file=sys.stderr)
    return 0


def cmd_forget(args: argparse.Namespace) -> int:
    from kaufhaus.saves import default_save_dir

    folder = args.saves or default_save_dir()
    files = sorted(p for p in folder.glob("*") if p.is_file() and p.name != "README.md") \
        if folder.is_dir() else []
    if not files:
        print(f"{folder}: nothing to forget.")
        return 0
    if not args.yes:
        answer = input(f"Delete {len(files)} file(s) in {folder}? [y/N] ")
        if answer.strip().lower() not in ("y", "yes", "j", "ja"):
            print("Nothing deleted.")
            return 0
    for path in files:
        path.unlink()
    print(f"Forgotten: {len(files)} file(s) deleted from {folder}.")
    return 0


def cmd_play(args: argparse.Namespace) -> int:
    story = _load_story(args.pack)
    if story is None:
        return 1
    lang = args.lang or _guess_lang()
    saves = args.saves
    if args.plain:
        from kaufhaus.plain import run_plain

        return run_plain(story, lang=lang, seed=args.seed, saves=saves)
    from kaufhaus.tui.app import KaufhausApp

    app = KaufhausApp(story, lang=lang, seed=args.seed, saves=saves, xray=args.xray)
    app.run()
    return app.return_code or 0


def _guess_lang() -> str:
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        if value:
            return "en" if value.lower().startswith("en") else "de"
    return "de"
