"""The story model: plain, frozen dataclasses built once by the loader.

Texts stay as their sources (per language) plus the compiled template, so the
game can render them against the shop's current beliefs without re-parsing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from kaufhaus.story.errors import Pos


@dataclass(frozen=True, slots=True)  # a large pack holds tens of thousands
class Text:
    """A player-visible text, one source per language, compiled once."""

    sources: dict[str, str]
    pos: Pos
    templates: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def source(self, lang: str) -> str:
        return self.sources.get(lang) or next(iter(self.sources.values()), "")

    def template(self, lang: str) -> Any:
        return self.templates.get(lang) or next(iter(self.templates.values()))


@dataclass(frozen=True, slots=True)
class Condition:
    """A ``when:`` expression, compiled once."""

    source: str
    pos: Pos
    compiled: Any = field(compare=False, repr=False, default=None)


@dataclass(frozen=True, slots=True)
class Product:
    """A catalogue entry: the rules over interest and prices are generic over these."""

    id: str
    name: Text
    category: str
    price: float
    sensitive: str | None = None  # a GDPR Art. 9 category, e.g. "health", "sex_life"
    pos: Pos = field(default_factory=lambda: Pos("?"))
    #: German needs the article in the right case: {"nom": "der Fernseher", "acc": ...}
    forms: dict[str, str] = field(default_factory=dict)
    #: German grammatical gender ("m", "f", "n"); None for a plural or an undeclared one.
    gender: str | None = None
    #: Grammatical number per language ({"de": "pl", "en": "sg"}): a sentence agrees with it
    #: (``shop.verb``), as "Kondome im Sparpack" (plural) and "value pack" (singular) must.
    number: dict[str, str] = field(default_factory=dict)


#: ``goto: return``: back to the scene the last tunnel started from.
RETURN = "return"


@dataclass(frozen=True, slots=True)
class Assign:
    """One ``set:`` entry: a variable and how its new value comes about.

    ``add`` is an increment (``"+1"``); ``literal`` a value written as such
    (a number, true/false); otherwise ``expr`` is evaluated like a ``when:``.
    """

    var: str
    pos: Pos
    add: float | None = None
    literal: bool | int | float | str | None = None
    expr: Condition | None = None


@dataclass(frozen=True, slots=True)
class StateRange:
    """What values a variable may take, as declared under ``state:`` (``min``/``max``
    for a number, ``values`` for a text or a number): the game refuses any other, and
    ``check`` reports a ``set:`` that can leave them."""

    pos: Pos
    min: float | None = None
    max: float | None = None
    values: tuple[bool | int | float | str, ...] = ()

    def allows(self, value: Any) -> bool:
        if self.values:  # 1 is not true, and 1.0 is 1
            kind = (isinstance(value, bool), isinstance(value, str))
            return any(
                (isinstance(v, bool), isinstance(v, str)) == kind and v == value
                for v in self.values
            )
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return True
        return (self.min is None or value >= self.min) and (self.max is None or value <= self.max)

    def describe(self) -> str:
        if self.values:
            return "one of " + ", ".join(repr(v) for v in self.values)
        low = "" if self.min is None else _number(self.min)
        high = "" if self.max is None else _number(self.max)
        if low and high:
            return f"from {low} to {high}"
        return f"at least {low}" if low else f"at most {high}"


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


@dataclass(frozen=True, slots=True)
class StateEffects:
    """What a choice or an examined item does to the author's state and inventory."""

    set: tuple[Assign, ...] = ()
    give: tuple[str, ...] = ()
    remove: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.set or self.give or self.remove)


@dataclass(frozen=True, slots=True)
class Note:
    """``note:`` on a scene, choice or item: what the shop writes down about the player.

    The story may say the shop notes, files or remembers something only where
    it makes such a note: the engine logs it (a ``note`` event with the words
    as they were written), the file lists it among the conclusions with the
    event that caused it, and a text quotes it back with ``shop.note(id)``.
    ``text`` is a template (it may use the player's state), rendered once, when
    the note is made; ``when`` decides whether it is made at all.
    """

    id: str
    text: Text
    pos: Pos
    when: Condition | None = None
    #: What the note serves (a purpose id); a consent purpose without consent: no note.
    purpose: str = "customer_care"
    #: A GDPR Art. 9 category the note is about ("health", "sex_life"), if any.
    special: str | None = None
    #: Whether the note writes down what the player said (``said: true``): then
    #: the file lists it as provided by the player, not as concluded.
    said: bool = False


