"""Read-only views that scene templates see: ``shop``, ``player``, ``visits``, ``seen``.

Templates run in Jinja's immutable sandbox, so these objects expose plain
methods and properties only; none of them hands out the profile or the log.

Everything ``shop`` says about the player is a claim from the profile
(:mod:`kaufhaus.tracking.claims`): a conclusion the dossier lists, a
measurement counted from the log, or a price the shop posted. A
:class:`Recorder`, when given, notes every claim a rendering used and every
price it showed for the first time, so the game can log both.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from kaufhaus.story.grammar import agree, definite, pronoun
from kaufhaus.tracking.claims import PRICE, Claim, ClaimUse
from kaufhaus.tracking.numbers import (
    cents,
    format_money,
    format_percent,
    format_times,
    whole_percent,
)
from kaufhaus.tracking.pricing import COUPON_RULE, OFFER_RULE, Quote, quote

if TYPE_CHECKING:
    from kaufhaus.story.model import Story
    from kaufhaus.story.template_base import TemplateApi
    from kaufhaus.tracking.profile import Profile

__all__ = [
    "Dice",
    "PlayerFacade",
    "Recorder",
    "ShopFacade",
    "StateFacade",
    "VisitsFacade",
    "facade_api",
    "format_money",
    "format_percent",
    "quote_for",
    "story_names",
    "template_context",
]


def quote_for(story: Story, profile: Profile, pid: str) -> Quote:
    """The price the shop would quote this profile for ``pid`` right now."""
    product = story.product(pid)
    if product is None:
        raise KeyError(f"unknown product {pid!r}")
    pricing = story.pricing
    return quote(
        pid,
        cents(product.price),
        profile.willingness_to_pay(pid),
        profile.price_sensitivity(),
        min_factor=pricing.min_factor,
        max_factor=pricing.max_factor,
        coupon_rate=pricing.coupon,
        coupon_held=profile.coupon_held(pid),
    )


class Recorder:
    """What one rendering used: claims (in order of first use) and first-time prices.

    A condition that comes out false hides its text, so what it asked is not
    something the shop said: the game evaluates each ``when:`` inside a frame
    (:meth:`begin`) and keeps the frame only if the condition held.
    """

    def __init__(self) -> None:
        self.uses: dict[str, ClaimUse] = {}
        self.new_prices: dict[str, Quote] = {}
        self._frames: list[tuple[dict[str, ClaimUse], dict[str, Quote]]] = []

    def use(self, use: ClaimUse) -> None:
        self.uses.setdefault(use.key, use)

    def begin(self) -> None:
        self._frames.append((self.uses, self.new_prices))
        self.uses, self.new_prices = {}, {}

    def end(self, keep: bool) -> None:
        uses, prices = self.uses, self.new_prices
        self.uses, self.new_prices = self._frames.pop()
        if keep:
            for use in uses.values():
                self.use(use)
            for pid, q in prices.items():
                self.new_prices.setdefault(pid, q)


class ShopFacade:
    """What the shop can prove about the player, as a template may ask it."""

    def __init__(
        self,
        story: Story,
        profile: Profile,
        lang: str,
        seed: int,
        scene: str,
        tracked: int,
        recorder: Recorder | None = None,
    ) -> None:
        self._story = story
        self._profile = profile
        self._lang = lang
        self._seed = seed
        self._scene = scene
        self._tracked = tracked
        self._recorder = recorder
        self._picks = 0  # one_of calls so far in this rendering: each one draws anew
        #: Claims asked so far: the file does not change while a text renders, and
        #: a text asks the same thing several times (``shop.seconds('kasse')``).
        self._claims: dict[str, Claim | None] = {}

    # -- claims -------------------------------------------------------------
    def _claim(self, key: str) -> Claim | None:
        """The claim under ``key``; noted as used (each time) if there is one."""
        try:
            claim = self._claims[key]
        except KeyError:
            claim = self._claims[key] = self._profile.claim(key)
        if claim is not None:
            self._note(claim)
        return claim

    def _note(self, claim: Claim) -> None:
        if self._recorder is not None:
            self._recorder.use(ClaimUse.of(claim))

    def _unsupported(self, key: str, value: float | int | str) -> None:
        """A text asked for a claim the file cannot prove: ``story-test`` fails on it."""
        if self._recorder is not None:
            self._recorder.use(ClaimUse.unsupported(key, value))

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
        _check_case(case)
        return definite(product, self.name(pid), self._lang, case)

    def verb(self, pid: str, singular: str, plural: str) -> str:
        """The word that agrees with the product in number, as the pack declares it:
        ``Im Fenster {{ shop.verb(p, 'steht', 'stehen') }} {{ shop.the(p) }}``."""
        product = self._product(pid)
        if product is None:
            return singular
        return agree(product, self._lang, singular, plural)

    def pronoun(self, pid: str, case: str = "nom") -> str:
        """The pronoun that refers back to the product, agreeing with its gender and
        number: ``Daneben ein Schild, das auf {{ shop.pronoun(p, 'acc') }} zeigt`` →
        "ihn" (Pelzmantel), "sie" (Kopfschmerztabletten); "it"/"them" in English."""
        product = self._product(pid)
        if product is None:
            return ""
        _check_case(case)
        return pronoun(product, self._lang, case)

    def times(self, count: int) -> str:
        """How often, in words, as the file writes it: "kein einziges Mal", "einmal", "7-mal"."""
        return format_times(int(count), self._lang)

    def knows(self, pid: str) -> bool:
        """Whether the file holds an interest in ``pid`` (the pack's ``interest_min``)."""
        if self._product(pid) is None:
            return False
        return self._claim(f"interest:{pid}") is not None

    def interest(self, pid: str) -> float:
        """Interest points in ``pid``; ask ``knows`` first, 0 is no claim to make."""
        if self._product(pid) is None:
            return 0.0
        claim = self._claim(f"interest:{pid}")
        if claim is None:
            self._unsupported(f"interest:{pid}", 0.0)
            return 0.0
        return round(float(claim.value), 2)

    def probability(self, pid: str) -> int:
        """Purchase probability in whole percent (needs advertising consent)."""
        if self._product(pid) is None:
            return 0
        if self._profile.allowed("advertising"):
            for key in (f"purchase_probability:{pid}", f"next_purchase:{pid}"):
                claim = self._claim(key)
                if claim is not None:
                    # From the value as the file holds it (four places), so that
                    # the percent on screen is the one a reader gets from the file.
                    return whole_percent(round(float(claim.value), 4))
        self._unsupported(f"purchase_probability:{pid}", 0)
        return 0

    @property
    def coupons_taken(self) -> int:
        """How many coupons you took (the till's and the shelves' records)."""
        claim = self._claim("coupons_taken:all")
        return int(claim.value) if claim else 0

    def bought(self, pid: str) -> bool:
        """Whether you paid for ``pid`` (the till's record): a later scene does not
        sell you what is already in your bag."""
        if self._product(pid) is None:
            return False
        return self._claim(f"purchase:{pid}") is not None

    def twitches(self, pid: str) -> int:
        """How often the hand twitched towards ``pid`` (highlights and hovers)."""
        if self._product(pid) is None:
            return 0
        claim = self._claim(f"twitches:{pid}")
        return int(claim.value) if claim else 0

    def watched(self, pid: str) -> bool:
        """Whether the shop saw you in front of ``pid`` (a scene showing it, a close
        look) or your hand twitch towards it: only then can it say "not once"."""
        if self._product(pid) is None:
            return False
        return self._claim(f"twitches:{pid}") is not None

    # -- prices -------------------------------------------------------------
    def _price_cents(self, pid: str) -> int:
        """The posted price; a price not shown before is quoted now and noted as shown."""
        posted = self._profile.posted.get(pid)
        if posted is not None:
            self._claim(f"price:{pid}")
            return posted.cents
        current = quote_for(self._story, self._profile, pid)
        if self._recorder is not None:
            self._recorder.new_prices.setdefault(pid, current)
        return current.cents

    def _factor(self, pid: str) -> float:
        """The factor of the price shown for ``pid`` (or about to be)."""
        posted = self._profile.posted.get(pid)
        if posted is not None:
            return posted.factor
        return quote_for(self._story, self._profile, pid).factor

    def price(self, pid: str) -> str:
        """Your price, as the shop shows and logs it."""
        if self._product(pid) is None:
            return ""
        return format_money(self._price_cents(pid), self._lang, self._story.currency)

    def normal_price(self, pid: str) -> str:
        product = self._product(pid)
        if product is None:
            return ""
        amount = cents(product.price)
        if self._recorder is not None:
            self._recorder.use(ClaimUse(f"normal_price:{pid}", amount, (), PRICE))
        return format_money(amount, self._lang, self._story.currency)

    @property
    def coupon_percent(self) -> str:
        """The pack's coupon discount, as the shop prints it ("5 %", "5%")."""
        return format_percent(self._story.pricing.coupon, self._lang)

    def coupon(self, pid: str) -> bool:
        """Whether the shop offers you a coupon for ``pid`` here (decided, and logged,
        on entering the scene) or you hold one."""
        if not self._product(pid):
            return False
        offered = self._profile.coupons_here
        if offered is None:  # a save from before offers were logged with the entry
            return quote_for(self._story, self._profile, pid).coupon
        return pid in offered or self._profile.coupon_held(pid)

    def price_over(self, pid: str, amount: float) -> bool:
        """Whether your price for ``pid``, as posted and logged, is above ``amount`` (in
        the pack's currency: ``shop.price_over('bierfass', 50)``), compared in cents: a
        limit of 50 € is kept at 50,00 € and broken at 50,01 €."""
        if self._product(pid) is None:
            return False
        return self._price_cents(pid) > cents(amount)

    def surcharge(self, pid: str) -> bool:
        """Whether your price for ``pid`` is above the normal price."""
        return bool(self._product(pid)) and self._factor(pid) > 1.005

    def price_changed(self, pid: str) -> bool:
        """Whether your price for ``pid`` changed since a text last showed it to you
        (as of entering this scene; every change is logged, with its reason)."""
        if self._product(pid) is None:
            return False
        return self._claim(f"price_change:{pid}") is not None

    def price_reason(self, pid: str) -> str:
        """Why your price for ``pid`` changed since you last saw it, as the change was
        logged: ``'coupon'`` (the coupon you took), ``'profile'`` (what the shop makes
        of you: a surcharge, or the normal price for the hesitant), or ``''`` when it
        did not change. The words a text gives for a change follow the file's reason."""
        if not self.price_changed(pid):
            return ""
        posted = self._profile.posted.get(pid)
        return "coupon" if posted is not None and posted.rule == COUPON_RULE else "profile"

    def _price_basis(self, pid: str) -> str:
        """What the logged rule of a change (not the coupon's) rests on: ``'careful'``
        (the normal price for the hesitant but price-sensitive: how much you seem to
        mind the money) or ``'keen'`` (the surcharge: keenness × (1 − sensitivity))."""
        posted = self._profile.posted.get(pid)
        return "careful" if posted is not None and posted.rule == OFFER_RULE else "keen"

    def price_step(self, pid: str) -> int:
        """How far your price for ``pid`` moved since you last saw it, in cents (signed;
        0 when it did not change)."""
        if not self.price_changed(pid):
            return 0
        posted = self._profile.posted[pid]
        return posted.cents - self._profile.seen_at_entry[pid]

    def price_before(self, pid: str) -> str:
        """Your price for ``pid`` as you last saw it, where it changed since ('' if not)."""
        if not self.price_changed(pid):
            return ""
        seen = self._profile.seen_at_entry[pid]
        return format_money(seen, self._lang, self._story.currency)

    def price_moved(self, pid: str) -> str:
        """The move in words, plainly, with the prices the log holds: "von 1.553,63 €
        auf 1.582,21 € gestiegen", "um einen Cent gesunken, auf 13,75 €"; "up from
        €1,553.63 to €1,582.21", "down by one cent, to €13.75" ('' if unchanged)."""
        step = self.price_step(pid)
        if not step:
            return ""
        before, now = self.price_before(pid), self.price(pid)
        if self._lang == "de":
            moved = "gestiegen" if step > 0 else "gesunken"
            if abs(step) == 1:
                return f"um einen Cent {moved}, auf {now}"
            return f"von {before} auf {now} {moved}"
        way = "up" if step > 0 else "down"
        if abs(step) == 1:
            return f"{way} by one cent, to {now}"
        return f"{way} from {before} to {now}"

    def looked(self, pid: str) -> bool:
        """Whether the file holds a look at ``pid`` or its price tag (an examine, a
        price look): only then may a text say you looked at it."""
        if self._product(pid) is None:
            return False
        return self._claim(f"looked:{pid}") is not None

    @property
    def price_reasons(self) -> list[str]:
        """The reasons (``price_reason``) of every change since you last saw the price,
        each once, the coupon first: ``{% if 'coupon' in shop.price_reasons %}``.

        Besides ``'profile'``, what its logged rule rests on: ``'keen'`` (how much you
        seem to want it, and how little to mind the price) or ``'careful'`` (how much
        you seem to mind the price); and ``'looked'`` where every such change is of a
        product you looked at and one moved by a euro or more (a cent is no drama)."""
        changed = self.prices_changed
        found = {self.price_reason(pid) for pid in changed}
        profiled = [pid for pid in changed if self.price_reason(pid) == "profile"]
        found.update(self._price_basis(pid) for pid in profiled)
        if (
            profiled
            and any(abs(self.price_step(pid)) >= 100 for pid in profiled)
            and all(self.looked(pid) for pid in profiled)
        ):
            found.add("looked")
        return [r for r in ("coupon", "profile", "looked", "keen", "careful") if r in found]

    @property
    def prices_changed(self) -> list[str]:
        """Products whose price changed since you last saw it: those in the basket first."""
        basket = self._profile.basket()
        others = sorted(set(self._profile.seen_at_entry) - set(basket))
        return [pid for pid in [*basket, *others] if self.price_changed(pid)]

    @property
    def basket_total(self) -> str:
        basket = self._profile.basket()
        total = sum(self._price_cents(pid) for pid in basket)
        if self._recorder is not None and basket:  # an empty basket says nothing about you
            self._recorder.use(ClaimUse("basket_total:all", total, (), PRICE))
        return format_money(total, self._lang, self._story.currency)

    # -- what the shop concluded -----------------------------------------------
    @property
    def top(self) -> str:
        """The product the shop thinks you want most ('' if it knows nothing)."""
        tops = self._profile.top_products()
        if not tops:
            return ""
        self._claim(f"interest:{tops[0]}")
        return tops[0]

    @property
    def remembered(self) -> str:
        """The most interesting product you examined (the recommendation manager's notes)."""
        best = ""
        best_score = 0.0
        least = self._profile.thresholds.interest_min
        for pid, sig in self._profile.consented.products.items():
            score = sig.value_at(self._profile.now)
            better = score > best_score or (score == best_score and pid < best)
            if sig.examines and score >= least and better:
                best, best_score = pid, score
        if best:
            self._claim(f"interest:{best}")
        return best

    @property
    def last_time(self) -> str:
        """What the cookie from an earlier visit says you wanted ('' for a first visit).

        Using it is personalisation: once the player has answered the banner
        without agreeing to that, the shop says nothing about last time's wish.
        """
        profile = self._profile
        if profile.consent_choice and not profile.allowed("personalisation"):
            return ""
        pid = profile.last_time()
        if pid:
            self._claim("returning_customer:cookie")
            self._claim(f"cookie:{pid}")
        return pid

    @property
    def cookie_interests(self) -> int:
        """How many products the cookie from an earlier visit holds an interest in
        (0 without a cookie). Saying "we don't know what you wanted" is a claim about
        the cookie too: true only where it holds none."""
        claim = self._claim("cookie:any")
        return int(claim.value) if claim else 0

    @property
    def visits_before(self) -> int:
        """Earlier visits according to the cookie (0 for a first visit)."""
        claim = self._claim("returning_customer:cookie")
        return int(float(claim.value)) if claim else 0

    @property
    def wish(self) -> str:
        """What the flyer will push: the top wish not yet in the basket."""
        pid = self._profile.wish()
        if pid:
            self._claim(f"next_purchase:{pid}")
        return pid

    @property
    def next_visit(self) -> int:
        """In how many days the shop expects you back (0 if it does not say)."""
        claim = self._claim("next_visit:days")
        return int(float(claim.value)) if claim else 0

    # -- the person ---------------------------------------------------------
    @property
    def segments(self) -> list[str]:
        segments = self._profile.segments()
        for segment in segments:
            self._claim(f"segment:{segment}")
        return segments

    @property
    def segment(self) -> str:
        segments = self._profile.segments()
        if not segments:
            return ""
        self._claim(f"segment:{segments[0]}")
        return segments[0]

    @property
    def segment_words(self) -> list[str]:
        """The segments in the file's own words ("Schnäppchenjäger"), in the player's language."""
        out: list[str] = []
        conclusions = self._profile.conclusions()
        for segment in self._profile.segments():
            self._claim(f"segment:{segment}")
            found = conclusions.get(f"segment:{segment}")
            label = found.label if found is not None else None
            out.append((label or {}).get(self._lang) or segment)
        return out

    # -- what the shop wrote down and passed on ------------------------------------
    def noted(self, note: str) -> bool:
        """Whether the file holds the note ``note`` (the pack's ``note:``) now."""
        return self._claim(f"note:{note}") is not None

    def note(self, note: str) -> str:
        """The note's words as the file has them, in the player's language.

        A text that quotes a note the file does not hold fails ``story-test``.
        """
        claim = self._claim(f"note:{note}")
        noted = self._profile.notes.get(note)
        if claim is None or noted is None:
            self._unsupported(f"note:{note}", "")
            return ""
        return noted.words.get(self._lang) or next(iter(noted.words.values()), "")

    def sent(self, to: str, what: str = "") -> bool:
        """Whether the shop passed ``what`` (a claim key such as ``interest:tv``), or
        anything at all, to the recipient ``to`` (the pack's ``share:``)."""
        key = f"sent:{to}:{what}" if what else f"sent:{to}"
        return self._claim(key) is not None

    def remembers(self, pid: str) -> bool:
        """Whether the cookie from an earlier visit holds an interest in ``pid``.

        Either answer is a claim about the cookie, on the record; without a
        cookie the shop remembers nothing (and says nothing about last time).
        """
        if self._product(pid) is None:
            return False
        claim = self._claim(f"cookie:{pid}")
        return bool(claim.value) if claim is not None else False

    @property
    def customer_number(self) -> str:
        """The number the shop files this device under ('' before it has seen one)."""
        claim = self._claim("customer_number:device")
        return str(claim.value) if claim is not None else ""

    @property
    def mood(self) -> str:
        if not self._profile.allowed("analytics"):
            return "unknown"
        claim = self._claim("mood:now")
        return str(claim.value) if claim else "unknown"

    @property
    def mood_confidence(self) -> int:
        """How sure the shop is of ``mood``, in whole percent, as the file gives it
        (its column "Sicherheit"); 0 where it holds no mood. A mood shown without
        it reads as a fact."""
        if self.mood == "unknown":
            return 0
        found = self._profile.conclusions().get("mood:now")
        return whole_percent(found.confidence) if found is not None else 0

    @property
    def consent(self) -> str:
        """What you answered at the banner ('' before it): your own answer, not a claim."""
        return self._profile.consent_choice or ""

    def allowed(self, purpose: str) -> bool:
        return self._profile.allowed(purpose)

    @property
    def tracked(self) -> int:
        """How many things the shop has observed about you so far: the file's rows
        marked "observed" (not its own records, not what you typed).

        A claim (``observed:all``), so the file shows the number it said; the
        neutral shopper, whom the shop did not watch, sees the player's count."""
        claim = self._claim("observed:all")
        return int(claim.value) if claim is not None else self._tracked

    def seconds(self, scene: str) -> int:
        """Seconds spent in a scene on earlier visits (the "33 seconds")."""
        claim = self._claim(f"seconds:{scene}")
        return int(claim.value) if claim else 0

    @property
    def hesitation(self) -> int:
        """Mean seconds before a decision, whole."""
        claim = self._claim("hesitation:mean")
        return int(claim.value) if claim else 0

    @property
    def price_sensitive(self) -> bool:
        claim = self._profile.claim("price_sensitivity:all")
        if claim is None or float(claim.value) < self._profile.thresholds.price_sensitive:
            return False
        self._note(claim)
        return True

    @property
    def team_waits(self) -> bool:
        """Whether the targeting team is sent after you (advertising consent, a keen wish)."""
        if not self._profile.allowed("advertising"):
            return False
        pid = self._profile.wish()
        if not pid:
            return False
        keen = self._profile.purchase_probability(pid)
        if keen < self._profile.thresholds.team_probability:
            return False
        self._claim(f"next_purchase:{pid}")
        return True

    def one_of(self, *options: Any) -> Any:
        """A seeded pick: the same seed, scene, visit and call give the same answer.

        Each call in a rendering draws anew (the call number is in the seed),
        so two picks from lists of the same length do not always agree; the
        first call draws as it always did, so older games read the same.
        """
        if not options:
            return ""
        visit = self._profile.visits.get(self._scene, 0)
        key = f"{self._seed}:{self._scene}:{visit}:{len(options)}"
        if self._picks:
            key += f":{self._picks}"
        self._picks += 1
        rng = random.Random(key)
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


def _check_case(case: str) -> None:
    """``shop.the`` and ``thing`` take a German case: nom, acc or dat."""
    if case not in ("nom", "acc", "dat"):
        raise ValueError(f"case must be nom, acc or dat, not {case!r}")


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


class StateFacade:
    """``state.disturbed``: the author's declared variables, read only.

    A class rather than a dict, so a variable called ``items`` or ``get`` is
    the variable and not a dict method.
    """

    def __init__(self, values: dict[str, Any]) -> None:
        self._values = values

    def __getitem__(self, name: str) -> Any:
        if name not in self._values:
            raise KeyError(f"unknown state variable {name!r}")
        return self._values[name]

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        try:
            return self[name]
        except KeyError:
            raise AttributeError(f"unknown state variable {name!r}") from None

    def __repr__(self) -> str:
        return "state"


#: The largest die ``roll(n)`` throws.
MAX_ROLL = 1_000_000


class Dice:
    """``roll(n)``: a whole number from 1 to n, seeded; every call draws anew."""

    def __init__(self, key: str) -> None:
        self._key = key
        self._calls = 0

    def __call__(self, sides: int) -> int:
        if isinstance(sides, bool) or not isinstance(sides, int) or not 1 <= sides <= MAX_ROLL:
            raise ValueError(f"roll(n) needs a whole number n from 1 to {MAX_ROLL}, not {sides!r}")
        rng = random.Random(f"{self._key}:roll:{self._calls}")
        self._calls += 1
        return rng.randint(1, sides)


def story_names(
    story: Story,
    values: dict[str, Any],
    inventory: list[str],
    turns: int,
    visit: int,
    lang: str,
    showing: Callable[[], tuple[str, int]] | None = None,
    seed: int = 0,
    draw: Callable[[], str] | None = None,
) -> dict[str, Any]:
    """The author's own names for templates: state, inventory, turns and the sequences.

    ``seq``, ``once``, ``cycle`` and ``shuffle`` choose by how often the text being
    rendered has been shown (``showing`` says which text and how often, this
    time included): a scene's texts by its showings (each entry, each reply
    that stays), a reply by the times its choice was taken, an item's text by
    the times it was examined. Without ``showing``: the scene's ``visit``.
    ``draw`` names each ``shuffle`` call apart (the text it is in and its place
    there), the same in every language.
    """
    carried = list(inventory)

    def has(thing: str) -> bool:
        if thing not in story.things:
            raise KeyError(f"unknown thing {thing!r}")
        return thing in carried

    def thing(name: str, case: str = "nom") -> str:
        found = story.things.get(name)
        if found is None:
            raise KeyError(f"unknown thing {name!r}")
        _check_case(case)
        if lang == "de" and found.forms:
            return definite(found, found.name.source(lang), lang, case)
        return found.name.source(lang)

    def shown() -> tuple[str, int]:
        key, count = showing() if showing is not None else ("", visit)
        return key, max(count, 1)

    def seq(*options: Any) -> Any:
        """Ink's stopping sequence: each option once, then the last for ever."""
        return options[min(shown()[1], len(options)) - 1] if options else ""

    def once(*options: Any) -> Any:
        """Ink's once-only sequence (``{!a|b}``): each option once, then nothing."""
        count = shown()[1]
        return options[count - 1] if count <= len(options) else ""

    def cycle(*options: Any) -> Any:
        """Ink's cycle: the options in turn, then from the start again."""
        return options[(shown()[1] - 1) % len(options)] if options else ""

    def shuffle(*options: Any) -> Any:
        """Ink's shuffle: each round of showings is the options in an order of its own.

        The order comes from the game's seed, the text and the round: a replay,
        a save and an undo show the same option again; no option repeats
        within a round.
        """
        if not options:
            return ""
        key, count = shown()
        rounds, place = divmod(count - 1, len(options))
        call = draw() if draw is not None else ""
        order = random.Random(f"{seed}:{key}:{call}:{rounds}").sample(
            range(len(options)), len(options)
        )
        return options[order[place]]

    return {
        "state": StateFacade(dict(values)),
        "inventory": carried,
        "has": has,
        "thing": thing,
        "turns": turns,
        "seq": seq,
        "once": once,
        "cycle": cycle,
        "shuffle": shuffle,
    }


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
    recorder: Recorder | None = None,
) -> dict[str, Any]:
    return {
        "shop": ShopFacade(story, profile, lang, seed, scene, tracked, recorder),
        "player": PlayerFacade(inputs),
        "visits": VisitsFacade(profile.visits, story.scenes),
        "seen": seen,
        "basket": list(basket),
        "lang": lang,
        "scene": scene,
    }


