"""One count of "events processed after you refused", for every tab and every export.

The reveal's first card, its legal tab, the consent reality card, the
dossier's consent section and its summary all say how many events the shop
went on processing after the player refused consent. They once counted three
ways (all events after the refusal, processed events after the first
decision, processed events while a refusal stood) and disagreed by one. Now
each asks this function.

What it counts: events after a decision that refused at least one purpose,
while that refusal stands, which were processed for any purpose at all. The
consent decisions themselves are not counted (they are the refusal), nor are
events processed for no purpose (a contest on the record).

Cheap enough for the first card: one pass over the consent decisions and the
processed list, no dossier needed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from kaufhaus.tracking.purposes import CONSENT_PRESETS, CONSENT_PURPOSES


def refused_by(choice: str) -> frozenset[str]:
    """The purposes a banner answer refuses (an unknown answer grants nothing)."""
    return frozenset(CONSENT_PURPOSES - CONSENT_PRESETS.get(choice, frozenset()))


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
    """Ids of the events processed while a refusal stood (``decisions``: (event id, choice))."""
    return [i for i in in_refusal(decisions, len(processed)) if processed[i]]
