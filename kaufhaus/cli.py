"""Command line: ``kaufhaus [play|check|autoplay|graph|story-test|forget|dossier]``.

Imports lazily so that ``kaufhaus --version`` and the first paint of the game
do not wait for modules they do not need.
"""

from __future__ import annotations

import dataclasses
import os
import sys
from datetime import date
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from kaufhaus import __version__

if TYPE_CHECKING:
    import argparse

REPO_SCENES = Path(__file__).resolve().parent.parent / "scenes"


def _saves_help() -> str:
    """The --saves help names the folder really used: $KAUFHAUS_SAVES when it is set."""
    env = os.environ.get("KAUFHAUS_SAVES")
    if env:  # argparse formats help with %: a folder named "100%" must not break it
        return "save folder (default: $KAUFHAUS_SAVES = " + env.replace("%", "%%") + ")"
    return "save folder (default: ./saves, or $KAUFHAUS_SAVES when set)"


def _count(n: int, word: str) -> str:
    """``1 error``, ``2 errors``: an English count for the author's terminal."""
    from kaufhaus.tracking.numbers import plural

    return f"{n} {plural(n, word, word + 's')}"


def default_pack() -> Path:
    env = os.environ.get("KAUFHAUS_SCENES")
    if env:
        return Path(env)
    if REPO_SCENES.is_dir():
        return REPO_SCENES
    return Path.cwd() / "scenes"


def _err(message: str) -> None:
    print(message, file=sys.stderr)


def _load_story(pack: Path | None, *, to_play: bool = False) -> Any:
    """Load a pack or print its problems and return None.

    ``to_play``: as every front end opens a pack (``kaufhaus.play.pack``:
    templates compiled when first shown); the testing commands compile every
    template up front and report every error at once, as ``check`` does.
    """
    from kaufhaus.facades import facade_api
    from kaufhaus.play.pack import open_pack
    from kaufhaus.story.errors import StoryLoadError
    from kaufhaus.story.loader import load_pack

    try:
        if to_play:
            return open_pack(pack or default_pack())
        return load_pack(pack or default_pack(), api=facade_api())
    except StoryLoadError as exc:
        for problem in exc.problems:
            if problem.severity == "error":
                _err(problem.format())
        count = sum(1 for p in exc.problems if p.severity == "error")
        _err(f"{_count(count, 'error')}; the scene pack cannot be played.")
        return None


