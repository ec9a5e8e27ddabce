"""Save files: a header line, then one event a line, appended as the game goes.

Why this shape: the log is the game, so the save must grow with the log at a
cost that does not. Each action appends its new events as compact JSON lines
and flushes them (``AppendWriter``); nothing already on disk is rewritten, so
an autosave at event 100,000 costs what it costs at event 10. Continue and
the Load list read only the first and the last line (``peek_save``).

Every stored event is checked (``check_event``) before it is replayed: known
kind, types, finite numbers (bounded before any float conversion), sizes. The
checks are one declarative table (``kaufhaus.tracking.schema.FIELDS``) keyed
by the ``Kind`` enum: every field a reader takes from an event is declared
there with its type. The writer runs the same check before it writes, so the
game never writes what the reader would refuse.

Every text a save or the cookie holds passes ``neutralise`` on its way in,
the gate everything a player types passes (``Game.type_text``): no escape
sequence, control or bidirectional override from a file reaches any screen,
page or export, whichever front end draws it.

A damaged save is reported with its place ("event 1,234: `seconds` must be a
number"), in the player's language, and left byte for byte as it was; the
game may continue from the last good event, always into a new file.

Old saves (version 1: one pretty-printed JSON document, ``.json``) still load;
the game continues them into a new ``.jsonl`` file and keeps the original.
"""

from __future__ import annotations

import contextlib
import gc
import json
import math
import os
import re
import stat
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

from kaufhaus.story.errors import UNSAFE_CHARS, neutralise, neutralise_data
from kaufhaus.tracking.events import Event, Kind
from kaufhaus.tracking.schema import (
    COOKIE,
    ID,
    MAX_SHORT,
    SECONDS,
    FieldProblem,
    Text,
    Whole,
    check_data,
    finite,
    generic,
)

# The bounds and the table, where the save code's users have always found them.
from kaufhaus.tracking.schema import FIELDS as FIELDS
from kaufhaus.tracking.schema import MAX_EVENTS as MAX_EVENTS
from kaufhaus.tracking.schema import MAX_INPUT_CHARS as MAX_INPUT_CHARS
from kaufhaus.tracking.schema import MAX_LIST as MAX_LIST
from kaufhaus.tracking.schema import MAX_NUMBER as MAX_NUMBER
from kaufhaus.tracking.schema import MAX_TEXT as MAX_TEXT

FORMAT = "kaufhaus-save"
#: 2: header line + one event a line (JSON Lines). 1: one JSON document (read only).
VERSION = 2
SUFFIX = ".jsonl"
LEGACY_SUFFIX = ".json"

#: The longest line the writer writes and the reader reads (header or event).
MAX_LINE_BYTES = 64 * 1024
#: Old one-document saves larger than this are refused (the old writer went past 50 MB).
MAX_LEGACY_BYTES = 1024 * 1024 * 1024
#: Bytes read from the end of a save to find its last event.
_TAIL = 2 * MAX_LINE_BYTES

