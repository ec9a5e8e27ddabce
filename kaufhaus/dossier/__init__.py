"""The reveal: everything the shop logged and concluded, with evidence, and its exports.

``build_dossier`` is imported lazily: the exporters work on plain dossier
data and must not drag in the game engine (e.g. to re-export a saved JSON).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kaufhaus.dossier.model import build_dossier

__all__ = ["build_dossier"]


def __getattr__(name: str) -> Any:
    if name == "build_dossier":
        from kaufhaus.dossier.model import build_dossier

        return build_dossier
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
