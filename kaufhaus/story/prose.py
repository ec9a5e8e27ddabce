"""What a pack's prose says about the player without going through the file.

The shop may say only what its file can prove. Templates that ask ``shop``
are checked claim by claim; this module reads the words around them, for
three ways prose can make a claim of its own:

- a *filing verb* ("Er notiert etwas", "we'll file it under …"): the shop says
  it wrote something down, so the place (scene, choice or item) must make a
  ``note:``, or the text must read the file (``shop.note(...)``, any claim);
- a *literal number about the player* ("Sie standen 33 Sekunden davor"):
  the number must come from the file (``shop.seconds(...)``), not the author;
- a *superlative about the player's history* ("so lange wie noch nie",
  "a new record"): it needs a history claim (the cookie of an earlier visit).

``kaufhaus check --strict`` reports each as a warning (KH050–KH052) with its
place; ``story-test`` fails a rendered text with a filing verb whose place made
no note the file holds at that moment (:mod:`kaufhaus.truth`). The patterns are
heuristics written for this game's German and English: they may miss a claim
phrased another way, and they report a sentence an author means generally.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from kaufhaus.story.errors import Pos, Problem
from kaufhaus.story.model import Choice, Item, Scene, Story, Text

#: The shop writing something down, in German and English.
FILING = re.compile(
    r"\b(?:"
    r"notier\w*|vermerk\w*|eingetragen|einzutragen|"
    r"tr[aä]g\w* (?:Sie|wir|ich|er|es|das|(?-i:sie))\b[^.!?]{0,40}?\bein\b|"
    r"gespeichert|speicher[nt]\b|gemerkt|merk\w* (?:sich|uns)\b|"
    r"(?:wir|ich|er|(?-i:sie)) merk(?:e|en|t)\b|"
    r"gutgeschrieben|gutschreib\w*|"
    r"aufgeschrieben|mitgeschrieben|schreib\w* (?!nichts\b)(?:[\w,]+ ){0,5}?(?:auf|mit|ein)\b|"
    r"schreib\w* (?:etwas|es|sich|das)\b|"
    r"noted|notes? (?:it|that|this|something) down|makes? a note|made a note|jots?|jotted|"
    r"writes? (?:it|something|that|this) down|wrote (?:it|something|that|this) down|"
    r"file (?:it|that|this|you)|filed|filing|logged|log (?:it|that|this)|records?\b(?! of)|"
    r"recorded|recording|tag(?:s|ged)? (?:you|it)|remember(?:s|ed)? (?:that|it|you)|"
    r"we'll remember|we’ll remember|keep (?:a|the) record|points? (?:added|credited)|credited"
    r")",
    re.IGNORECASE,
)
#: "Niemand schreibt auf", "nobody writes it down": a filing verb denied is no claim.
_DENIED = re.compile(r"\b(?:niemand|nobody|no one|nie|never)\b[^,;:]*$", re.IGNORECASE)
#: A history superlative: a claim about earlier visits.
HISTORY = re.compile(
    r"\b(?:wie noch nie|so \w+ wie nie|(?:neuer|persönlicher) Rekord|Rekord|"
    r"mehr denn je|wie immer|wie letztes Mal|wie beim letzten Mal|"
    r"new record|personal best|record\b(?! your)|more than ever|as always|like last time|"
    r"the usual)",
    re.IGNORECASE,
)
#: A number with a unit, written by the author: seconds, times, percent, money.
NUMBER = re.compile(
    r"\b\d+(?:[.,]\d+)?\s?(?:Sekunden|Sek\.|seconds?|secs?|Minuten|minutes?|-?mal\b|×|"
    r"times\b|%|Prozent|per ?cent|percent|€|Euro|EUR|Cent)|(?:€|EUR)\s?\d",
    re.IGNORECASE,
)
#: Addressing the player: a sentence about "you".
YOU = re.compile(r"\b(?:Sie|Ihr\w*|Ihnen|[Yy]ou|[Yy]our\w*)\b")
#: ``shop`` calls that only format (names, articles, counts): they read no claim.
_FORMATTING = {"name", "the", "times", "one_of", "normal_price"}
_SHOP_CALL = re.compile(r"\bshop\.(\w+)")
_HISTORY_CALL = re.compile(r"\bshop\.(?:visits_before|last_time|remembers)\b")
#: Template code, removed before reading the words around it.
_CODE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)
#: A sentence ends at . ! ? or … before a space (not at the point in 12.00).
_SENTENCE = re.compile(r"(?<=[.!?…])\s+|(?<=[.!?…][“”\"»«‘’])\s+")
#: Letters one of which every FILING (HISTORY) match holds, read in the text folded as
#: IGNORECASE compares (:func:`_folded`): a text with none of them is passed over without
#: running the long pattern over it. Each alternative of the pattern names one of them
#: (tests/story/test_prose_stems.py); add the stem with a new alternative.
FILING_STEMS = (
    "not", "merk", "trag", "träg", "speicher", "schrieb", "schreib", "jot", "write",
    "wrote", "fil", "log", "record", "tag", "remember", "point", "credit",
)  # fmt: skip
HISTORY_STEMS = ("wie", "rekord", "denn", "record", "best", "ever", "always", "last", "usual")
#: A digit: every NUMBER has one, and a text without one needs no sentence-by-sentence look.
_DIGIT = re.compile(r"\d")


@functools.lru_cache(maxsize=4096)
def reads_file(source: str) -> bool:
    """Whether a template reads the shop's file (a claim, a note), not only formats."""
    return any(m.group(1) not in _FORMATTING for m in _SHOP_CALL.finditer(source))


