"""Load a scene pack (a folder of YAML files, or one file) into a ``Story``.

Every problem is collected with its position, so an author sees them all at
once; nothing here raises anything but ``StoryLoadError``. Error codes are
stable and listed in docs/authoring.md.

Loading happens in phases: read and parse each file (KH001–KH017), build the
model and compile every text (KH010–KH038), then cross-check references
(KH020–KH036, KH041, KH047). ``check.py`` adds the map-level checks (KH040+).
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import hashlib
import math
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kaufhaus.story.errors import Pos, Problem, StoryLoadError, display_path
from kaufhaus.story.grammar import GENDERS, NUMBERS, form_problems
from kaufhaus.story.model import (
    RETURN,
    Assign,
    Choice,
    Condition,
    Divert,
    Effects,
    InputPrompt,
    Item,
    Note,
    OnEnter,
    Presentation,
    Pricing,
    Product,
    Recipient,
    Records,
    Scene,
    Share,
    StateEffects,
    StateRange,
    Story,
    Text,
    Thing,
    Thread,
    Tracking,
    Variant,
)
from kaufhaus.story.statetypes import KINDS, check_assign, kind_of, what
from kaufhaus.story.template_base import (
    CASES,
    TemplateApi,
    TemplateProblem,
    TemplateRef,
    TextCompiler,
    did_you_mean,
)
from kaufhaus.story.yamlsrc import Node, locate_in_scalar, parse_yaml

#: Largest number a pack may write anywhere (prices, factors, thresholds): far
#: above any sensible value, far below what turns into float infinity.
MAX_NUMBER = 1_000_000_000
#: Most expensive product a shop can offer, in euros.
MAX_PRICE = 10_000_000
MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_PACK_BYTES = 100 * 1024 * 1024
MAX_PACK_FILES = 2_000
ID_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")
KNOWN_LANGS = ("de", "en")

HEADER_KEYS = {
    "id",
    "title",
    "languages",
    "start",
    "catalogue",
    "categories",
    "pricing",
    "tracking",
    "currency",
    "game",
    "state",
    "inventory",
    "back",
    "fragments",
    "shared",
    "recipients",
}
STORY_KEYS = HEADER_KEYS | {"scenes"}
SCENE_KEYS = {
    "id",
    "choices_from",
    "title",
    "text",
    "place",
    "variants",
    "items",
    "choices",
    "input",
    "ending",
    "divert",
    "note",
    "share",
    "reprice",
    "observed",
    "on_enter",
}
#: What ``on_enter:`` may do: the author's state and the shop's records, if ``when`` holds.
ON_ENTER_KEYS = {"when", "set", "give", "remove", "note", "share"}
#: What a variable's declaration under ``state:`` may say (docs/authoring.md).
STATE_DECLARATION_KEYS = {"start", "type", "min", "max", "values"}
#: What choices and items may do to the author's state (docs/authoring-syntax.md).
STATE_EFFECT_KEYS = {"set", "give", "remove"}
#: What the shop writes down and passes on at a scene, choice or item (notes, shares).
RECORD_KEYS = {"note", "share"}
NOTE_KEYS = {"id", "text", "when", "purpose", "about", "said"}
SHARE_KEYS = {"to", "what", "when"}
RECIPIENT_KEYS = {"name", "purpose", "does", "role", "country"}
RECIPIENT_ROLES = ("third_party", "processor")
#: Claim families a ``share:`` may pass on (the rest are the shop's own records).
SHARE_FAMILIES = (
    "interest",
    "purchase_probability",
    "sensitive",
    "segment",
    "identity",
    "next_purchase",
    "purchase",
    "note",
    "mood",
    "location_trail",
    "customer_number",
)
CHOICE_KEYS = (
    {
        "id",
        "label",
        "goto",
        "when",
        "product",
        "effects",
        "reply",
        "once",
        "tunnel",
        "return_to",
        "use",
        "selectable",
        "why_not",
    }
    | STATE_EFFECT_KEYS
    | RECORD_KEYS
)
ITEM_KEYS = (
    {
        "id",
        "label",
        "text",
        "product",
        "when",
        "price_tag",
        "use",
    }
    | STATE_EFFECT_KEYS
    | RECORD_KEYS
)
DIVERT_KEYS = {"when", "goto"}
THING_KEYS = {"name", "start", "forms", "gender", "number"}
SHARED_KEYS = {"items", "choices"}
BACK_VALUES = ("undo", "off")
#: The only spellings of true/false that YAML 1.1 and 1.2 read alike.
BOOL_WORDS = frozenset({"true", "false"})
#: Longest text a ``state:`` variable may hold (the save format's short texts).
MAX_STATE_TEXT = 200
#: An increment in ``set:``: "+1", "-2", "+0.5".
_INCREMENT = re.compile(r"^[+-]\s*(\d+(\.\d+)?)$")
VARIANT_KEYS = {"when", "text", "append"}
PRODUCT_KEYS = {"name", "category", "price", "sensitive", "forms", "gender", "number"}
EFFECT_KEYS = {"take", "drop", "consent", "coupon", "buy"}
PRICING_KEYS = {"min", "max", "coupon"}
GAME_KEYS = {"subtitle", "basket", "shelf", "reveal"}
#: ``tracking:`` keys, each with its allowed range (the defaults are in model.Tracking).
TRACKING_LIMITS = {
    "interest_min": (0.01, 100.0),
    "hesitation_seconds": (0.5, 600.0),
    "team_probability": (0.0, 1.0),
    "price_sensitive": (0.0, 1.0),
    "fan_points": (0.01, 1000.0),
}
INPUT_KEYS = {"key", "prompt", "accepts", "refusal"}
#: What an ``input:`` may ``accepts:`` (kaufhaus.game.fits_input says what fits).
INPUT_ACCEPTS = ("email",)
# Maintainers' labels (``tags: [motif:tv-three-times, case:real-face-analysis]``)
# on a scene, an item or a choice: checked for shape, never shown to the player.
TAGGED_KEYS = {"tags"}
SCENE_KEYS |= TAGGED_KEYS
CHOICE_KEYS |= TAGGED_KEYS
ITEM_KEYS |= TAGGED_KEYS
TAG_RE = re.compile(r"^[a-z][a-z0-9]*:[a-z0-9][a-z0-9-]*$")
CONSENT_VALUES = ("all", "necessary", "custom")
SENSITIVE_VALUES = ("health", "sex_life", "religion", "politics", "ethnicity", "finances")

_TEXT_HINT = (
    "Templates use {{ name }} and {% if ... %}...{% endif %}; "
    "see docs/authoring.md for the names you can use."
)
_CONDITION_HINT = "A condition is one expression, e.g. shop.interest('tv') > 2."
_NO_TEXT = Text({}, Pos("?"), {})

__all__ = ["did_you_mean", "load_pack", "load_pack_with_problems", "pack_files"]


@dataclass(frozen=True, slots=True)
class _Grammar:
    """An entry's grammar while it is read, for the checks before the model exists."""

    forms: dict[str, str]
    gender: str | None
    number: dict[str, str]


@dataclass(slots=True)
class _Use:
    """A reference found in a template, waiting for the pack-wide check."""

    ref: TemplateRef
    node: Node


def _compile_now() -> TextCompiler:
    """The compiler that compiles every text at once (it brings Jinja with it)."""
    from kaufhaus.story.templates import TemplateCompiler

    return TemplateCompiler()


