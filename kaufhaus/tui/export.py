"""Write the dossier into the save folder: JSON always, Markdown and HTML when available.

The exporters belong to ``kaufhaus.dossier.export``; Markdown and HTML are
being added there, so they are looked up at call time and skipped (not
failed) when this version does not have them yet. Textual-free.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any


def export_dossier(
    dossier: dict[str, Any], folder: Path, *, lang: str = "de", stamp: str | None = None
) -> list[Path]:
    """Write ``dossier-<stamp>.json`` (+ ``.md``/``.html``); return the files written."""
    from kaufhaus.dossier import export

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = stamp or datetime.now().strftime("%Y%m%d-%H%M%S")
    base = folder / f"dossier-{stamp}"
    written: list[Path] = []
    export.write_json(dossier, base.with_suffix(".json"))
    written.append(base.with_suffix(".json"))
    for name, suffix in (("to_markdown", ".md"), ("to_html", ".html")):
        render = getattr(export, name, None)
        if render is None:
            continue
        try:
            text = _render(render, dossier, lang)
        except (TypeError, ValueError, KeyError) as exc:  # a half-finished exporter
            raise OSError(f"{name}: {exc}") from exc
        path = base.with_suffix(suffix)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def _render(render: Any, dossier: dict[str, Any], lang: str) -> str:
    """Call an exporter with the language if it takes one, else without."""
    import inspect

    try:
        takes_lang = "lang" in inspect.signature(render).parameters
    except (TypeError, ValueError):
        takes_lang = False
    return str(render(dossier, lang=lang) if takes_lang else render(dossier))
