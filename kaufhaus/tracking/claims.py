"""What the shop may say about the player: claims, each with its evidence.

The story speaks about the player only through claims. A claim is either a
*conclusion* (an inference the dossier lists, e.g. ``interest:tv``), a
*measurement* counted straight from the log (``twitches:tv``,
``seconds:schaufenster``, ``seen:kondome``), or a *price* the shop posted
(``price:tv``). Each carries the ids of the events that prove it. There is no
second, looser source: the facade templates see asks the profile for a claim,
and a claim the profile cannot support is simply not there.

When a rendered text uses a claim, the game logs the use (``claim_use``), so
the dossier can show where the shop used what it knew, and ``story-test`` can
check every use against the file.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

#: Claim kinds.
CONCLUSION = "conclusion"
MEASUREMENT = "measurement"
PRICE = "price"

#: How many evidence ids a logged use keeps (the most recent ones): a use is a
#: pointer into the file, and its size must not grow with the session.
USE_EVIDENCE_MAX = 12


def use_signature(claim: str, value: object) -> tuple[str, str]:
    """When a use is new in a visit: a count or a price that changed is said anew;
    a conclusion's score drifting by decimals is the same thing said again."""
    return claim, "" if isinstance(value, float) else repr(value)


@dataclass(frozen=True)
class Thresholds:
    """Where a signal becomes a conclusion. Defined once, per scene pack.

    The same numbers decide what the dossier lists and what the story may say,
    so the two can never disagree. A pack sets them under ``tracking:`` in its
    ``story.yaml``; these are the defaults.
    """

    #: Interest points from which the shop "knows" you want a product.
    interest_min: float = 0.5
    #: A choice taking this many seconds or more counts as hesitation.
    hesitation_s: float = 12.0
    #: Purchase probability from which the targeting team is sent after you.
    team_probability: float = 0.2
    #: Price sensitivity from which you count as a bargain hunter.
    price_sensitive: float = 0.5
    #: Interest points in one category that make you its "fan".
    fan_points: float = 3.0


@dataclass(frozen=True)
class Claim:
    """One thing the shop can say about the player, and the events that prove it."""

    key: str
    value: float | int | str
    evidence: tuple[int, ...]
    kind: str

    @property
    def family(self) -> str:
        """``interest`` for ``interest:tv``."""
        return self.key.split(":", 1)[0]

    @property
    def subject(self) -> str:
        return self.key.split(":", 1)[1] if ":" in self.key else ""


@dataclass(frozen=True)
class ClaimUse:
    """A claim a text used (or tried to use: ``supported`` is False then)."""

    key: str
    value: float | int | str
    evidence: tuple[int, ...]
    kind: str
    supported: bool = True

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "claim": self.key,
            "value": round(self.value, 4) if isinstance(self.value, float) else self.value,
            "kind": self.kind,
            "evidence": list(self.evidence[-USE_EVIDENCE_MAX:]),
        }
        if not self.supported:
            out["supported"] = False
        return out

    @classmethod
    def of(cls, claim: Claim) -> ClaimUse:
        return cls(claim.key, claim.value, claim.evidence, claim.kind)

    @classmethod
    def unsupported(cls, key: str, value: float | int | str) -> ClaimUse:
        return cls(key, value, (), CONCLUSION, supported=False)
