"""Render every sentence that takes a product with every product, and check agreement.

A template that puts the shop's choice into a sentence ("Im Fenster steht
{{ shop.the(shop.wish) }}") is read with whatever product the shop chose. So
each such text is rendered once per product of the pack, in each language,
with a ``shop`` whose every product answer (``top``, ``wish``, ``last_time``,
``remembered``, ``prices_changed``, the basket) is that product and which
says yes to every question; then each place the product stands in the text is
held against the declared grammar:

* a verb right before or after it agrees in number ("steht die
  Kopfschmerztabletten" is wrong, "stands the headache tablets" too);
* after a German preposition that takes the accusative or the dative, the
  product has that case's form ("für der Pelzmantel" is wrong).

The verbs checked are a base list plus every pair the pack itself writes with
``shop.verb(pid, 'steht', 'stehen')``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from kaufhaus.facades import ShopFacade
from kaufhaus.game import Game
from kaufhaus.story.grammar import definite, number_of
from kaufhaus.story.model import Product, Story, Text
from kaufhaus.storytest import scene_texts

#: Verbs (singular, plural) checked before and after the product.
BASE_VERBS = {
    "de": [
        ("ist", "sind"),
        ("steht", "stehen"),
        ("liegt", "liegen"),
        ("hängt", "hängen"),
        ("kostet", "kosten"),
        ("wartet", "warten"),
        ("war", "waren"),
        ("wird", "werden"),
        ("passt", "passen"),
        ("leuchtet", "leuchten"),
        ("hat", "haben"),
    ],
    "en": [
        ("is", "are"),
        ("stands", "stand"),
        ("costs", "cost"),
        ("waits", "wait"),
        ("was", "were"),
        ("sits", "sit"),
        ("lies", "lie"),
        ("fits", "fit"),
        ("has", "have"),
    ],
}
#: Verbs that before the product belong to another subject ("Sie haben die Jacke").
NOT_BEFORE = {"hat", "haben", "ist", "sind", "war", "waren", "has", "have", "was", "were"}
#: After the product, a verb followed by one of these belongs to that subject
#: ("Die Winterjacke haben Sie schon").
PRONOUNS = {"sie", "wir", "ich", "du", "ihr", "man", "er", "es", "you", "we", "i", "they"}
ACCUSATIVE = {"für", "durch", "gegen", "ohne", "um"}
DATIVE = {"mit", "von", "bei", "zu", "aus", "nach", "seit", "gegenüber", "wegen"}
#: After one of these the product is no subject: a verb after it belongs to another.
PREPOSITIONS = (
    ACCUSATIVE
    | DATIVE
    | {"vor", "in", "an", "auf", "über", "unter", "hinter", "neben", "zwischen"}
    | {"for", "of", "to", "with", "towards", "at", "from", "about", "in", "on", "by"}
)

_VERB_PAIR = re.compile(r"shop\.verb\([^,()]+,\s*'([^']*)',\s*'([^']*)'\)")
_TAKES_PRODUCT = re.compile(r"shop\.(?:the|verb)\(")


@dataclass(frozen=True)
class Disagreement:
    text: str  # where: file:line:column
    lang: str
    product: str
    sentence: str
    why: str

    def __str__(self) -> str:
        return f"{self.text} ({self.lang}, {self.product}): {self.why}: …{self.sentence}…"


class _AllYes(ShopFacade):
    """The shop, with every product answer ``pid`` and every question answered yes."""

    def __init__(self, base: ShopFacade, pid: str) -> None:
        super().__init__(
            base._story, base._profile, base._lang, base._seed, base._scene, base._tracked
        )
        self._pid = pid

    @property
    def top(self) -> str:
        return self._pid

    @property
    def wish(self) -> str:
        return self._pid

    @property
    def last_time(self) -> str:
        return self._pid

    @property
    def remembered(self) -> str:
        return self._pid

    @property
    def prices_changed(self) -> list[str]:
        return [self._pid]

    def knows(self, pid: str) -> bool:
        return True

    def remembers(self, pid: str) -> bool:
        return True


def verbs(story: Story) -> dict[str, dict[str, str]]:
    """Each verb form → "sg"/"pl", per language: the base list and the pack's own pairs."""
    out: dict[str, dict[str, str]] = {}
    for lang in story.languages:
        pairs = list(BASE_VERBS.get(lang, []))
        for text in _all_texts(story):
            pairs += _VERB_PAIR.findall(text.source(lang))
        table: dict[str, str] = {}
        for singular, plural in pairs:
            if singular != plural:
                table.setdefault(singular.lower(), "sg")
                table.setdefault(plural.lower(), "pl")
        out[lang] = table
    return out