def build_parser() -> argparse.ArgumentParser:
    import argparse

    parser = argparse.ArgumentParser(
        prog="kaufhaus",
        description="Kaufhaus Internet – a satirical text adventure about the transparent "
        "customer. Nothing you do here leaves your computer.",
    )
    parser.add_argument("--version", action="version", version=f"kaufhaus {__version__}")
    sub = parser.add_subparsers(dest="command")

    play = sub.add_parser("play", help="play the game (the default)")
    _play_args(play)

    check = sub.add_parser(
        "check",
        help="check a scene pack for problems",
        description="Report every problem of a scene pack at once, as "
        "'file:line:column: KH0NN severity: message'. Exit 0 if there are "
        "no errors, 1 otherwise. Codes: docs/authoring.md.",
    )
    check.add_argument("pack", nargs="?", type=Path, help="folder or .yaml file (default: scenes)")
    check.add_argument("--strict", action="store_true", help="treat warnings as errors")
    check.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="json: one object with every problem, for editors and CI",
    )

    graph = sub.add_parser(
        "graph",
        help="draw the story map (Mermaid or Graphviz DOT)",
        description="Scenes as nodes, choices as edges; endings are "
        "drawn differently, conditional choices dashed with their 'when'.",
    )
    graph.add_argument("pack", nargs="?", type=Path, help="folder or .yaml file (default: scenes)")
    graph.add_argument("--format", choices=("mermaid", "dot"), default="mermaid")
    graph.add_argument(
        "--lang",
        choices=("de", "en"),
        default=None,
        help="language of the scene titles (default: the pack's first)",
    )
    graph.add_argument("-o", "--output", type=Path, help="write to this file instead of stdout")
    _force_arg(graph)

    story_test = sub.add_parser(
        "story-test",
        help="play a scene pack by machine and report what was never reached",
        description="Without --random: explore the pack systematically until every scene, "
        "choice, item, variant and ending has been reached (exit 1 if something cannot be "
        "reached or anything fails; the report says why each was missed: the scene never "
        "entered or the condition never true there). With --random N: play N random games "
        "and report the endings and any failure with the steps that lead to it.",
    )
    story_test.add_argument(
        "pack", nargs="?", type=Path, help="folder or .yaml file (default: scenes)"
    )
    story_test.add_argument(
        "--random",
        type=int,
        metavar="N",
        default=None,
        help="play N random games instead of exploring systematically",
    )
    story_test.add_argument(
        "--seed", type=int, default=0, help="seed for the random games (the first seed explored)"
    )
    story_test.add_argument(
        "--seeds",
        type=int,
        default=3,
        metavar="N",
        help="explore under N seeds (seed, seed+1, …) when the pack draws random numbers "
        "(shop.one_of, roll); default 3",
    )
    story_test.add_argument(
        "--lang",
        choices=("de", "en"),
        default=None,
        help="language to explore in (all languages are rendered anyway)",
    )
    story_test.add_argument(
        "--max-states",
        type=int,
        default=20_000,
        help="budget for the systematic exploration (default 20000)",
    )
    story_test.add_argument(
        "--max-seconds",
        type=float,
        default=120.0,
        help="computing time for the systematic exploration, in seconds (default 120; "
        "a large story needs more)",
    )
    story_test.add_argument(
        "--jobs",
        type=int,
        default=None,
        metavar="N",
        help="processes for the systematic exploration (default: the cores this machine "
        "lets it use that are idle); the report is the same for any number",
    )
    story_test.add_argument(
        "--max-steps",
        type=int,
        default=150,
        help="steps per random game before giving up (default 150)",
    )
    story_test.add_argument("--format", choices=("text", "json"), default="text")

    auto = sub.add_parser(
        "autoplay",
        help="play a walkthrough file headless and check its expectations",
        description="Play a walkthrough's steps headless. Exit 1 (naming the walkthrough's "
        "file:line:column) when a step does not fit, an 'expect:' step fails or the "
        "walkthrough ends before an ending is reached (unless --partial); exit 0 otherwise.",
    )
    auto.add_argument("walkthrough", type=Path)
    auto.add_argument(
        "--partial",
        action="store_true",
        help="the walkthrough need not reach an ending (its expectations still count)",
    )
    auto.add_argument("--pack", type=Path, help="scene pack (default: scenes)")
    auto.add_argument(
        "--dossier", type=Path, help="write the dossier here: .json, .md or .html by the file name"
    )
    _force_arg(auto)
    auto.add_argument("--transcript", action="store_true", help="print every scene as shown")
    auto.add_argument(
        "--lang", choices=("de", "en"), help="play in this language instead of the file's"
    )

    forget = sub.add_parser(
        "forget",
        help="delete the saves, cookie and dossiers the game wrote",
        description="Lists the files the game wrote in the save folder (recognised by "
        "name and content; links are never followed, other files never touched) and "
        "deletes them after asking. Exit 1 if the answer cannot be read.",
    )
    forget.add_argument("--yes", action="store_true", help="do not ask (for scripts)")
    forget.add_argument("--saves", type=Path, help=_saves_help())

    dossier = sub.add_parser(
        "dossier",
        help="export the dossier of a save without playing",
        description="Replays a save and writes the shop's file on the player (the same "
        "dossier as at the end of the game). The save is only read. Exit 1 if it is "
        "damaged, naming the file and the problem.",
    )
    dossier.add_argument("save", type=Path, help="a save file (.jsonl, or .json of older games)")
    dossier.add_argument(
        "--format",
        choices=("json", "md", "html", "portability"),
        default=None,
        help="json, md or html: the access response (Art. 15); portability: your data "
        "to take with you (Art. 20), a JSON file of its own",
    )
    dossier.add_argument("-o", "--output", type=Path, help="write to this file (default: stdout)")
    _force_arg(dossier)
    dossier.add_argument("--pack", type=Path, help="scene pack (default: scenes)")
    dossier.add_argument(
        "--lang", choices=("de", "en"), default=None, help="language (default: the save's)"
    )
    _classroom_args(sub)
    return parser


