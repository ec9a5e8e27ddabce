"""The classroom's commands: ``serve``, ``class-report`` and ``compare``.

Bad input gets a located message and exit code 1 (2 for a wrong command
line), never a traceback; no file we did not write is overwritten.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

from kaufhaus.tracking.numbers import plural


def _err(message: str) -> None:
    print(message, file=sys.stderr)


def _lang(args: Any) -> str:
    if getattr(args, "lang", None):
        return str(args.lang)
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        if value:
            return "en" if value.lower().startswith("en") else "de"
    return "de"


def serve(args: Any) -> int:
    from kaufhaus.classroom.code import undrawable
    from kaufhaus.classroom.server import ServeConfig, normalise_code, print_control_room
    from kaufhaus.classroom.server import serve as run

    if args.forget:
        return forget_class(args.folder, yes=args.yes, lang=_lang(args))

    if args.lan and args.host:
        _err("kaufhaus serve: give either --lan or --host, not both")
        return 2
    host = "0.0.0.0" if args.lan else (args.host or "127.0.0.1")
    local = host in ("127.0.0.1", "localhost", "::1")
    code: str | None = None
    if args.code is not None:
        code = normalise_code(args.code)
        if not 4 <= len(code) <= 12:
            _err("kaufhaus serve: --code needs 4 to 12 letters or digits")
            return 2
        strange = undrawable(code)
        if strange:
            from kaufhaus.story.errors import neutralise

            _err(
                neutralise(
                    f"kaufhaus serve: --code may hold only the letters A–Z and the digits 0–9 "
                    f"(the projector cannot show {', '.join(strange)}, and many pupils could "
                    "not type it)"
                )
            )
            return 2
    # Without --code on the network: the lesson's code, kept in the class folder
    # (a restart keeps it), or a new one (``server.begin_lesson``).
    if not 1 <= args.max_games <= 500:
        _err("kaufhaus serve: --max-games must be between 1 and 500")
        return 2
    if args.idle_minutes <= 0:
        _err("kaufhaus serve: --idle-minutes must be more than 0")
        return 2
    pack = args.pack
    if pack is not None and not pack.exists():
        _err(f"{pack}: no such scene pack")
        return 1
    if getattr(args, "lesson_cut", False) and not _lesson_cut(args):
        return 1
    folder: Path = args.folder
    if folder.exists() and not folder.is_dir():
        _err(f"{folder}: exists and is not a folder")
        return 1
    from kaufhaus.classroom.guard import origin_of

    public_urls = tuple(getattr(args, "public_url", None) or ())
    for url in public_urls:
        if origin_of(url) is None:
            _err(
                f"kaufhaus serve: --public-url {url!r} is not an address such as "
                "http://kaufhaus.schule.example:8080"
            )
            return 2
    config = ServeConfig(
        folder=folder.resolve(),
        host=host,
        port=args.port,
        code=code,
        max_games=args.max_games,
        idle_minutes=args.idle_minutes,
        lang=_lang(args),
        pack=pack.resolve() if pack is not None else None,
        public_urls=public_urls,
        coded=not local,
        new_lesson=bool(getattr(args, "new_lesson", False)),
        lesson_cut=bool(getattr(args, "lesson_cut", False)),
    )
    if args.teacher_token:
        config.teacher_token = args.teacher_token
    from kaufhaus.classroom.gameids import ClassFolderError

    try:
        if getattr(args, "control_room_url", False):
            return print_control_room(config)
        return run(config)
    except ClassFolderError as exc:
        _err(f"kaufhaus serve: {exc}")
        return 1
    except OSError as exc:
        _err(
            f"kaufhaus serve: cannot listen on {host}:{args.port} ({exc.strerror or exc}). "
            "Another program may use the port: try --port 8080."
        )
        return 1


def _dossier_story(args: Any) -> Any:
    """A loader of the scene pack, for the choice labels in dossiers (None if it fails).

    Asked only when a dossier is read (hand-ins carry their labels), at most
    once. ``args.default_pack`` is the CLI's default (this package may not
    import the CLI).
    """
    import functools

    @functools.cache
    def load() -> Any:
        from kaufhaus.story.errors import StoryLoadError
        from kaufhaus.story.loader import load_pack
        from kaufhaus.storytest import facade_api

        pack = args.pack or args.default_pack()
        try:
            return load_pack(pack, api=facade_api(), lazy=True)
        except (StoryLoadError, OSError):
            return None

    return load


def class_report(args: Any) -> int:
    from kaufhaus.classroom.report import render_report
    from kaufhaus.classroom.stats import RecordError, read_handins

    lang = _lang(args)
    try:
        found = read_handins(args.inputs, lang, getattr(args, "lesson", None))
    except RecordError as exc:
        _err(str(exc))
        return 1
    records, skipped = found.records, found.skipped
    for note in skipped:
        _err(note)
    if not records:
        from kaufhaus.story.errors import neutralise

        where = neutralise(", ".join(str(p) for p in args.inputs))
        _err(f"{where}: keine Abgaben gefunden" if lang == "de" else f"{where}: no hand-ins found")
        return 1
    html = render_report(records, lang, skipped, art9=bool(getattr(args, "art9", False)))
    target: Path | None = args.output
    if target is None:
        sys.stdout.write(html)
        return 0
    if target.suffix.lower() not in (".html", ".htm"):
        _err(f"{target}: the file name must end in .html")
        return 2
    from kaufhaus.play.marks import write_refusal
    from kaufhaus.story.errors import neutralise

    refusal = write_refusal(target, force=args.force, lang=lang)
    if refusal is not None:
        _err(neutralise(refusal))
        return 2
    from kaufhaus.play.handin import write_atomic

    try:
        write_atomic(target, html)
    except OSError as exc:
        _err(f"cannot write the report: {exc}")
        return 1
    n = len(records)
    print(
        f"Klassenbericht ({n} {plural(n, 'Abgabe', 'Abgaben')}) geschrieben: {target}"
        if lang == "de"
        else f"class report ({n} {plural(n, 'hand-in', 'hand-ins')}) written to {target}",
        file=sys.stderr,
    )
    return 0


COMPARE_REFUSED = {
    "de": "{path}: eine Abgabe ist die Akte einer einzelnen Person; compare zeigt Abgaben nur "
    "als Gruppen ab drei (zwei Ordner mit Abgaben). Zwei Spiele nebeneinander: zwei exportierte "
    "Akten, etwa der mitgelieferten Beispielwege (kaufhaus autoplay walkthroughs/tv-fan.yaml "
    "--dossier a.json).",
    "en": "{path}: a hand-in is one person's file; compare shows hand-ins only as groups of "
    "three or more (two folders of hand-ins). Two games side by side: two exported dossiers, "
    "such as the shipped walkthroughs' (kaufhaus autoplay walkthroughs/tv-fan.yaml "
    "--dossier a.json).",
}
COMPARE_FEW = {
    "de": "{path}: weniger als drei Abgaben – eine so kleine Gruppe wird nicht gezeigt.",
    "en": "{path}: fewer than three hand-ins – a group this small is not shown.",
}


def compare(args: Any) -> int:
    """Two dossiers side by side, or two groups of hand-ins; never one pupil's hand-in.

    Every string was neutralised when the file was read.
    """
    from kaufhaus.classroom.report import compare_text
    from kaufhaus.play.handin import is_handin
    from kaufhaus.story.errors import neutralise

    lang = _lang(args)
    paths = [Path(args.a), Path(args.b)]
    if all(p.is_dir() for p in paths):
        return compare_groups(paths, lang, art9=bool(getattr(args, "art9", False)))
    from kaufhaus.classroom.records import RecordProblem, Wrong, as_checked_record, read_json

    story = _dossier_story(args)
    records = []
    failed = False
    for path in paths:
        try:
            data = read_json(path)
            if is_handin(data):  # one pupil: never on its own, not even to the teacher
                _err(neutralise(COMPARE_REFUSED[lang].format(path=path)))
                failed = True
                continue
            records.append(as_checked_record(data, story))
        except Wrong as wrong:
            _err(RecordProblem(path, wrong).text(lang))
            failed = True
    if failed:
        return 1
    sys.stdout.write(compare_text(records[0], records[1], lang))
    return 0


def compare_groups(paths: list[Path], lang: str, *, art9: bool) -> int:
    """Two folders of hand-ins as groups, counted and withheld like the class report."""
    from kaufhaus.classroom.report import compare_groups_text
    from kaufhaus.classroom.stats import RecordError, aggregate, read_handins
    from kaufhaus.story.errors import neutralise

    groups = []
    for path in paths:
        try:
            found = read_handins([path], lang)
        except RecordError as exc:
            _err(str(exc))
            return 1
        for note in found.skipped:
            _err(note)
        stats = aggregate(found.records, art9=art9)
        if not stats.enough:
            _err(neutralise(COMPARE_FEW[lang].format(path=path)))
            return 1
        groups.append(stats)
    sys.stdout.write(compare_groups_text(groups[0], groups[1], lang))
    return 0


def class_files(folder: Path) -> tuple[list[Path], list[Path]]:
    """What a class left in its folder: the games' files, and hand-ins and live files.

    Only files we recognise by name and content (``play.savefolder.ours`` for
    the games, the hand-in format for the rest); links are never followed.
    """
    import contextlib

    from kaufhaus.classroom.records import Wrong, read_json
    from kaufhaus.play.handin import (
        ANSWER_FILE,
        GAMES,
        HANDINS,
        LIVE,
        is_answer,
        is_handin,
        valid_game_id,
    )
    from kaufhaus.play.savefolder import our_files

    games: list[Path] = []
    records: list[Path] = []
    game_root = folder / GAMES
    if game_root.is_dir() and not game_root.is_symlink():
        for sub in sorted(game_root.iterdir()):
            if sub.is_dir() and not sub.is_symlink() and valid_game_id(sub.name):
                games.extend(our_files(sub))
                answer = sub / ANSWER_FILE
                with contextlib.suppress(Wrong):
                    if not answer.is_symlink() and is_answer(read_json(answer)):
                        records.append(answer)
    for name in (LIVE, HANDINS):
        sub = folder / name
        if not sub.is_dir() or sub.is_symlink():
            continue
        for path in sorted(sub.glob("*.json")):
            if path.is_symlink() or not valid_game_id(path.stem):
                continue
            try:
                if is_handin(read_json(path)):
                    records.append(path)
            except Wrong:  # unreadable or not JSON: not ours to delete
                continue
    return games, records


def forget_class(folder: Path, *, yes: bool, lang: str) -> int:
    """Delete a class's games, live files and hand-ins, then the folders if empty."""
    import contextlib

    from kaufhaus.classroom.gameids import KEY_FILE, is_key_file
    from kaufhaus.classroom.lesson import LESSON_FILE, is_lesson_file
    from kaufhaus.play.handin import GAMES, HANDINS, LIVE
    from kaufhaus.play.savefolder import forget_files, forget_problem

    de = lang == "de"
    games, records = class_files(folder)
    # The key signs only this class's game cookies; it goes with the class.
    from kaufhaus.classroom.instances import RUNNING, running_files

    records += running_files(folder)
    keys = [folder / KEY_FILE] if is_key_file(folder / KEY_FILE) else []
    if is_lesson_file(folder / LESSON_FILE):  # the lesson's code and the teacher's token
        keys.append(folder / LESSON_FILE)
    files = games + records + keys
    if not files:
        print(
            f"{folder}: "
            + ("nichts von einer Klasse gefunden." if de else "nothing of a class found.")
        )
        return 0
    print(
        (
            f"In {folder} liegen {len(games)} {plural(len(games), 'Datei', 'Dateien')} aus "
            f"Spielen und {len(records)} {plural(len(records), 'Abgabe', 'Abgaben')} oder "
            f"{plural(len(records), 'Live-Datei', 'Live-Dateien')}"
            + (", dazu den Schlüssel der Klasse:" if keys else ":")
        )
        if de
        else (
            f"{folder} holds {len(games)} {plural(len(games), 'file', 'files')} from games "
            f"and {len(records)} "
            f"{plural(len(records), 'hand-in or live file', 'hand-ins or live files')}"
            + (", and the class key:" if keys else ":")
        )
    )
    for path in files:
        print(f"  {path.relative_to(folder)}")
    if not yes:
        try:
            answer = input("Alle löschen? [j/N] " if de else "Delete them all? [y/N] ")
        except EOFError:
            print()
            _err("Keine Antwort; nichts gelöscht." if de else "No answer; nothing deleted.")
            return 1
        if answer.strip().lower() not in ("y", "yes", "j", "ja"):
            print("Nichts gelöscht." if de else "Nothing deleted.")
            return 0
    deleted, failed = forget_files(games)
    for path, error in failed:
        _err(forget_problem(path, error, lang))
    for path in records + keys:
        try:
            path.unlink()
            deleted.append(path)
        except OSError as exc:
            failed.append((path, str(exc)))
            _err(f"{path}: {exc.strerror or exc}")
    game_root = folder / GAMES
    subfolders = sorted(game_root.iterdir()) if game_root.is_dir() else []
    for sub in [*subfolders, game_root, folder / LIVE, folder / HANDINS, folder / RUNNING, folder]:
        with contextlib.suppress(OSError):  # only empty folders go; others stay
            if sub.is_dir() and not sub.is_symlink():
                sub.rmdir()
    n = len(deleted)
    print(
        f"{n} {plural(n, 'Datei', 'Dateien')} gelöscht."
        if de
        else f"{n} {plural(n, 'file', 'files')} deleted."
    )
    return 1 if failed else 0


def _lesson_cut(args: Any) -> bool:
    """Whether the pack the class plays has a lesson cut (``--lesson-cut``); says why not."""
    from kaufhaus.game import has_lesson

    story = _dossier_story(args)()
    if story is None:
        _err("kaufhaus serve: --lesson-cut: the scene pack cannot be loaded")
        return False
    if not has_lesson(story):
        _err(
            "kaufhaus serve: --lesson-cut: this scene pack has no lesson cut "
            "(no 'lesson: false' under state:); serve it without --lesson-cut"
        )
        return False
    return True