@dataclass(frozen=True, slots=True)
class Share:
    """``share:`` on a scene, choice or item: the shop passes claims to a recipient.

    Only what the file holds is sent (a claim without evidence is not there to
    send), and only if the recipient's purpose is allowed now; the engine logs
    the transfer, and ``shop.sent(to, claim)`` lets a text say what the
    recipient knows.
    """

    to: str
    what: tuple[str, ...]
    pos: Pos
    when: Condition | None = None


@dataclass(frozen=True, slots=True)
class Recipient:
    """``recipients:`` in story.yaml: a third party the story has the shop share with."""

    id: str
    name: Text
    purpose: str
    pos: Pos
    #: What it does with what it gets, in the player's words.
    does: Text | None = None
    #: "processor" (works for the shop) or "third_party" (its own controller).
    role: str = "third_party"
    #: Where it sits (ISO country code); outside the EU makes a transfer a third-country one.
    country: str = "DE"


@dataclass(frozen=True, slots=True)
class Records:
    """What the shop writes down (``note:``) and passes on (``share:``) at one place."""

    notes: tuple[Note, ...] = ()
    shares: tuple[Share, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.notes or self.shares)


@dataclass(frozen=True, slots=True)
class Item:
    """Something in a scene the player can examine."""

    id: str
    label: Text
    text: Text
    product: str | None
    pos: Pos
    when: Condition | None = None
    price_tag: bool = False  # examining it counts as looking at the product's price
    state: StateEffects = field(default_factory=StateEffects)
    records: Records = field(default_factory=Records)


@dataclass(frozen=True, slots=True)
class Effects:
    """What taking a choice does besides moving on."""

    take: tuple[str, ...] = ()
    drop: tuple[str, ...] = ()
    consent: str | None = None  # "all" | "necessary" | "custom"
    coupon: str | None = None  # "take" | "ignore"
    buy: bool = False


@dataclass(frozen=True, slots=True)
class Choice:
    id: str
    label: Text
    goto: str  # a scene id; the scene itself for a reply that stays; RETURN
    pos: Pos
    goto_pos: Pos
    when: Condition | None = None
    product: str | None = None
    effects: Effects = field(default_factory=Effects)
    state: StateEffects = field(default_factory=StateEffects)
    reply: Text | None = None
    stay: bool = False  # a reply without goto: print it and stay
    once: bool = False
    tunnel: bool = False  # goto is a tunnel: a later ``goto: return`` comes back
    records: Records = field(default_factory=Records)
    #: ``selectable:``: shown whenever ``when`` holds, taken only while this holds
    #: (ChoiceScript's ``*selectable_if``); ``why_not`` says why not, beside it.
    selectable: Condition | None = None
    why_not: Text | None = None
    #: The scene it was written in, when gathered into another by ``choices_from:``
    #: (Ink's thread); "" in its own scene. A once-only choice is counted there.
    origin: str = ""
    #: ``return_to: scene`` (Ink's ``->-> scene``): goto is that scene, and taking the
    #: choice closes the open tunnel, as ``goto: return`` would, without going back.
    ends_tunnel: bool = False


@dataclass(frozen=True, slots=True)
class Variant:
    """A conditional rewrite: replaces the scene text, or appends to it."""

    when: Condition
    text: Text
    mode: str  # "replace" | "append"
    pos: Pos


@dataclass(frozen=True, slots=True)
class InputPrompt:
    """A scene asks the player to type something (name, e-mail)."""

    key: str
    prompt: Text
    pos: Pos
    #: What the field takes (``email``: something that looks like an address); what
    #: does not fit is logged as typed but not taken, and ``refusal`` is the reply.
    accepts: str | None = None
    refusal: Text | None = None


