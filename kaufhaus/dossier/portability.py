"""Art. 20: your data to take with you, as a file of its own (``portability.json``).

Made from the dossier, never from the engine, so it cannot hold anything the
access response does not. What goes in (Art. 20(1) and the EDPB's
guidelines on portability, WP242 rev.01): data the player *provided* (what
they typed, what they chose) and data *observed* from what they did (where
they went, what they looked at, how long). What stays out: everything the
shop made – its conclusions, its prices, its offers, the texts it chose.

Art. 20(1)(a) covers processing based on consent or on a contract; the shop
processes much of the log on "legitimate interest" instead. Those rows are in
the file all the same, marked ``given_voluntarily``: the right does not
reach them, the shop hands them over anyway. Field names are English, and the
file explains itself (``about`` and ``fields``), including Art. 20(2): the
right to have the data sent straight to another controller.

The browser serves this as a download of its own; the terminal writes it
beside the access response (``play/export.py``), and ``kaufhaus dossier SAVE
--portability`` writes it from a save.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from kaufhaus import __version__

FORMAT = "kaufhaus-portability"
VERSION = 1
FILE_NAME = "portability.json"

#: The legal bases Art. 20(1)(a) reaches.
IN_SCOPE = frozenset({"consent", "contract"})

#: Per kind of event, the data fields that are the player's (provided or observed).
#: Prices, offers and the shop's own notes are not: they are dropped.
PORTABLE_FIELDS: dict[str, frozenset[str] | None] = {
    "session_start": None,  # the device's features as read; the shop's cookie is dropped
    "consent": frozenset({"choice"}),
    "scene_enter": frozenset({"place", "visit", "back", "undo"}),
    "scene_leave": frozenset({"dwell"}),
    "choice": frozenset({"goto", "hesitation", "product", "take", "drop", "buy", "stay"}),
    "highlight": frozenset({"source", "product"}),
    "hover": frozenset({"product"}),
    "examine": frozenset({"product"}),
    "input": frozenset({"value"}),
    "back": frozenset({"goto"}),
    "idle": frozenset({"seconds"}),
    "coupon": frozenset({"action", "product"}),
    "price_look": frozenset({"product"}),
    "save": frozenset(),
    "quit": frozenset(),
    "state": frozenset({"value"}),
    "undo": frozenset({"goto"}),
    "contest": frozenset({"right"}),
}

#: Dropped from the device's features: the shop's own cookie, read at the door.
_NOT_THE_DEVICE = frozenset({"cookie"})

ABOUT: dict[str, str] = {
    "de": "Ihre Daten zum Mitnehmen nach Art. 20 DSGVO, aus Ihrer Akte beim Kaufhaus Internet: "
    "was Sie angegeben haben (eingetippt, gewählt) und was beobachtet wurde, während Sie "
    "durch das Kaufhaus gingen – jeder Eintrag mit Zeit, Ort und Rechtsgrundlage. Nicht "
    "dabei ist, was das Kaufhaus selbst gemacht hat: seine Schlüsse über Sie, Ihre Preise, "
    "seine Angebote. Die stehen in der Auskunft (Art. 15). Einträge, die das Kaufhaus nur "
    "auf sein „berechtigtes Interesse“ stützt, reicht Art. 20 Abs. 1 nicht; sie sind "
    "trotzdem dabei und als freiwillig mitgegeben markiert.",
    "en": "Your data to take with you under Art. 20 GDPR, from your file at Kaufhaus Internet: "
    "what you provided (typed, chose) and what was observed as you walked through the "
    "shop – each entry with its time, place and legal basis. Not included is what the "
    "shop made itself: its conclusions about you, your prices, its offers. Those are in "
    "the access response (Art. 15). Entries the shop bases on its “legitimate interest” "
    "alone are beyond Art. 20(1); they are here all the same, marked as given voluntarily.",
}

DIRECT: dict[str, str] = {
    "de": "Art. 20 Abs. 2 DSGVO: Sie können verlangen, dass wir diese Datei direkt an einen "
    "anderen Verantwortlichen übermitteln, soweit das technisch machbar ist. Sie ist "
    "gewöhnliches JSON, lesbar für jedes Programm. (Ein Spiel: Es gibt keinen Empfänger, "
    "und das Spiel übermittelt nichts.)",
    "en": "Art. 20(2) GDPR: you can have us transmit this file directly to another controller "
    "where technically feasible. It is plain JSON, readable by any program. (A game: there "
    "is no recipient, and the game transmits nothing.)",
}

FIELDS: dict[str, str] = {
    "number": "the entry's number in the shop's log (the same as in the access response)",
    "seconds": "when, in seconds since you arrived",
    "what": "what happened (an event kind of the game: choice, examine, input, …)",
    "where": "the scene of the story it happened in",
    "target": "what it concerned: a choice, an item, a typed field, a conclusion",
    "data": "the details that are yours; the shop's prices and notes are left out",
    "origin": "provided (by you) or observed (by the shop)",
    "legal_bases": "the legal bases the shop processed it on",
    "given_voluntarily": "true where Art. 20(1)(a) does not reach it (legitimate interest only)",
}


def _portable_data(kind: str, data: Mapping[str, Any]) -> dict[str, Any] | None:
    """The player's part of an event's data (``None``: the whole event is the shop's)."""
    if kind == "coupon" and data.get("action") == "shown":
        return None  # the shop's offer, not something the player did
    fields = PORTABLE_FIELDS.get(kind, frozenset())
    if fields is None:
        return {k: v for k, v in data.items() if k not in _NOT_THE_DEVICE}
    return {k: v for k, v in data.items() if k in fields}


def portable_rows(events: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The log's provided and observed entries, with only the player's part of each."""
    rows = []
    for event in events:
        origin = str(event.get("origin", ""))
        if origin not in ("dpv:ProvidedPersonalData", "dpv:ObservedPersonalData"):
            continue
        kind = str(event.get("kind"))
        data = _portable_data(kind, event.get("data") or {})
        if data is None:
            continue
        bases = sorted(str(b) for b in event.get("legal_bases") or ())
        row: dict[str, Any] = {
            "number": event.get("id"),
            "seconds": event.get("t"),
            "what": kind,
            "where": event.get("scene"),
        }
        if event.get("target") is not None:
            row["target"] = event.get("target")
        if data:
            row["data"] = data
        row["origin"] = "provided" if origin == "dpv:ProvidedPersonalData" else "observed"
        row["legal_bases"] = bases
        row["given_voluntarily"] = not (set(bases) & IN_SCOPE)
        rows.append(row)
    return rows


def portability(dossier: Mapping[str, Any]) -> dict[str, Any]:
    """The Art. 20 file for a dossier: plain JSON, self-describing, English field names."""
    rows = portable_rows(dossier.get("events") or ())
    story = dossier.get("story") or {}
    return {
        "format": FORMAT,
        "version": VERSION,
        # The game's mark (``play/marks``): ``forget`` deletes only files that carry it.
        "generator": str(dossier.get("generator") or f"kaufhaus {__version__}"),
        "right": "Art. 20 GDPR",
        "about": dict(ABOUT),
        "direct_transmission": dict(DIRECT),
        "fields": dict(FIELDS),
        "from_file": dossier.get("@id"),
        "story": {"id": story.get("id"), "hash": story.get("hash")},
        "language_played": dossier.get("lang"),
        "you_typed": dict(dossier.get("data_subject") or {}),
        "entries": len(rows),
        "within_art_20": sum(1 for r in rows if not r["given_voluntarily"]),
        "given_voluntarily": sum(1 for r in rows if r["given_voluntarily"]),
        "events": rows,
    }


def to_portability_json(dossier: Mapping[str, Any]) -> str:
    """The Art. 20 file as JSON text (UTF-8; what the player typed kept as typed)."""
    data = portability(dossier)
    text = json.dumps(data, ensure_ascii=False, indent=2, allow_nan=False)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates in typed text cannot be UTF-8
        text = json.dumps(data, ensure_ascii=True, indent=2, allow_nan=False)
    return text + "\n"


def write_portability(dossier: Mapping[str, Any], path: Path) -> Path:
    """Write the Art. 20 file atomically, like every export."""
    from kaufhaus.saves import write_atomic

    write_atomic(Path(path), to_portability_json(dossier).encode("utf-8"))
    return Path(path)


__all__ = [
    "FILE_NAME",
    "FORMAT",
    "VERSION",
    "portability",
    "portable_rows",
    "to_portability_json",
    "write_portability",
]
