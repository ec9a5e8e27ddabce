"""One event type for everything the player does.

The UI and the walkthrough runner report facts (this was highlighted, that was
typed, so many seconds passed); interpreting them is the profile's job.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Final


class Kind(StrEnum):
    #: The game starts: logged before the first scene is entered, at the story's start
    #: scene (every event has a place; the story opens there). Not an arrival there.
    SESSION_START = "session_start"
    CONSENT = "consent"
    SCENE_ENTER = "scene_enter"
    SCENE_LEAVE = "scene_leave"
    CHOICE = "choice"
    HIGHLIGHT = "highlight"
    HOVER = "hover"
    EXAMINE = "examine"
    INPUT = "input"
    BACK = "back"
    IDLE = "idle"
    COUPON = "coupon"
    PRICE_LOOK = "price_look"
    SAVE = "save"
    QUIT = "quit"
    # The shop's own records: what it showed and said, logged as it happened.
    PRICE_SHOWN = "price_shown"
    PRICE_CHANGE = "price_change"
    CLAIM_USE = "claim_use"
    #: What the shop wrote down about the player (a pack's ``note:``), in its words.
    NOTE = "note"
    #: What the shop passed on to a recipient (a pack's ``share:``).
    TRANSFER = "transfer"
    # The story's own bookkeeping and the player's undo (docs/authoring-syntax.md).
    STATE = "state"
    UNDO = "undo"
    # A right the player exercised against a conclusion, from the reveal: on the record.
    CONTEST = "contest"


class K:
    """The kinds again, as plain class attributes, for the hot paths.

    Looking up an enum member (``Kind.HOVER``) costs about 170 ns in CPython
    3.11, a plain class attribute about 20 ns; the profile fold and the game
    compare kinds a dozen times per event, which made that a fifth of
    replaying a save. ``K.HOVER is Kind.HOVER``.
    """

    SESSION_START: Final = Kind.SESSION_START
    CONSENT: Final = Kind.CONSENT
    SCENE_ENTER: Final = Kind.SCENE_ENTER
    SCENE_LEAVE: Final = Kind.SCENE_LEAVE
    CHOICE: Final = Kind.CHOICE
    HIGHLIGHT: Final = Kind.HIGHLIGHT
    HOVER: Final = Kind.HOVER
    EXAMINE: Final = Kind.EXAMINE
    INPUT: Final = Kind.INPUT
    BACK: Final = Kind.BACK
    IDLE: Final = Kind.IDLE
    COUPON: Final = Kind.COUPON
    PRICE_LOOK: Final = Kind.PRICE_LOOK
    SAVE: Final = Kind.SAVE
    QUIT: Final = Kind.QUIT
    PRICE_SHOWN: Final = Kind.PRICE_SHOWN
    PRICE_CHANGE: Final = Kind.PRICE_CHANGE
    CLAIM_USE: Final = Kind.CLAIM_USE
    NOTE: Final = Kind.NOTE
    TRANSFER: Final = Kind.TRANSFER
    STATE: Final = Kind.STATE
    UNDO: Final = Kind.UNDO
    CONTEST: Final = Kind.CONTEST


#: What the shop did, not what the player did: these change no signal about the
#: player, and ``shop.tracked`` does not count them. A ``state`` event is the
#: story's bookkeeping (a variable set, a cloak carried): no purchase, no
#: interest, no willingness to pay.
SHOP_RECORDS = frozenset(
    {
        Kind.PRICE_SHOWN,
        Kind.PRICE_CHANGE,
        Kind.CLAIM_USE,
        Kind.STATE,
        Kind.NOTE,
        Kind.TRANSFER,
    }
)

#: The story's own bookkeeping (``state``: a variable set, a thing carried): the
#: log keeps it, because the log is the game, but the shop does not know it, so
#: its file (the dossier, the x-ray, a hand-in) never shows it.
AUTHOR_STATE = frozenset({Kind.STATE})


def in_file(event: Event, unobserved: frozenset[str] = frozenset()) -> bool:
    """Whether the shop's file holds this event.

    Not the story's own bookkeeping, and nothing the player did where the shop
    does not see (``unobserved`` scenes: the tram before the shop, a back
    street without cameras); what the shop itself did is always on its file.
    """
    if event.kind is Kind.STATE:
        return False
    if event.scene in unobserved:
        # A contest is the player's request, on the record wherever it was made.
        return event.kind in SHOP_RECORDS or event.kind in (Kind.SESSION_START, Kind.CONTEST)
    return True


#: The rights a contest can exercise against a conclusion: rectification (Art. 16),
#: objection (Art. 21), no decision by machine alone (Art. 22).
CONTEST_RIGHTS = ("rectify", "object", "human")

#: Kinds that are the player's decisions; they change where the game is.
DECISIONS = frozenset({Kind.CHOICE, Kind.BACK, Kind.INPUT, Kind.CONSENT, Kind.COUPON, Kind.UNDO})


@dataclass(frozen=True, slots=True)
class Event:
    """A fact the shop logged. ``t`` is seconds since the session began (virtual)."""

    id: int
    kind: Kind
    t: float
    scene: str
    target: str | None = None
    data: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id,
            "kind": str(self.kind),
            "t": round(self.t, 3),
            "scene": self.scene,
        }
        if self.target is not None:
            out["target"] = self.target
        if self.data:
            out["data"] = dict(self.data)
        return out

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> Event:
        """Build from a save; raise ValueError with a readable reason if it does not fit."""
        try:
            kind = Kind(raw["kind"])
            data = raw.get("data") or {}
            if not isinstance(data, dict):
                raise ValueError("data is not a mapping")
            target = raw.get("target")
            if target is not None and not isinstance(target, str):
                raise ValueError("target is not text")
            return cls(int(raw["id"]), kind, float(raw["t"]), str(raw["scene"]), target, data)
        except KeyError as exc:
            raise ValueError(f"missing field {exc.args[0]!r}") from None
        except (TypeError, ValueError, OverflowError) as exc:  # a 400-digit ``t``
            raise ValueError(str(exc)) from None