# ---------------------------------------------------------------- messages
MESSAGES: dict[str, dict[str, str]] = {
    "missing": {"de": "diesen Spielstand gibt es nicht", "en": "no such save"},
    "unreadable": {
        "de": "der Spielstand lässt sich nicht lesen ({why})",
        "en": "cannot read the save ({why})",
    },
    "not_regular": {
        "de": "keine gewöhnliche Datei (ein Link, Ordner oder eine Pipe); nicht angefasst",
        "en": "not a regular file (a link, folder or pipe); left alone",
    },
    "too_large": {
        "de": "der Spielstand ist {mb} MB groß, größer als alles, was das Spiel schreibt",
        "en": "the save is {mb} MB, larger than anything this game writes",
    },
    "empty": {
        "de": "der Spielstand ist leer (0 Bytes); vielleicht war der Datenträger voll",
        "en": "the save is empty (0 bytes); perhaps the disk was full",
    },
    "not_utf8": {
        "de": "der Spielstand ist kein UTF-8-Text; er ist beschädigt",
        "en": "the save is not UTF-8 text; it is damaged",
    },
    "not_ours": {
        "de": "das ist kein Spielstand von Kaufhaus Internet",
        "en": "this is not a Kaufhaus Internet save",
    },
    "newer": {
        "de": "Spielstand-Format {version} ist neuer, als dieses Spiel versteht ({known}); "
        "bitte das Spiel aktualisieren",
        "en": "save format version {version} is newer than this game understands ({known}); "
        "update the game to load it",
    },
    "bad_version": {
        "de": "unbekannte Version des Spielstand-Formats: {version}",
        "en": "unknown save format version {version}",
    },
    "header": {
        "de": "der Kopf des Spielstands ist unvollständig ({why})",
        "en": "the save header is incomplete ({why})",
    },
    "json": {
        "de": "Zeile {line} ist beschädigt oder abgeschnitten ({why})",
        "en": "line {line} is damaged or cut off ({why})",
    },
    "cut_off": {
        "de": "die letzte Zeile wurde beim Schreiben abgeschnitten",
        "en": "the last line was cut off while it was written",
    },
    "line_too_long": {
        "de": "Zeile {line} ist länger, als das Spiel je schreibt",
        "en": "line {line} is longer than this game ever writes",
    },
    "too_many": {
        "de": "mehr als {max} Ereignisse; so viel schreibt das Spiel nie",
        "en": "more than {max} events; this game never writes that many",
    },
    "no_slot": {
        "de": "kein freier Name für einen automatischen Spielstand; bitte aufräumen",
        "en": "no free name for an autosave; please tidy the folder",
    },
    "not_record": {"de": "ist kein Datensatz", "en": "is not a record"},
    "field_missing": {"de": "„{field}“ fehlt", "en": "`{field}` is missing"},
    "field_type": {"de": "„{field}“ muss {type} sein", "en": "`{field}` must be {type}"},
    "field_range": {
        "de": "„{field}“ liegt außerhalb von {low} bis {high}",
        "en": "`{field}` is outside {low} to {high}",
    },
    "field_long": {
        "de": "„{field}“ ist zu lang (mehr als {max})",
        "en": "`{field}` is too long (more than {max})",
    },
    "field_foreign": {
        "de": "„{field}“ gehört nicht zu dieser Art von Ereignis",
        "en": "`{field}` does not belong to this kind of event",
    },
    "too_deep": {
        "de": "„{field}“ ist zu tief verschachtelt",
        "en": "`{field}` is nested too deeply",
    },
    "unknown_kind": {
        "de": "unbekannte Ereignisart {kind}",
        "en": "unknown kind of event {kind}",
    },
    "wrong_id": {
        "de": "trägt die Nummer {found}; das Protokoll wurde verändert",
        "en": "has the number {found}; the log was tampered with",
    },
    "back_in_time": {
        "de": "geht in der Zeit zurück; das Protokoll wurde verändert",
        "en": "goes back in time; the log was tampered with",
    },
    "no_session": {
        "de": "der Spielstand enthält keine spielbare Sitzung",
        "en": "the save holds no playable session",
    },
    "other_story": {
        "de": "dieser Spielstand gehört zur Geschichte {other}, nicht zu {story}",
        "en": "this save belongs to the story {other}, not {story}",
    },
    "replay": {
        "de": "passt nicht mehr zur Geschichte ({why})",
        "en": "no longer fits the story ({why})",
    },
    "story_changed": {
        "de": "die Geschichte hat sich seit diesem Spielstand geändert; "
        "das Ereignis passt nicht mehr ({why})",
        "en": "the story has changed since this save; the event no longer fits ({why})",
    },
    "event_at": {"de": "Ereignis {n}", "en": "event {n}"},
    "t_number": {"de": "eine Zahl", "en": "a number"},
    "t_int": {"de": "eine ganze Zahl", "en": "a whole number"},
    "t_text": {"de": "ein Text", "en": "text"},
    "t_bool": {"de": "wahr oder falsch", "en": "true or false"},
    "t_texts": {"de": "eine Liste von Texten", "en": "a list of texts"},
    "t_prices": {"de": "eine Zuordnung von Namen zu Beträgen", "en": "a mapping of names to sums"},
    "t_mapping": {"de": "eine Zuordnung", "en": "a mapping"},
    "t_value": {"de": "ein einfacher Wert", "en": "a simple value"},
    "t_money": {"de": "ein Betrag", "en": "a sum of money"},
    "t_claims": {
        "de": "eine Liste von Behauptungen mit Belegen",
        "en": "a list of claims with their evidence",
    },
    "t_ids": {"de": "eine Liste von Ereignisnummern", "en": "a list of event numbers"},
}


def number_text(n: int, lang: str) -> str:
    """1234 as 1.234 (de) or 1,234 (en): how players read event numbers."""
    text = f"{n:,}"
    return text.replace(",", ".") if lang == "de" else text


def _msg(key: str, lang: str, params: dict[str, Any]) -> str:
    lang = lang if lang in ("de", "en") else "en"
    values = {k: _param(v, lang) for k, v in params.items()}
    return MESSAGES[key][lang].format(**values)


def _param(value: Any, lang: str) -> str:
    if isinstance(value, tuple) and len(value) == 1 and isinstance(value[0], str):
        return MESSAGES[value[0]][lang]  # a type name, translated
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        if abs(value) >= 10**15:  # a crafted number: its size says enough
            digits = str(abs(value))
            size = f"{len(digits)} {'Stellen' if lang == 'de' else 'digits'}"
            return f"{'-' if value < 0 else ''}{digits[:6]}… ({size})"
        return number_text(value, lang)
    return str(value)


class SaveError(Exception):
    """A save that cannot be read: what and where, in the player's language.

    ``event`` is the 0-based index of the first bad event (None for a problem
    with the file itself); ``good`` is how many events before it are sound,
    so the player may continue from there.
    """

    def __init__(
        self,
        path: Path | str,
        key: str,
        *,
        event: int | None = None,
        good: int = 0,
        **params: Any,
    ) -> None:
        self.path = Path(path)
        self.key = key
        self.event = event
        self.good = good
        self.params = params
        super().__init__(self.text("en"))

    def reason(self, lang: str) -> str:
        """The problem without the file name, located at its event if it has one.

        Safe to draw: a field name or a reason may quote what the file holds.
        """
        text = _msg(self.key, lang, self.params)
        if self.event is not None:
            where = _msg("event_at", lang, {"n": number_text(self.event, lang)})
            text = f"{where}: {text}"
        return neutralise(text)

    def text(self, lang: str) -> str:
        return neutralise(f"{self.path}: {self.reason(lang)}")  # a file may be named anyhow

    def at(self, path: Path) -> SaveError:
        """The same problem, named at another file."""
        return SaveError(path, self.key, event=self.event, good=self.good, **self.params)


