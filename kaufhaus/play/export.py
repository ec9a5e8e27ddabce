"""Write the dossier into the save folder as JSON, Markdown and HTML. Textual-free.

Each file is written atomically by ``kaufhaus.dossier.export.export``; a
timestamp keeps earlier exports (the player may compare two visits).
"""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path
from typing import Any


def export_dossier(
    dossier: dict[str, Any], folder: Path, *, lang: str = "de", stamp: str | None = None
) -> list[Path]:
    """Write ``dossier-<stamp>.json``, ``.md`` and ``.html``, and the Art. 20 file of its
    own (``dossier-<stamp>-portability.json``); return the files written."""
    from kaufhaus.dossier.export import ExportError, export
    from kaufhaus.dossier.portability import write_portability

    stamp = stamp or datetime.now().strftime("%Y%m%d-%H%M%S")
    base = _free_base(Path(folder), f"dossier-{stamp}")
    written: list[Path] = []
    for suffix in (".json", ".md", ".html"):
        try:
            written.append(export(dossier, base.with_suffix(suffix), lang))
        except ExportError as exc:  # the caller shows OSErrors to the player
            raise OSError(str(exc)) from exc
    written.append(write_portability(dossier, Path(f"{base}-portability.json")))
    return written


def exported_lines(paths: list[Path], lang: str) -> list[str]:
    """What an export says: the folder once (shortened), then one file name a line.

    A notice at 100 columns wrapped "a.json, b.md, …" so that the commas stood on
    lines of their own and the last name was cut ("…-port"); names alone fit.
    """
    from kaufhaus.play.strings import tr

    if not paths:
        return []
    folder = shown_folder(paths[0].parent)
    return [
        tr("export_done_in", lang, n=len(paths), folder=folder) + ":",
        *(f"  {p.name}" for p in paths),
    ]


def shown_folder(folder: Path) -> str:
    """A folder as short as it reads: relative to where the game was started, else from
    the home folder (``~/…``), else as it is; with a trailing slash.

    The folder the game was started in is named from the home folder (or in
    full), never as ``./``: a player does not read ``./`` as a place (playtest 4).
    """
    folder = Path(folder).absolute()
    for base, prefix in ((Path.cwd(), ""), (Path.home(), "~/")):
        try:
            relative = folder.relative_to(base)
        except ValueError:
            continue
        if str(relative) == ".":
            if prefix:
                return "~/"
            continue
        return prefix + str(relative) + "/"
    return str(folder) + "/"


#: The downloads' names in the pupil's language (``kaufhaus-akte-20261207-1930.html``).
DOWNLOAD_NAME = {"de": "kaufhaus-akte", "en": "kaufhaus-file"}
#: What a browser is told each download is (the text is UTF-8).
MIME_TYPES = {".json": "application/json", ".md": "text/markdown", ".html": "text/html"}


def dossier_downloads(
    dossier: dict[str, Any], *, lang: str = "de", stamp: str | None = None
) -> list[tuple[str, str, str]]:
    """The four files of ``export_dossier`` as ``(file name, MIME type, text)``, on no disk:
    the dossier as JSON, Markdown and HTML, and the Art. 20 file of its own.

    In browser play the pupil's file goes into the pupil's browser; rendering
    it to text here (not to a file first) keeps nothing of it on the teacher's
    computer, and the names carry no folder of the server.
    """
    from kaufhaus.dossier.export import to_html, to_json, to_markdown
    from kaufhaus.dossier.portability import to_portability_json

    stamp = stamp or datetime.now().strftime("%Y%m%d-%H%M%S")
    texts = {
        ".json": to_json(dossier) + "\n",
        ".md": to_markdown(dossier, lang),
        ".html": to_html(dossier, lang),
    }
    name = DOWNLOAD_NAME.get(lang, DOWNLOAD_NAME["de"])
    files = [
        (f"{name}-{stamp}{suffix}", MIME_TYPES[suffix], text) for suffix, text in texts.items()
    ]
    portable = f"{name}-{stamp}-portability.json"
    return [*files, (portable, MIME_TYPES[".json"], to_portability_json(dossier))]


def _free_base(folder: Path, name: str) -> Path:
    """``folder/name``, or ``name-2``, ``name-3`` … where none of the four files exists yet.

    The stamp has seconds, but a player's own file of that name (or two exports
    in one second) must never be overwritten: we write only files we make.
    """
    suffixes = (".json", ".md", ".html", "-portability.json")
    for n in range(1, 1000):
        base = folder / (name if n == 1 else f"{name}-{n}")
        if not any(os.path.lexists(f"{base}{s}") for s in suffixes):
            return base
    raise OSError(f"{folder}: no free name for {name}")