class _Builder:
    """Turns position-carrying YAML nodes into model objects, collecting problems."""

    #: The pack folder, resolved: every file read must lie inside it (see ``_read``).
    root: Path | None = None

    def __init__(self, api: TemplateApi | None = None, *, lazy: bool = False) -> None:
        #: Loading to play: what only ``check`` needs (reading expressions) waits.
        self.lazy = lazy
        self.problems: list[Problem] = []
        self.languages: tuple[str, ...] = ("de",)
        self.compiler = TextCompiler() if lazy else _compile_now()
        self.api = api
        self.lines: dict[str, list[str]] = {}  # file -> its lines, for positions in texts
        self.texts: dict[str, str] = {}
        self.uses: list[_Use] = []
        self.declared_products: set[str] = set()  # valid ids, even if the product is broken
        #: ``state:`` variables and their initial values; ``inventory:`` thing ids.
        self.state: dict[str, bool | int | float | str] = {}
        #: The declared ranges of ``state:`` variables (``min:``/``max:``, ``values:``).
        self.ranges: dict[str, StateRange] = {}
        self.things: set[str] = set()
        #: ``shared:`` items and choices, by name, as their YAML nodes.
        self.shared: dict[str, dict[str, Node]] = {"items": {}, "choices": {}}
        #: State names used by ``set:``/``give:``/``remove:``, checked once the header is read.
        self.state_uses: list[tuple[str, str, Pos]] = []  # (kind, name, pos)
        self.fragment_names: set[str] = set()
        #: Recipient ids a ``share:`` names, checked once the header is read.
        self.share_uses: list[tuple[str, Pos]] = []
        #: Note ids and where each note is made (for templates' ``shop.note('x')``).
        self.note_ids: set[str] = set()
        self.recipient_ids: set[str] = set()

    # -- reporting -----------------------------------------------------------
    def error(self, pos: Pos, code: str, message: str, hint: str = "") -> None:
        self.problems.append(Problem(pos, code, message, hint))

    def warn(self, pos: Pos, code: str, message: str, hint: str = "") -> None:
        self.problems.append(Problem(pos, code, message, hint, "warning"))

    def file_lines(self, file: str) -> list[str] | None:
        lines = self.lines.get(file)
        if lines is None and file in self.texts:
            lines = self.lines[file] = self.texts[file].split("\n")
        return lines

    def locate(self, node: Node, line: int, needle: str | None) -> Pos:
        return locate_in_scalar(node, line, needle, self.file_lines(node.file))

    # -- shape helpers -------------------------------------------------------
    def mapping(self, node: Node, what: str, allowed: set[str]) -> dict[str, Node] | None:
        if not isinstance(node.value, dict):
            self.error(
                node.pos,
                "KH011",
                f"{what} must be a mapping, not {node.kind}",
                "Write it as 'key: value' lines indented under its name.",
            )
            return None
        for key in node.value:
            if key not in allowed:
                self.error(
                    node.key_at(key),
                    "KH012",
                    f"unknown field {key!r} in {what}",
                    did_you_mean(key, allowed) or f"Allowed: {', '.join(sorted(allowed))}.",
                )
        return node.value

    def forms(self, node: Node | None, owner: str) -> dict[str, str]:
        """German case forms with their article (``acc: den Fernseher``), for a product
        or a thing: ``shop.the(pid, case)`` and ``thing(id, case)`` show them."""
        forms: dict[str, str] = {}
        if node is not None:
            fm = self.mapping(node, f"forms of {owner!r}", set(CASES))
            for case, fnode in (fm or {}).items():
                value = self.string(fnode, f"form {case!r}")
                if value and case in CASES:
                    forms[case] = value
        return forms

    def grammar(
        self, m: dict[str, Node], owner: str, what: str, pos: Pos
    ) -> tuple[dict[str, str], str | None, dict[str, str]]:
        """A product's or thing's grammar: its German ``forms``, its ``gender`` and its
        ``number`` (one for every language, or per language: ``{de: pl, en: sg}``).

        What is missing or contradicts itself is a warning (KH067) at the entry:
        a sentence that takes the entry could then not agree with it.
        """
        forms = self.forms(m.get("forms"), owner)
        gender = self.string(m.get("gender"), "gender")
        if gender is not None and gender not in GENDERS:
            self.error(
                m["gender"].pos,
                "KH011",
                f"unknown gender {gender!r} of {owner!r}",
                "Use m, f or n (the German gender; leave it out for a plural).",
            )
            gender = None
        number: dict[str, str] = {}
        nnode = m.get("number")
        if nnode is not None:
            if isinstance(nnode.value, dict):
                nm = self.mapping(nnode, f"number of {owner!r}", set(self.languages)) or {}
                values = {lang: self.string(n, f"number ({lang})") for lang, n in nm.items()}
            else:
                one = self.string(nnode, "number")
                values = {lang: one for lang in self.languages}
            for lang, value in values.items():
                if value in NUMBERS:
                    number[lang] = value
                elif value is not None:
                    self.error(
                        nnode.pos,
                        "KH011",
                        f"unknown number {value!r} of {owner!r}",
                        "Use sg or pl, or one per language: number: {de: pl, en: sg}.",
                    )
        problems = form_problems(_Grammar(forms, gender, number), self.languages)
        if problems:
            self.warn(
                pos,
                "KH067",
                f"{what} {owner!r}: {'; '.join(problems)}",
                "Declare its grammar so sentences agree with it, e.g. forms: {nom: die "
                "Tabletten, acc: die Tabletten, dat: den Tabletten}, number: pl, or gender: f "
                "with number: sg (docs/authoring.md).",
            )
        return forms, gender, number

    def seq(self, node: Node | None, what: str) -> list[Node]:
        if node is None or node.value is None:
            return []
        if not isinstance(node.value, list):
            self.error(
                node.pos,
                "KH011",
                f"{what} must be a list, not {node.kind}",
                "Start each entry on its own line with '- '.",
            )
            return []
        return node.value

    def tags(self, m: dict[str, Node]) -> None:
        """``tags:`` is a list of ``kind:name`` labels for maintainers (tests map them)."""
        for tnode in self.seq(m.get("tags"), "tags"):
            if not isinstance(tnode.value, str) or not TAG_RE.match(tnode.value):
                self.error(
                    tnode.pos,
                    "KH011",
                    f"a tag must look like 'kind:name', got {tnode.value!r}",
                    "Write lower-case 'motif:tv-three-times' or 'case:real-face-analysis'.",
                )

    def required(self, m: dict[str, Node], key: str, owner: Node, what: str) -> Node | None:
        if key in m and m[key].broken:
            return None  # its problem is reported already
        if key not in m or m[key].value is None:
            where = owner.key_at(key) if key in m else owner.pos
            self.error(
                where, "KH010", f"{what} is missing {key!r}", f"Add a '{key}:' line to this {what}."
            )
            return None
        return m[key]

    def ident(self, node: Node | None, what: str) -> str | None:
        if node is None:
            return None
        value = node.value
        if not isinstance(value, str) or not ID_RE.match(value):
            self.error(
                node.pos,
                "KH026",
                f"{what} must be a simple name, got {value!r}",
                "Use letters, digits, '_' and '-', starting with a letter.",
            )
            return None
        return value

    def string(self, node: Node | None, what: str) -> str | None:
        if node is None or node.value is None:
            return None
        value = node.value
        if isinstance(value, str):
            return value
        if isinstance(value, (bool, int, float)) and node.raw is not None:
            # ``label: On`` or ``text: 1999``: YAML made it true/a number; it was meant as text.
            return node.raw
        if isinstance(value, (int, float)):
            return str(value)
        self.error(
            node.pos,
            "KH011",
            f"{what} must be text, not {node.kind}",
            "Write the text after the colon; quote it if it starts with a special character.",
        )
        return None

    def number(self, node: Node | None, what: str) -> float | None:
        if node is None:
            return None
        if isinstance(node.value, bool) or not isinstance(node.value, (int, float)):
            self.error(
                node.pos,
                "KH011",
                f"{what} must be a number, not {node.kind}",
                "Write a plain number such as 1499 or 0.9.",
            )
            return None
        value = node.value
        if isinstance(value, float) and not math.isfinite(value):
            self.error(
                node.pos,
                "KH027",
                f"{what} must be a real number, not {node.raw or value}",
                "Write a plain number such as 1499 or 0.9; .nan and .inf are not numbers "
                "a shop can use.",
            )
            return None
        if abs(value) > MAX_NUMBER:
            digits = len(str(abs(int(value)))) if isinstance(value, int) else None
            shown = f"a {digits}-digit number" if digits and digits > 15 else f"{value:g}"
            self.error(
                node.pos,
                "KH027",
                f"{what} is out of range: {shown} (the limit is {MAX_NUMBER:,})",
                "Write a plain number such as 1499 or 0.9.",
            )
            return None
        return float(value)

    def flag(self, node: Node | None, what: str, hint: str) -> bool:
        if node is None:
            return False
        if not isinstance(node.value, bool):
            self.error(node.pos, "KH011", f"{what} must be true or false, not {node.kind}", hint)
            return False
        self.same_in_every_yaml(node)
        return node.value

    def same_in_every_yaml(self, node: Node) -> None:
        """A true/false written ``yes``, ``no``, ``on`` or ``off``: refused (KH011).

        YAML 1.1 (PyYAML, this loader) reads those words as true/false, YAML 1.2
        (the schema check of most editors) as words: the pack would mean one thing
        here and another in the editor. Texts keep the word (see :meth:`string`).
        """
        raw = node.raw
        if isinstance(node.value, bool) and raw is not None and raw.lower() not in BOOL_WORDS:
            word = "true" if node.value else "false"
            self.error(
                node.pos,
                "KH011",
                f"{raw!r} reads as {word} in YAML 1.1 but as the word {raw!r} in YAML 1.2",
                f"Write {word} (or quote it, '{raw}', where you mean the word): a pack must "
                "read the same in every editor.",
            )

    # -- texts and conditions --------------------------------------------------
    def compile_source(self, src: str, node: Node, what: str) -> Any | None:
        try:
            compiled = self.compiler.text(src)
        except TemplateProblem as exc:
            self.error(
                self.locate(node, exc.line, exc.needle),
                exc.code or "KH030",
                f"{what}: {exc.message}",
                exc.hint or _TEXT_HINT,
            )
            return None
        for ref in compiled.refs:
            self.uses.append(_Use(ref, node))
        return compiled.template

    def text(self, node: Node | None, what: str, *, required: bool = True) -> Text | None:
        """A plain string, or a mapping {de: ..., en: ...}."""
        if node is None or node.value is None:
            return None
        if isinstance(node.value, dict):
            sources: dict[str, str] = {}
            nodes: dict[str, Node] = {}
            for lang, sub in node.value.items():
                if lang not in KNOWN_LANGS:
                    if sub.value is None and not sub.broken:
                        # ``{de: Nichts, danke, en: ...}``: the comma ended the text.
                        self.error(
                            node.key_at(lang),
                            "KH012",
                            f"{what}: a comma ends the text before {lang!r}",
                            "Inside {de: ..., en: ...} put texts with commas in quotes: "
                            "{de: 'Nein, danke', en: 'No, thanks'}.",
                        )
                        continue
                    self.error(
                        node.key_at(lang),
                        "KH012",
                        f"unknown language {lang!r} in {what}",
                        did_you_mean(lang, KNOWN_LANGS) or "Use 'de' or 'en'.",
                    )
                    continue
                value = self.string(sub, f"{what} ({lang})")
                if value is not None:
                    sources[lang] = value
                    nodes[lang] = sub
            if required:
                for lang in self.languages:
                    if lang not in sources and lang not in node.value:
                        self.warn(
                            node.pos,
                            "KH042",
                            f"{what} has no {lang!r} text",
                            f"Add a '{lang}:' translation.",
                        )
            if not sources:
                return None
        else:
            value = self.string(node, what)
            if value is None:
                return None
            sources = {lang: value for lang in self.languages}
            nodes = {lang: node for lang in self.languages}
        templates: dict[str, Any] = {}
        for lang, src in sources.items():
            template = self.compile_source(src, nodes[lang], what)
            if template is not None:
                templates[lang] = template
        if len(templates) != len(sources):
            return None
        return Text(sources, node.pos, templates)

    def condition(self, node: Node | None, what: str) -> Condition | None:
        if node is None or node.value is None:
            return None
        if isinstance(node.value, bool):
            src = "true" if node.value else "false"
        elif isinstance(node.value, dict):  # ``when: {{ shop.top }}`` became a YAML mapping
            self.error(
                node.pos,
                "KH031",
                f"{what}: a condition is written without {{{{ }}}}",
                "For example: when: shop.knows('tv'); put it in quotes if it starts "
                "with a quote or a bracket.",
            )
            return None
        else:
            text = self.string(node, what)
            if text is None:
                return None
            src = text
        try:
            compiled = self.compiler.condition(src)
        except TemplateProblem as exc:
            self.error(
                self.locate(node, exc.line, exc.needle),
                exc.code or "KH031",
                f"{what}: {exc.message}",
                exc.hint or _CONDITION_HINT,
            )
            return None
        for ref in compiled.refs:
            self.uses.append(_Use(ref, node))
        return Condition(src, node.pos, compiled.template)

    # -- the model -------------------------------------------------------------
    def product(self, pid: str, node: Node, pos: Pos) -> Product | None:
        m = self.mapping(node, f"product {pid!r}", PRODUCT_KEYS)
        if m is None:
            return None
        name = self.text(self.required(m, "name", node, "product"), f"name of {pid!r}")
        category = self.ident(self.required(m, "category", node, "product"), "category")
        price = self.number(self.required(m, "price", node, "product"), "price")
        sensitive = self.string(m.get("sensitive"), "sensitive")
        if sensitive is not None and sensitive not in SENSITIVE_VALUES:
            self.error(
                m["sensitive"].pos,
                "KH011",
                f"unknown sensitive category {sensitive!r}",
                did_you_mean(sensitive, SENSITIVE_VALUES)
                or f"Use one of: {', '.join(SENSITIVE_VALUES)}.",
            )
            sensitive = None
        if price is not None and price <= 0:
            self.error(m["price"].pos, "KH011", "price must be positive", "Use the normal price.")
            price = None
        elif price is not None and (
            price > MAX_PRICE or abs(price * 100 - round(price * 100)) > 1e-6
        ):
            self.error(
                m["price"].pos,
                "KH027",
                f"price {m['price'].raw or price} is not a shop price: prices are in euros "
                "and whole cents, "
                f"at most {MAX_PRICE:,}",
                "For example: price: 1499 or price: 9.99.",
            )
            price = None
        forms, gender, number = self.grammar(m, pid, "product", pos)
        if name is None or category is None or price is None:
            return None
        return Product(pid, name, category, price, sensitive, pos, forms, gender, number)

    def effects(self, node: Node | None) -> Effects:
        if node is None or node.value is None:
            return Effects()
        m = self.mapping(node, "effects", EFFECT_KEYS)
        if m is None:
            return Effects()

        def ids(key: str) -> tuple[str, ...]:
            sub = m.get(key)
            if sub is None:
                return ()
            values = sub.value if isinstance(sub.value, list) else [sub]
            return tuple(v for v in (self.ident(v, key) for v in values) if v)

        consent = self.string(m.get("consent"), "consent")
        if consent is not None and consent not in CONSENT_VALUES:
            self.error(
                m["consent"].pos,
                "KH011",
                f"unknown consent {consent!r}",
                did_you_mean(consent, CONSENT_VALUES) or "Use all, necessary or custom.",
            )
            consent = None
        coupon = self.string(m.get("coupon"), "coupon")
        if coupon is not None and coupon not in ("take", "ignore"):
            self.error(
                m["coupon"].pos,
                "KH011",
                f"unknown coupon action {coupon!r}",
                did_you_mean(coupon, ("take", "ignore")) or "Use take or ignore.",
            )
            coupon = None
        buy = self.flag(m.get("buy"), "buy", "Write buy: true.")
        return Effects(ids("take"), ids("drop"), consent, coupon, buy)

    def records(self, m: dict[str, Node], what: str) -> Records:
        """``note:`` and ``share:`` of a scene, choice or item (one mapping or a list)."""
        notes = [n for n in (self.note(x, what) for x in self.one_or_more(m.get("note"))) if n]
        shares = [s for s in (self.share(x, what) for x in self.one_or_more(m.get("share"))) if s]
        return Records(tuple(notes), tuple(shares))

    def one_or_more(self, node: Node | None) -> list[Node]:
        if node is None or node.value is None:
            return []
        return list(node.value) if isinstance(node.value, list) else [node]

    def purpose(self, node: Node | None, default: str) -> str:
        """A purpose id, checked against the purposes the engine knows (given by the caller)."""
        name = self.ident(node, "purpose") if node is not None else None
        if name is None:
            return default
        known = self.api.values.get("purpose") if self.api is not None else None
        if known is not None and name not in known:
            self.error(
                node.pos if node is not None else Pos("?"),
                "KH011",
                f"unknown purpose {name!r}",
                did_you_mean(name, known) or f"Use one of: {', '.join(sorted(known))}.",
            )
            return default
        return name

    def note(self, node: Node, what: str) -> Note | None:
        nm = self.mapping(node, f"note of {what}", NOTE_KEYS)
        if nm is None:
            return None
        nid = self.ident(self.required(nm, "id", node, "note"), "note id")
        text = self.text(self.required(nm, "text", node, "note"), f"note {nid!r}")
        when = self.condition(nm.get("when"), "note condition")
        purpose = self.purpose(nm.get("purpose"), "customer_care")
        about = self.string(nm.get("about"), "about") if nm.get("about") is not None else None
        if about is not None and about not in SENSITIVE_VALUES:
            self.error(
                nm["about"].pos,
                "KH011",
                f"unknown special category {about!r}",
                did_you_mean(about, SENSITIVE_VALUES)
                or f"Use one of: {', '.join(SENSITIVE_VALUES)} (or leave 'about:' out).",
            )
            about = None
        said = self.flag(nm.get("said"), "said", "Write said: true (or leave it out).")
        if nid is None or text is None:
            return None
        self.note_ids.add(nid)
        return Note(nid, text, node.pos, when, purpose, about, said)

    def share(self, node: Node, what: str) -> Share | None:
        sm = self.mapping(node, f"share of {what}", SHARE_KEYS)
        if sm is None:
            return None
        to_node = self.required(sm, "to", node, "share")
        to = self.ident(to_node, "recipient")
        claims: list[str] = []
        for cnode in self.one_or_more(self.required(sm, "what", node, "share")):
            key = self.string(cnode, "what (a claim such as interest:tv)")
            if key is None:
                continue
            family, _, subject = key.partition(":")
            if family not in SHARE_FAMILIES or not subject:
                self.error(
                    cnode.pos,
                    "KH011",
                    f"a share passes on claims from the file, not {key!r}",
                    did_you_mean(family, SHARE_FAMILIES)
                    or "Write e.g. interest:tv, identity:email or note:<id>.",
                )
                continue
            claims.append(key)
        when = self.condition(sm.get("when"), "share condition")
        if to is None or to_node is None or not claims:
            return None
        self.share_uses.append((to, to_node.pos))
        return Share(to, tuple(claims), node.pos, when)

    def reprice(self, node: Node | None) -> bool | tuple[str, ...]:
        """``reprice: true`` or ``reprice: [tv, soundbar]`` on a scene."""
        if node is None or node.value is None:
            return False
        if isinstance(node.value, bool):
            self.same_in_every_yaml(node)
            return node.value
        values = node.value if isinstance(node.value, list) else None
        if values is None:
            self.error(
                node.pos,
                "KH011",
                f"reprice must be true, false or a list of products, not {node.kind}",
                "Write reprice: true, or reprice: [tv].",
            )
            return False
        return tuple(p for p in (self.ident(v, "product") for v in values) if p)

    def use(self, node: Node, kind: str) -> Node:
        """``use: name`` in an item or choice: the shared definition, overridden by
        the keys written here. Errors in shared keys point into the header."""
        if not isinstance(node.value, dict) or "use" not in node.value:
            return node
        local: dict[str, Node] = node.value
        name = self.ident(local["use"], f"use ({kind[:-1]})")
        if name is None:
            return node
        shared = self.shared[kind].get(name)
        if shared is None:
            self.error(
                local["use"].pos,
                "KH064",
                f"no shared {kind[:-1]} {name!r}",
                did_you_mean(name, self.shared[kind])
                or f"Define it in story.yaml under 'shared: {kind}:'.",
            )
            return Node.at({k: v for k, v in local.items() if k != "use"}, node.pos)
        merged = {k: v for k, v in shared.value.items()} if isinstance(shared.value, dict) else {}
        merged.update({k: v for k, v in local.items() if k != "use"})
        if "id" not in merged:
            merged["id"] = Node.at(name, local["use"].pos)
        return Node.at(merged, node.pos)

    def state_effects(self, m: dict[str, Node], what: str) -> StateEffects:
        """``set:``, ``give:`` and ``remove:`` of a choice or item."""
        assigns: list[Assign] = []
        snode = m.get("set")
        if snode is not None and snode.value is not None:
            sm = self.mapping(snode, f"set of {what}", set(snode.value or {}))
            for var, vnode in (sm or {}).items():
                pos = snode.key_at(var)
                if not self.ident(Node.at(var, pos), "variable name"):
                    continue
                self.state_uses.append(("var", var, pos))
                assign = self.assign(var, vnode, pos)
                if assign is not None:
                    assigns.append(assign)

        def ids(key: str) -> tuple[str, ...]:
            sub = m.get(key)
            if sub is None or sub.value is None:
                return ()
            values = sub.value if isinstance(sub.value, list) else [sub]
            out = []
            for v in values:
                thing = self.ident(v, f"{key} (a thing from inventory:)")
                if thing:
                    self.state_uses.append(("thing", thing, v.pos))
                    out.append(thing)
            return tuple(out)

        return StateEffects(tuple(assigns), ids("give"), ids("remove"))

    def assign(self, var: str, node: Node, pos: Pos) -> Assign | None:
        value = node.value
        self.same_in_every_yaml(node)
        raw = (node.raw or "").strip()
        if isinstance(value, (int, float)) and not isinstance(value, bool) and raw[:1] == "+":
            # YAML reads a bare +1 as the number 1: the variable would be set, not raised.
            self.error(
                node.pos,
                "KH061",
                f"set {var}: {raw} without quotes is the number {raw[1:]} to YAML: it would "
                f"set {var} to {raw[1:]}, not add {raw[1:]}",
                f'Write "{raw}" in quotes to add: {var}: "{raw}".',
            )
            return None
        if isinstance(value, bool) or (
            isinstance(value, (int, float)) and math.isfinite(float(value))
        ):
            return Assign(var, pos, literal=value)
        if isinstance(value, (int, float)):
            self.error(node.pos, "KH061", f"{var}: not a finite number", "Write e.g. 0 or 1.5.")
            return None
        if not isinstance(value, str):
            self.error(
                node.pos,
                "KH061",
                f"set {var}: a value must be a number, true/false or an expression, "
                f"not {node.kind}",
                'For example: count: "+1", lit: true, mood: "\'happy\'".',
            )
            return None
        increment = _INCREMENT.match(value.strip())
        if increment is not None:
            amount = float(increment.group(1))
            return Assign(var, pos, add=-amount if value.strip().startswith("-") else amount)
        expr = self.condition(node, f"set {var}")
        return Assign(var, pos, expr=expr) if expr is not None else None

    def variants(self, node: Node | None) -> list[Variant]:
        variants: list[Variant] = []
        for vnode in self.seq(node, "variants"):
            vm = self.mapping(vnode, "variant", VARIANT_KEYS)
            if vm is None:
                continue
            when = self.condition(self.required(vm, "when", vnode, "variant"), "variant condition")
            if "text" in vm and "append" in vm:
                self.error(
                    vnode.pos,
                    "KH011",
                    "a variant has either 'text' or 'append', not both",
                    "'text' replaces the scene text, 'append' adds to it.",
                )
                continue
            key = "append" if "append" in vm else "text"
            vtext = self.text(self.required(vm, key, vnode, "variant"), "variant text")
            if when and vtext:
                variants.append(
                    Variant(when, vtext, "append" if key == "append" else "replace", vnode.pos)
                )
        return variants

    def items(self, node: Node | None, sid: str | None) -> list[Item]:
        items: list[Item] = []
        for inode in self.seq(node, "items"):
            inode = self.use(inode, "items")
            im = self.mapping(inode, "item", ITEM_KEYS)
            if im is None:
                continue
            self.tags(im)
            iid = self.ident(self.required(im, "id", inode, "item"), "item id")
            label = self.text(self.required(im, "label", inode, "item"), "item label")
            itext = self.text(self.required(im, "text", inode, "item"), "item text")
            product = self.ident(im.get("product"), "product")
            when = self.condition(im.get("when"), "item condition")
            is_tag = self.flag(
                im.get("price_tag"), "price_tag", "Write price_tag: true for a price label."
            )
            item_state = self.state_effects(im, f"item {iid!r}")
            item_records = self.records(im, f"item {iid!r}")
            if is_tag and not product and "product" not in im:
                self.error(
                    inode.pos,
                    "KH010",
                    "a price_tag item needs a 'product'",
                    "Name the product whose price the label shows.",
                )
            if iid and any(i.id == iid for i in items):
                self.error(
                    im["id"].pos,
                    "KH021",
                    f"duplicate item id {iid!r} in scene {sid!r}",
                    "Item ids must be unique within a scene.",
                )
                continue
            if iid:  # kept even when broken (the pack fails anyway), so checks see it
                items.append(
                    Item(
                        iid,
                        label or _NO_TEXT,
                        itext or _NO_TEXT,
                        product,
                        inode.pos,
                        when,
                        is_tag,
                        item_state,
                        item_records,
                    )
                )
        return items

    def choices(self, node: Node | None, sid: str | None) -> list[Choice]:
        choices: list[Choice] = []
        for cnode in self.seq(node, "choices"):
            cnode = self.use(cnode, "choices")
            cm = self.mapping(cnode, "choice", CHOICE_KEYS)
            if cm is None:
                continue
            self.tags(cm)
            cid = self.ident(self.required(cm, "id", cnode, "choice"), "choice id")
            label = self.text(self.required(cm, "label", cnode, "choice"), "choice label")
            reply = self.text(cm.get("reply"), "choice reply")
            tunnel = cm.get("tunnel") is not None
            if tunnel and cm.get("goto") is not None:
                self.error(
                    cm["tunnel"].pos,
                    "KH062",
                    f"choice {cid!r} has both 'goto' and 'tunnel'",
                    "A tunnel is a goto that returns: keep one of them.",
                )
            ends = cm.get("return_to") is not None
            if ends and (tunnel or cm.get("goto") is not None):
                self.error(
                    cm["return_to"].pos,
                    "KH062",
                    f"choice {cid!r} has 'return_to' and '{'tunnel' if tunnel else 'goto'}'",
                    "return_to: closes the tunnel and goes to its scene: keep one of them.",
                )
            goto_node: Node | None
            stay = False
            if ends and not tunnel:
                goto_node = cm["return_to"]
            elif tunnel:
                goto_node = cm["tunnel"]
            elif "reply" in cm and cm.get("goto") is None:
                goto_node = Node.at(sid or "", cnode.pos)  # print the reply and stay
                stay = True
            else:
                goto_node = self.required(cm, "goto", cnode, "choice")
            goto = self.ident(goto_node, "tunnel" if tunnel else "return_to" if ends else "goto")
            if ends and not tunnel and goto == RETURN:
                self.error(
                    goto_node.pos if goto_node else cnode.pos,
                    "KH062",
                    "return_to names a scene, not 'return'",
                    "To go back where the tunnel began, write goto: return.",
                )
                goto = None
            if tunnel and goto == RETURN:
                self.error(
                    goto_node.pos if goto_node else cnode.pos,
                    "KH062",
                    "a tunnel cannot lead to 'return'",
                    "Tunnel into a scene; that scene returns with 'goto: return'.",
                )
                goto = None
            when = self.condition(cm.get("when"), "choice condition")
            product = self.ident(cm.get("product"), "product")
            effects = self.effects(cm.get("effects"))
            state = self.state_effects(cm, f"choice {cid!r}")
            records = self.records(cm, f"choice {cid!r}")
            once = self.flag(cm.get("once"), "once", "Write once: true (or leave it out).")
            selectable = self.condition(cm.get("selectable"), "choice selectable")
            why_not = self.text(cm.get("why_not"), "choice why_not", required=False)
            if why_not is not None and "selectable" not in cm:
                self.error(
                    cm["why_not"].pos,
                    "KH010",
                    f"choice {cid!r} has 'why_not' but no 'selectable'",
                    "why_not: says why a choice cannot be taken now; add the condition "
                    "under which it can: selectable: state.geld >= 5.",
                )
            if cid and any(c.id == cid for c in choices):
                self.error(
                    cm["id"].pos,
                    "KH022",
                    f"duplicate choice id {cid!r} in scene {sid!r}",
                    "Choice ids must be unique within a scene.",
                )
                continue
            if cid and goto and goto_node:  # kept even with a broken label, for the map
                choices.append(
                    Choice(
                        cid,
                        label or _NO_TEXT,
                        goto,
                        cnode.pos,
                        goto_node.pos,
                        when,
                        product,
                        effects,
                        state,
                        reply,
                        stay,
                        once,
                        tunnel,
                        records,
                        selectable,
                        why_not,
                        ends_tunnel=ends and not tunnel,
                    )
                )
        return choices

    def on_enter(self, node: Node | None, sid: str | None) -> list[OnEnter]:
        """``on_enter:``: one mapping or a list of them, each with an optional ``when:``."""
        out: list[OnEnter] = []
        for enode in self.one_or_more(node):
            em = self.mapping(enode, "on_enter", ON_ENTER_KEYS)
            if em is None:
                continue
            when = self.condition(em.get("when"), "on_enter condition")
            what = f"on_enter of scene {sid!r}"
            out.append(
                OnEnter(enode.pos, when, self.state_effects(em, what), self.records(em, what))
            )
        return out

    def diverts(self, node: Node | None) -> list[Divert]:
        out: list[Divert] = []
        for dnode in self.seq(node, "divert"):
            dm = self.mapping(dnode, "divert", DIVERT_KEYS)
            if dm is None:
                continue
            when = self.condition(self.required(dm, "when", dnode, "divert"), "divert condition")
            goto_node = self.required(dm, "goto", dnode, "divert")
            goto = self.ident(goto_node, "goto")
            if goto == RETURN and goto_node is not None:
                # A divert happens on the way in, before the scene is anyone's
                # caller: there is no tunnel it could be said to end.
                self.error(
                    goto_node.pos,
                    "KH062",
                    "a divert cannot go to 'return'",
                    "A divert names a scene. To leave a tunnel scene at once, give it a "
                    "choice with 'goto: return', or divert to the scene the tunnel came from.",
                )
                goto = None
            if when is not None and goto is not None and goto_node is not None:
                out.append(Divert(when, goto, goto_node.pos))
        return out

    def scene(self, node: Node) -> Scene | None:
        m = self.mapping(node, "scene", SCENE_KEYS)
        if m is None:
            return None
        self.tags(m)
        sid = self.ident(self.required(m, "id", node, "scene"), "scene id")
        text = self.text(self.required(m, "text", node, "scene"), f"scene {sid!r} text")
        title = self.text(m.get("title"), f"scene {sid!r} title") or text
        # Where the shop's "beacons" locate the player: a plain word or {de:, en:}.
        place = self.text(m.get("place"), f"scene {sid!r} place")
        variants = self.variants(m.get("variants"))
        items = self.items(m.get("items"), sid)
        choices = self.choices(m.get("choices"), sid)
        divert = self.diverts(m.get("divert"))
        on_enter = self.on_enter(m.get("on_enter"), sid)
        threads = [
            Thread(name, entry.pos)
            for entry in self.seq(m.get("choices_from"), "choices_from")
            if (name := self.ident(entry, "choices_from scene id"))
        ]
        prompt: InputPrompt | None = None
        if m.get("input") is not None:
            pm = self.mapping(m["input"], "input", INPUT_KEYS)
            if pm is not None:
                key = self.ident(self.required(pm, "key", m["input"], "input"), "input key")
                ptext = self.text(self.required(pm, "prompt", m["input"], "input"), "input prompt")
                accepts = refusal = None
                if pm.get("accepts") is not None:
                    accepts = self.ident(pm["accepts"], "input accepts")
                    if accepts and accepts not in INPUT_ACCEPTS:
                        self.error(
                            pm["accepts"].pos,
                            "KH011",
                            f"input accepts {accepts!r}: known are {', '.join(INPUT_ACCEPTS)}",
                            "Write accepts: email, or leave it out to take any text.",
                        )
                        accepts = None
                    refusal = self.text(
                        self.required(pm, "refusal", m["input"], "input with accepts"),
                        "input refusal",
                    )
                if key and ptext:
                    prompt = InputPrompt(key, ptext, m["input"].pos, accepts, refusal)
        ending = self.ident(m.get("ending"), "ending") if m.get("ending") is not None else None
        records = self.records(m, f"scene {sid!r}")
        reprice = self.reprice(m.get("reprice"))
        observed = (
            self.flag(m.get("observed"), "observed", "Write observed: false (or leave it out).")
            if m.get("observed") is not None
            else True
        )
        if not sid:
            return None
        # A scene with a broken text is still kept, so that choices leading to it
        # are not reported as leading nowhere; the pack as a whole fails anyway.
        return Scene(
            sid,
            title or _NO_TEXT,
            text or _NO_TEXT,
            node.pos,
            place,
            tuple(variants),
            tuple(items),
            tuple(choices),
            prompt,
            ending,
            tuple(divert),
            records,
            reprice,
            observed,
            tuple(on_enter),
            tuple(threads),
        )


