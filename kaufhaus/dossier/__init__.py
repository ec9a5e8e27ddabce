"""The reveal: everything the shop logged and concluded, with evidence, and its exports."""

from kaufhaus.dossier.model import build_dossier

__all__ = ["build_dossier"]
