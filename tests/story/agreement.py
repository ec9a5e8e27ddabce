"""Render every sentence that takes a product with every product, and check agreement.

A sentence takes a product when it calls ``shop.the``, ``shop.verb`` or
``shop.name``.

A template that puts the shop's choice into a sentence ("Im Fenster steht
{{ shop.the(shop.wish) }}") is read with whatever product the shop chose. So
each such text is rendered once per product of the pack, in each language,
with a ``shop`` whose every product answer (``top``, ``wish``, ``last_time``,
``remembered``, ``prices_changed``, the basket) is that product and which
says yes to every question; then each place the product stands in the text is
held against the declared grammar:

* a verb before or after it in the same clause agrees in number ("steht
  die Kopfschmerztabletten" is wrong, "steht heute nur die
  Kopfschmerztabletten" too, and "stands the headache tablets"); words
  between them may be adverbs and particles, but no other noun, pronoun,
  preposition or conjunction (then the verb may have another subject);
* after a German preposition that takes the accusative or the dative, the
  product has that case's form ("für der Pelzmantel" is wrong);
* where a text writes the article itself before the bare name
  (``der neue {{ shop.name(pid) }}``), the article and the adjectives agree
  with the product ("der neue Kopfschmerztabletten" is wrong, "a headache
  tablets" too).

The verbs checked are a base list plus every pair the pack itself writes with
``shop.verb(pid, 'steht', 'stehen')``. Pronouns that refer back ("Sie
kostet …" after the product) are not checked: "Sie" is also the reader, "es"
also "es gibt", and which noun a pronoun means is not in the words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from kaufhaus.facades import ShopFacade
from kaufhaus.game import Game
from kaufhaus.story.grammar import (
    adjective_problem,
    adjectives,
    article,
    definite,
    number_of,
    weak_ending,
)
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

#: Words that end a clause's stretch around the product: after them a verb may
#: belong to another subject.
CLAUSE_BREAKS = {
    "und", "oder", "aber", "denn", "dass", "weil", "wenn", "als", "ob", "sondern",
    "and", "or", "but", "that", "which", "who", "because", "if", "when", "than",
}  # fmt: skip
#: How many words may stand between the product and its verb (adverbs, particles).
REACH = 3
#: German articles a text may write before a bare name, and English ones.
DE_ARTICLES = {"der", "die", "das", "den", "dem", "des"}
EN_SINGULAR = {"a", "an", "this", "that", "another", "one"}
EN_PLURAL = {"these", "those", "two", "three", "several", "many"}

_VERB_PAIR = re.compile(r"shop\.verb\([^,()]+,\s*'([^']*)',\s*'([^']*)'\)")
_TAKES_PRODUCT = re.compile(r"shop\.(?:the|verb|name)\(")


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


def _clause_words(text: str) -> list[str]:
    """The words of ``text`` up to the nearest clause mark (. , ; : ! ? – and quotes)."""
    return re.findall(r"[\w-]+", re.split(r"[.,;:!?–—„“”\"()]", text)[0])


def _passable(word: str, table: dict[str, str]) -> bool:
    """A word that may stand between the product and its verb: an adverb or particle
    ("heute", "nur", "still"), not a noun, pronoun, preposition, conjunction or verb."""
    low = word.lower()
    return (
        word[:1].islower()
        and low not in table
        and low not in PRONOUNS
        and low not in PREPOSITIONS
        and low not in CLAUSE_BREAKS
        and low not in DE_ARTICLES
    )


def _verb_before(words: list[str], table: dict[str, str]) -> tuple[str, str] | None:
    """The verb before the product in its clause, and the word before that verb:
    ``words`` are the clause's words before the product, nearest last."""
    for back in range(1, min(REACH + 1, len(words)) + 1):
        word = words[-back]
        if word.lower() in table:
            return word.lower(), (words[-back - 1].lower() if back < len(words) else "")
        if not _passable(word, table):
            return None
    return None


def _verb_after(words: list[str], table: dict[str, str]) -> tuple[str, str] | None:
    """The verb after the product in its clause, and the word after that verb."""
    for ahead, word in enumerate(words[: REACH + 1]):
        if word.lower() in table:
            follower = words[ahead + 1].lower() if ahead + 1 < len(words) else ""
            return word.lower(), follower
        if not _passable(word, table):
            return None
    return None