def _outside(path: Path, builder: _Builder) -> Path | None:
    """Where ``path`` really leads when that is outside the pack folder (a symlink out)."""
    if builder.root is None:
        return None
    try:
        real = path.resolve(strict=True)
    except (OSError, RuntimeError):  # a dangling link or a loop: reported when read
        return None
    return None if real.is_relative_to(builder.root) else real


def _read(path: Path, builder: _Builder) -> str | None:
    shown = display_path(path)
    target = _outside(path, builder)
    if target is not None:
        builder.error(
            Pos(shown),
            "KH019",
            f"the file is a link to {target}, outside the pack folder",
            "A pack reads only its own files: copy the file into the pack folder "
            "instead of linking to it.",
        )
        return None
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            builder.error(
                Pos(shown),
                "KH014",
                f"file is {size / 1024 / 1024:.1f} MB; the limit is "
                f"{MAX_FILE_BYTES // 1024 // 1024} MB",
                "Split the scenes over several smaller files.",
            )
            return None
        with path.open("rb") as handle:  # read no more than the limit, whatever stat said
            raw = handle.read(MAX_FILE_BYTES + 1)
        if len(raw) > MAX_FILE_BYTES:
            builder.error(
                Pos(shown),
                "KH014",
                f"file is larger than {MAX_FILE_BYTES // 1024 // 1024} MB",
                "Split the scenes over several smaller files.",
            )
            return None
    except OSError as exc:
        builder.error(
            Pos(shown),
            "KH013",
            f"cannot read file: {exc.strerror or exc}",
            "Check the path and permissions.",
        )
        return None
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        builder.error(
            Pos(shown),
            "KH013",
            "file is saved as UTF-16",
            "Save the file as UTF-8 (in most editors: 'Save with encoding').",
        )
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        head = raw[: exc.start]
        line = head.count(b"\n") + 1
        col = len(head[head.rfind(b"\n") + 1 :].decode("utf-8", errors="replace")) + 1
        builder.error(
            Pos(shown, line, col),
            "KH013",
            "file is not valid UTF-8 text",
            "Save the file as UTF-8 (umlauts and ß are fine in UTF-8).",
        )
        return None
    if "\x00" in text:
        before = text[: text.index("\x00")]
        line = before.count("\n") + 1
        col = len(before) - (before.rfind("\n") + 1) + 1
        builder.error(
            Pos(shown, line, col),
            "KH013",
            "file contains binary data (NUL bytes)",
            "Scene files are plain text YAML.",
        )
        return None
    return text[1:] if text.startswith("\ufeff") else text