@dataclass(frozen=True, slots=True)
class Divert:
    """``divert:`` on a scene: on the way in, if ``when`` holds, go to ``goto`` instead."""

    when: Condition
    goto: str
    pos: Pos


@dataclass(frozen=True, slots=True)
class OnEnter:
    """``on_enter:`` on a scene: what entering it does (state, notes), if ``when`` holds.

    Made on every entry that arrives (not on a scene diverted from, not on an
    undo's return), logged like a choice's effects, so undo takes it back.
    """

    pos: Pos
    when: Condition | None = None
    state: StateEffects = field(default_factory=StateEffects)
    records: Records = field(default_factory=Records)


@dataclass(frozen=True, slots=True)
class Thread:
    """``choices_from: [kiosk]``: the scene whose choices are offered here too."""

    scene: str
    pos: Pos


@dataclass(frozen=True, slots=True)
class Scene:
    id: str
    title: Text
    text: Text
    pos: Pos
    place: Text | None = None
    variants: tuple[Variant, ...] = ()
    items: tuple[Item, ...] = ()
    choices: tuple[Choice, ...] = ()
    input: InputPrompt | None = None
    ending: str | None = None
    divert: tuple[Divert, ...] = ()
    #: Notes and shares made on entering the scene.
    records: Records = field(default_factory=Records)
    #: Whether (and for which products) the shop may re-quote prices on the way in:
    #: True for all it shows or holds, a tuple for those products, False for none.
    #: Elsewhere a price, once shown, stands.
    reprice: bool | tuple[str, ...] = False
    #: False: the shop does not see what happens here (the tram before the shop,
    #: a back street without cameras): the log keeps it, the file does not.
    observed: bool = True
    on_enter: tuple[OnEnter, ...] = ()
    #: ``choices_from:``: scenes whose choices (with their own conditions, effects and
    #: gotos) follow this scene's own in ``choices`` once the pack is loaded.
    choices_from: tuple[Thread, ...] = ()

    def item(self, item_id: str) -> Item | None:
        return next((i for i in self.items if i.id == item_id), None)

    def choice(self, choice_id: str) -> Choice | None:
        return next((c for c in self.choices if c.id == choice_id), None)


@dataclass(frozen=True, slots=True)
class Pricing:
    """Bounds on dynamic pricing, as factors of the normal price."""

    min_factor: float = 0.90
    max_factor: float = 1.15
    coupon: float = 0.05


@dataclass(frozen=True, slots=True)
class Tracking:
    """Where a signal becomes a conclusion (``tracking:`` in story.yaml).

    The story and the dossier use these very numbers, so a text can never
    claim what the file does not conclude. See docs/authoring.md.
    """

    interest_min: float = 0.5
    hesitation_s: float = 12.0
    team_probability: float = 0.2
    price_sensitive: float = 0.5
    fan_points: float = 3.0


@dataclass(frozen=True, slots=True)
class Presentation:
    """How a pack presents itself (``game:`` in story.yaml): a pack is its own game.

    The defaults are the shop's: the title screen's tagline, the basket line
    ("Korb: 1 · 0,01 €"), the shelf ("Im Regal") and the shop's file revealed
    after every ending. A pack without a shop sets ``basket: false`` and
    ``reveal: false`` and gets a plain end screen (the ending text, new game,
    quit). Words are plain text per language, not templates: they are shown
    before any game exists.
    """

    #: The title screen's second line; None: the shop's tagline if the title is
    #: "Kaufhaus Internet" (the default), else nothing.
    subtitle: Text | None = None
    #: The basket's name on the status line ("Korb"/"Basket" if None).
    basket: Text | None = None
    #: False: no basket line at all (a story without shopping).
    show_basket: bool = True
    #: The heading over the things to examine ("Im Regal"/"On the shelf" if None).
    shelf: Text | None = None
    #: True: an ending leads to the shop's reveal (the dossier); False: a plain end screen.
    reveal: bool = True


