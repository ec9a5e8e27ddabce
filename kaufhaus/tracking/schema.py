"""What each kind of event holds: one declarative description, types and bounds.

Why a table: the game replays stored events and the dossier reads them. A save
check that looks only at field names lets a field with the right name but the
wrong inner type through (a list where a product id belongs, a mapping where a
number belongs), and the first reader that uses it crashes. So every field a
reader takes from ``event.data`` is declared here, per kind, with its type and
bounds: ``kaufhaus.saves`` checks every stored event against ``FIELDS`` (and
every event it writes, so the game never writes what it would refuse), and
tests/test_event_schema.py reads the readers' source and fails when one of
them reads a field that is not declared here.

Three rules make a declared type hold for every reader, whatever kind of
event it looks at:

- a declared field has its declared type and bounds (``FIELDS``);
- a field that some kinds declare is refused on a kind that does not (so a
  reader taking ``product`` from any event finds a short text or nothing);
- a field no kind declares (the device fingerprint of a session start, a field
  of a newer game) is bounded generically: JSON scalars, short lists, small
  mappings, at most two levels deep.

Numbers are compared with their bounds before anything turns them into a
float: ``math.isfinite(10**400)`` raises OverflowError, a comparison never does.
Texts are checked here as stored; ``kaufhaus.saves`` also makes them safe to
draw (``neutralise``) before the game sees them.

This module knows no messages: a problem is a ``FieldProblem`` with a message
key and its parameters, which ``kaufhaus.saves`` words in the player's language.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from kaufhaus.tracking.events import Kind

#: What a player may type into one field (a name, an e-mail, a search). The
#: same as ``kaufhaus.game.MAX_INPUT_CHARS`` (a test holds them equal).
MAX_INPUT_CHARS = 500
#: Ids, scene names, short texts in an event.
MAX_SHORT = 200
#: Any other text in an event.
MAX_TEXT = 2_000
#: Items of a list, entries of a mapping.
MAX_LIST = 64
#: The largest number an event holds (cents of a price, seconds, scores).
MAX_NUMBER = 1e12
#: More events than this are neither written nor read (years of play at one a second).
MAX_EVENTS = 20_000_000
#: Claims one rendered text may use at once.
MAX_CLAIMS = 256
#: Generic (undeclared) fields: lists and mappings nest at most this deep.
MAX_DEPTH = 2


class FieldProblem(Exception):
    """Why a stored value does not fit: a message key of ``kaufhaus.saves.MESSAGES``.

    Parameters that name a type are 1-tuples holding its message key
    (``type=("t_number",)``), so the message can translate them.
    """

    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


def finite(value: Any) -> bool:
    """A number (not a flag) within ±MAX_NUMBER, compared before any float conversion."""
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return -MAX_NUMBER <= value <= MAX_NUMBER
    return isinstance(value, float) and math.isfinite(value) and -MAX_NUMBER <= value <= MAX_NUMBER


def _text(name: str, value: Any, limit: int) -> None:
    if not isinstance(value, str):
        raise FieldProblem("field_type", field=name, type=("t_text",))
    if len(value) > limit:
        raise FieldProblem("field_long", field=name, max=limit)


def _mapping(name: str, value: Any, what: str) -> dict[Any, Any]:
    """``value`` as a mapping of at most MAX_LIST entries, or the problem."""
    if not isinstance(value, dict):
        raise FieldProblem("field_type", field=name, type=(what,))
    if len(value) > MAX_LIST:
        raise FieldProblem("field_long", field=name, max=MAX_LIST)
    return value


class Spec:
    """One field's type and bounds. ``check`` raises FieldProblem naming the field."""

    def check(self, name: str, value: Any) -> None:  # pragma: no cover - abstract
        raise NotImplementedError


@dataclass(frozen=True)
class Text(Spec):
    """A text of at most ``limit`` characters (or nothing, if ``optional``)."""

    limit: int = MAX_SHORT
    optional: bool = False

    def check(self, name: str, value: Any) -> None:
        if value is None and self.optional:
            return
        _text(name, value, self.limit)


@dataclass(frozen=True)
class Number(Spec):
    """A finite number from ``low`` to ``high`` (whole or not)."""

    low: float = 0.0
    high: float = MAX_NUMBER

    def check(self, name: str, value: Any) -> None:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise FieldProblem("field_type", field=name, type=("t_number",))
        if isinstance(value, float) and not math.isfinite(value):
            raise FieldProblem("field_type", field=name, type=("t_number",))
        # An int is compared as it is: exact, and never turned into a float.
        if not self.low <= value <= self.high:
            raise FieldProblem("field_range", field=name, low=self.low, high=self.high)


#: Any number an event may hold (a field nothing declares, a ``state:`` variable).
_ANY_NUMBER = Number(-MAX_NUMBER, MAX_NUMBER)


