"""Read-only views that scene templates see: ``shop``, ``player``, ``visits``, ``seen``.

Templates run in Jinja's immutable sandbox, so these objects expose plain
methods and properties only; none of them hands out the profile or the log.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from kaufhaus.tracking.pricing import Quote, quote

if TYPE_CHECKING:
    from kaufhaus.story.model import Story
    from kaufhaus.tracking.profile import Profile


def format_money(amount: float, lang: str, currency: str = "EUR") -> str:
    symbol = "€" if currency == "EUR" else currency
    if lang == "de":
        whole = f"{amount:,.2f}".replace(",", "X").replace(".", ",").replace("X", ".")
        return f"{whole} {symbol}"
    return f"{symbol}{amount:,.2f}"


def format_percent(value: float, lang: str) -> str:
    return f"{value * 100:.0f} %" if lang == "de" else f"{value * 100:.0f}%"


#: The targeting team is sent after a customer from this purchase probability on.
TEAM_THRESHOLD = 0.2


class ShopFacade:
    """What the shop believes, as a template may ask it."""

    def __init__(
        self, story: Story, profile: Profile, lang: str, seed: int, scene: str, tracked: int
    ) -> None:
        self._story = story
        self._profile = profile
        self._lang = lang
        self._seed = seed
        self._scene = scene
        self._tracked = tracked

    # -- products -----------------------------------------------------------
    # An empty id ("the shop knows nothing yet", e.g. ``shop.top``) gives empty
    # answers; a misspelt id is an error the author should see.
    def _product(self, pid: str) -> Any:
        product = self._story.product(pid)
        if product is None and pid != "":
            raise KeyError(f"unknown product {pid!r}")
        return product

    def name(self, pid: str) -> str:
        product = self._product(pid)
        return str(product.name.template(self._lang).render()) if product else ""

    def the(self, pid: str, case: str = "nom") -> str:
        """The product with its article: ``shop.the('tv', 'acc')`` → "den Fernseher"."""
        product = self._product(pid)
        if product is None:
            return ""
        if case not in ("nom", "acc", "dat"):
            raise ValueError(f"case must be nom, acc or dat, not {case!r}")
        if self._lang == "de":
            return product.forms.get(case) or product.forms.get("nom") or self.name(pid)
        return f"the {self.name(pid)}"

    def interest(self, pid: str) -> float:
        self._product(pid)
        return round(self._profile.interest(pid), 2)

    def knows(self, pid: str) -> bool:
        self._product(pid)
        return self._profile.interest(pid) > 0.05

    def probability(self, pid: str) -> int:
        """Purchase probability in whole percent (needs advertising consent)."""
        if self._product(pid) is None:
            return 0
        if not self._profile.allowed("advertising"):
            return 0
        return round(self._profile.purchase_probability(pid) * 100)

    def twitches(self, pid: str) -> int:
        self._product(pid)
        sig = self._profile.li.products.get(pid)
        return (sig.highlights + sig.hovers) if sig else 0

    def quote(self, pid: str) -> Quote:
        product = self._product(pid)
        if product is None:
            return Quote(pid, 0.0, 0.0, 1.0, False, "no product")
        pricing = self._story.pricing
        return quote(
            pid,
            product.price,
            self._profile.willingness_to_pay(pid),
            self._profile.price_sensitivity(),
            min_factor=pricing.min_factor,
            max_factor=pricing.max_factor,
            coupon_rate=pricing.coupon,
            coupon_held=self._profile.coupon_held(pid),
        )

    def price(self, pid: str) -> str:
        if self._product(pid) is None:
            return ""
        return format_money(self.quote(pid).price, self._lang, self._story.currency)

    def normal_price(self, pid: str) -> str:
        product = self._product(pid)
        return format_money(product.price, self._lang, self._story.currency) if product else ""

    def coupon(self, pid: str) -> bool:
        return self.quote(pid).coupon

    def surcharge(self, pid: str) -> bool:
        return self.quote(pid).factor > 1.005

    @property
    def top(self) -> str:
        """The product the shop thinks you want most ('' if it knows nothing)."""
        tops = self._profile.top_products()
        return tops[0] if tops else ""

    @property
    def remembered(self) -> str:
        """The most interesting product you examined (the recommendation manager's notes)."""
        best = ""
        best_score = 0.0
        for pid, sig in self._profile.consented.products.items():
            score = sig.value_at(self._profile.now)
            if sig.examines and (score > best_score or (score == best_score and pid < best)):
                best, best_score = pid, score
        return best

    @property
    def last_time(self) -> str:
        """What the cookie from an earlier visit says you wanted ('' for a first visit)."""
        return self._profile.last_time()

    @property
    def visits_before(self) -> int:
        """Earlier visits according to the cookie (0 for a first visit)."""
        return int(self._profile.cookie.get("visits", 0)) if self._profile.cookie else 0

    @property
    def wish(self) -> str:
        """What the flyer will push: the top wish not yet in the basket."""
        return self._profile.wish()

    # -- the person ---------------------------------------------------------
    @property
    def segments(self) -> list[str]:
        return self._profile.segments()

    @property
    def segment(self) -> str:
        segs = self._profile.segments()
        return segs[0] if segs else ""

    @property
    def mood(self) -> str:
        return self._profile.mood() if self._profile.allowed("analytics") else "unknown"

    @property
    def consent(self) -> str:
        return self._profile.consent_choice or ""

    def allowed(self, purpose: str) -> bool:
        return self._profile.allowed(purpose)

    @property
    def tracked(self) -> int:
        """How many events the shop has logged so far."""
        return self._tracked

    def seconds(self, scene: str) -> int:
        """Seconds spent in a scene on earlier visits (the "33 seconds")."""
        return round(self._profile.scene_dwell.get(scene, 0.0))

    @property
    def hesitation(self) -> int:
        return round(self._profile.mean_hesitation())

    @property
    def price_sensitive(self) -> bool:
        return self._profile.price_sensitivity() >= 0.5

    @property
    def team_waits(self) -> bool:
        """Whether the targeting team is sent after you (advertising consent, a keen wish)."""
        if not self._profile.allowed("advertising"):
            return False
        wish = self.wish
        return bool(wish) and self._profile.purchase_probability(wish) >= TEAM_THRESHOLD

    @property
    def basket_total(self) -> str:
        total = sum(self.quote(pid).price for pid in self._profile.basket())
        return format_money(total, self._lang, self._story.currency)

    def one_of(self, *options: Any) -> Any:
        """A seeded pick: the same seed, scene and visit give the same answer."""
        if not options:
            return ""
        visit = self._profile.visits.get(self._scene, 0)
        rng = random.Random(f"{self._seed}:{self._scene}:{visit}:{len(options)}")
        return options[rng.randrange(len(options))]


class PlayerFacade:
    """What the player typed; shown literally by the UI, never as markup."""

    def __init__(self, inputs: dict[str, str]) -> None:
        self._inputs = inputs

    @property
    def name(self) -> str:
        return self._inputs.get("name", "")

    @property
    def email(self) -> str:
        return self._inputs.get("email", "")

    def typed(self, key: str) -> str:
        return self._inputs.get(key, "")


class VisitsFacade:
    """``visits.kasse`` or ``visits['kasse']``: how often a scene was entered."""

    def __init__(self, visits: dict[str, int], scenes: Any) -> None:
        self._visits = visits
        self._scenes = scenes

    def __getitem__(self, scene: str) -> int:
        if scene not in self._scenes:
            raise KeyError(f"unknown scene {scene!r}")
        return self._visits.get(scene, 0)

    def __getattr__(self, scene: str) -> int:
        if scene.startswith("_"):
            raise AttributeError(scene)
        try:
            return self[scene]
        except KeyError:
            raise AttributeError(scene) from None


def template_context(
    story: Story,
    profile: Profile,
    lang: str,
    seed: int,
    scene: str,
    inputs: dict[str, str],
    basket: list[str],
    seen: Callable[[str], bool],
    tracked: int,
) -> dict[str, Any]:
    return {
        "shop": ShopFacade(story, profile, lang, seed, scene, tracked),
        "player": PlayerFacade(inputs),
        "visits": VisitsFacade(profile.visits, story.scenes),
        "seen": seen,
        "basket": list(basket),
        "lang": lang,
        "scene": scene,
    }