def pack_files(pack: Path) -> list[Path]:
    """The YAML files of a pack, in the order they are read."""
    if pack.is_file():
        return [pack]
    if not pack.is_dir():
        return []
    return sorted(p for p in pack.glob("*.yaml") if p.is_file()) + sorted(
        p for p in pack.glob("*.yml") if p.is_file()
    )


def load_pack(
    pack: Path | str,
    *,
    on_file: Callable[[Path], None] | None = None,
    api: TemplateApi | None = None,
    lazy: bool = False,
) -> Story:
    """Load and validate a pack; raise StoryLoadError listing every problem.

    Warnings (such as a missing translation) do not stop loading; ``check``
    reports them. ``lazy`` (for starting a game) leaves every template to be
    compiled when first shown: a template error then shows, with its place, when
    the text is used, instead of stopping the load (``check`` finds them all).
    """
    story, problems = load_pack_with_problems(pack, on_file=on_file, api=api, lazy=lazy)
    if story is None or any(p.severity == "error" for p in problems):
        raise StoryLoadError(problems)
    return story


@contextlib.contextmanager
def no_collection() -> Iterator[None]:
    """Loading builds a great many objects and frees almost none: Python's cycle
    collector would walk all of them again and again (a third of the time on a
    10,000-scene pack, benchmarks/bench_load.py) to find nothing. It runs again,
    as before, once the pack is loaded."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def load_pack_with_problems(
    pack: Path | str,
    *,
    on_file: Callable[[Path], None] | None = None,
    api: TemplateApi | None = None,
    lazy: bool = False,
) -> tuple[Story | None, list[Problem]]:
    """Load a pack and return it with every problem found.

    The story is returned even when some scenes have errors (so that the
    map-level checks can still run), but it is only fit to play when no
    problem is an error; :func:`load_pack` enforces that.
    """
    pack = Path(pack)
    b = _Builder(api, lazy=lazy)
    with no_collection():
        story = _load(pack, b, on_file)
    b.problems.sort(key=lambda p: (p.pos.file, p.pos.line, p.pos.column, p.code))
    return story, b.problems


def _load(pack: Path, b: _Builder, on_file: Callable[[Path], None] | None) -> Story | None:
    shown = display_path(pack)
    if not pack.exists():
        b.error(
            Pos(shown),
            "KH015",
            "no such scene pack",
            "Give a folder with story.yaml, or a single .yaml file.",
        )
        return None
    files = pack_files(pack)
    if not files:
        b.error(
            Pos(shown),
            "KH015",
            "the folder contains no .yaml files",
            "A pack needs at least story.yaml with the story header and the scenes.",
        )
        return None
    if len(files) > MAX_PACK_FILES:
        b.error(
            Pos(shown),
            "KH014",
            f"the pack has {len(files)} files; the limit is {MAX_PACK_FILES}",
            "Put more scenes into each file.",
        )
        return None

    if pack.is_dir():
        b.root = pack.resolve()
    digest = hashlib.sha256()
    trees: list[tuple[Path, Node]] = []
    total = 0
    unreadable = 0  # files that could not be read or parsed completely
    for path in files:
        if on_file is not None:
            on_file(path)
        text = _read(path, b)
        if text is None:
            unreadable += 1
            continue
        total += len(text)
        if total > MAX_PACK_BYTES:
            b.error(
                Pos(display_path(path)),
                "KH014",
                f"the pack is larger than {MAX_PACK_BYTES // 1024 // 1024} MB",
                "That is far more than any story needs; check for generated files.",
            )
            return None
        file = display_path(path)
        b.texts[file] = text
        digest.update(path.name.encode() + b"\0" + text.encode("utf-8") + b"\0")
        tree, problems = parse_yaml(text, file, refuse_controls=True)
        b.problems.extend(problems)
        if tree is None and problems:
            unreadable += 1
        if tree is None:
            if not problems:
                b.error(
                    Pos(file),
                    "KH016",
                    "file is empty",
                    "Add 'scenes:' with a list of scenes, or delete the file.",
                )
            continue
        trees.append((path, tree))

    # The story header: the one file with id/start holds the header and catalogue.
    header: tuple[Path, dict[str, Node], Node] | None = None
    scene_nodes: list[Node] = []
    for path, tree in trees:
        if not isinstance(tree.value, dict):
            b.error(
                tree.pos,
                "KH011",
                f"a scene file must be a mapping, not {tree.kind}",
                "Start the file with 'scenes:' (and 'id:'/'start:' in story.yaml).",
            )
            continue
        m = b.mapping(tree, "file", STORY_KEYS)
        if m is None:
            continue
        if "id" in m or "start" in m:
            if header is not None:
                b.error(
                    tree.pos,
                    "KH017",
                    "a second file declares the story header (id/start)",
                    f"Keep 'id:' and 'start:' only in {header[0].name}.",
                )
            else:
                header = (path, m, tree)
        scene_nodes.extend(b.seq(m.get("scenes"), "scenes"))
    for path, tree in trees:
        if header is not None and path != header[0] and isinstance(tree.value, dict):
            second_header = "id" in tree.value or "start" in tree.value
            for key in tree.value:
                if key in HEADER_KEYS and not (second_header and key in ("id", "start")):
                    b.error(
                        tree.key_at(key),
                        "KH012",
                        f"{key!r} belongs in the story header ({header[0].name})",
                        f"Move it to {header[0].name}; other files hold 'scenes:' only.",
                    )

    if header is None:
        if trees or not any(p.severity == "error" for p in b.problems):
            where = display_path(pack / "story.yaml") if pack.is_dir() else shown
            b.error(
                Pos(where),
                "KH010",
                "the pack has no story header: no file declares 'id' and 'start'",
                "Create story.yaml with 'id: my-story' and 'start: <first scene id>'.",
            )
        return None
    # From here on each scene's nodes are needed only until the scene is built: let
    # them go one by one (a large pack's nodes take more memory than its story).
    trees.clear()
    scene_nodes.reverse()
    _hpath, hm, htree = header
    langs_node = hm.get("languages")
    if langs_node is not None:
        langs = [b.string(n, "language") for n in b.seq(langs_node, "languages")]
        bad = [lang for lang in langs if lang not in KNOWN_LANGS]
        if bad or not langs or len(set(langs)) != len(langs):
            b.error(
                langs_node.pos,
                "KH011",
                f"languages must be a list of de/en, got "
                f"{[lang for lang in langs if lang is not None]}",
                "Write languages: [de, en] (or just [de]).",
            )
        else:
            b.languages = tuple(lang for lang in langs if lang)
    story_id = b.ident(b.required(hm, "id", htree, "story"), "story id")
    start_node = b.required(hm, "start", htree, "story")
    start = b.ident(start_node, "start")
    title = b.text(hm.get("title"), "story title") or Text(
        {lang: "Kaufhaus Internet" for lang in b.languages},
        htree.pos,
        {lang: b.compiler.text("Kaufhaus Internet").template for lang in b.languages},
    )
    currency = b.string(hm.get("currency"), "currency") or "EUR"
    presentation = _presentation(b, hm.get("game"))
    pricing = _pricing(b, hm.get("pricing"))
    tracking = _tracking(b, hm.get("tracking"))

    catalogue: dict[str, Product] = {}
    if hm.get("catalogue") is not None:
        cnode = hm["catalogue"]
        if not isinstance(cnode.value, dict):
            b.error(
                cnode.pos,
                "KH011",
                "catalogue must be a mapping of product ids",
                "Write 'catalogue:' then one 'tv:' block per product.",
            )
        else:
            for pid, pnode in cnode.value.items():
                kpos = cnode.key_at(pid)
                if b.ident(Node.at(pid, kpos), "product id"):
                    b.declared_products.add(pid)
                    product = b.product(pid, pnode, kpos)
                    if product:
                        catalogue[pid] = product

    categories: dict[str, Text] = {}
    if hm.get("categories") is not None:
        catnode = hm["categories"]
        if not isinstance(catnode.value, dict):
            b.error(
                catnode.pos,
                "KH011",
                "categories must be a mapping of category ids to names",
                "Write 'categories:' then e.g. 'electronics: {de: Elektronik, en: electronics}'.",
            )
        else:
            for cat, cnode in catnode.value.items():
                if b.ident(Node.at(cat, catnode.key_at(cat)), "category id"):
                    name = b.text(cnode, f"category {cat!r}")
                    if name is not None:
                        categories[cat] = name

    state = _state(b, hm.get("state"))
    things = _inventory(b, hm.get("inventory"))
    back = b.string(hm.get("back"), "back") if hm.get("back") is not None else "undo"
    if hm.get("back") is not None and isinstance(hm["back"].value, bool):
        b.same_in_every_yaml(hm["back"])  # a bare off: false in YAML 1.1 only
        back = "undo" if hm["back"].value else "off"  # back: false
    if back not in BACK_VALUES:
        b.error(
            hm["back"].pos,
            "KH011",
            f"back must be undo or false, not {back!r}",
            "back: undo lets players take back their last choice; back: false does not.",
        )
        back = "undo"
    fragments = _fragments(b, hm.get("fragments"))
    recipients = _recipients(b, hm.get("recipients"))
    _shared(b, hm.get("shared"))

    scenes: dict[str, Scene] = {}
    incomplete: set[str] = set()
    while scene_nodes:
        errors_before = sum(1 for p in b.problems if p.severity == "error")
        scene = b.scene(scene_nodes.pop())
        if scene is None:
            continue
        if sum(1 for p in b.problems if p.severity == "error") > errors_before:
            incomplete.add(scene.id)
        if scene.id in scenes:
            first = scenes[scene.id].pos
            b.error(
                scene.pos,
                "KH020",
                f"duplicate scene id {scene.id!r} (first at {first})",
                "Rename one of the scenes; ids must be unique in a pack.",
            )
            continue
        scenes[scene.id] = scene

    _gather_threads(b, scenes)
    if unreadable:
        # Scenes and products may well be in the file that could not be read:
        # checking references now would only report its absence over and over.
        return None
    _cross_check(b, scenes, catalogue, start, start_node, incomplete)
    if not b.lazy:  # reads every expression (Jinja's parser): check's work, not play's;
        _check_state_sets(b, scenes)  # the game refuses a value out of range as it happens
    for to, pos in b.share_uses:
        if to not in recipients:
            b.error(
                pos,
                "KH065",
                f"unknown recipient {to!r}",
                did_you_mean(to, recipients) or "Declare it in story.yaml under 'recipients:'.",
            )

    if story_id is None or start is None or not scenes:
        if not scenes and story_id:
            b.error(htree.pos, "KH010", "the pack has no scenes", "Add a 'scenes:' list.")
        return None
    return Story(
        id=story_id,
        title=title,
        languages=b.languages,
        start=start,
        scenes=scenes,
        catalogue=catalogue,
        pricing=pricing,
        content_hash=digest.hexdigest()[:16],
        currency=currency,
        root=display_path(pack),
        incomplete=frozenset(incomplete),
        categories=categories,
        tracking=tracking,
        presentation=presentation,
        state=state,
        ranges=dict(b.ranges),
        things=things,
        back=back or "undo",
        fragments=fragments,
        recipients=recipients,
    )


def _presentation(b: _Builder, node: Node | None) -> Presentation:
    """``game:``: the pack's own title-screen subtitle, basket and shelf words, reveal."""
    if node is None:
        return Presentation()
    gm = b.mapping(node, "game", GAME_KEYS)
    if gm is None:
        return Presentation()

    def words(key: str) -> Text | None:
        wnode = gm.get(key)
        if wnode is None or isinstance(wnode.value, bool):
            return None
        text = b.text(wnode, f"game {key}")
        if text is None:
            return None
        for lang, source in text.sources.items():
            if "{{" in source or "{%" in source or "{#" in source or "\n" in source.strip():
                b.error(
                    wnode.pos,
                    "KH011",
                    f"game {key} ({lang}) must be plain words on one line, not a template",
                    "These words are shown before any game exists, e.g. on the title screen.",
                )
                return None
        return text

    def yes_no(key: str, default: bool) -> bool:
        vnode = gm.get(key)
        if vnode is None:
            return default
        if not isinstance(vnode.value, bool):
            b.error(
                vnode.pos,
                "KH011",
                f"game {key} must be true or false, got {vnode.value!r}",
                f"Write '{key}: false' or '{key}: true'.",
            )
            return default
        b.same_in_every_yaml(vnode)
        return bool(vnode.value)

    basket_node = gm.get("basket")
    if basket_node is not None:
        b.same_in_every_yaml(basket_node)
    show_basket = not (basket_node is not None and basket_node.value is False)
    if basket_node is not None and basket_node.value is True:
        show_basket = True
    return Presentation(
        subtitle=words("subtitle"),
        basket=words("basket"),
        show_basket=show_basket,
        shelf=words("shelf"),
        reveal=yes_no("reveal", True),
    )