@dataclass(frozen=True)
class Whole(Spec):
    """A whole number from ``low`` to ``high`` (an event id, cents, a count)."""

    low: int = 0
    high: int = 10**9

    def check(self, name: str, value: Any) -> None:
        if isinstance(value, bool) or not isinstance(value, int):
            raise FieldProblem("field_type", field=name, type=("t_int",))
        if not self.low <= value <= self.high:
            raise FieldProblem("field_range", field=name, low=self.low, high=self.high)


@dataclass(frozen=True)
class Flag(Spec):
    """True or false."""

    def check(self, name: str, value: Any) -> None:
        if not isinstance(value, bool):
            raise FieldProblem("field_type", field=name, type=("t_bool",))


_MONEY_TEXT = re.compile(r"^-?\d{1,12}(\.\d{1,4})?$")


@dataclass(frozen=True)
class Money(Spec):
    """A price of older saves: a number of at least 0, or a decimal written as text."""

    def check(self, name: str, value: Any) -> None:
        if isinstance(value, str) and _MONEY_TEXT.match(value):
            return
        if not finite(value) or value < 0:
            raise FieldProblem("field_type", field=name, type=("t_money",))


@dataclass(frozen=True)
class Texts(Spec):
    """A list of at most MAX_LIST short texts (product ids, scene ids)."""

    def check(self, name: str, value: Any) -> None:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise FieldProblem("field_type", field=name, type=("t_texts",))
        if len(value) > MAX_LIST:
            raise FieldProblem("field_long", field=name, max=MAX_LIST)
        for item in value:
            _text(name, item, MAX_SHORT)


@dataclass(frozen=True)
class Table(Spec):
    """A mapping of at most MAX_LIST short names (product ids) to ``values``."""

    values: Spec
    what: str = "t_prices"

    def check(self, name: str, value: Any) -> None:
        for key, item in _mapping(name, value, self.what).items():
            _text(name, key, MAX_SHORT)
            self.values.check(f"{name}.{key}", item)


@dataclass(frozen=True)
class Record(Spec):
    """A mapping with declared ``fields`` (each optional); others are bounded generically."""

    fields: Mapping[str, Spec]
    what: str = "t_mapping"

    def check(self, name: str, value: Any) -> None:
        for key, item in _mapping(name, value, self.what).items():
            spec = self.fields.get(key)
            if spec is not None:
                spec.check(f"{name}.{key}", item)
            else:
                _text(name, key, MAX_SHORT)
                generic(f"{name}.{key}", item, depth=1)


@dataclass(frozen=True)
class Items(Spec):
    """A list of at most ``limit`` items, each of type ``of``."""

    of: Spec
    limit: int = MAX_LIST
    what: str = "t_texts"

    def check(self, name: str, value: Any) -> None:
        if not isinstance(value, list):
            raise FieldProblem("field_type", field=name, type=(self.what,))
        if len(value) > self.limit:
            raise FieldProblem("field_long", field=name, max=self.limit)
        for item in value:
            self.of.check(name, item)


@dataclass(frozen=True)
class Scalar(Spec):
    """One simple value: true or false, a finite number, or a text of at most ``limit``."""

    limit: int = MAX_SHORT

    def check(self, name: str, value: Any) -> None:
        if isinstance(value, bool):
            return
        if isinstance(value, (int, float)):
            _ANY_NUMBER.check(name, value)
            return
        if not isinstance(value, str):
            raise FieldProblem("field_type", field=name, type=("t_value",))
        _text(name, value, self.limit)


def generic(name: str, value: Any, depth: int = 0) -> None:
    """A field nothing declares: JSON scalars, short lists and small mappings."""
    if value is None or isinstance(value, bool):
        return
    if isinstance(value, (int, float)):
        _ANY_NUMBER.check(name, value)
        return
    if isinstance(value, str):
        _text(name, value, MAX_TEXT)
        return
    if depth >= MAX_DEPTH:
        raise FieldProblem("too_deep", field=name)
    if isinstance(value, list):
        if len(value) > MAX_LIST:
            raise FieldProblem("field_long", field=name, max=MAX_LIST)
        for item in value:
            generic(name, item, depth + 1)
        return
    if isinstance(value, dict):
        if len(value) > MAX_LIST:
            raise FieldProblem("field_long", field=name, max=MAX_LIST)
        for key, item in value.items():
            _text(name, key, MAX_SHORT)
            generic(f"{name}.{key}", item, depth + 1)
        return
    raise FieldProblem("field_type", field=name, type=("t_value",))  # pragma: no cover


# --------------------------------------------------------------- the table
ID = Text(MAX_SHORT)
SECONDS = Number(0.0, 1e9)
CENTS = Whole(0, 10**12)
EVENT_ID = Whole(0, MAX_EVENTS)

#: The cookie an earlier visit left (as the session start logs it, and as the
#: cookie file holds it): the visit count and remembered interests per product.
COOKIE = Record({"visits": Whole(0, 10**6), "interests": Table(Number(0.0, 1e6), what="t_prices")})

