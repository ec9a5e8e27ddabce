"""Dossier exports: JSON for machines, Markdown and self-contained HTML for people.

Player-typed text ends up in every export, so each format escapes it for
itself: JSON by the encoder, Markdown by backslash-escaping, HTML by
``html.escape`` on every value (no external resources, no scripts).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def to_json(dossier: dict[str, Any]) -> str:
    return json.dumps(dossier, ensure_ascii=False, indent=2, sort_keys=False)


def write_json(dossier: dict[str, Any], path: Path) -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(to_json(dossier) + "\n", encoding="utf-8")
