"""One count of "events processed after you refused", for every tab and every export.

The reveal's first card, its legal tab, the consent reality card, the
dossier's consent section and its summary all say how many events the shop
went on processing after the player refused consent. They once counted three
ways (all events after the refusal, processed events after the first
decision, processed events while a refusal stood) and disagreed by one. Now
each asks this function.

What it counts: events after a decision that refused something, while that
refusal stands, which were processed for a purpose that answer turned down
(``declined_by``). "Only necessary" turns down every purpose the sale does not
need, so what the shop goes on doing on "legitimate interest" counts: processed
despite the no. "Settings" with advertising unticked turns down advertising
only; the rest the player let stand, so nothing counts unless something was
processed for advertising. The consent decisions themselves are not counted
(they are the refusal), nor are events processed for no purpose (a contest on
the record).

Cheap enough for the first card: one pass over the consent decisions and the
processed list, no dossier needed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from kaufhaus.tracking.purposes import CONSENT_PRESETS, CONSENT_PURPOSES, CONTRACT, PURPOSES


def refused_by(choice: str) -> frozenset[str]:
    """The purposes a banner answer refuses (an unknown answer grants nothing)."""
    return frozenset(CONSENT_PURPOSES - CONSENT_PRESETS.get(choice, frozenset()))


def declined_by(choice: str) -> frozenset[str]:
    """What a banner answer turned down, in the player's terms: an answer that grants
    nothing ("only necessary") turns down every purpose the sale does not need, the
    "legitimate interest" ones included; one that grants some turns down the rest of
    the boxes it offered (what was unticked), and no more."""
    if CONSENT_PRESETS.get(choice):
        return refused_by(choice)
    return frozenset(pid for pid, purpose in PURPOSES.items() if purpose.basis != CONTRACT)


def in_refusal(decisions: Iterable[tuple[int, str]], count: int) -> list[int]:
    """Ids of the events (of ``count``) made while a refusal stood, decisions left out."""
    out: list[int] = []
    marks = sorted((int(eid), str(choice)) for eid, choice in decisions)
    for index, (eid, choice) in enumerate(marks):
        if not refused_by(choice):
            continue
        end = marks[index + 1][0] if index + 1 < len(marks) else count
        out.extend(range(eid + 1, min(end, count)))
    return out


def processed_after_refusal(
    decisions: Iterable[tuple[int, str]], processed: Sequence[Sequence[str]]
) -> list[int]:
    """Ids of the events processed, while a refusal stood, for a purpose that answer
    turned down (``decisions``: (event id, choice)): processed despite the refusal."""
    out: list[int] = []
    marks = sorted((int(eid), str(choice)) for eid, choice in decisions)
    count = len(processed)
    for index, (eid, choice) in enumerate(marks):
        if not refused_by(choice):
            continue
        declined = declined_by(choice)
        end = marks[index + 1][0] if index + 1 < len(marks) else count
        out.extend(
            i for i in range(eid + 1, min(end, count)) if not declined.isdisjoint(processed[i])
        )
    return out