def _state(b: _Builder, node: Node | None) -> dict[str, bool | int | float | str]:
    """``state:``: each variable with its initial value, which fixes its type."""
    if node is None or node.value is None:
        return {}
    if not isinstance(node.value, dict):
        b.error(
            node.pos,
            "KH011",
            "state must be a mapping of variable names to initial values",
            "For example: state: {disturbed: 0, lit: false, mood: ''}.",
        )
        return {}
    out: dict[str, bool | int | float | str] = {}
    for var, vnode in node.value.items():
        pos = node.key_at(var)
        if not b.ident(Node.at(var, pos), "variable name"):
            continue
        if isinstance(vnode.value, dict):  # {start: 0, min: 0, max: 5} …
            vnode = _declared(b, var, vnode)
            if vnode is None:
                continue
        value = vnode.value
        b.same_in_every_yaml(vnode)
        if (
            isinstance(value, bool)
            or (
                isinstance(value, (int, float))
                and math.isfinite(float(value))
                and abs(value) < 1e12
            )
            or (isinstance(value, str) and len(value) <= MAX_STATE_TEXT)
        ):
            out[var] = value
        else:
            b.error(
                vnode.pos,
                "KH061",
                f"state {var}: the initial value must be a number, true/false or a short "
                f"text, not {vnode.kind if not isinstance(value, str) else 'a long text'}",
                "For example: disturbed: 0, lit: false, mood: ''.",
            )
    b.state = out
    return out