def facade_api() -> TemplateApi:
    """What ``shop`` and ``player`` offer, read from the facade classes themselves.

    Parameter names become checks: ``pid`` must be a product, ``scene`` a scene,
    ``key`` an input key, ``case`` one of nom/acc/dat, ``purpose`` a known purpose.
    Here, beside the facades, so that loading a pack to play needs nothing of
    the authoring tools.
    """
    import inspect

    from kaufhaus.story.template_base import TemplateApi
    from kaufhaus.tracking.purposes import PURPOSES

    def public(cls: type) -> dict[str, tuple[str, ...] | None]:
        out: dict[str, tuple[str, ...] | None] = {}
        for name in dir(cls):
            if name.startswith("_"):
                continue
            attr = inspect.getattr_static(cls, name)
            if isinstance(attr, property) or not callable(attr):
                out[name] = None
                continue
            params: list[str] = []
            for p in list(inspect.signature(attr).parameters.values())[1:]:
                if p.kind is p.VAR_POSITIONAL:
                    params.append(f"*{p.name}")
                elif p.kind is p.VAR_KEYWORD:
                    continue
                else:
                    params.append(p.name if p.default is p.empty else f"?{p.name}")
            out[name] = tuple(params)
        return out

    return TemplateApi(
        {"shop": public(ShopFacade), "player": public(PlayerFacade)},
        {"purpose": frozenset(PURPOSES)},
    )