def _classroom_args(sub: Any) -> None:
    """``serve``, ``class-report`` and ``compare``: the classroom (docs/lehrkraefte.md)."""
    serve = sub.add_parser(
        "serve",
        help="let a class play in the browser from this computer",
        description="Each browser tab plays its own game in its own process on this "
        "computer. Only this computer can connect unless --lan is given; then pupils "
        "need the class code shown here. Nothing is loaded from the internet.",
    )
    serve.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    serve.add_argument(
        "--lan",
        action="store_true",
        help="open to the local network (listens on all addresses; needs the class code)",
    )
    serve.add_argument("--host", help="listen on this address instead (implies a class code)")
    serve.add_argument(
        "--code",
        help="class code, 4 to 12 of A-Z and 0-9 (default with --lan: the lesson's, or a new "
        "random one; none on 127.0.0.1)",
    )
    serve.add_argument(
        "--folder", type=Path, default=Path("klasse"), help="class folder (default: ./klasse)"
    )
    serve.add_argument("--max-games", type=int, default=40, help="games at once (default 40)")
    serve.add_argument(
        "--idle-minutes",
        type=float,
        default=15.0,
        help="end a game after this many minutes without input (default 15)",
    )
    serve.add_argument("--lang", choices=("de", "en"), default=None, help="default language")
    serve.add_argument("--pack", type=Path, help="scene pack (default: scenes)")
    serve.add_argument(
        "--lesson-cut",
        action="store_true",
        help="every game takes the story's lesson cut (about 12 minutes of reading, "
        "for a 45-minute lesson)",
    )
    serve.add_argument(
        "--public-url",
        action="append",
        metavar="URL",
        help="the address pupils open when a proxy stands in front (e.g. "
        "http://kaufhaus.schule.example:8080); its pages may start games. May be repeated",
    )
    serve.add_argument("--teacher-token", help=argparse_suppress())
    serve.add_argument(
        "--control-room-url",
        action="store_true",
        help="do not serve: print the control room's secret address for this class folder "
        "(run it in a window the projector does not show)",
    )
    serve.add_argument(
        "--new-lesson",
        action="store_true",
        help="begin a new lesson (new code and control-room address) instead of continuing the "
        "class folder's; a lesson also ends by itself after 12 hours",
    )
    serve.add_argument(
        "--forget",
        action="store_true",
        help="do not serve: delete what the class left in --folder (asks first)",
    )
    serve.add_argument("--yes", action="store_true", help="with --forget: do not ask")

    report = sub.add_parser(
        "class-report",
        help="an anonymous HTML report over a class's hand-ins",
        description="Reads the hand-ins of one lesson (a class folder, its 'abgaben' "
        "folder, or hand-in files) and writes one self-contained HTML page. Only files the "
        "game wrote as hand-ins count, each pupil once; exported dossiers are not counted. "
        "Groups smaller than three are not shown. A file that cannot be read is skipped "
        "with a note naming it and the field; the report is made from the others.",
    )
    report.add_argument("inputs", nargs="+", type=Path, metavar="FOLDER|HANDIN")
    report.add_argument("-o", "--output", type=Path, help="write here (default: stdout)")
    _force_arg(report)
    report.add_argument("--lang", choices=("de", "en"), default=None)
    report.add_argument(
        "--lesson",
        metavar="ID|all",
        help="the lesson to count (default: the one the class folder serves now, else the "
        "newest); 'all' counts every lesson",
    )
    report.add_argument(
        "--art9",
        action="store_true",
        help="also show products of special categories (Art. 9 GDPR: health, sex life) and "
        "the shop's conclusions about them (left out by default)",
    )

    compare = sub.add_parser(
        "compare",
        help="what the shop did differently for two players, or for two groups",
        description="Two exported dossiers (.json) side by side, or two folders of hand-ins "
        "as groups (three or more each, counted like the class report). A single hand-in is "
        "one pupil and is never shown on its own. Exit 1, naming the file and the field, "
        "if one cannot be read.",
    )
    compare.add_argument("a", type=Path, metavar="DOSSIER|FOLDER")
    compare.add_argument("b", type=Path, metavar="DOSSIER|FOLDER")
    compare.add_argument("--art9", action="store_true", help="groups: show Art. 9 products")
    compare.add_argument("--lang", choices=("de", "en"), default=None)
    compare.add_argument(
        "--pack", type=Path, help="scene pack the dossiers were played with (default: scenes)"
    )