def _all_texts(story: Story) -> list[Text]:
    texts = [t for s in story.scenes.values() for t in scene_texts(s)]
    return texts + list(story.fragments.values())


def _phrases(product: Product, lang: str) -> dict[str, str]:
    """How the product can stand in a text: its forms by case (German), "the …" (English)."""
    name = product.name.source(lang)
    if lang == "de":
        return {case: definite(product, name, lang, case) for case in ("nom", "acc", "dat")}
    return {"nom": definite(product, name, lang)}


def check_sentence(
    rendered: str, product: Product, lang: str, table: dict[str, str], where: str
) -> tuple[list[Disagreement], bool]:
    """The disagreements in one rendering, and whether the product stood in it at all."""
    found: list[Disagreement] = []
    flat = " ".join(rendered.split())
    want = number_of(product, lang)
    phrases = _phrases(product, lang)
    present = False
    distinct = {phrase: case for case, phrase in reversed(list(phrases.items()))}
    for phrase, case in sorted(distinct.items(), key=lambda kv: -len(kv[0])):
        for m in re.finditer(rf"(?<![\w-]){re.escape(phrase)}(?![\w-])", flat, re.IGNORECASE):
            present = True
            head = re.search(r"([\w-]+) $", flat[: m.start()])
            tail = re.match(r" ([\w-]+)(?:\W+([\w-]+))?", flat[m.end() :])
            context = flat[max(0, m.start() - 30) : m.end() + 30]
            before = head.group(1).lower() if head else ""
            same = {c for c, p in phrases.items() if p == phrase}
            # A verb right before the product (only a space between).
            if before in table and before not in NOT_BEFORE and table[before] != want:
                found.append(Disagreement(where, lang, product.id, context, f"{before!r}"))
            if lang == "de" and before in ACCUSATIVE and "acc" not in same:
                found.append(Disagreement(where, lang, product.id, context, f"{before!r} + {case}"))
            if lang == "de" and before in DATIVE and "dat" not in same:
                found.append(Disagreement(where, lang, product.id, context, f"{before!r} + {case}"))
            # A verb right after it, if the product can be its subject: not after a
            # preposition, not in another case than the nominative, and no pronoun
            # after the verb ("Die Winterjacke haben Sie schon").
            if tail is None or before in PREPOSITIONS or (lang == "de" and "nom" not in same):
                continue
            after, follower = tail.group(1).lower(), (tail.group(2) or "").lower()
            if after in table and table[after] != want and follower not in PRONOUNS:
                found.append(Disagreement(where, lang, product.id, context, f"{after!r}"))
    return found, present


def agreement_problems(story: Story) -> tuple[list[Disagreement], int, list[str]]:
    """Every disagreement in the pack, how many renderings were checked, and the texts
    that take a product but never showed one (the check would be blind there)."""
    tables = verbs(story)
    problems: list[Disagreement] = []
    blind: list[str] = []
    checked = 0
    for lang in story.languages:
        game = Game(story, lang=lang, record_shown=False)
        game.start(0.0, {}, render=False)
        for scene in story.scenes.values():
            game.scene_id = scene.id
            for text in scene_texts(scene):
                if not _TAKES_PRODUCT.search(text.source(lang)):
                    continue
                where = f"{text.pos.file}:{text.pos.line}:{text.pos.column}"
                missing = []
                for pid, product in story.catalogue.items():
                    context: dict[str, Any] = game.template_context()
                    context["shop"] = _AllYes(context["shop"], pid)
                    context["basket"] = [pid]
                    rendered = game.render_text(text, context)
                    found, present = check_sentence(rendered, product, lang, tables[lang], where)
                    problems += found
                    checked += 1
                    if not present:
                        missing.append(pid)
                if missing and not _only_literal_ids(text.source(lang)):
                    blind.append(f"{where} ({lang}): {', '.join(missing)}")
    return problems, checked, blind


def _only_literal_ids(source: str) -> bool:
    """Whether every ``shop.the``/``shop.verb`` call names its product literally."""
    calls = re.findall(r"shop\.(?:the|verb)\(\s*([^,)]+)", source)
    return all(c.strip().startswith(("'", '"')) for c in calls)