@functools.lru_cache(maxsize=4096)
def filing_phrase(text: str) -> str | None:
    """The first filing verb in a text as shown (template code removed), if any."""
    found = filing_in(_CODE.sub(" ", text))
    return found.group(0) if found else None


def filing_in(words: str) -> re.Match[str] | None:
    """A filing verb in a statement: a question ("Wer merkt sich so etwas?") asks,
    it does not claim."""
    if not _holds(_folded(words), FILING_STEMS) or FILING.search(words) is None:
        return None  # most texts hold no filing verb at all
    return _filing_in(_SENTENCE.split(words))


def _filing_in(sentences: list[str]) -> re.Match[str] | None:
    # A verb found in a sentence is found in the whole text as well (a sentence is a
    # piece of it, cut at a space after its end mark), so the pass above loses none.
    for sentence in sentences:
        if sentence.rstrip(" “”„\"'»«").endswith("?"):
            continue
        for found in FILING.finditer(sentence):
            if not _DENIED.search(sentence[: found.start()]):
                return found
    return None


def _folded(words: str) -> str:
    """The text in lower case as ``re.IGNORECASE`` compares letters: besides upper and
    lower case it equates İ and ı with i, ſ with s (and K, the kelvin sign, with k,
    which lower() does already)."""
    return words.lower().replace("\u0307", "").replace("ı", "i").replace("ſ", "s")


def _holds(folded: str, stems: tuple[str, ...]) -> bool:
    return any(map(folded.__contains__, stems))


@dataclass(frozen=True)
class Claims:
    """What a text's words claim on their own, whoever says them: the filing verb
    of a statement, a number about "you", a comparison with the player's past."""

    verb: str | None
    number: str | None
    history: str | None


@functools.lru_cache(maxsize=8192)
def claims_in(source: str) -> Claims:
    """The words' own claims in a text's source (template code removed): a pure
    function of the source, so a text used in many places is read once."""
    words = _CODE.sub(" ", source)
    folded = _folded(words)
    sentences: list[str] | None = None
    verb = None
    if _holds(folded, FILING_STEMS) and FILING.search(words) is not None:
        sentences = _SENTENCE.split(words)
        found = _filing_in(sentences)
        verb = found.group(0) if found else None
    number = None
    if _DIGIT.search(words) is not None:  # every NUMBER holds a digit
        for sentence in sentences if sentences is not None else _SENTENCE.split(words):
            match = NUMBER.search(sentence)
            if match and YOU.search(sentence):
                number = match.group(0)
                break
    history = HISTORY.search(words) if _holds(folded, HISTORY_STEMS) else None
    return Claims(verb, number, history.group(0) if history else None)


@dataclass(frozen=True)
class Owned:
    """A text, the place it belongs to, and whether that place makes notes."""

    text: Text
    owner: str
    notes: tuple[str, ...]