def _force_arg(parser: Any) -> None:
    """``--force``: the one way to overwrite a file the game did not write."""
    parser.add_argument(
        "--force",
        action="store_true",
        help="replace the output file even if the game did not write it (without --force, "
        "only a free name or a file with the game's mark is written)",
    )


def refused(target: Path, force: bool) -> bool:
    """Say why ``target`` may not be written, if it may not (``play.marks``)."""
    from kaufhaus.play.marks import write_refusal
    from kaufhaus.story.errors import neutralise

    message = write_refusal(target, force=force, lang=_guess_lang())
    if message is not None:
        _err(neutralise(message))
    return message is not None


def argparse_suppress() -> str:
    import argparse

    return argparse.SUPPRESS


#: ``kaufhaus`` without arguments: these, without building the parser (startup time).
PLAY_DEFAULTS: dict[str, Any] = {
    "lang": None,
    "pack": None,
    "seed": None,
    "saves": None,
    "xray": False,
    "plain": False,
    "watch": False,
    "lesson_cut": False,
}


def _play_args(parser: argparse.ArgumentParser) -> None:
    d = PLAY_DEFAULTS
    parser.add_argument("--lang", choices=("de", "en"), default=d["lang"], help="language")
    parser.add_argument("--pack", type=Path, default=d["pack"], help="scene pack (default: scenes)")
    parser.add_argument("--seed", type=int, default=d["seed"], help="seed for a reproducible game")
    parser.add_argument("--saves", type=Path, default=d["saves"], help=_saves_help())
    parser.add_argument(
        "--xray", action="store_true", default=d["xray"], help="show what the shop logs, live"
    )
    parser.add_argument(
        "--plain",
        action="store_true",
        default=d["plain"],
        help="numbered lines and prompts, for screen readers and dumb terminals",
    )
    parser.add_argument(
        "--watch",
        action="store_true",
        default=d["watch"],
        help="for authors: reload the pack when a file changes and replay the game up to "
        "where it was; a broken pack shows its located errors until fixed",
    )
    parser.add_argument(
        "--lesson-cut",
        action="store_true",
        default=d["lesson_cut"],
        help="the story's lesson cut: about 12 minutes of reading, for a 45-minute lesson",
    )


#: The subcommands, in the order ``kaufhaus --help`` lists them.
COMMANDS = (
    "play",
    "check",
    "graph",
    "story-test",
    "autoplay",
    "forget",
    "dossier",
    "serve",
    "class-report",
    "compare",
)


def unknown_command(word: str) -> int:
    """Say that ``word`` is no command, suggest the nearest, list them all (as git does)."""
    import difflib

    _err(f"kaufhaus: '{word}' is not a kaufhaus command.")
    nearest = difflib.get_close_matches(word, [*COMMANDS, "help"], n=1, cutoff=0.6)
    if nearest:
        _err(f"Did you mean 'kaufhaus {nearest[0]}'?")
    _err(f"Commands: {', '.join(COMMANDS)}. 'kaufhaus --help' explains them.")
    return 2


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    args: Any
    if not argv:  # the common case: just play (argparse is not even imported)
        args = SimpleNamespace(command="play", **PLAY_DEFAULTS)
    else:
        if argv[0] == "help":  # ``kaufhaus help`` and ``kaufhaus help check``, as in git
            argv = [*argv[1:2], "--help"]
        first = argv[0]
        if first.startswith("-"):
            if first not in ("-h", "--help", "--version"):
                argv = ["play", *argv]  # ``kaufhaus --lang en`` plays
        elif first not in COMMANDS:
            return unknown_command(first)
        args = build_parser().parse_args(argv)
    try:
        if args.command == "check":
            return cmd_check(args)
        if args.command == "graph":
            return cmd_graph(args)
        if args.command == "story-test":
            return cmd_story_test(args)
        if args.command == "autoplay":
            return cmd_autoplay(args)
        if args.command == "forget":
            return cmd_forget(args)
        if args.command == "dossier":
            return cmd_dossier(args)
        if args.command in ("serve", "class-report", "compare"):
            from kaufhaus.classroom import commands

            args.default_pack = default_pack  # the classroom may not import the CLI
            return int(getattr(commands, args.command.replace("-", "_"))(args))
        return cmd_play(args)
    except KeyboardInterrupt:
        return 130


