"""Money, percentages and counts: one rounding rule, one wording per language.

The shop may only say what its file holds, so a figure on screen and the same
figure in the log, the reveal and every export must be the same figure. That
holds only if there is exactly one way to round and one way to write each kind
of number; every layer formats through these functions.

Money is integer cents. A price is the normal price in cents scaled by a
factor and rounded once, half away from zero (commercial rounding); sums are
sums of cents and never drift.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

_ONE = Decimal(1)


def cents(amount: float | int | str) -> int:
    """A catalogue amount in euros (``1499``, ``49.95``) as whole cents."""
    return int((Decimal(str(amount)) * 100).quantize(_ONE, rounding=ROUND_HALF_UP))


def scale(amount_cents: int, factor: float) -> int:
    """``amount_cents × factor``, rounded once to a whole cent."""
    exact = Decimal(amount_cents) * Decimal(repr(float(factor)))
    return int(exact.quantize(_ONE, rounding=ROUND_HALF_UP))


def euros(amount_cents: int) -> float:
    """For JSON consumers that want a number in euros; never used for arithmetic."""
    return float(Decimal(amount_cents) / 100)


#: Between a German amount and its unit: a line never ends between "12,99" and "€".
NBSP = "\u00a0"


def format_money(amount_cents: int, lang: str, currency: str = "EUR") -> str:
    """``1.583,91 €`` in German (a non-breaking space before the €), ``€1,583.91`` in English."""
    symbol = "€" if currency == "EUR" else currency
    sign = "-" if amount_cents < 0 else ""
    whole, rest = divmod(abs(int(amount_cents)), 100)
    if lang == "de":
        return f"{sign}{whole:,}".replace(",", ".") + f",{rest:02d}{NBSP}{symbol}"
    return f"{sign}{symbol}{whole:,}.{rest:02d}"


def whole_percent(fraction: float) -> int:
    """A fraction (0.885) as whole percent (89), half away from zero, everywhere."""
    exact = Decimal(repr(float(fraction))) * 100
    return int(exact.quantize(_ONE, rounding=ROUND_HALF_UP))


def format_percent(fraction: float, lang: str) -> str:
    """``89 %`` in German (a non-breaking space), ``89%`` in English: one style each."""
    number = whole_percent(fraction)
    return f"{number}{NBSP}%" if lang == "de" else f"{number}%"


_DE_TIMES = {1: "einmal", 2: "zweimal", 3: "dreimal", 4: "viermal", 5: "fünfmal"}
_EN_TIMES = {1: "once", 2: "twice", 3: "three times"}


def format_times(count: int, lang: str) -> str:
    """How often something happened: "kein einziges Mal", "einmal", "7-mal"."""
    if count <= 0:
        return "kein einziges Mal" if lang == "de" else "not once"
    if lang == "de":
        return _DE_TIMES.get(count, f"{count}-mal")
    return _EN_TIMES.get(count, f"{count} times")


def format_seconds(seconds: int, lang: str) -> str:
    """Whole seconds: "keine Sekunde", "eine Sekunde", "33 Sekunden"."""
    if seconds <= 0:
        return "keine Sekunde" if lang == "de" else "not a second"
    if seconds == 1:
        return "eine Sekunde" if lang == "de" else "one second"
    return f"{seconds} Sekunden" if lang == "de" else f"{seconds} seconds"


def decimal_text(value: float, lang: str, digits: int = 1) -> str:
    """A measured number as each language writes it: "2,7" / "2.7", "3" when whole.

    Rounded half away from zero to ``digits`` places; a whole result has no
    decimals ("3", not "3,0"). German groups thousands with a point.
    """
    step = Decimal(1).scaleb(-digits)
    exact = Decimal(repr(float(value))).quantize(step, rounding=ROUND_HALF_UP)
    if exact == exact.to_integral_value():
        text = f"{int(exact):,}"
    else:
        text = f"{exact:,.{digits}f}".rstrip("0")
    if lang == "de":
        return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return text


#: ``{n|Ereignis|Ereignisse}``: the word for the count ``n``, singular or plural.
_PLURAL = re.compile(r"\{(\w+)\|([^|{}]*)\|([^|{}]*)\}")


def plural(count: int | float, one: str, many: str) -> str:
    """``one`` for exactly 1, else ``many`` ("0 Ereignisse", "1 Ereignis", "2 Ereignisse")."""
    return one if count == 1 else many


def counted(template: str, values: Mapping[str, Any]) -> str:
    """Replace each ``{n|one|many}`` by the form that fits the value ``n``.

    The rest of the template is left for ``str.format``; a name without a
    number among ``values`` keeps its plural (never a "(s)").
    """

    def pick(match: re.Match[str]) -> str:
        count = values.get(match.group(1))
        if isinstance(count, bool) or not isinstance(count, (int, float)):
            return match.group(3)
        return plural(count, match.group(2), match.group(3))

    return _PLURAL.sub(pick, template)