def owned_texts(scene: Scene) -> Iterator[Owned]:
    """The prose of a scene with its owner: scene text and variants belong to the
    scene, a reply to its choice, an item's text to the item."""
    notes = tuple(n.id for n in scene.records.notes)
    yield Owned(scene.text, f"scene {scene.id!r}", notes)
    for variant in scene.variants:
        yield Owned(variant.text, f"scene {scene.id!r}", notes)
    for choice in scene.choices:
        if choice.reply is not None:
            yield Owned(choice.reply, _choice_owner(scene, choice), _ids(choice))
    for item in scene.items:
        yield Owned(item.text, f"item {item.id!r} in scene {scene.id!r}", _ids(item))


def _ids(owner: Choice | Item) -> tuple[str, ...]:
    return tuple(n.id for n in owner.records.notes)


def _choice_owner(scene: Scene, choice: Choice) -> str:
    return f"choice {choice.id!r} in scene {scene.id!r}"


def prose_problems(story: Story) -> list[Problem]:
    """Warnings for prose that states a fact about the player without the file."""
    problems: list[Problem] = []
    files: dict[str, list[str] | None] = {}
    for scene in story.scenes.values():
        for owned in owned_texts(scene):
            file = owned.text.pos.file
            if file not in files:
                files[file] = _lines(file)
            for lang in story.languages:
                source = owned.text.sources.get(lang)
                if source:
                    problems += _problems_in(owned, source, lang, files[file])
    return problems


def _lines(file: str) -> list[str] | None:
    try:
        return Path(file).read_text(encoding="utf-8").split("\n")
    except (OSError, UnicodeDecodeError):
        return None


def _problems_in(owned: Owned, source: str, lang: str, lines: list[str] | None) -> list[Problem]:
    problems: list[Problem] = []
    claims = claims_in(source)
    pos = owned.text.pos
    verb = claims.verb
    if verb and not owned.notes and not reads_file(source):
        problems.append(
            Problem(
                _at(pos, source, verb, lines, lang),
                "KH050",
                f"{owned.owner} ({lang}) says the shop writes something down "
                f"({verb!r}), but it makes no note",
                "Give the place a 'note:' with the words the shop writes, and quote them "
                "with shop.note('id'); or say it without a filing verb.",
                "warning",
            )
        )
    number = claims.number
    if number:
        problems.append(
            Problem(
                _at(pos, source, number, lines, lang),
                "KH051",
                f"{owned.owner} ({lang}) writes a number about the player by hand: {number!r}",
                "Take it from the file (shop.seconds(...), shop.twitches(...), "
                "shop.price(...)), or write the sentence without the figure.",
                "warning",
            )
        )
    history = claims.history
    if history and not _HISTORY_CALL.search(source):
        problems.append(
            Problem(
                _at(pos, source, history, lines, lang),
                "KH052",
                f"{owned.owner} ({lang}) compares with the player's past "
                f"({history!r}) without a history claim",
                "Only the cookie of an earlier visit is history: condition the sentence "
                "on shop.visits_before, shop.last_time or shop.remembers(...), or drop "
                "the comparison.",
                "warning",
            )
        )
    return problems


def _at(pos: Pos, source: str, needle: str, lines: list[str] | None, lang: str) -> Pos:
    """Where ``needle`` stands in the file, searched from the text's line for
    ``lang`` on (folded YAML joins lines, so the text's own breaks do not tell)."""
    if lines is None or source.find(needle) < 0:
        return pos
    start = max(0, pos.line - 1)
    tag, key = f"{lang}:", _lang_key(lang)
    for index in range(start, min(len(lines), start + 400)):
        if tag in lines[index] and key.search(lines[index]):
            start = index
            break
    word = _word(needle.split()[0])
    for index in range(start, min(len(lines), start + 400)):
        found = word.search(lines[index])
        if found:
            return Pos(pos.file, index + 1, found.start() + 1)
    return pos


@functools.lru_cache(maxsize=64)
def _lang_key(lang: str) -> re.Pattern[str]:
    """The line where a text's ``lang:`` starts (its own line, or inline after { or ,)."""
    return re.compile(rf"^\s*{lang}:|[{{,]\s*{lang}:")


@functools.lru_cache(maxsize=1024)
def _word(first: str) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w){re.escape(first)}(?!\w)", re.IGNORECASE)