_FieldError = FieldProblem


# -------------------------------------------------------------- validation
#: Top-level fields every event has.
_TOP = ("id", "kind", "t", "scene")
_TOP_SET = frozenset(_TOP)
_ALL_TOP = frozenset((*_TOP, "target", "data"))
_KINDS = {str(k): k for k in Kind}
_TARGET = Text(MAX_SHORT, optional=True)


def maybe_unsafe(text: str) -> bool:
    """Whether JSON ``text`` may decode to a string that needs ``neutralise``.

    An unsafe character is either in the text as it is, or written as an
    escape (``\\u001b``, ``\\r``); without a backslash and an unsafe
    character, no string in it can hold one. A quick look that lets replay
    skip the walk through every event's data.
    """
    return "\\" in text or UNSAFE_CHARS.search(text) is not None


def check_event(raw: Any, index: int, previous_t: float = 0.0, *, safe: bool = False) -> Event:
    """Check one stored event and build it; raise ``_FieldError`` naming the field.

    Every text in it passes ``neutralise`` (the gate all player text passes on
    its way into the game), and the bounds hold for the text as it will be
    drawn. ``safe``: the caller has seen that the line holds nothing to
    neutralise (``maybe_unsafe``).
    """
    event = _check_event(raw, index, previous_t)
    if not safe:
        shown = neutralise_data(raw)
        if shown is not raw:  # something was made visible: check the bounds again
            event = _check_event(shown, index, previous_t)
    return event


def _check_event(raw: Any, index: int, previous_t: float) -> Event:
    if not isinstance(raw, dict):
        raise _FieldError("not_record")
    if not raw.keys() >= _TOP_SET:
        for name in _TOP:
            if name not in raw:
                raise _FieldError("field_missing", field=name)
    ident = raw["id"]
    if isinstance(ident, bool) or not isinstance(ident, int):
        raise _FieldError("field_type", field="id", type=("t_int",))
    if ident != index:
        raise _FieldError("wrong_id", found=ident)
    kind_name = raw["kind"]
    if not isinstance(kind_name, str):
        raise _FieldError("field_type", field="kind", type=("t_text",))
    kind = _KINDS.get(kind_name)
    if kind is None:
        raise _FieldError("unknown_kind", kind=json.dumps(kind_name[:40], ensure_ascii=True))
    t = raw["t"]
    SECONDS.check("t", t)
    if t < previous_t:
        raise _FieldError("back_in_time")
    ID.check("scene", raw["scene"])
    target = raw.get("target")
    _TARGET.check("target", target)
    data = raw.get("data")
    if data is None:
        data = {}
    check_data(kind, data)
    for name in sorted(raw.keys() - _ALL_TOP):  # fields this game never writes: bounded
        ID.check("event", name)
        generic(name, raw[name])
    return Event(index, kind, float(t), raw["scene"], target, data)


# ------------------------------------------------------------------ header
@dataclass(frozen=True)
class SaveHeader:
    story_id: str
    story_hash: str
    lang: str
    seed: int
    created: str = ""
    scene: str = ""
    play_seconds: float = 0.0
    version: int = VERSION
    #: A name for this game, unique and kept across loads: the dossier's IRI.
    session: str = ""

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "format": FORMAT,
            "version": VERSION,
            "story": {"id": self.story_id, "hash": self.story_hash},
            "lang": self.lang,
            "seed": self.seed,
            "created": self.created,
        }
        if self.session:
            out["session"] = self.session
        return out


@dataclass(frozen=True)
class SaveFile:
    header: SaveHeader
    events: list[Event] = field(default_factory=list)
    #: The first bad event (reading tolerantly); the events are those before it.
    problem: SaveError | None = None
    #: Where the last good line ends (version 2): appending continues here.
    end: int = 0


@dataclass(frozen=True)
class SaveSummary:
    """What the title and the Load list show, read without replaying anything."""

    header: SaveHeader
    events: int
    scene: str
    play_seconds: float
    modified: float

    def ended(self, story: Any) -> bool:
        """Whether the game reached an ending (the scene it stopped in is one)."""
        scene = story.scenes.get(self.scene)
        return scene is not None and scene.ending is not None


