"""No internal id reaches a player in plain mode's reveal (PRICES once showed scene ids).

Every walkthrough is played (in both languages) and plain mode's reveal
sections are searched for each scene, choice, item and product id of the pack
standing as a bare word. An id that is also a word of the story's own texts in
that language ("weiter", "durch", "kiosk") cannot be told from prose and is
left out; what is left (lower-case German nouns such as "kasse", ids with
"_" such as "ohne_karte") can only come from an id.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from kaufhaus.game import Game
from kaufhaus.plain import reveal_sections
from kaufhaus.story.model import Story
from kaufhaus.storytest import scene_texts
from tests.dossier.conftest import EVERY_WALKTHROUGH

WORD = re.compile(r"[\w-]+")
#: Template code in a text's source: its ids are the author's, not words of the prose.
CODE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)


def pack_ids(story: Story) -> set[str]:
    """Every scene, choice, item and product id of the pack."""
    ids = set(story.scenes) | set(story.catalogue)
    for scene in story.scenes.values():
        ids |= {c.id for c in scene.choices} | {i.id for i in scene.items}
    return ids


def story_words(story: Story, lang: str) -> set[str]:
    """The words the story's own texts use in ``lang`` (as written, case kept; the
    ids inside template code do not count)."""
    texts = [t for s in story.scenes.values() for t in scene_texts(s)]
    texts += [s.place for s in story.scenes.values() if s.place is not None]
    texts += [p.name for p in story.catalogue.values()]
    texts += list(story.fragments.values())
    return {w for t in texts for w in WORD.findall(CODE.sub(" ", t.source(lang)))}


def leaked(text: str, ids: set[str]) -> dict[str, str]:
    """Each id standing as a bare word in ``text``, with the line it stands in."""
    out: dict[str, str] = {}
    for line in text.splitlines():
        for word in WORD.findall(line):
            if word in ids:
                out.setdefault(word, line)
    return out


@pytest.mark.parametrize("lang", ["de", "en"])
@pytest.mark.parametrize("name", [name for name, _ in EVERY_WALKTHROUGH])
def test_no_id_in_plain_modes_reveal(story: Story, every_played: Any, name: str, lang: str) -> None:
    game, dossier = every_played(name, lang)
    assert isinstance(game, Game)
    ids = pack_ids(story) - story_words(story, lang)
    sections = reveal_sections(dossier, story, lang, game)
    text = "\n".join("\n".join(section) for section in sections)
    assert leaked(text, ids) == {}


def test_an_id_in_a_section_is_found(story: Story) -> None:
    # The check is not blind: a price line that names its scene by id is caught.
    ids = pack_ids(story) - story_words(story, "de")
    assert {"kasse", "ohne_karte"} <= ids
    line = "Kasse: kasse – Fernseher: 499,00 €"
    assert leaked(line, ids) == {"kasse": line}
