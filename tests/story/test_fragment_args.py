"""Fragments with parameters (Ink's functions with parameters, Twine's widgets): the
keyword arguments of ``fragment('name', n=3)`` are the fragment's ``args``."""

from __future__ import annotations

from pathlib import Path

import pytest

from kaufhaus.game import Game
from kaufhaus.story.loader import load_pack
from tests.story.helpers import check_text, single

PACK = """id: t
languages: [de, en]
start: kasse
fragments:
  preis:
    de: "{{ args.ware }} für {{ args.euro }} Euro{% if args.euro > 5 %} – günstig{% endif %}"
    en: "{{ args.ware }} for {{ args.euro }} euros{% if args.euro > 5 %} – a bargain{% endif %}"
  rahmen:
    de: "Im Angebot: {{ fragment('preis', ware=args.was, euro=3) }}."
    en: "On offer: {{ fragment('preis', ware=args.was, euro=3) }}."
scenes:
  - id: kasse
    text:
      de: "{{ fragment('preis', ware='Kaffee', euro=7) }}. {{ fragment('rahmen', was='Tee') }}"
      en: "{{ fragment('preis', ware='Coffee', euro=7) }}. {{ fragment('rahmen', was='Tea') }}"
    choices:
      - {id: gehen, label: {de: Gehen, en: Leave}, goto: ende}
  - id: ende
    text: {de: "Ende.{{ args | length }}", en: "The end.{{ args | length }}"}
    ending: done
"""


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("de", "Kaffee für 7 Euro – günstig. Im Angebot: Tee für 3 Euro."),
        ("en", "Coffee for 7 euros – a bargain. On offer: Tea for 3 euros."),
    ],
)
def test_a_fragment_renders_with_the_arguments_of_each_call(
    tmp_path: Path, lang: str, text: str
) -> None:
    game = Game(load_pack(single(tmp_path, PACK)), seed=1, lang=lang)
    game.start(0.0, {})
    assert game.view().text == text  # the nested call sees its own arguments
    game.choose("gehen", 1.0)
    assert game.view().text.endswith(".0")  # outside a fragment: no arguments


def test_check_is_clean_and_names_the_fragment_an_argument_is_missing_in(tmp_path: Path) -> None:
    assert [p.format() for p in check_text(tmp_path / "clean", PACK)] == []
    broken = PACK.replace("ware='Kaffee', euro=7", "ware='Kaffee'")
    problems = check_text(tmp_path / "broken", broken)
    assert [(p.code, p.pos.line) for p in problems] == [("KH032", 14)], problems
    assert "in fragment 'preis'" in problems[0].message and "'euro'" in problems[0].message