def _declared(b: _Builder, var: str, node: Node) -> Node | None:
    """``x: {start: 0, type: number, min: 0, max: 5}`` or ``{start: '', values: [...]}``:
    the initial value's node (the range is kept in ``b.ranges``)."""
    m = b.mapping(node, f"state {var}", STATE_DECLARATION_KEYS)
    if m is None:
        return None
    declared = m.get("type")
    kind = b.string(declared, f"state {var} type") if declared is not None else None
    if declared is not None and kind not in KINDS:
        b.error(
            declared.pos,
            "KH061",
            f"state {var}: type must be number, flag or text, not {declared.value!r}",
            "For example: unruhe: {start: 0, type: number, min: 0, max: 5}.",
        )
        return None
    values: list[Any] = []
    if m.get("values") is not None:
        vals = m["values"]
        if not isinstance(vals.value, list) or not vals.value:
            b.error(vals.pos, "KH061", f"state {var}: values must be a list", "values: [a, b]")
            return None
        values = [v.value for v in vals.value]
    start = m.get("start")
    if start is None:
        if kind is None:
            b.error(
                node.pos,
                "KH061",
                f"state {var}: give its initial value (start:) or its type (type:)",
                "For example: unruhe: {start: 0, min: 0, max: 5}.",
            )
            return None
        first = {"number": m.get("min"), "text": None, "flag": None}[kind]
        value: Any = values[0] if values else {"number": 0, "flag": False, "text": ""}[kind]
        start = Node.at(first.value if first is not None else value, node.pos)
    kind = kind or kind_of(start.value)
    if kind_of(start.value) != kind or any(kind_of(v) != kind for v in values):
        b.error(
            start.pos,
            "KH061",
            f"state {var}: declared {what(kind)}, but its values are not all {what(kind)}",
            "Give start: and values: of the declared type.",
        )
        return None
    bounds: dict[str, float] = {}
    for key in ("min", "max"):
        bnode = m.get(key)
        if bnode is None:
            continue
        if kind != "number" or kind_of(bnode.value) != "number":
            b.error(bnode.pos, "KH061", f"state {var}: {key} is for numbers", f"{key}: 0")
            return None
        bounds[key] = float(bnode.value)
    declared_range = StateRange(node.pos, bounds.get("min"), bounds.get("max"), tuple(values))
    if (bounds or values) and not declared_range.allows(start.value):
        b.error(
            start.pos,
            "KH066",
            f"state {var}: starts at {start.value!r}, outside its range "
            f"({declared_range.describe()})",
            "Start inside the range.",
        )
        return None
    if bounds.get("min", -math.inf) > bounds.get("max", math.inf):
        b.error(node.pos, "KH066", f"state {var}: min is above max", "Swap them.")
        return None
    if bounds or values:
        b.ranges[var] = declared_range
    return start


