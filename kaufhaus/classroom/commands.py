"""The classroom's commands: ``serve``, ``class-report`` and ``compare``.

Bad input gets a located message and exit code 1 (2 for a wrong command
line), never a traceback; no file we did not write is overwritten.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any


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
    from kaufhaus.classroom.server import ServeConfig, new_code, normalise_code
    from kaufhaus.classroom.server import serve as run

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
    elif not local:
        code = new_code()  # the network sees the class only with the code
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
    folder: Path = args.folder
    if folder.exists() and not folder.is_dir():
        _err(f"{folder}: exists and is not a folder")
        return 1
    config = ServeConfig(
        folder=folder.resolve(),
        host=host,
        port=args.port,
        code=code,
        max_games=args.max_games,
        idle_minutes=args.idle_minutes,
        lang=_lang(args),
        pack=pack.resolve() if pack is not None else None,
    )
    if args.teacher_token:
        config.teacher_token = args.teacher_token
    try:
        return run(config)
    except OSError as exc:
        _err(
            f"kaufhaus serve: cannot listen on {host}:{args.port} ({exc.strerror or exc}). "
            "Another program may use the port: try --port 8080."
        )
        return 1


def class_report(args: Any) -> int:
    from kaufhaus.classroom.report import render_report
    from kaufhaus.classroom.stats import RecordError, read_records

    try:
        records, skipped = read_records(args.inputs)
    except RecordError as exc:
        _err(str(exc))
        return 1
    for note in skipped:
        _err(note)
    if not records:
        _err("no hand-ins or dossiers found in " + ", ".join(str(p) for p in args.inputs))
        return 1
    html = render_report(records, _lang(args), skipped)
    target: Path | None = args.output
    if target is None:
        sys.stdout.write(html)
        return 0
    if target.suffix.lower() not in (".html", ".htm"):
        _err(f"{target}: the file name must end in .html")
        return 2
    if os.path.lexists(target) and not _our_report(target):
        _err(f"{target}: exists and is not a class report of this game; it is left as it is")
        return 2
    from kaufhaus.play.handin import write_atomic

    try:
        write_atomic(target, html)
    except OSError as exc:
        _err(f"cannot write the report: {exc}")
        return 1
    print(f"class report ({len(records)} file(s)) written to {target}", file=sys.stderr)
    return 0


def _our_report(path: Path) -> bool:
    try:
        head = path.read_text(encoding="utf-8", errors="replace")[:4000]
    except OSError:
        return False
    return "Kaufhaus Internet –" in head and "kaufhaus class-report" in path.read_text(
        encoding="utf-8", errors="replace"
    )


def compare(args: Any) -> int:
    from kaufhaus.classroom.report import compare_text
    from kaufhaus.play.handin import as_record

    records = []
    for path in (args.a, args.b):
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
            records.append(as_record(data))
        except json.JSONDecodeError as exc:
            _err(f"{path}:{exc.lineno}:{exc.colno}: not valid JSON ({exc.msg})")
            return 1
        except (OSError, ValueError) as exc:
            _err(f"{path}: {exc.strerror if isinstance(exc, OSError) else exc}")
            return 1
    sys.stdout.write(compare_text(records[0], records[1], _lang(args)))
    return 0
