"""The legal facts of one game: decided once here, stated alike in the file and the answers.

The dossier states them (per conclusion: under which purposes and legal bases
the datum is processed, which decisions it fed, whether Art. 22 allows such a
decision, whether an Art. 9 conclusion has any condition of Art. 9(2)), and
the contest answers (``play/contest.py``) quote the same facts, so the
objection answer can never cite another legal basis than the file does.

What this module holds as law, in short:

- One legal basis per purpose (``tracking.purposes``); a datum processed for
  several purposes has one basis for each, the same in the log, the
  conclusions and the answers.
- Art. 22(1): a decision based solely on automated processing that has legal
  or similarly significant effects is allowed only under Art. 22(2): necessary
  for a contract (a), authorised by law (b) or with explicit consent (c).
  Legitimate interest is none of these, so a personal price resting on it is
  not allowed at all (CJEU C-634/21, SCHUFA, 7 December 2023: a score that
  plays a determining role is itself such a decision). Art. 22 is about
  decisions: a conclusion that fed none is contested under Art. 16 or 21.
- Art. 9(1) prohibits processing special categories unless Art. 9(2) applies.
  The game never asks for explicit consent (a click on "Accept all" is not
  that), and no other condition of Art. 9(2) fits a shop, so every Art. 9
  conclusion in this game has no condition: it is unlawful, there is nothing
  to weigh, and the data must be erased (Art. 17(1)(d)).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from kaufhaus.tracking.purposes import CONSENT, CONTRACT, LEGITIMATE_INTEREST, PURPOSES

#: Conclusions the price rule reads (``tracking.pricing.quote``): a personal price
#: or coupon is a decision resting on them. A new conclusion family that feeds the
#: price joins here.
PRICE_INPUTS = frozenset({"willingness_to_pay", "price_sensitivity"})

#: Decisions with a significant effect on the player (Art. 22(1)): what they pay.
SIGNIFICANT = frozenset({"price", "coupon", "payment"})

#: The Art. 22 position of a conclusion, by what it fed and its legal basis.
ART22_NONE = "no_decision"
ART22_INSIGNIFICANT = "insignificant"
ART22_PROHIBITED = "prohibited"
ART22_EXPLICIT_CONSENT = "explicit_consent"
ART22_CONTRACT = "contract"
ART22_STATES = (
    ART22_NONE,
    ART22_INSIGNIFICANT,
    ART22_PROHIBITED,
    ART22_EXPLICIT_CONSENT,
    ART22_CONTRACT,
)

#: The Art. 9 position of a conclusion about a special category.
ART9_UNLAWFUL = "no_condition"

#: The GDPR extension's term for each Art. 6(1) basis.
BASIS_TERM = {
    CONSENT: "eu-gdpr:A6-1-a",
    CONTRACT: "eu-gdpr:A6-1-b",
    LEGITIMATE_INTEREST: "eu-gdpr:A6-1-f",
}
#: A right exercised is handled because the law says so (Art. 12, Art. 6(1)(c)).
LEGAL_OBLIGATION_TERM = "eu-gdpr:A6-1-c"


def processing(purposes: Iterable[str], purpose_term: Mapping[str, str]) -> list[dict[str, str]]:
    """Each purpose a datum is processed for, with its one legal basis (sorted by purpose)."""
    rows = []
    for pid in sorted(set(purposes)):
        purpose = PURPOSES[pid]
        rows.append(
            {
                "purpose": pid,
                "legal_basis": purpose.basis,
                "dpv:hasPurpose": purpose_term.get(pid, purpose.dpv_purpose),
                "dpv:hasLegalBasis": BASIS_TERM[purpose.basis],
            }
        )
    return rows


def bases(rows: Sequence[Mapping[str, Any]]) -> list[str]:
    """The legal bases of a processing list, each once, in a fixed order."""
    found = {str(r.get("legal_basis")) for r in rows}
    return [b for b in (CONSENT, LEGITIMATE_INTEREST, CONTRACT) if b in found]


def art22_state(decision_kinds: Iterable[str], basis: str) -> str:
    """Whether Art. 22 concerns a conclusion, and what it says about the decisions it fed."""
    kinds = set(decision_kinds)
    if not kinds:
        return ART22_NONE
    if not kinds & SIGNIFICANT:
        return ART22_INSIGNIFICANT
    if basis == CONSENT:
        return ART22_EXPLICIT_CONSENT
    if basis == CONTRACT:
        return ART22_CONTRACT
    return ART22_PROHIBITED


def art9_state(art9: bool) -> str | None:
    """An Art. 9 conclusion has no condition of Art. 9(2) in this game: unlawful."""
    return ART9_UNLAWFUL if art9 else None


__all__ = [
    "ART9_UNLAWFUL",
    "ART22_CONTRACT",
    "ART22_EXPLICIT_CONSENT",
    "ART22_INSIGNIFICANT",
    "ART22_NONE",
    "ART22_PROHIBITED",
    "ART22_STATES",
    "BASIS_TERM",
    "LEGAL_OBLIGATION_TERM",
    "PRICE_INPUTS",
    "SIGNIFICANT",
    "art9_state",
    "art22_state",
    "bases",
    "processing",
]