_NO_SETS = (str, int, float, Pos, Text, Condition)


def _check_state_sets(b: _Builder, scenes: dict[str, Scene]) -> None:
    """Every ``set:`` in the scenes against the kind and range of its variable, with the
    ``when:`` that offers it (walked generically: effects wherever the model keeps them)."""
    kinds = {var: kind_of(value) for var, value in b.state.items()}
    if not any(kind == "var" and name in kinds for kind, name, _ in b.state_uses):
        return  # no set: of a declared variable (every Assign is one of state_uses)
    seen: set[int] = set()
    stack: list[tuple[Any, Condition | None]] = [(scene, None) for scene in scenes.values()]
    while stack:
        value, when = stack.pop()
        # Prose and conditions hold no set: (a set:'s own expression is read with it).
        if id(value) in seen or value is None or isinstance(value, _NO_SETS):
            continue
        seen.add(id(value))
        if isinstance(value, Assign):
            check_assign(value, when, kinds, b.ranges, b.error)
        elif dataclasses.is_dataclass(value) and not isinstance(value, type):
            own = getattr(value, "when", None)
            inner = own if isinstance(own, Condition) else when
            stack += [(getattr(value, f.name), inner) for f in dataclasses.fields(value)]
        elif isinstance(value, dict):
            stack += [(v, when) for v in value.values()]
        elif isinstance(value, (list, tuple)):
            stack += [(v, when) for v in value]


def _inventory(b: _Builder, node: Node | None) -> dict[str, Thing]:
    if node is None or node.value is None:
        return {}
    if not isinstance(node.value, dict):
        b.error(
            node.pos,
            "KH011",
            "inventory must be a mapping of thing ids",
            "For example: inventory: {cloak: {name: {de: der Umhang, en: the cloak}}}.",
        )
        return {}
    out: dict[str, Thing] = {}
    for tid, tnode in node.value.items():
        pos = node.key_at(tid)
        if not b.ident(Node.at(tid, pos), "thing id"):
            continue
        if tid in b.state:
            b.error(
                pos,
                "KH060",
                f"{tid!r} is both a state variable and a thing",
                "Give the thing or the variable another name.",
            )
            continue
        tm = b.mapping(tnode, f"thing {tid!r}", THING_KEYS)
        if tm is None:
            continue
        name = b.text(b.required(tm, "name", tnode, "thing"), f"name of {tid!r}")
        start = b.flag(tm.get("start"), "start", "Write start: true if it is carried at first.")
        b.things.add(tid)
        forms, gender, number = b.grammar(tm, tid, "thing", pos)
        if name is not None:
            out[tid] = Thing(tid, name, start, forms, gender, number)
    return out


def _recipients(b: _Builder, node: Node | None) -> dict[str, Recipient]:
    """``recipients:``: the third parties a story has the shop share with."""
    out: dict[str, Recipient] = {}
    if node is None or node.value is None:
        return out
    if not isinstance(node.value, dict):
        b.error(
            node.pos,
            "KH011",
            "recipients must be a mapping of recipient ids",
            "Write 'recipients:' then e.g. 'insurer: {name: ..., purpose: advertising}'.",
        )
        return out
    for rid, rnode in node.value.items():
        pos = node.key_at(rid)
        if not b.ident(Node.at(rid, pos), "recipient id"):
            continue
        rm = b.mapping(rnode, f"recipient {rid!r}", RECIPIENT_KEYS)
        if rm is None:
            continue
        name = b.text(b.required(rm, "name", rnode, "recipient"), f"recipient {rid!r} name")
        purpose = b.purpose(b.required(rm, "purpose", rnode, "recipient"), "advertising")
        does = b.text(rm.get("does"), f"recipient {rid!r}", required=False)
        role = b.string(rm.get("role"), "role") if rm.get("role") is not None else "third_party"
        if role not in RECIPIENT_ROLES:
            b.error(
                rm["role"].pos,
                "KH011",
                f"role must be third_party or processor, not {role!r}",
                "A processor works for the shop; a third party uses the data for itself.",
            )
            role = "third_party"
        country = b.string(rm.get("country"), "country") if rm.get("country") else "DE"
        if country is None or not re.fullmatch(r"[A-Z]{2}", country):
            b.error(
                rm["country"].pos,
                "KH011",
                f"country must be a two-letter code such as DE or US, not {country!r}",
                "Write the ISO 3166 code of the country the recipient sits in.",
            )
            country = "DE"
        b.recipient_ids.add(rid)
        if name is not None:
            out[rid] = Recipient(rid, name, purpose, pos, does, role or "third_party", country)
    return out


def _fragments(b: _Builder, node: Node | None) -> dict[str, Text]:
    if node is None or node.value is None:
        return {}
    if not isinstance(node.value, dict):
        b.error(
            node.pos,
            "KH011",
            "fragments must be a mapping of names to texts",
            "For example: fragments: {dunkel: {de: Es ist dunkel., en: It is dark.}}.",
        )
        return {}
    out: dict[str, Text] = {}
    b.fragment_names = {str(n) for n in node.value}
    for name, fnode in node.value.items():
        if b.ident(Node.at(name, node.key_at(name)), "fragment name"):
            text = b.text(fnode, f"fragment {name!r}")
            if text is not None:
                out[name] = text
    return out


def _shared(b: _Builder, node: Node | None) -> None:
    if node is None or node.value is None:
        return
    sm = b.mapping(node, "shared", SHARED_KEYS)
    for kind, knode in (sm or {}).items():
        if kind not in SHARED_KEYS or knode.value is None:
            continue
        if not isinstance(knode.value, dict):
            b.error(
                knode.pos,
                "KH011",
                f"shared {kind} must be a mapping of names to {kind}",
                f"For example: shared: {{{kind}: {{name: {{label: ...}}}}}}.",
            )
            continue
        for name, dnode in knode.value.items():
            if b.ident(Node.at(name, knode.key_at(name)), f"shared {kind[:-1]} name"):
                if not isinstance(dnode.value, dict):
                    b.error(dnode.pos, "KH011", f"shared {kind[:-1]} {name!r} must be a mapping")
                    continue
                if "use" in dnode.value:
                    b.error(
                        dnode.key_at("use"),
                        "KH064",
                        "a shared definition cannot 'use' another one",
                        "Write it out; only scenes' items and choices 'use' shared ones.",
                    )
                b.shared[kind][name] = dnode


def _pricing(b: _Builder, node: Node | None) -> Pricing:
    pricing = Pricing()
    if node is None:
        return pricing
    pm = b.mapping(node, "pricing", PRICING_KEYS)
    if pm is None:
        return pricing
    lo = b.number(pm.get("min"), "pricing min")
    hi = b.number(pm.get("max"), "pricing max")
    cp = b.number(pm.get("coupon"), "pricing coupon")
    lo = pricing.min_factor if lo is None else lo
    hi = pricing.max_factor if hi is None else hi
    if not 0 < lo <= 1 <= hi <= 3:
        b.error(
            node.pos,
            "KH011",
            f"pricing bounds must satisfy 0 < min <= 1 <= max <= 3 (got {lo}, {hi})",
            "For example: min: 0.9, max: 1.15.",
        )
        return pricing
    if cp is not None and not 0 <= cp < 1:
        b.error(
            pm["coupon"].pos,
            "KH011",
            f"pricing coupon must be between 0 and 1, got {cp}",
            "For example: coupon: 0.05 for five per cent.",
        )
        cp = None
    return Pricing(lo, hi, cp if cp is not None else pricing.coupon)


def _tracking(b: _Builder, node: Node | None) -> Tracking:
    """The pack's thresholds; a value out of range is reported and the default kept."""
    if node is None:
        return Tracking()
    tm = b.mapping(node, "tracking", set(TRACKING_LIMITS))
    if tm is None:
        return Tracking()
    values: dict[str, float] = {}
    for key, (low, high) in TRACKING_LIMITS.items():
        number = b.number(tm.get(key), f"tracking {key}")
        if number is None:
            continue
        if not low <= number <= high:
            b.error(
                tm[key].pos,
                "KH011",
                f"tracking {key} must be between {low:g} and {high:g}, got {number:g}",
                "The defaults are in docs/authoring.md; leave the key out to use them.",
            )
            continue
        values["hesitation_s" if key == "hesitation_seconds" else key] = number
    return Tracking(**values)


def _gather_threads(b: _Builder, scenes: dict[str, Scene]) -> None:
    """``choices_from:``: each scene's own choices, then those of the scenes it names
    (theirs gathered first), in that order, so a choice's number is its place as
    written. A gathered choice keeps its condition, effects and goto; one that stays
    stays in the scene that offers it. Unknown scenes (KH070), circles (KH070) and
    an id already offered (KH071) are refused where they are named."""
    done: dict[str, tuple[Choice, ...]] = {}

    def gathered(sid: str, path: tuple[str, ...]) -> tuple[Choice, ...]:
        if sid in done:
            return done[sid]
        scene = scenes[sid]
        out = list(scene.choices)
        for ref in scene.choices_from:
            if ref.scene not in scenes:
                b.error(
                    ref.pos,
                    "KH070",
                    f"scene {sid!r} takes choices from unknown scene {ref.scene!r}",
                    did_you_mean(ref.scene, scenes) or "Name the id of an existing scene.",
                )
                continue
            if ref.scene == sid or ref.scene in path:
                circle = " -> ".join([*path[path.index(ref.scene) :], sid, ref.scene])
                if ref.scene == sid:
                    circle = f"{sid} -> {sid}"
                b.error(
                    ref.pos,
                    "KH070",
                    f"choices_from goes round in a circle: {circle}",
                    "A scene cannot offer its own choices again; remove one of the names.",
                )
                continue
            for choice in gathered(ref.scene, (*path, sid)):
                twin = next((c for c in out if c.id == choice.id), None)
                if twin is not None:
                    b.error(
                        ref.pos,
                        "KH071",
                        f"scene {sid!r} already offers a choice {choice.id!r} (at {twin.pos}); "
                        f"the one from {ref.scene!r} (at {choice.pos}) would share its id",
                        "Give one of them another id: a choice is told apart by its id.",
                    )
                    continue
                out.append(
                    dataclasses.replace(
                        choice,
                        origin=choice.origin or ref.scene,
                        goto=sid if choice.stay else choice.goto,
                    )
                )
        done[sid] = tuple(out)
        return done[sid]

    for sid in list(scenes):
        if scenes[sid].choices_from:
            scenes[sid] = dataclasses.replace(scenes[sid], choices=gathered(sid, ()))