def now_iso() -> str:
    """Wall-clock time for the save list; never used by the game's state."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def _header_from(path: Path, payload: Any) -> SaveHeader:
    """Check a header (either version) and build it."""
    if not isinstance(payload, dict) or payload.get("format") != FORMAT:
        raise SaveError(path, "not_ours")
    version = payload.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise SaveError(path, "bad_version", version=json.dumps(version)[:20])
    if version > VERSION:
        raise SaveError(path, "newer", version=version, known=VERSION)
    try:
        story = payload["story"]
        if not isinstance(story, dict):
            raise TypeError("`story` must be a mapping")
        for name, value in (("story.id", story["id"]), ("story.hash", story["hash"])):
            if not isinstance(value, str) or len(value) > MAX_SHORT:
                raise TypeError(f"`{name}` must be short text")
        lang, seed = payload["lang"], payload["seed"]
        if not isinstance(lang, str) or len(lang) > 10:
            raise TypeError("`lang` must be a language code")
        if isinstance(seed, bool) or not isinstance(seed, int) or abs(seed) > 2**63:
            raise TypeError("`seed` must be a whole number")
        created = payload.get("created", "")
        scene = payload.get("scene", "")
        session = payload.get("session", "")
        if not isinstance(session, str) or len(session) > MAX_SHORT:
            raise TypeError("`session` must be short text")
        played = payload.get("play_seconds", 0.0)
        if not isinstance(created, str) or not isinstance(scene, str):
            raise TypeError("`created` and `scene` must be text")
        if not finite(played):
            raise TypeError("`play_seconds` must be a number")
    except KeyError as exc:
        raise SaveError(path, "header", why=f"`{exc.args[0]}` is missing") from None
    except TypeError as exc:
        raise SaveError(path, "header", why=str(exc)) from None
    # Texts from the file pass the gate, as every event's texts do.
    return SaveHeader(
        neutralise(story["id"]),
        neutralise(story["hash"]),
        neutralise(lang),
        seed,
        neutralise(created[:MAX_SHORT]),
        neutralise(scene[:MAX_SHORT]),
        float(played),
        version,
        session,
    )


# ------------------------------------------------------------------ reading
def _open_regular(path: Path, *, follow: bool = True) -> int:
    """Open for reading without hanging on a pipe or following a link when asked not to."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)
    if not follow:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise SaveError(path, "missing") from None
    except OSError as exc:
        if not follow and os.path.islink(path):
            raise SaveError(path, "not_regular") from None
        raise SaveError(path, "unreadable", why=exc.strerror or exc) from None
    try:
        info = os.fstat(fd)
    except OSError as exc:  # pragma: no cover - fstat on an open file
        os.close(fd)
        raise SaveError(path, "unreadable", why=exc.strerror or exc) from None
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        raise SaveError(path, "not_regular")
    return fd


def _parse_line(path: Path, line: bytes, number: int, event: int | None, good: int) -> Any:
    return _parse_text(path, line, number, event, good)[0]


def _parse_text(
    path: Path, line: bytes, number: int, event: int | None, good: int
) -> tuple[Any, str]:
    """The line's JSON value and its text."""
    if len(line) > MAX_LINE_BYTES:
        raise SaveError(path, "line_too_long", event=event, good=good, line=number)
    try:
        # Decoded here, not by json.loads: that would sniff the encoding of every line.
        text = line.decode("utf-8")
        return json.loads(text), text
    except UnicodeDecodeError:
        raise SaveError(path, "not_utf8", event=event, good=good) from None
    except json.JSONDecodeError as exc:
        raise SaveError(path, "json", event=event, good=good, line=number, why=exc.msg) from None
    except (ValueError, RecursionError) as exc:  # 5000-digit numbers, deep nesting
        why = "too deeply nested" if isinstance(exc, RecursionError) else str(exc)[:80]
        raise SaveError(path, "json", event=event, good=good, line=number, why=why) from None


def _one_line(first: bytes) -> bool:
    """Version 2 headers are one complete JSON object on the first line."""
    return first.rstrip(b"\r\n").endswith(b"}")


def read_save(path: Path, *, tolerant: bool = False, follow: bool = True) -> SaveFile:
    """Read and check a save; raise SaveError with a located reason. Never writes.

    ``tolerant``: a bad event ends the events there and is returned as
    ``problem`` (a bad header still raises), so the game can go on from the
    last good event.
    """
    path = Path(path)
    fd = _open_regular(path, follow=follow)
    with os.fdopen(fd, "rb") as fh:
        first = fh.readline(MAX_LINE_BYTES + 1)
        if not (first.endswith(b"\n") and _one_line(first)):
            fh.seek(0)  # version 1, or not a save at all: the whole-document reader says which
            return _read_legacy(path, fh, tolerant)
        payload = _parse_line(path, first, 1, None, 0)
        header = _header_from(path, payload)
        if header.version < 2:
            fh.seek(0)
            return _read_legacy(path, fh, tolerant)
        events: list[Event] = []
        end = len(first)
        previous_t = 0.0
        number = 1
        for line in _lines(fh):
            number += 1
            index = len(events)
            try:
                if index >= MAX_EVENTS:
                    raise SaveError(path, "too_many", max=MAX_EVENTS)
                if len(line) > MAX_LINE_BYTES:
                    raise SaveError(path, "line_too_long", event=index, good=index, line=number)
                if not line.endswith(b"\n"):
                    if not line.strip():
                        break
                    raise SaveError(path, "cut_off", event=index, good=index)
                raw, text = _parse_text(path, line, number, index, index)
                try:
                    event = check_event(raw, index, previous_t, safe=not maybe_unsafe(text))
                except _FieldError as exc:
                    raise SaveError(path, exc.key, event=index, good=index, **exc.params) from None
            except SaveError as exc:
                if tolerant and exc.event is not None:
                    return SaveFile(header, events, exc, end)
                raise
            events.append(event)
            previous_t = event.t
            end += len(line)
    return SaveFile(header, events, None, end)


def _lines(fh: Any) -> Iterator[bytes]:
    """Lines of at most MAX_LINE_BYTES + 1 bytes: a longer one is never read whole."""
    while True:
        line: bytes = fh.readline(MAX_LINE_BYTES + 1)
        if not line:
            return
        if len(line) > MAX_LINE_BYTES and not line.endswith(b"\n"):
            # Skip the rest of the over-long line; the check reports it.
            while True:
                more = fh.readline(MAX_LINE_BYTES)
                if not more or more.endswith(b"\n"):
                    break
        yield line


