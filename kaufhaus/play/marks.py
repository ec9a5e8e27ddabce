"""The game's mark: how it knows a file it wrote, by what is in it, never by its name.

A player's own ``dossier-company.json`` (any JSON-LD), a teacher's HTML page
or a thesis in Markdown may share a name and a format with what the game
writes. ``forget`` deletes, and the export commands overwrite, only files
that carry a mark the game writes into every file of its own:

- JSON dossiers and the Art. 20 file beside them: ``"format":
  "kaufhaus-dossier"`` (or ``"kaufhaus-portability"``) and ``"generator":
  "kaufhaus <version>"`` at the top level (the whole file is parsed);
- HTML (dossier, class report): ``<meta name="generator" content="kaufhaus
  <version>">`` in the head;
- Markdown dossiers: ``<!-- generator: kaufhaus <version> · … -->`` as the
  second line, under the title;
- story maps (``graph -o``): ``%% generator: kaufhaus …`` (Mermaid) or
  ``// generator: kaufhaus …`` (DOT) as the first line.

Saves, the cookie and locks have marks of their own (``savefolder``).
Links are never followed and pipes never opened.
"""

from __future__ import annotations

import json
import os
import re
import stat
from pathlib import Path

from kaufhaus import __version__

#: What every mark names as the file's writer.
GENERATOR = f"kaufhaus {__version__}"
#: How many bytes of a file the marks in its head are looked for in.
HEAD_BYTES = 8192
#: A JSON file larger than this is not parsed to look for the mark (not ours).
MAX_JSON_BYTES = 64 * 1024 * 1024

_HTML = re.compile(rb'<meta name="generator" content="kaufhaus [^"<>\n]{1,80}">')
_MARKDOWN = re.compile(rb"^# [^\n]{0,300}\n<!-- generator: kaufhaus [^\n]{1,120} -->\n")
_GRAPH = re.compile(rb"^(?:%%|//) generator: kaufhaus [^\n]{1,120}\n")
#: The game's JSON files: the access response and, beside it, the Art. 20 file.
_JSON_FORMATS = frozenset({"kaufhaus-dossier", "kaufhaus-portability"})


def graph_mark(fmt: str) -> str:
    """The first line of a story map written to a file (a comment in its language)."""
    return f"{'%%' if fmt == 'mermaid' else '//'} generator: {GENERATOR} (kaufhaus graph)"


def read_head(path: Path, size: int = HEAD_BYTES) -> bytes | None:
    """The first bytes of a regular file; None for a link, pipe, folder or unreadable file."""
    try:
        if not stat.S_ISREG(os.lstat(path).st_mode):
            return None
        flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
        fd = os.open(path, flags)
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        return os.read(fd, size)
    except OSError:
        return None
    finally:
        os.close(fd)


def _json_marked(path: Path) -> bool:
    try:
        if os.lstat(path).st_size > MAX_JSON_BYTES:
            return False
        flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
        fd = os.open(path, flags)
        with os.fdopen(fd, "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                return False
            data = json.loads(handle.read(MAX_JSON_BYTES + 1))
    except (OSError, ValueError, RecursionError):
        return False
    if not isinstance(data, dict):
        return False
    generator = data.get("generator")
    return (
        data.get("format") in _JSON_FORMATS
        and isinstance(generator, str)
        and generator.startswith("kaufhaus ")
    )


def marked(path: Path, head: bytes | None = None) -> bool:
    """Does this regular file (not a link) carry the game's mark?"""
    if head is None:
        head = read_head(path)
    if not head:
        return False
    if _MARKDOWN.match(head) or _GRAPH.match(head) or _HTML.search(head):
        return True
    return head.lstrip()[:1] == b"{" and _json_marked(path)


def write_refusal(target: Path, *, force: bool, lang: str) -> str | None:
    """Why ``target`` may not be written (None: it may).

    A free name, or a file with our mark, may be written; anything else only
    with ``--force``. A folder is left to the writer, which cannot replace
    it and says so ("cannot write …: Is a directory").
    """
    from kaufhaus.play.strings import tr

    if not os.path.lexists(target) or (os.path.isdir(target) and not os.path.islink(target)):
        return None
    if force or marked(target):
        return None
    return tr("write_refused", lang, path=str(target))