def _cross_check(
    b: _Builder,
    scenes: dict[str, Scene],
    catalogue: dict[str, Product],
    start: str | None,
    start_node: Node | None,
    incomplete: set[str],
) -> None:
    """References between parts of the pack: gotos, products, template ids."""
    if start and start not in scenes and start_node is not None:
        b.error(
            start_node.pos,
            "KH024",
            f"start scene {start!r} does not exist",
            did_you_mean(start, scenes) or "Name the id of the first scene.",
        )

    def product_hint(pid: str) -> str:
        return did_you_mean(pid, catalogue) or "Add it to the catalogue in story.yaml."

    known_products = set(catalogue) | b.declared_products
    for scene in scenes.values():
        if scene.id == RETURN:
            b.error(
                scene.pos,
                "KH020",
                "a scene cannot be called 'return'",
                "'goto: return' ends a tunnel; give the scene another id.",
            )
        for divert in scene.divert:
            if divert.goto not in scenes:
                b.error(
                    divert.pos,
                    "KH023",
                    f"divert in scene {scene.id!r} goes to unknown scene {divert.goto!r}",
                    did_you_mean(divert.goto, scenes) or "Use the id of an existing scene.",
                )
                incomplete.add(scene.id)
        for choice in scene.choices:
            if choice.goto == RETURN and not choice.tunnel:
                pass
            elif choice.goto not in scenes:
                b.error(
                    choice.goto_pos,
                    "KH023",
                    f"choice {choice.id!r} goes to unknown scene {choice.goto!r}",
                    did_you_mean(choice.goto, scenes) or "Use the id of an existing scene.",
                )
                incomplete.add(scene.id)
            refs = [choice.product, *choice.effects.take, *choice.effects.drop]
            for pid in refs:
                if pid and pid not in known_products:
                    b.error(
                        choice.pos,
                        "KH025",
                        f"choice {choice.id!r} names unknown product {pid!r}",
                        product_hint(pid),
                    )
        for item in scene.items:
            if item.product and item.product not in known_products:
                b.error(
                    item.pos,
                    "KH025",
                    f"item {item.id!r} names unknown product {item.product!r}",
                    product_hint(item.product),
                )
        if not scene.choices and not scene.ending and scene.id not in incomplete:
            b.error(
                scene.pos,
                "KH041",
                f"scene {scene.id!r} is a dead end",
                "Give it choices, or mark it as an ending with 'ending: <name>'.",
            )
        if scene.ending and scene.choices:
            b.error(
                scene.choices[0].pos,
                "KH047",
                f"scene {scene.id!r} is an ending but has choices",
                "An ending finishes the game, so its choices are never offered; remove "
                "them or remove 'ending:'.",
            )

    for kind, name, pos in b.state_uses:
        known: Any = b.state if kind == "var" else b.things
        if name not in known:
            what = "state variable" if kind == "var" else "thing"
            where = "state:" if kind == "var" else "inventory:"
            b.error(
                pos,
                "KH060",
                f"unknown {what} {name!r}",
                did_you_mean(name, known) or f"Declare it in story.yaml under '{where}'.",
            )
    _check_template_refs(b, scenes, catalogue)


def _check_template_refs(
    b: _Builder, scenes: dict[str, Scene], catalogue: dict[str, Product]
) -> None:
    """The ids and names templates use must exist: ``seen('x')``, ``visits.x``,
    ``shop.price('x')``, ``shop.pirce``…"""
    items = {i.id for s in scenes.values() for i in s.items}
    seeable = items | set(scenes)
    inputs = {s.input.key for s in scenes.values() if s.input}
    kinds: dict[str, tuple[str, Any, str]] = {
        "pid": ("KH025", catalogue, "product"),
        "scene": ("KH034", scenes, "scene"),
        "key": ("KH035", inputs, "input key"),
        "case": ("KH036", CASES, "case"),
        "note": ("KH065", b.note_ids, "note"),
        "to": ("KH065", b.recipient_ids, "recipient"),
    }
    seen_at: set[tuple[str, int, int, str]] = set()

    def report(use: _Use, needle: str, code: str, message: str, hint: str) -> None:
        pos = b.locate(use.node, use.ref.line, needle)
        key = (pos.file, pos.line, pos.column, message)
        if key not in seen_at:
            seen_at.add(key)
            b.error(pos, code, message, hint)

    def check_id(
        use: _Use, value: Any, code: str, known: Any, what: str, *, empty_ok: bool = False
    ) -> None:
        if not isinstance(value, str) or value in known or (empty_ok and value == ""):
            return
        if what == "case":
            report(
                use,
                value,
                code,
                f"unknown case {value!r} in a template",
                did_you_mean(value, known) or f"Use one of: {', '.join(known)}.",
            )
            return
        report(
            use,
            value,
            code,
            f"unknown {what} {value!r} in a template",
            did_you_mean(value, known) or f"Use the id of an existing {what}.",
        )

    for use in b.uses:
        ref = use.ref
        first = ref.args[0] if ref.args else None
        if ref.base == "visits":
            name = ref.attr or first
            check_id(use, name, "KH034", scenes, "scene")
        elif ref.base == "seen" and ref.call:
            if len(ref.args) != 1 or ref.kwargs or ref.dynamic:
                report(
                    use,
                    "seen",
                    "KH036",
                    "seen() takes one item or scene id",
                    "For example: seen('fernseher').",
                )
            else:
                check_id(use, first, "KH034", seeable, "item or scene")
        elif ref.base == "basket":
            check_id(use, first, "KH025", catalogue, "product")
        elif ref.base == "scene":
            check_id(use, first, "KH034", scenes, "scene")
        elif ref.base == "state":
            name = ref.attr or first
            if isinstance(name, str) and name not in b.state:
                report(
                    use,
                    name,
                    "KH060",
                    f"unknown state variable {name!r} in a template",
                    did_you_mean(name, b.state) or "Declare it in story.yaml under 'state:'.",
                )
        elif ref.base in ("has", "thing", "inventory"):
            if isinstance(first, str) and first not in b.things:
                report(
                    use,
                    first,
                    "KH060",
                    f"unknown thing {first!r} in a template",
                    did_you_mean(first, b.things) or "Declare it in story.yaml under 'inventory:'.",
                )
        elif ref.base == "fragment":
            if isinstance(first, str) and first not in b.fragment_names:
                report(
                    use,
                    first,
                    "KH064",
                    f"unknown fragment {first!r}",
                    did_you_mean(first, b.fragment_names)
                    or "Define it in story.yaml under 'fragments:'.",
                )
        elif ref.base == "lang":
            if isinstance(first, str) and first not in KNOWN_LANGS:
                report(
                    use,
                    first,
                    "KH036",
                    f"lang is 'de' or 'en', never {first!r}",
                    did_you_mean(first, KNOWN_LANGS) or "Compare lang with 'de' or 'en'.",
                )
        elif b.api is not None and ref.base in b.api.attributes and ref.attr:
            _check_facade(use, b.api, kinds, report, check_id)


def _check_facade(
    use: _Use,
    api: TemplateApi,
    kinds: dict[str, tuple[str, Any, str]],
    report: Callable[..., None],
    check_id: Callable[..., None],
) -> None:
    ref = use.ref
    attributes = api.attributes[ref.base]
    if ref.attr not in attributes:
        report(
            use,
            ref.attr,
            "KH033",
            f"{ref.base} has no {ref.attr!r}",
            did_you_mean(ref.attr, attributes)
            or f"{ref.base} offers: {', '.join(sorted(attributes))}.",
        )
        return
    params = attributes[ref.attr]
    name = f"{ref.base}.{ref.attr}"
    if params is None:
        if ref.call:
            report(
                use,
                ref.attr,
                "KH036",
                f"{name} is a value, not a function",
                f"Write {name} without parentheses.",
            )
        return
    if not ref.call:
        report(
            use,
            ref.attr,
            "KH036",
            f"{name} needs to be called",
            f"Write {name}({', '.join(p.lstrip('?*') for p in params)}).",
        )
        return
    if ref.dynamic:
        return
    required = [p for p in params if not p.startswith(("?", "*"))]
    variadic = any(p.startswith("*") for p in params)
    given = len(ref.args) + len(ref.kwargs)
    if given < len(required) or (not variadic and given > len(params)):
        shown = ", ".join(p.lstrip("?*") for p in params)
        report(
            use,
            ref.attr,
            "KH036",
            f"{name}({shown}) called with {given} {'argument' if given == 1 else 'arguments'}",
            f"Write {name}({shown}).",
        )
        return
    named = list(
        zip([p.lstrip("?") for p in params if not p.startswith("*")], ref.args, strict=False)
    )
    named += list(ref.kwargs)
    for param, value in named:
        if not isinstance(value, str):
            continue
        if param in kinds:
            code, known, what = kinds[param]
            check_id(use, value, code, known, what, empty_ok=param == "pid")
        elif param in api.values and value not in api.values[param]:
            report(
                use,
                value,
                "KH036",
                f"unknown {param} {value!r} for {name}",
                did_you_mean(value, api.values[param])
                or f"Use one of: {', '.join(sorted(api.values[param]))}.",
            )