def _read_legacy(path: Path, fh: Any, tolerant: bool) -> SaveFile:
    """Version 1: one JSON document with an ``events`` list."""
    size = os.fstat(fh.fileno()).st_size
    if size > MAX_LEGACY_BYTES:
        raise SaveError(path, "too_large", mb=size // 1_000_000)
    if size == 0:
        raise SaveError(path, "empty")
    raw = fh.read()
    try:
        payload = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise SaveError(path, "not_utf8") from None
    except json.JSONDecodeError as exc:
        raise SaveError(path, "json", line=exc.lineno, why=exc.msg) from None
    except (ValueError, RecursionError) as exc:
        why = "too deeply nested" if isinstance(exc, RecursionError) else str(exc)[:80]
        raise SaveError(path, "json", line=1, why=why) from None
    header = _header_from(path, payload)
    raw_events = payload.get("events")
    if not isinstance(raw_events, list):
        raise SaveError(path, "header", why="`events` must be a list")
    events: list[Event] = []
    previous_t = 0.0
    for index, raw_event in enumerate(raw_events):
        try:
            if index >= MAX_EVENTS:
                raise _FieldError("too_many", max=MAX_EVENTS)
            event = check_event(raw_event, index, previous_t)
        except _FieldError as exc:
            error = SaveError(path, exc.key, event=index, good=index, **exc.params)
            if tolerant:
                return SaveFile(header, events, error)
            raise error from None
        events.append(event)
        previous_t = event.t
    return SaveFile(header, events)


def peek_save(path: Path, *, follow: bool = False) -> SaveSummary:
    """Header and last event of a save, without reading what lies between.

    This is what keeps the title and the Load list as fast at 100,000 events
    as at 10. A damaged middle is found when the save is loaded.
    """
    path = Path(path)
    fd = _open_regular(path, follow=follow)
    with os.fdopen(fd, "rb") as fh:
        modified = os.fstat(fh.fileno()).st_mtime
        first = fh.readline(MAX_LINE_BYTES + 1)
        legacy = not (first.endswith(b"\n") and _one_line(first))
        if not legacy:
            header = _header_from(path, _parse_line(path, first, 1, None, 0))
            legacy = header.version < 2  # an old save written on one line
        if legacy:
            fh.seek(0)
            save = _read_legacy(path, fh, tolerant=False)
            last = save.events[-1] if save.events else None
            return SaveSummary(
                save.header,
                len(save.events),
                save.header.scene or (_scene_of(last) if last else ""),
                last.t if last else 0.0,
                modified,
            )
        size = os.fstat(fh.fileno()).st_size
        start = max(len(first), size - _TAIL)
        fh.seek(start)
        tail = fh.read(size - start)
    lines = tail.split(b"\n")
    # The piece after the last newline is empty or a line cut off mid-write.
    complete = lines[:-1] if start == len(first) else lines[1:-1]
    newest: Event | None = None
    count = 0
    for line in reversed(complete):
        if not line.strip():
            continue
        raw, text = _parse_text(path, line, 0, None, 0)
        ident = raw.get("id") if isinstance(raw, dict) else None
        if isinstance(ident, bool) or not isinstance(ident, int) or ident < 0:
            raise SaveError(path, "header", why="the last event has no number")
        try:
            event = check_event(raw, ident, safe=not maybe_unsafe(text))
        except _FieldError as exc:
            raise SaveError(path, exc.key, event=ident, **exc.params) from None
        if newest is None:
            newest, count = event, ident + 1
        # Contests are made while reading the reveal, after the game: no play time.
        if event.kind is not Kind.CONTEST:
            return SaveSummary(header, count, _scene_of(newest), event.t, modified)
    if newest is not None:  # only contests in the tail: their time is the best known
        return SaveSummary(header, count, _scene_of(newest), newest.t, modified)
    if size - len(first) > _TAIL:
        raise SaveError(path, "line_too_long", line="?")
    return SaveSummary(header, 0, "", 0.0, modified)


def _scene_of(event: Event) -> str:
    if event.kind is Kind.SCENE_ENTER and event.target:
        return event.target
    return event.scene


# ------------------------------------------------------------------ writing
def encode_event(event: Event) -> bytes:
    """One compact line; checked first, so the reader never refuses what was written.

    Its texts are what the reader would make of them (``neutralise``): the
    game's files hold no escape sequence, whatever reached the game.
    """
    raw = event.as_dict()
    try:
        check_event(raw, event.id, safe=True)
        line = json.dumps(raw, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
        if maybe_unsafe(line):
            shown = neutralise_data(raw)
            if shown is not raw:
                check_event(shown, event.id, safe=True)
                line = json.dumps(shown, ensure_ascii=False, separators=(",", ":"))
    except _FieldError as exc:
        raise SaveError("", exc.key, event=event.id, good=event.id, **exc.params) from None
    data = (line + "\n").encode("utf-8")
    if len(data) > MAX_LINE_BYTES:
        raise SaveError("", "line_too_long", event=event.id, good=event.id, line=event.id + 2)
    return data


def encode_save(header: SaveHeader, events: Iterable[Event]) -> bytes:
    head = json.dumps(header.as_dict(), ensure_ascii=False, separators=(",", ":"))
    return b"".join([(head + "\n").encode("utf-8"), *(encode_event(e) for e in events)])


def write_save(path: Path, save: SaveFile) -> None:
    """Write a whole save at once, atomically (a named save, or a fresh autosave)."""
    write_atomic(Path(path), encode_save(save.header, save.events))


#: Temp files of ours: ``.<name>.<pid>.<random>.tmp`` (see write_atomic).
TEMP_FILE = re.compile(r"^\.(?P<name>.+)\.(?P<pid>\d+)\.[A-Za-z0-9_]+\.tmp$")


def write_atomic(path: Path, data: bytes) -> None:
    """Temp file in the same folder, fsync, rename, fsync the folder.

    Killing the process at any moment leaves either the old file or the new
    one, never a half-written one. Saves, the cookie and exports all use it.
    The temp file's name carries our process id, so a later start can tell
    a leftover of a killed game (``clean_temp_files``) from a write in progress.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(
        prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp", dir=path.parent
    )
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    _fsync_dir(path.parent)


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):  # make a rename or a new file durable
        dir_fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


#: No system gives a process a larger id (pid_t is a signed 32-bit number).
MAX_PID = 2**31 - 1


def pid_alive(pid: int) -> bool:
    """Whether process ``pid`` runs; a number no process can have (read from a
    lock or a temp file's name, so anything) is not one, never an OverflowError."""
    if not 0 < pid <= MAX_PID:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:  # pragma: no cover
        return False
    return True


def clean_temp_files(folder: Path, ours: Any) -> list[Path]:
    """Delete temp files that a killed game of ours left behind; return them.

    Only files named like ours (``ours(name)`` says whether the target name
    is one of our files) whose writing process is gone; never links.
    """
    removed: list[Path] = []
    with contextlib.suppress(OSError):
        for entry in os.scandir(folder):
            match = TEMP_FILE.match(entry.name)
            if match is None or not ours(match["name"]):
                continue
            if not entry.is_file(follow_symlinks=False) or pid_alive(int(match["pid"])):
                continue
            with contextlib.suppress(OSError):
                os.unlink(entry.path)
                removed.append(Path(entry.path))
    return removed


class _Log(Protocol):
    def __len__(self) -> int: ...
    def __getitem__(self, index: int) -> Event: ...


class AppendWriter:
    """The autosave as it grows: an open file, new events appended and flushed.

    ``start`` writes the header and the events so far in one atomic step (a
    new game, or a save continued into a new file); ``resume`` reopens a file
    that was read to ``end`` and appends after it. If a write fails (full
    disk), the file is cut back to its last complete line, and the next
    ``append`` tries the missing events again: nothing is skipped or doubled.
    """

    def __init__(self, path: Path, fd: int, offset: int, count: int) -> None:
        self.path = path
        self._fd: int | None = fd
        self.offset = offset
        #: Events on disk.
        self.count = count

    @classmethod
    def start(cls, path: Path, header: SaveHeader, events: list[Event]) -> AppendWriter:
        data = encode_save(header, events)
        write_atomic(path, data)
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | getattr(os, "O_NOFOLLOW", 0))
        return cls(path, fd, len(data), len(events))

    @classmethod
    def resume(cls, path: Path, end: int, count: int) -> AppendWriter:
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | getattr(os, "O_NOFOLLOW", 0))
        try:
            if os.fstat(fd).st_size != end:  # blank bytes after the last line: ours to drop
                os.ftruncate(fd, end)
        except OSError:
            os.close(fd)
            raise
        return cls(path, fd, end, count)

    def append(self, log: _Log) -> None:
        """Write the events of ``log`` not yet on disk; raise OSError or SaveError on failure."""
        if self._fd is None:
            raise OSError(f"{self.path}: the autosave is closed")
        total = len(log)
        if total <= self.count:
            return
        if total > MAX_EVENTS:
            raise SaveError(self.path, "too_many", max=MAX_EVENTS)
        new = [log[i] for i in range(self.count, total)]
        try:
            data = b"".join(encode_event(e) for e in new)
        except SaveError as exc:
            raise exc.at(self.path) from None
        view = memoryview(data)
        written = 0
        try:
            while written < len(data):
                written += os.write(self._fd, view[written:])
        except OSError:
            with contextlib.suppress(OSError):
                os.ftruncate(self._fd, self.offset)  # never leave half a line behind
            raise
        self.offset += len(data)
        self.count = total

    def sync(self) -> None:
        if self._fd is not None:
            with contextlib.suppress(OSError):
                os.fsync(self._fd)

    def close(self) -> None:
        if self._fd is not None:
            self.sync()
            with contextlib.suppress(OSError):
                os.close(self._fd)
            self._fd = None


def default_save_dir() -> Path:
    """Where saves live: $KAUFHAUS_SAVES, else ./saves next to where the game runs."""
    env = os.environ.get("KAUFHAUS_SAVES")
    return Path(env) if env else Path.cwd() / "saves"


# -------------------------------------------------------------------- cookie
COOKIE_FILE = "kaufhaus-cookie.json"
COOKIE_FORMAT = "kaufhaus-cookie"
MAX_COOKIE_BYTES = 64 * 1024

#: The first bytes of every cookie this game writes (``write_cookie``); the save
#: folder knows its cookie by them, and only such a cookie is ever put aside.
COOKIE_MARK = re.compile(rb'^\s*\{\s*"format"\s*:\s*"' + COOKIE_FORMAT.encode() + rb'"')
#: Where a damaged cookie is put aside: never a name the game reads or deletes.
COOKIE_ASIDE = COOKIE_FILE + ".damaged"

COOKIE_MESSAGES: dict[str, dict[str, str]] = {
    "unreadable": {
        "de": "der Cookie des Kaufhauses ist unlesbar und wurde übergangen ({why})",
        "en": "the shop's cookie is unreadable and was ignored ({why})",
    },
    "not_ours": {
        "de": "kein Cookie von Kaufhaus Internet; übergangen und nicht angefasst",
        "en": "not a Kaufhaus Internet cookie; ignored and left alone",
    },
    "bad_field": {
        "de": "der Cookie ist beschädigt ({why}); übergangen und nicht angefasst",
        "en": "the cookie is damaged ({why}); ignored and left alone",
    },
    "set_aside": {
        "de": "der Cookie des Kaufhauses war beschädigt ({why}); er liegt unverändert "
        "unter {aside}, und das Spiel beginnt ohne ihn",
        "en": "the shop's cookie was damaged ({why}); it was moved, unchanged, to {aside}, "
        "and the game starts without it",
    },
}


@dataclass(frozen=True)
class CookieProblem:
    """Why the cookie was not used. ``damaged``: it is ours (it starts as our
    cookies do) but cannot be used, so it may be put aside (``set_aside_cookie``);
    ``aside`` is where it went then."""

    path: Path
    key: str
    why: str = ""
    detail: FieldProblem | None = None
    damaged: bool = False
    aside: Path | None = None

    def text(self, lang: str) -> str:
        lang = lang if lang in ("de", "en") else "en"
        why = _msg(self.detail.key, lang, self.detail.params) if self.detail else self.why
        message = COOKIE_MESSAGES[self.key][lang].format(why=why, aside=self.aside)
        return neutralise(f"{self.path}: {message}")  # a name or a key from the file

    def __str__(self) -> str:
        return self.text("en")


def check_cookie(value: Any) -> str | None:
    """Why a cookie (as a walkthrough or the session start holds it) is unusable, or None."""
    try:
        COOKIE.check("cookie", value)
    except FieldProblem as exc:
        return _msg(exc.key, "en", exc.params)
    return None


def write_cookie(game: Any, folder: Path) -> Path | None:
    """Leave the shop's cookie in the save folder, as a web shop leaves one in a browser.

    With consent to personalisation it remembers the top interests; with
    "necessary only" just the visit count. ``kaufhaus forget`` deletes it. A
    cookie file that is not ours or is damaged is left as it is (None).
    """
    previous, problem = read_cookie(folder)
    if problem is not None:
        return None
    visits = int(previous.get("visits", 0)) + 1 if previous else 1
    profile = game.profile
    interests: dict[str, float] = {}
    if profile.allowed("personalisation"):
        for pid in profile.top_products()[:5]:
            weight = float(profile.interest(pid))
            if math.isfinite(weight):
                interests[str(pid)[:MAX_SHORT]] = round(min(max(weight, 0.0), 1e6), 2)
    payload = {
        "format": COOKIE_FORMAT,
        "story": game.story.id,
        "visits": min(visits, 10**6),
        "interests": interests,
    }
    path = Path(folder) / COOKIE_FILE
    write_atomic(path, json.dumps(payload, ensure_ascii=False, indent=1).encode("utf-8"))
    return path


def read_cookie(folder: Path) -> tuple[dict[str, Any] | None, CookieProblem | None]:
    """The cookie from an earlier visit, or None and why not (None if there is none).

    Only reads. Numbers are bounded before they become floats, and the
    interests' names pass ``neutralise`` like every text from a file.
    """
    path = Path(folder) / COOKIE_FILE
    try:
        fd = _open_regular(path, follow=False)
    except SaveError as exc:
        if exc.key == "missing":
            return None, None
        return None, CookieProblem(path, "unreadable", exc.reason("en"))
    with os.fdopen(fd, "rb") as fh:
        raw = fh.read(MAX_COOKIE_BYTES + 1)
    ours = COOKIE_MARK.match(raw) is not None
    if len(raw) > MAX_COOKIE_BYTES:
        if ours:
            return None, CookieProblem(path, "bad_field", "larger than 64 KB", damaged=True)
        return None, CookieProblem(path, "not_ours")
    try:
        payload = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        return None, CookieProblem(path, "unreadable", "not UTF-8", damaged=ours)
    except (ValueError, RecursionError) as exc:
        why = str(exc)[:80] or "nesting"
        return None, CookieProblem(path, "unreadable", why, damaged=ours)
    if not isinstance(payload, dict) or payload.get("format") != COOKIE_FORMAT:
        return None, CookieProblem(path, "not_ours")
    try:
        COOKIE.check("cookie", {k: v for k, v in payload.items() if k != "format"})
        if "visits" in payload:
            Whole(1, 10**6).check("cookie.visits", payload["visits"])
    except FieldProblem as exc:
        return None, CookieProblem(path, "bad_field", detail=exc, damaged=True)
    visits = payload.get("visits", 1)
    interests = payload.get("interests") or {}
    remembered = {neutralise(str(k)): float(v) for k, v in interests.items()}
    return {"visits": visits, "interests": remembered}, None


def set_aside_cookie(problem: CookieProblem) -> CookieProblem:
    """Move a damaged cookie of ours out of the way, byte for byte; never delete it.

    It goes to ``kaufhaus-cookie.json.damaged`` (``-2``, ``-3`` … if that is
    taken; nothing is overwritten), a name no part of the game reads, lists
    or deletes, so the next visit starts afresh and the player can still look
    at it. Returns the problem with ``aside`` set, or as it was if the cookie
    is not ours or could not be moved (a read-only folder: then it is only
    ignored, as before).
    """
    if not problem.damaged:
        return problem
    folder = problem.path.parent
    for n in range(1, 100):
        aside = folder / (COOKIE_ASIDE if n == 1 else f"{COOKIE_ASIDE}-{n}")
        if os.path.lexists(aside):
            continue
        try:
            _move_no_replace(problem.path, aside)
        except FileExistsError:
            continue
        except OSError:
            return problem
        _fsync_dir(folder)
        return CookieProblem(
            problem.path,
            "set_aside",
            problem.why,
            problem.detail,
            damaged=True,
            aside=aside,
        )
    return problem


def _move_no_replace(source: Path, target: Path) -> None:
    """Rename without ever replacing ``target`` (a hard link, then the old name goes).

    Where the file system has no hard links, a plain rename after checking
    that ``target`` is free (the folder is the player's own).
    """
    try:
        os.link(source, target, follow_symlinks=False)
    except FileExistsError:
        raise
    except OSError:
        if os.path.lexists(target):
            raise FileExistsError(target) from None
        os.rename(source, target)
        return
    os.unlink(source)


# --------------------------------------------------------------------- games
# Imported late: saves sit above the game in the layering, and the save list
# of the title screen needs only the functions above.


@dataclass(frozen=True)
class Loaded:
    """A game rebuilt from a save, and what the player should be told about it.

    ``problem`` is set when replay stopped early (a damaged event, or a story
    that changed); ``stopped_at`` is its index. ``end`` is where the last
    good line of a version-2 file ends (0: continue into a new file).
    """

    game: Any
    problem: SaveError | None = None
    stopped_at: int | None = None
    end: int = 0
    version: int = VERSION

    @property
    def notice(self) -> str:
        return self.notice_text("en")

    def notice_text(self, lang: str) -> str:
        if self.problem is None:
            return ""
        return self.problem.text(lang)

    @property
    def appendable(self) -> bool:
        """The file may simply be continued: our format, every event replayed."""
        return self.problem is None and self.version == VERSION and self.end > 0


def save_header(game: Any) -> SaveHeader:
    return SaveHeader(
        story_id=game.story.id,
        story_hash=game.story.content_hash,
        lang=game.lang,
        seed=game.seed,
        created=now_iso(),
        scene=game.scene_id,
        play_seconds=game.now,
        session=str(getattr(game, "session", "") or ""),
    )


def save_game(game: Any, path: Path) -> None:
    """Write the whole game as a save file (a named save)."""
    write_save(Path(path), SaveFile(save_header(game), game.log.events()))


def load_game(story: Any, path: Path, *, salvage: bool = False, follow: bool = True) -> Loaded:
    """Check every event, then replay the save through the story.

    Without ``salvage`` any damaged event raises SaveError (located). With
    it, the game is rebuilt up to the last good event and the problem is
    returned with it. A save from an older version of the same story replays
    up to the first event that no longer fits (always, as before). A save of
    another story is refused. The file is only read.
    """
    path = Path(path)
    # A replay makes many long-lived objects at once; the cyclic collector
    # would rescan all of them again and again (a third of the time at
    # 100,000 events). Nothing here makes cycles that need it meanwhile.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _load_game(story, path, salvage=salvage, follow=follow)
    finally:
        if was_enabled:
            gc.enable()


def _load_game(story: Any, path: Path, *, salvage: bool, follow: bool) -> Loaded:
    from kaufhaus.game import Game, GameError

    save = read_save(path, tolerant=salvage, follow=follow)
    header = save.header
    if header.story_id != story.id:
        raise SaveError(path, "other_story", other=repr(header.story_id), story=repr(story.id))
    # The scene texts the dossier compares are rendered when it asks for them.
    game = Game(
        story, seed=header.seed, lang=header.lang, record_shown=False, session=header.session
    )
    problem = save.problem
    stopped: int | None = problem.event if problem else None
    for index, event in enumerate(save.events):
        try:
            game.replay_event(event)
        except GameError as exc:
            why = getattr(exc, "reason", str(exc))
            key = "story_changed" if header.story_hash != story.content_hash else "replay"
            problem = SaveError(path, key, event=index, good=index, why=why)
            stopped = index
        except Exception as exc:  # replay must never crash the title screen
            why = f"{type(exc).__name__}: {str(exc)[:120]}"
            problem = SaveError(path, "replay", event=index, good=index, why=why)
            stopped = index
        else:
            continue
        if len(game.log) > index:  # taken in, then failed: the game is as before it
            game._rollback(index)
        break
    if not game.started:
        raise SaveError(path, "no_session")
    if problem is not None:
        try:
            game.settle()
        except Exception as exc:
            raise SaveError(path, "replay", event=stopped, why=str(exc)[:120]) from None
    # The scene must render, or the player could not go on from it.
    try:
        game.view()
    except Exception as exc:
        raise SaveError(
            path, "replay", event=len(game.log) - 1, good=len(game.log) - 1, why=str(exc)[:160]
        ) from None
    return Loaded(
        game,
        problem,
        stopped,
        save.end if problem is None else 0,
        header.version,
    )