#: One claim a rendered text used, with the events that prove it.
CLAIM_USE = Record(
    {
        "claim": ID,
        "kind": ID,
        "value": Scalar(MAX_TEXT),
        "evidence": Items(EVENT_ID, MAX_LIST, what="t_ids"),
        "supported": Flag(),
    },
    what="t_claims",
)

_PRICE = {
    "product": ID,
    "price_cents": CENTS,
    "normal_cents": CENTS,
    "factor": Number(0.0, 1e6),
    "coupon": Flag(),
    "rule": ID,
}

#: Per kind, every data field the game writes and any reader reads, and its type.
FIELDS: dict[Kind, dict[str, Spec]] = {
    Kind.SESSION_START: {"cookie": COOKIE},
    Kind.CONSENT: {"choice": ID},
    Kind.SCENE_ENTER: {
        "place": Text(MAX_TEXT),
        "featured": Texts(),
        "coupons": Texts(),
        "visit": EVENT_ID,
        "prices": Table(Money()),
        "back": Flag(),
        "undo": Flag(),
        "divert": Texts(),
    },
    Kind.SCENE_LEAVE: {"dwell": SECONDS, "diverted": Flag()},
    Kind.CHOICE: {
        "goto": ID,
        "hesitation": SECONDS,
        "product": ID,
        "take": Texts(),
        "drop": Texts(),
        "buy": Flag(),
        "paid": Table(Money()),
        "paid_cents": Table(CENTS),
        "stay": Flag(),
        "tunnel": Flag(),
        "return": Flag(),
    },
    Kind.HIGHLIGHT: {"source": ID, "product": ID},
    Kind.HOVER: {"product": ID},
    Kind.EXAMINE: {"product": ID},
    Kind.INPUT: {"value": Text(MAX_INPUT_CHARS), "refused": Flag()},
    Kind.BACK: {"goto": ID, "back": Flag()},
    Kind.IDLE: {"seconds": SECONDS},
    Kind.COUPON: {
        "action": ID,
        "choice": Text(MAX_SHORT, optional=True),
        "product": ID,
        # Why the shop offers it (an offer, "shown"): the pricing rule and the
        # price sensitivity it read, as the entry decided it.
        "rule": ID,
        "price_sensitivity": Number(0.0, 1.0),
    },
    Kind.PRICE_LOOK: {
        "product": ID,
        "price": Money(),
        "normal": Money(),
        "price_cents": CENTS,
        "normal_cents": CENTS,
    },
    Kind.SAVE: {},
    Kind.QUIT: {},
    Kind.PRICE_SHOWN: dict(_PRICE),
    Kind.PRICE_CHANGE: {**_PRICE, "old_cents": CENTS},
    Kind.CLAIM_USE: {"claims": Items(CLAIM_USE, MAX_CLAIMS, what="t_claims")},
    Kind.STATE: {"value": Scalar(MAX_SHORT), "carried": Flag()},
    Kind.UNDO: {"goto": ID, "undone": EVENT_ID},
    Kind.CONTEST: {"right": ID},
    #: What the shop wrote down (a pack's ``note:``): the words per language, and the
    #: event that made it write them.
    Kind.NOTE: {
        "by": EVENT_ID,
        "text": Table(Text(MAX_TEXT), what="t_mapping"),
        "purpose": ID,
        "special": Text(MAX_SHORT, optional=True),
        # The player said it; the staff wrote it down (a pack's ``said: true``).
        "said": Flag(),
        # What the note's condition read in the file (the choices its "shop.hesitation"
        # averaged): the evidence it rests on, besides the event that caused it.
        "grounds": Items(EVENT_ID, MAX_LIST, what="t_ids"),
    },
    #: What the shop passed on (a pack's ``share:``): to whom, for what, which claims.
    Kind.TRANSFER: {
        "to": ID,
        "purpose": ID,
        "claims": Items(CLAIM_USE, MAX_CLAIMS, what="t_claims"),
    },
}

#: Fields a reader takes without a default (``data["dwell"]``): every game wrote them.
REQUIRED: dict[Kind, tuple[str, ...]] = {
    Kind.SCENE_LEAVE: ("dwell",),
    Kind.PRICE_SHOWN: ("product", "price_cents"),
    Kind.PRICE_CHANGE: ("product", "price_cents"),
}

#: Every field name some kind declares: on any other kind it is refused.
DECLARED: frozenset[str] = frozenset(name for row in FIELDS.values() for name in row)


def check_data(kind: Kind, data: Any) -> None:
    """Check an event's ``data`` against its kind's row; raise FieldProblem."""
    row = FIELDS.get(kind, {})
    for name, value in _mapping("data", data, "t_mapping").items():
        spec = row.get(name)
        if spec is not None:
            spec.check(name, value)
        elif name in DECLARED:
            raise FieldProblem("field_foreign", field=name)
        else:
            _text("data", name, MAX_SHORT)
            generic(name, value)
    for name in REQUIRED.get(kind, ()):
        if name not in data:
            raise FieldProblem("field_missing", field=name)
