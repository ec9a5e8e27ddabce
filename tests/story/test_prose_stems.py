"""The prose checks (KH050–KH052) skip a text quickly when none of a pattern's stems is in
it (kaufhaus/story/prose.py, ``claims_in``): they must find exactly what reading every
sentence with the full patterns finds."""

from __future__ import annotations

import re

import pytest

from kaufhaus.story import prose
from kaufhaus.story.loader import load_pack
from kaufhaus.storytest import facade_api
from tests.conftest import ROOT


def _alternatives(pattern: re.Pattern[str]) -> list[str]:
    """The top-level alternatives of ``\\b(?:a|b|…)``."""
    body = pattern.pattern
    body = body[body.index("(?:") + 3 : body.rindex(")")]
    parts, depth, current = [], 0, ""
    for char in body:
        depth += char == "("
        depth -= char == ")"
        if char == "|" and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += char
    return [*parts, current]


@pytest.mark.parametrize(
    ("pattern", "stems"),
    [(prose.FILING, prose.FILING_STEMS), (prose.HISTORY, prose.HISTORY_STEMS)],
)
def test_every_alternative_holds_a_stem(pattern: re.Pattern[str], stems: tuple[str, ...]) -> None:
    alternatives = _alternatives(pattern)
    assert len(alternatives) > 10
    for alternative in alternatives:
        literal = alternative.lower().replace("[aä]", "a")
        assert any(stem in literal for stem in stems), alternative


def _reference(source: str) -> tuple[str | None, str | None, str | None]:
    """What the checks read before the fast path: every sentence, every pattern."""
    words = prose._CODE.sub(" ", source)
    verb = None
    for sentence in prose._SENTENCE.split(words):
        if verb is None and not sentence.rstrip(" “”„\"'»«").endswith("?"):
            for found in prose.FILING.finditer(sentence):
                if not prose._DENIED.search(sentence[: found.start()]):
                    verb = found.group(0)
                    break
    number = None
    for sentence in prose._SENTENCE.split(words):
        match = prose.NUMBER.search(sentence)
        if match and prose.YOU.search(sentence):
            number = match.group(0)
            break
    history = prose.HISTORY.search(words)
    return verb, number, history.group(0) if history else None


PHRASES = [
    "Der Verkäufer notiert etwas.",
    "Er VERMERKT es. Dann geht er.",
    "Das wird eingetragen. Wir haben nichts einzutragen.",
    "Trägt er Sie jetzt gleich in die Liste ein? Er trägt Sie ein.",
    "Gespeichert. Wir speichern alles, wir merken uns das, er merkt sich alles.",
    "Wir merken, wie Sie zögern. Gemerkt!",
    "Punkte gutgeschrieben. Er schreibt es auf. Sie schreibt nichts auf.",
    "Aufgeschrieben und mitgeschrieben; er schreibt sich das hinter die Ohren.",
    "Niemand schreibt etwas auf. Wer merkt sich so etwas?",
    "She noted it. He notes it down and makes a note; she jots, he jotted.",
    "He writes it down. She wrote that down. We file you under 'fan'.",
    "Filed. Filing. Logged. Log this. The records show. A record of nothing.",
    "Recorded, recording. They tag you. We remember that. We'll remember, we’ll remember.",
    "Keep a record. Points added. Credited.",
    "Nobody writes it down. Never filed.",
    # folded letters: İ, ı, ſ and the kelvin sign compare as i, i, s and k
    "FİLED.",
    "He wrıtes it down.",
    "Geſpeichert.",
    "Vermer\u212at.",
    "A personal beſt.",
    "So lange wie noch nie. So schnell wie nie. Neuer Rekord! Persönlicher Rekord.",
    "Mehr denn je, wie immer, wie letztes Mal, wie beim letzten Mal.",
    "A new record, a personal best, more than ever, as always, like last time, the usual.",
    "Sie standen 33 Sekunden davor. You paid €5 and 12,5 % more, 3 times.",
    "33 Sekunden. Sie standen davor.",
    "{{ shop.seconds('x') }} Sekunden standen Sie davor, {% if a %}notiert{% endif %}.",
    "Ganz ohne Worte, die etwas behaupten.",
]


def _shipped_sources() -> list[str]:
    sources = []
    for pack in (ROOT / "scenes", ROOT / "tests" / "fixtures" / "luegen"):
        story = load_pack(pack, api=facade_api())
        for scene in story.scenes.values():
            for owned in prose.owned_texts(scene):
                sources += [s for s in owned.text.sources.values() if s]
    return sources


def test_the_fast_path_finds_what_every_sentence_finds() -> None:
    sources = PHRASES + _shipped_sources()
    found = 0
    for source in sources:
        claims = prose.claims_in(source)
        assert (claims.verb, claims.number, claims.history) == _reference(source), source
        found += claims.verb is not None
        expected = _reference(source)[0]
        got = prose.filing_in(prose._CODE.sub(" ", source))
        assert (got.group(0) if got else None) == expected, source
    assert found >= 15  # the phrases' verbs and the shipped story's
