"""Dynamic pricing: the keen pay more, the hesitant get a coupon. Always bounded.

Mirrors personalised pricing in web shops: the price is a function of what the
shop believes about you, here the willingness to pay it estimates under
"legitimate interest" (no consent needed, the shop says).
"""

from __future__ import annotations

from dataclasses import dataclass

from kaufhaus.tracking.numbers import scale

#: The rule of a coupon offered: the price stays normal, the discount needs the coupon.
OFFER_RULE = "coupon: hesitant but price-sensitive"
#: The rule of a coupon taken: its discount holds.
COUPON_RULE = "coupon taken: the discount holds"
#: The rule of a surcharge.
SURCHARGE_RULE = "surcharge: keenness x (1 - price sensitivity)"
#: The rule of a price that is the normal one: no surcharge came of the formula.
NORMAL_RULE = "normal price: no surcharge, no discount"


@dataclass(frozen=True)
class Quote:
    """A personal price in whole cents, with the factor and rule behind it."""

    product: str
    normal_cents: int
    cents: int
    factor: float
    coupon: bool
    rule: str


def quote(
    product: str,
    normal_cents: int,
    willingness: float,
    sensitivity: float,
    *,
    min_factor: float,
    max_factor: float,
    coupon_rate: float,
    coupon_held: bool = False,
) -> Quote:
    """The price shown to this player; ``min_factor <= price/normal <= max_factor``.

    A coupon the player took keeps its discount. The hesitant but
    price-sensitive are offered one: they see the normal price, and the
    discount is theirs if they take the coupon (so refusing it costs them).
    The keen pay a surcharge; a surcharge that comes to nothing (not keen, or
    price-sensitive enough) is the normal price and is logged under that rule,
    so the file's rule and its words ("Normalpreis") agree.
    """
    coupon = coupon_held or (sensitivity >= 0.5 and 0.15 <= willingness <= 0.85)
    if coupon_held:
        factor = 1.0 - coupon_rate
        rule = COUPON_RULE
    elif coupon:
        factor = 1.0
        rule = OFFER_RULE
    else:
        keen = min(1.0, max(0.0, (willingness - 0.3) / 0.6))
        factor = 1.0 + (max_factor - 1.0) * keen * (1.0 - sensitivity)
        rule = SURCHARGE_RULE
    factor = min(max_factor, max(min_factor, factor))
    cents = scale(normal_cents, factor)
    if rule == SURCHARGE_RULE and cents == normal_cents:
        rule = NORMAL_RULE
    return Quote(product, normal_cents, cents, factor, coupon, rule)