def cmd_check(args: argparse.Namespace) -> int:
    from kaufhaus.story.check import check_pack
    from kaufhaus.storytest import facade_api, probe_pack

    pack = args.pack or default_pack()
    try:
        _story, problems = check_pack(pack, probe_pack, facade_api())
    except Exception as exc:  # the checker must never leave an author with a traceback
        if os.environ.get("KAUFHAUS_DEBUG"):
            raise
        _err(
            f"{pack}: internal error while checking ({type(exc).__name__}: {exc}); "
            "please report it. KAUFHAUS_DEBUG=1 shows the details."
        )
        return 2
    import json

    errors = [p for p in problems if p.severity == "error" or args.strict]
    warnings = sum(1 for p in problems if p.severity == "warning")
    if args.format == "json":
        print(
            json.dumps(
                {
                    "pack": str(pack),
                    "ok": not errors,
                    "errors": sum(1 for p in problems if p.severity == "error"),
                    "warnings": warnings,
                    "strict": bool(args.strict),
                    "problems": [p.as_dict() for p in problems],
                },
                ensure_ascii=False,
                indent=2,
            )
        )
    else:
        for problem in problems:
            _err(problem.format())
        if errors:
            _err(
                f"{pack}: {_count(len(problems) - warnings, 'error')}, "
                f"{_count(warnings, 'warning')}"
                + (" (--strict: warnings count as errors)" if args.strict and warnings else "")
            )
        else:
            print(f"{pack}: ok ({_count(warnings, 'warning')})")
    return 1 if errors else 0


