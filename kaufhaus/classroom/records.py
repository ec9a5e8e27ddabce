"""Hand-ins and dossiers as the teacher's commands read them: untrusted, checked field by field.

A hand-in arrives from a pupil's game, a dossier from anyone's export, and
either may have been edited, cut off or written by another program. The
class report, ``compare`` and the control room therefore read every file
through ``load_record``:

- the JSON is parsed with bounds (no number past 30 digits, no NaN or
  infinity, no nesting deeper than Python's parser allows, no file over
  ``MAX_BYTES``);
- a dossier is made into a hand-in record by ``handin_from_dossier``;
- the record is checked against ``HANDIN``, a declared shape of every field
  the readers use (type, range, length), and rebuilt from it: fields not in
  the shape are dropped, and every string comes back with control characters
  shown as visible stand-ins (``neutralise``), so a label holding an escape
  sequence prints as ``␛[2J`` on the teacher's terminal and in the report.

A file that fails gets a ``RecordProblem`` naming the file and the field
(``abgaben/g-1.json: predictions[3].probability: a number from 0 to 1
expected, found text``); the caller skips it and reads the rest.
"""

from __future__ import annotations

import json
import math
import os
import stat
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kaufhaus.play.handin import (
    FORMAT,
    LIVE_FORMAT,
    VERSION,
    handin_from_dossier,
    is_dossier,
    is_handin,
)
from kaufhaus.story.errors import neutralise

if TYPE_CHECKING:
    from kaufhaus.story.model import Story

#: A hand-in is a few kilobytes, a dossier of a long game some megabytes.
MAX_BYTES = 64 * 1024 * 1024
#: Digits an integer in a file may have before it is refused unparsed.
MAX_DIGITS = 30

PROBLEMS: dict[str, dict[str, str]] = {
    "missing": {"de": "fehlt", "en": "missing"},
    "type": {
        "de": "{expected} erwartet, gefunden: {found}",
        "en": "{expected} expected, found {found}",
    },
    "range": {
        "de": "{expected} von {low} bis {high} erwartet, gefunden: {value}",
        "en": "{expected} from {low} to {high} expected, found {value}",
    },
    "long": {
        "de": "höchstens {n} Zeichen erwartet, gefunden: {found}",
        "en": "at most {n} characters expected, found {found}",
    },
    "many": {
        "de": "höchstens {n} Einträge erwartet, gefunden: {found}",
        "en": "at most {n} entries expected, found {found}",
    },
    "one_of": {"de": "eines von {values} erwartet", "en": "one of {values} expected"},
    "not_text": {
        "de": "enthält Zeichen, die kein Text sind (einzelne Surrogate)",
        "en": "holds characters that are not text (lone surrogates)",
    },
    "json": {"de": "kein gültiges JSON ({msg})", "en": "not valid JSON ({msg})"},
    "deep": {"de": "zu tief verschachtelt", "en": "nested too deeply"},
    "number": {
        "de": "eine Zahl, die keine ist oder zu groß ist ({value})",
        "en": "a number that is none or too large ({value})",
    },
    "big": {
        "de": "größer als {mb} MB: keine Abgabe und keine Akte",
        "en": "larger than {mb} MB: neither a hand-in nor a dossier",
    },
    "not_file": {"de": "keine gewöhnliche Datei", "en": "not a regular file"},
    "unreadable": {"de": "nicht lesbar ({error})", "en": "cannot be read ({error})"},
    "mark": {
        "de": "trägt nicht das Zeichen des Spiels (kaufhaus …)",
        "en": "does not carry the game's mark (kaufhaus …)",
    },
    "not_ours": {
        "de": "weder eine Abgabe noch eine Akte von Kaufhaus Internet",
        "en": "neither a hand-in nor a dossier of Kaufhaus Internet",
    },
    "version": {
        "de": "Abgabe in Fassung {found}; dieses Spiel liest Fassung {version}",
        "en": "hand-in of version {found}; this game reads version {version}",
    },
    "dossier": {
        "de": "eine Akte, aus der sich keine Abgabe machen lässt ({error})",
        "en": "a dossier no hand-in can be made from ({error})",
    },
}

