"""A figure and its unit stay on one line: "49,95 €", "über 90 %", "1.499,00 €".

The playtest saw "über 90" at a line's end and "%" alone at the next line's
start, at 100 and 80 columns. Both causes are held down here: a pack's own text
writes the space as a plain one (it becomes the non-breaking one when rendered),
and Textual's wrapping broke even at a non-breaking space.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kaufhaus.facades import facade_api
from kaufhaus.story.loader import load_pack
from kaufhaus.story.model import Story
from tests.tui.helpers import make_app, screen_text

#: Words of every length before each amount, so that at any width some amount
#: meets the line's end.
_LINE = " ".join(f"{'Ach' + 'e' * k} 49,95 € und über 90 % und 1.499,00 €." for k in range(9))

PACK = f"""\
id: einheiten
languages: [de, en]
start: laden
scenes:
  - id: laden
    title: {{de: Im Laden, en: In the shop}}
    text:
      de: "{_LINE} Zusammen {{{{ 49.95 | string }}}} €."
      en: "{_LINE}"
    choices:
      - {{id: aus, label: {{de: Gehen, en: Leave}}, goto: ende}}
  - id: ende
    title: {{de: Aus, en: Over}}
    text: {{de: Aus., en: Over.}}
    ending: done
"""

#: A line that ends in a figure while the next starts with its unit.
_SPLIT = re.compile(r"\d\s*\n[\s│┃▌]*[%€]")


@pytest.fixture
def story(tmp_path: Path) -> Story:
    (tmp_path / "story.yaml").write_text(PACK, encoding="utf-8")
    return load_pack(tmp_path, api=facade_api())


def test_the_rendered_text_binds_figure_and_unit(story: Story, tmp_path: Path) -> None:
    from kaufhaus.game import Game

    text = Game(story, seed=1, lang="de").view().text
    assert "49,95\u00a0€" in text and "90\u00a0%" in text and "49.95\u00a0€" in text
    assert not re.search(r"\d [%€]", text)


async def test_no_line_ends_between_a_figure_and_its_unit(story: Story, tmp_path: Path) -> None:
    app = make_app(story, tmp_path / "saves")
    async with app.run_test(size=(100, 60)) as pilot:
        await pilot.press("enter")  # new game
        await pilot.pause()
        checked = 0
        for width in range(60, 101, 3):
            await pilot.resize_terminal(width, 60)
            await pilot.pause()
            text = screen_text(app)
            assert "49,95" in text
            lines = [line.rstrip() for line in text.splitlines()]
            joined = "\n".join(lines)
            assert not _SPLIT.search(joined), (width, _SPLIT.search(joined))
            checked += 1
        assert checked == 14