def cmd_graph(args: argparse.Namespace) -> int:
    from kaufhaus.story.graph import render_graph

    if args.output and refused(args.output, args.force):
        return 2
    story = _load_story(args.pack)
    if story is None:
        return 1
    text = render_graph(story, args.format, args.lang)
    if args.output:
        from kaufhaus.play.marks import graph_mark

        text = graph_mark(args.format) + "\n" + text  # the mark: later runs may replace it
        if not args.output.parent.is_dir():
            _err(
                f"{args.output}: cannot write the story map: the folder "
                f"{args.output.parent} does not exist (create it first, or give another path)"
            )
            return 1
        from kaufhaus.saves import write_atomic

        try:
            write_atomic(args.output, text.encode("utf-8"))
        except OSError as exc:
            _err(f"{args.output}: cannot write the story map: {exc.strerror or exc}")
            return 1
        print(f"story map written to {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


def cmd_story_test(args: argparse.Namespace) -> int:
    from kaufhaus import storytest

    story = _load_story(args.pack)
    if story is None:
        return 1
    if args.random is not None:
        report = _random_with_progress(story, args)
    else:
        if args.seeds < 1:
            _err("story-test: --seeds must be at least 1")
            return 2
        if args.max_seconds <= 0:
            _err("story-test: --max-seconds must be more than 0")
            return 2
        if args.jobs is not None and args.jobs < 1:
            _err("story-test: --jobs must be at least 1")
            return 2
        from kaufhaus.lanes import idle_cores

        report = storytest.quicktest(
            story,
            lang=args.lang,
            seed=args.seed,
            max_states=args.max_states,
            max_seconds=args.max_seconds,
            seeds=args.seeds,
            jobs=args.jobs or idle_cores(),
        )
    if args.format == "json":
        import json

        print(json.dumps(storytest.report_json(report), ensure_ascii=False, indent=2))
    else:
        print(storytest.format_report(report))
    return 0 if report.ok else 1


def _random_with_progress(story: Any, args: argparse.Namespace) -> Any:
    """Random games with a progress bar on stderr (only when it is a terminal)."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from kaufhaus import storytest

    console = Console(stderr=True)
    columns = (
        TextColumn("random games"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("failures: {task.fields[failures]}"),
    )
    with Progress(
        *columns, console=console, transient=True, disable=not console.is_terminal
    ) as progress:
        task = progress.add_task("games", total=args.random, failures=0)

        def advance(report: Any) -> None:
            progress.update(task, completed=report.games, failures=len(report.failures))

        return storytest.randomtest(
            story, runs=args.random, seed=args.seed, max_steps=args.max_steps, on_game=advance
        )


def cmd_autoplay(args: argparse.Namespace) -> int:
    from kaufhaus.dossier.model import build_dossier
    from kaufhaus.walkthrough import (
        Transcript,
        WalkthroughError,
        load_walkthrough,
        play,
        require_ending,
    )

    if args.dossier and refused(args.dossier, args.force):
        return 2
    story = _load_story(args.pack)
    if story is None:
        return 1
    from kaufhaus.game import RenderError

    transcript = Transcript() if args.transcript else None
    try:
        walkthrough = load_walkthrough(args.walkthrough)
        if args.lang:  # the same player in the other language
            walkthrough = dataclasses.replace(walkthrough, lang=args.lang)
        game = play(story, walkthrough, transcript=transcript)
        if not args.partial:
            require_ending(game, walkthrough)
    except WalkthroughError as exc:
        if transcript is not None:  # what was shown up to the failure helps to see why
            from kaufhaus.story.errors import neutralise

            print(neutralise("\n".join(transcript.lines)))
        _err(str(exc))
        return 1
    except RenderError as exc:
        _err(_broken_text(exc))
        return 1
    if transcript is not None:
        from kaufhaus.story.errors import neutralise

        # What the walkthrough typed is echoed too: escaped, like everything shown.
        print(neutralise("\n".join(transcript.lines)))
    expectations = sum(len(s.value) for s in walkthrough.steps if s.kind == "expect")
    ending = f"ending {game.scene.ending!r}" if game.ended else f"scene {game.scene_id!r}"
    _err(
        f"{walkthrough.source}: ok ({_count(len(walkthrough.steps), 'step')}, "
        f"{_count(expectations, 'expectation')}, {ending})"
    )
    if args.dossier:
        from kaufhaus.dossier.export import ExportError, export

        try:
            export(build_dossier(game, issued=date.today().isoformat()), args.dossier, game.lang)
        except (ExportError, OSError) as exc:
            _err(f"cannot write the dossier: {exc}")
            return 1
        print(f"dossier written to {args.dossier}", file=sys.stderr)
    return 0


def _broken_text(exc: Exception) -> str:
    """A text of the pack failed at play time: where, why, and what finds them all."""
    from kaufhaus.story.errors import neutralise

    return neutralise(
        f"{exc}\nThe scene pack has a text that cannot be shown; "
        "'kaufhaus check' lists every such problem."
    )


def cmd_forget(args: argparse.Namespace) -> int:
    """Delete what the game wrote, and nothing else; ask first unless --yes.

    Files are recognised by name and the game's mark in them
    (``play.savefolder.ours``); files with our kind of name but without the
    mark are listed as not ours and left alone. Links are never followed.
    Closed input is no answer: nothing is deleted and the exit code is 1.
    """
    from kaufhaus.play.savefolder import forget_files, forget_problem, look_alikes, our_files
    from kaufhaus.play.strings import tr
    from kaufhaus.saves import default_save_dir
    from kaufhaus.story.errors import neutralise

    lang = _guess_lang()
    folder = args.saves or default_save_dir()
    files = our_files(folder) if folder.is_dir() else []
    others = look_alikes(folder) if folder.is_dir() else []
    if not files:
        print(neutralise(tr("forget_none", lang, folder=str(folder))))
    else:
        print(neutralise(tr("forget_list", lang, n=len(files), folder=str(folder))))
        for path in files:
            print(f"  {neutralise(path.name)}")
    if others:
        print(tr("forget_not_ours", lang))
        for path in others:
            print(f"  {neutralise(path.name)}")
    if not files:
        return 0
    if not args.yes:
        try:
            answer = input(tr("forget_question", lang))
        except EOFError:
            print()
            _err(tr("forget_closed_input", lang))
            return 1
        if answer.strip().lower() not in ("y", "yes", "j", "ja"):
            print(tr("forget_kept", lang))
            return 0
    deleted, failed = forget_files(files)
    for path, error in failed:
        _err(neutralise(forget_problem(path, error, lang)))
    print(neutralise(tr("forget_done", lang, n=len(deleted), folder=str(folder))))
    return 1 if failed else 0


def cmd_dossier(args: argparse.Namespace) -> int:
    """The dossier of a save, without playing: replay (read only) and export."""
    from kaufhaus.dossier.export import ExportError, export, to_html, to_json, to_markdown
    from kaufhaus.dossier.model import build_dossier
    from kaufhaus.dossier.portability import to_portability_json, write_portability
    from kaufhaus.saves import SaveError, load_game

    lang = args.lang or _guess_lang()
    fmt = args.format
    if fmt is None:
        suffix = args.output.suffix.lower() if args.output else ""
        fmt = {".md": "md", ".markdown": "md", ".html": "html", ".htm": "html"}.get(suffix, "json")
    story = _load_story(args.pack)
    if story is None:
        return 1
    try:
        loaded = load_game(story, args.save)
    except SaveError as exc:
        _err(exc.text(lang))
        return 1
    if loaded.problem is not None:
        _err(loaded.problem.text(lang))
    game = loaded.game
    if args.lang:
        game.lang = args.lang
    dossier = build_dossier(game, issued=date.today().isoformat())
    out_lang = args.lang or game.lang
    if args.output is None:
        if fmt == "portability":
            sys.stdout.write(to_portability_json(dossier))
        elif fmt == "json":
            sys.stdout.write(to_json(dossier) + "\n")
        elif fmt == "md":
            sys.stdout.write(to_markdown(dossier, out_lang))
        else:
            sys.stdout.write(to_html(dossier, out_lang))
        return 0
    target = args.output
    wanted = {"json": ".json", "md": ".md", "html": ".html", "portability": ".json"}[fmt]
    if target.suffix.lower() not in (wanted, ".markdown" if fmt == "md" else wanted):
        _err(f"{target}: the file name must end in {wanted} for --format {fmt}")
        return 2
    if refused(target, args.force):
        return 2
    try:
        if fmt == "portability":
            write_portability(dossier, target)
        else:
            export(dossier, target, out_lang)
    except (ExportError, OSError) as exc:
        _err(f"cannot write the dossier: {exc}")
        return 1
    print(f"dossier written to {target}", file=sys.stderr)
    return 0


def cmd_play(args: argparse.Namespace) -> int:
    lang = args.lang or _guess_lang()
    saves = args.saves
    if args.lesson_cut and not _has_lesson(args.pack):
        return 1
    if args.plain:
        from kaufhaus.plain import run_plain

        story = _load_story(args.pack, to_play=True)
        if story is None:
            return 1
        from kaufhaus.game import RenderError

        watch = (args.pack or default_pack()) if args.watch else None
        try:
            return run_plain(
                story, lang=lang, seed=args.seed, saves=saves, watch=watch, lesson=args.lesson_cut
            )
        except RenderError as exc:  # a text of the pack failed: its place, never a traceback
            _err(_broken_text(exc))
            return 1
    pack = args.pack or default_pack()
    if not pack.exists():  # the one mistake worth catching before the screen opens
        _err(f"{pack}: no such scene pack")
        return 1
    from kaufhaus.tui.app import KaufhausApp

    # The title paints first; the story loads behind it (see KaufhausApp).
    app = KaufhausApp(
        pack=pack,
        lang=lang,
        seed=args.seed,
        saves=saves,
        xray=args.xray,
        watch=args.watch,
        lesson=args.lesson_cut,
    )
    app.run()
    if app.load_problems:
        for problem in app.load_problems:
            _err(problem)
        _err(f"{_count(len(app.load_problems), 'error')}; the scene pack cannot be played.")
        return 1
    return app.return_code or 0


def _has_lesson(pack: Path | None) -> bool:
    """Whether the pack offers a lesson cut; says so on stderr when it does not."""
    from kaufhaus.game import has_lesson

    story = _load_story(pack, to_play=True)
    if story is None:
        return False
    if not has_lesson(story):
        _err(
            f"{pack or default_pack()}: this scene pack has no lesson cut "
            "(no 'lesson: false' under state:); play it without --lesson-cut"
        )
        return False
    return True


def _guess_lang() -> str:
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        if value:
            return "en" if value.lower().startswith("en") else "de"
    return "de"