WORDS: dict[str, dict[str, str]] = {
    "text": {"de": "Text", "en": "text"},
    "whole": {"de": "eine ganze Zahl", "en": "a whole number"},
    "number": {"de": "eine Zahl", "en": "a number"},
    "flag": {"de": "wahr oder falsch", "en": "true or false"},
    "list": {"de": "eine Liste", "en": "a list"},
    "object": {"de": "ein Objekt", "en": "an object"},
    "nothing": {"de": "nichts (null)", "en": "nothing (null)"},
    "huge": {"de": "eine unbrauchbare Zahl", "en": "an unusable number"},
}


def _word(value: Any) -> str:
    if isinstance(value, Huge):
        return "huge"
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "flag"
    if isinstance(value, int):
        return "whole"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "list"
    return "object"


class Wrong(Exception):
    """One field of a record that does not fit its shape: where, and what is wrong."""

    def __init__(self, where: str, key: str, *, position: str = "", **values: Any) -> None:
        super().__init__(where, key)
        self.where = where
        self.key = key
        #: ``line:column`` in the file, when the problem is in its syntax.
        self.position = position
        self.values = values

    def text(self, lang: str) -> str:
        values = {
            k: (WORDS[v][lang] if k in ("expected", "found") and v in WORDS else v)
            for k, v in self.values.items()
        }
        what = PROBLEMS[self.key][lang].format(**values)
        return f"{self.where}: {what}" if self.where else what


@dataclass(frozen=True)
class RecordProblem(Exception):
    """A file the teacher's commands cannot use; ``text`` names the file and the problem."""

    path: Path
    wrong: Wrong

    def text(self, lang: str) -> str:
        at = f"{self.path}:{self.wrong.position}" if self.wrong.position else str(self.path)
        return neutralise(f"{at}: {self.wrong.text(lang)}")

    def __str__(self) -> str:
        return self.text("en")


# ------------------------------------------------------------------- shapes
Shape = Callable[[Any, str], Any]


def _at(where: str, key: str | int) -> str:
    return f"{where}[{key}]" if isinstance(key, int) else (f"{where}.{key}" if where else key)


def text(max_length: int = 500) -> Shape:
    """A string, shown on one line, control characters visible."""

    def check(value: Any, where: str) -> str:
        if not isinstance(value, str):
            raise Wrong(where, "type", expected="text", found=_word(value))
        if len(value) > max_length:
            raise Wrong(where, "long", n=max_length, found=len(value))
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise Wrong(where, "not_text") from None
        return neutralise(" ".join(value.split()))

    return check


def whole(low: int, high: int) -> Shape:
    def check(value: Any, where: str) -> int:
        if isinstance(value, Huge):
            raise Wrong(where, "number", value=value.literal)
        if isinstance(value, bool) or not isinstance(value, int):
            raise Wrong(where, "type", expected="whole", found=_word(value))
        if not low <= value <= high:
            raise Wrong(where, "range", expected="whole", low=low, high=high, value=_short(value))
        return value

    return check


def number(low: float, high: float) -> Shape:
    def check(value: Any, where: str) -> float:
        if isinstance(value, Huge):
            raise Wrong(where, "number", value=value.literal)
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise Wrong(where, "type", expected="number", found=_word(value))
        if not (math.isfinite(value) and low <= value <= high):
            raise Wrong(where, "range", expected="number", low=low, high=high, value=_short(value))
        return float(value)

    return check


def flag(value: Any, where: str) -> bool:
    if not isinstance(value, bool):
        raise Wrong(where, "type", expected="flag", found=_word(value))
    return value


