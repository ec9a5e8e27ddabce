"""Write the dossier into the save folder as JSON, Markdown and HTML. Textual-free.

Each file is written atomically by ``kaufhaus.dossier.export.export``; a
timestamp keeps earlier exports (the player may compare two visits).
"""

from __future__ import annotations

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
    base = Path(folder) / f"dossier-{stamp}"
    written: list[Path] = []
    for suffix in (".json", ".md", ".html"):
        try:
            written.append(export(dossier, base.with_suffix(suffix), lang))
        except ExportError as exc:  # the caller shows OSErrors to the player
            raise OSError(str(exc)) from exc
    written.append(write_portability(dossier, Path(f"{base}-portability.json")))
    return written