def _written_article(
    flat: str, product: Product, lang: str, where: str, covered: list[tuple[int, int]]
) -> tuple[list[Disagreement], bool]:
    """An article (and adjectives) the text writes itself before the bare name, and
    whether the bare name stood in the text at all."""
    name = product.name.source(lang)
    if not name:
        return [], False
    found: list[Disagreement] = []
    number = number_of(product, lang)
    present = False
    for m in re.finditer(rf"(?<![\w-]){re.escape(name)}(?![\w-])", flat):
        if any(start <= m.start() < end for start, end in covered):
            continue  # part of a form with its article (shop.the)
        present = True
        words = re.findall(r"[\w-]+", re.split(r"[.,;:!?–—„“”\"()]", flat[: m.start()])[-1])
        context = flat[max(0, m.start() - 30) : m.end() + 30]
        adjs: list[str] = []
        while words and words[-1][:1].islower() and words[-1].lower() not in DE_ARTICLES:
            adjs.insert(0, words.pop())
        if not words:
            continue
        art = words[-1].lower()
        if lang == "en":
            wrong = (art in EN_SINGULAR and number == "pl") or (art in EN_PLURAL and number == "sg")
            if wrong:
                found.append(Disagreement(where, lang, product.id, context, f"{art!r} + {number}"))
            continue
        if lang != "de" or art not in DE_ARTICLES or len(adjs) > REACH:
            continue
        cases = [c for c in ("nom", "acc", "dat") if article(product.gender, number, c) == art]
        if not cases:
            found.append(Disagreement(where, lang, product.id, context, f"{art!r} + {name}"))
            continue
        endings = {weak_ending(product.gender, number, c) for c in cases} - {None}
        # The adjectives that are declined ("neue"), checked as in KH067.
        for adj in adjectives(" ".join([art, *adjs])):
            if endings and all(adjective_problem(adj, e or "") for e in endings):
                found.append(Disagreement(where, lang, product.id, context, f"{art} {adj!r}"))
    return found, present


def check_sentence(
    rendered: str, product: Product, lang: str, table: dict[str, str], where: str
) -> tuple[list[Disagreement], bool]:
    """The disagreements in one rendering, and whether the product stood in it at all."""
    found: list[Disagreement] = []
    flat = " ".join(rendered.split())
    want = number_of(product, lang)
    phrases = _phrases(product, lang)
    present = False
    covered: list[tuple[int, int]] = []
    distinct = {phrase: case for case, phrase in reversed(list(phrases.items()))}
    for phrase, case in sorted(distinct.items(), key=lambda kv: -len(kv[0])):
        for m in re.finditer(rf"(?<![\w-]){re.escape(phrase)}(?![\w-])", flat, re.IGNORECASE):
            present = True
            covered.append((m.start(), m.end()))
            head = re.search(r"([\w-]+) $", flat[: m.start()])
            context = flat[max(0, m.start() - 30) : m.end() + 30]
            before = head.group(1).lower() if head else ""
            same = {c for c, p in phrases.items() if p == phrase}
            if lang == "de" and before in ACCUSATIVE and "acc" not in same:
                found.append(Disagreement(where, lang, product.id, context, f"{before!r} + {case}"))
            if lang == "de" and before in DATIVE and "dat" not in same:
                found.append(Disagreement(where, lang, product.id, context, f"{before!r} + {case}"))
            # The product can be a subject only in the nominative and not after a
            # preposition; then a verb in its clause, before or after, agrees with it.
            if before in PREPOSITIONS or (lang == "de" and "nom" not in same):
                continue
            ahead = re.split(r"[.,;:!?–—„“”\"()]", flat[: m.start()])[-1]
            verb = _verb_before(re.findall(r"[\w-]+", ahead), table)
            # "Sie haben die Jacke": the verb belongs to the pronoun before it.
            theirs = verb is not None and (verb[0] in NOT_BEFORE or verb[1] in PRONOUNS)
            if verb and not theirs and table[verb[0]] != want:
                found.append(Disagreement(where, lang, product.id, context, f"{verb[0]!r}"))
            verb = _verb_after(_clause_words(flat[m.end() :]), table)
            # "Die Winterjacke haben Sie schon": a pronoun after the verb is its subject.
            if verb and verb[1] not in PRONOUNS and table[verb[0]] != want:
                found.append(Disagreement(where, lang, product.id, context, f"{verb[0]!r}"))
    written, named = _written_article(flat, product, lang, where, covered)
    return found + written, present or named


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
    """Whether every ``shop.the``/``shop.verb``/``shop.name`` call names its product
    literally."""
    calls = re.findall(r"shop\.(?:the|verb|name)\(\s*([^,)]+)", source)
    return all(c.strip().startswith(("'", '"')) for c in calls)