def one_of(*allowed: Any) -> Shape:
    def check(value: Any, where: str) -> Any:
        if isinstance(value, bool) or value not in allowed:
            raise Wrong(where, "one_of", values=", ".join(json.dumps(a) for a in allowed))
        return value

    return check


def maybe(shape: Shape) -> Shape:
    def check(value: Any, where: str) -> Any:
        return None if value is None else shape(value, where)

    return check


def list_of(shape: Shape, most: int) -> Shape:
    def check(value: Any, where: str) -> list[Any]:
        if not isinstance(value, list):
            raise Wrong(where, "type", expected="list", found=_word(value))
        if len(value) > most:
            raise Wrong(where, "many", n=most, found=len(value))
        return [shape(item, _at(where, i)) for i, item in enumerate(value)]

    return check


def map_of(shape: Shape, most: int, key_length: int = 200) -> Shape:
    key_shape = text(key_length)

    def check(value: Any, where: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise Wrong(where, "type", expected="object", found=_word(value))
        if len(value) > most:
            raise Wrong(where, "many", n=most, found=len(value))
        return {
            key_shape(key, where): shape(item, _at(where, str(key))) for key, item in value.items()
        }

    return check


def record(fields: Mapping[str, Shape], defaults: Mapping[str, str] | None = None) -> Shape:
    """An object with these fields (others are dropped: a whitelist again).

    ``defaults`` maps an optional field to the field whose value it takes when
    missing, so every reader finds every field.
    """
    optional = dict(defaults or {})

    def check(value: Any, where: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise Wrong(where, "type", expected="object", found=_word(value))
        out: dict[str, Any] = {}
        for name, shape in fields.items():
            if name not in value and name not in optional:
                raise Wrong(_at(where, name), "missing")
            if name in value:
                out[name] = shape(value[name], _at(where, name))
        for name, source in optional.items():
            out.setdefault(name, out[source])
        return out

    return check


def _short(value: Any) -> str:
    shown = repr(value)
    return shown if len(shown) <= 24 else shown[:10] + "…" + shown[-6:]


ID = text(200)


def mark(value: Any, where: str) -> str:
    """The game's mark (``kaufhaus <version>``): what no other program writes by chance."""
    found = str(text(80)(value, where))
    if not found.startswith("kaufhaus "):
        raise Wrong(where, "mark")
    return found


LABEL = record({"de": text(), "en": text()})
COUNT = whole(0, 10**9)
MONEY = number(-(10**9), 10**9)

#: Every field of a hand-in that the class report, ``compare`` and the control room read.
HANDIN = record(
    {
        "format": one_of(FORMAT, LIVE_FORMAT),
        "version": whole(VERSION, VERSION),
        "generator": mark,
        "lesson": maybe(ID),
        "game": maybe(ID),
        "story": record({"id": maybe(ID), "hash": maybe(ID)}),
        "lang": maybe(one_of("de", "en")),
        "ended": flag,
        "consent": record(
            {
                "choice": maybe(text(50)),
                "label": maybe(LABEL),
                "granted": list_of(text(50), 50),
                "refused": list_of(text(50), 50),
            }
        ),
        "events": COUNT,
        "events_after_refusal": COUNT,
        "personalised_scenes": COUNT,
        "conclusions": list_of(
            record({"kind": text(50), "subject": ID, "label": LABEL, "name": LABEL}), 1000
        ),
        "segments": list_of(
            record({"id": ID, "label": LABEL, "name": LABEL}, defaults={"name": "label"}), 100
        ),
        "predictions": list_of(
            record(
                {
                    "product": ID,
                    "probability": number(0.0, 1.0),
                    "predicted": flag,
                    "bought": flag,
                }
            ),
            1000,
        ),
        "bought": list_of(ID, 1000),
        "paid": MONEY,
        "paid_neutral": MONEY,
        "paid_difference": MONEY,
        "choices": list_of(
            record({"scene": ID, "choice": ID, "scene_title": LABEL, "label": LABEL}), 100_000
        ),
        "products": map_of(LABEL, 1000),
        "sensitive": map_of(text(50), 1000),
    }
)


def checked(data: Any) -> dict[str, Any]:
    """The record rebuilt from its shape; raises ``Wrong`` at the first field that does not fit."""
    version = data.get("version") if isinstance(data, dict) and is_handin(data) else VERSION
    if type(version) is int and version != VERSION:  # a newer (or older) game wrote it
        raise Wrong("version", "version", found=_short(version), version=VERSION)
    result: dict[str, Any] = HANDIN(data, "")
    return result


# ------------------------------------------------------------------- files
class Huge(float):
    """A number in a file that is none or too large to use (``1e999``, ``NaN``, 400 digits).

    Parsed as NaN, never converted (a 400-digit integer is never made an int
    or a float), so the shape of the field it sits in reports it, located.
    """

    literal: str

    def __new__(cls, literal: str) -> Huge:
        number = super().__new__(cls, "nan")
        number.literal = literal if len(literal) <= 16 else literal[:12] + "…"
        return number

    def __repr__(self) -> str:
        return self.literal


def _parse_int(digits: str) -> int | Huge:
    return Huge(digits) if len(digits.lstrip("-")) > MAX_DIGITS else int(digits)


def _parse_float(literal: str) -> float:
    if len(literal) > 64:
        return Huge(literal)
    value = float(literal)
    return value if math.isfinite(value) else Huge(literal)


def read_json(path: Path) -> Any:
    """A file's JSON, parsed with bounds; raises ``Wrong`` (without a field) when it cannot be."""
    try:
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)  # a pipe never blocks the reader
        fd = os.open(path, flags)
    except OSError as exc:
        raise Wrong("", "unreadable", error=exc.strerror or exc) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise Wrong("", "not_file")
        if info.st_size > MAX_BYTES:
            raise Wrong("", "big", mb=MAX_BYTES // (1024 * 1024))
        with os.fdopen(fd, "rb", closefd=False) as handle:
            raw = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise Wrong("", "unreadable", error=exc.strerror or exc) from None
    finally:
        os.close(fd)
    if len(raw) > MAX_BYTES:
        raise Wrong("", "big", mb=MAX_BYTES // (1024 * 1024))
    try:
        return json.loads(
            raw.decode("utf-8"),
            parse_int=_parse_int,
            parse_float=_parse_float,
            parse_constant=Huge,
        )
    except UnicodeDecodeError as exc:
        raise Wrong("", "json", msg=f"not UTF-8 at byte {exc.start}") from None
    except json.JSONDecodeError as exc:
        raise Wrong("", "json", msg=exc.msg, position=f"{exc.lineno}:{exc.colno}") from None
    except RecursionError:
        raise Wrong("", "deep") from None
    except ValueError as exc:  # e.g. an integer past Python's digit limit
        raise Wrong("", "number", value=str(exc)[:60]) from None


def as_checked_record(data: Any, story: Callable[[], Story | None] | None = None) -> dict[str, Any]:
    """A hand-in, or a dossier made into one, checked; raises ``Wrong``."""
    if is_dossier(data):
        try:
            data = handin_from_dossier(data, story() if story is not None else None)
        except (TypeError, ValueError, AttributeError, KeyError, OverflowError) as exc:
            # The dossier's fields are read as the game writes them; one of another
            # shape is a file we cannot use, and the message says where it broke.
            raise Wrong("", "dossier", error=f"{type(exc).__name__}: {_short(str(exc))}") from None
        except RecursionError:
            raise Wrong("", "deep") from None
    elif not is_handin(data):
        raise Wrong("", "not_ours")
    return checked(data)


def load_record(path: Path, story: Callable[[], Story | None] | None = None) -> dict[str, Any]:
    """One file as a checked record; raises ``RecordProblem`` naming the file and the field."""
    try:
        return as_checked_record(read_json(path), story)
    except Wrong as wrong:
        raise RecordProblem(path, wrong) from None