@dataclass(frozen=True, slots=True)
class Thing:
    """Something the player can carry (``inventory:`` in story.yaml): never for sale."""

    id: str
    name: Text
    start: bool = False
    #: German case forms with their article (``acc: den Pfandbon``), as products have.
    forms: dict[str, str] = field(default_factory=dict)
    #: German gender and the number per language, as products have.
    gender: str | None = None
    number: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Story:
    id: str
    title: Text
    languages: tuple[str, ...]
    start: str
    scenes: dict[str, Scene]
    catalogue: dict[str, Product]
    pricing: Pricing
    content_hash: str
    currency: str = "EUR"
    root: str = ""
    #: Scenes that had errors while loading (only ever set for ``kaufhaus check``;
    #: a playable story has none). The map checks give them the benefit of the doubt.
    incomplete: frozenset[str] = field(default=frozenset(), compare=False)
    #: Names of the product categories ("electronics" → Elektronik), for the reveal.
    categories: dict[str, Text] = field(default_factory=dict)
    tracking: Tracking = field(default_factory=Tracking)
    presentation: Presentation = field(default_factory=Presentation)
    #: The author's variables and their initial values (``state:``).
    state: dict[str, bool | int | float | str] = field(default_factory=dict)
    #: The declared ranges of those variables that have one (``state: {x: {min: 0, …}}``).
    ranges: dict[str, StateRange] = field(default_factory=dict)
    #: What the player may carry (``inventory:``), in declaration order.
    things: dict[str, Thing] = field(default_factory=dict)
    #: ``back: undo`` (the b key undoes the last choice) or ``off``.
    back: str = "undo"
    #: Named texts for ``fragment('name')``.
    fragments: dict[str, Text] = field(default_factory=dict)
    #: Third parties the shop shares with (``recipients:``), by id.
    recipients: dict[str, Recipient] = field(default_factory=dict)

    @cached_property
    def unobserved(self) -> frozenset[str]:
        """The scenes the shop does not see (``observed: false``)."""
        return frozenset(sid for sid, s in self.scenes.items() if not s.observed)

    @cached_property
    def notes(self) -> dict[str, Note]:
        """Every note the pack can make, by id (the first written, for its words)."""
        out: dict[str, Note] = {}
        for scene in self.scenes.values():
            owners: list[Scene | Choice | Item | OnEnter] = [
                scene,
                *scene.items,
                *scene.choices,
                *scene.on_enter,
            ]
            for owner in owners:
                for note in owner.records.notes:
                    out.setdefault(note.id, note)
        return out

    def scene(self, scene_id: str) -> Scene:
        return self.scenes[scene_id]

    def category_name(self, category: str, lang: str) -> str:
        name = self.categories.get(category)
        return name.source(lang) if name is not None else category

    def product(self, product_id: str) -> Product | None:
        return self.catalogue.get(product_id)

    def exits(self, scene_id: str) -> list[str]:
        """Where a scene can lead, conditions ignored: for the map checks.

        Choices and diverts name their scenes; ``goto: return`` leads back to
        any scene that starts a tunnel.
        """
        scene = self.scenes.get(scene_id)
        if scene is None:
            return []
        out: list[str] = []
        for target in [*(c.goto for c in scene.choices), *(d.goto for d in scene.divert)]:
            if target == RETURN and target not in self.scenes:
                out.extend(self.tunnel_callers)
            else:
                out.append(target)
        return out

    @cached_property
    def only_offered(self) -> frozenset[str]:
        """Scenes nothing leads into, named by ``choices_from:``: they hold choices
        offered elsewhere (Ink's threads), and are never entered themselves."""
        named = {t.scene for s in self.scenes.values() for t in s.choices_from}
        entered = {self.start}
        for scene in self.scenes.values():
            entered.update(t for t in self.exits(scene.id) if t != scene.id)
        return frozenset(named - entered)

    @cached_property
    def tunnel_callers(self) -> list[str]:
        return [s.id for s in self.scenes.values() if any(c.tunnel for c in s.choices)]
