"""One numbering everywhere: a choice's number is its place in the scene as written.

The TUI's number keys, plain mode's list, walkthroughs' ``choose: N`` and a
teacher saying "drückt die 2" must agree, and nothing may renumber when a
choice appears (after a text field) or hides (a condition): a player who
declines the card by the number the screen showed must not sign it.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pytest

from kaufhaus.plain import run_plain
from kaufhaus.story.loader import load_pack
from kaufhaus.story.model import Story
from kaufhaus.tui.widgets.tracked_list import TrackedList
from kaufhaus.walkthrough import parse_walkthrough, play
from tests.tui.helpers import FakeClock, make_app, screen_text

PACK = Path(__file__).resolve().parent.parent / "fixtures" / "karte"


@pytest.fixture(scope="module")
def karte() -> Story:
    return load_pack(PACK)


def plain(story: Story, saves: Path, lines: list[str]) -> str:
    """Play plain mode with these lines; return everything it printed."""
    queue = list(lines)
    out = io.StringIO()

    def answer(prompt: str) -> str:
        if not queue:
            raise EOFError
        return queue.pop(0)

    run_plain(story, lang="de", seed=1, saves=saves, input_fn=answer, output=out, clock=FakeClock())
    return out.getvalue()


def listed(block: str) -> dict[str, int]:
    """The numbered choices of one printed list (the lines right under it): label → number."""
    found: dict[str, int] = {}
    for line in block.splitlines()[1:]:
        match = re.fullmatch(r"  (\d+)\. (.+)", line)
        if match is None:
            break
        found[match[2]] = int(match[1])
    return found


def lists(out: str) -> list[dict[str, int]]:
    """Every choice list plain mode printed, in order."""
    return [listed(block) for block in out.split("Was tun Sie?")[1:]]


def test_plain_decline_by_the_number_shown_before_typing(karte: Story, tmp_path: Path) -> None:
    # The address is typed at the prompt; then the player presses the number that
    # the screen showed for "Nein, danke" before the address was there.
    out = plain(karte, tmp_path, ["1", "erika@example.org", "2", "2", ""])
    first, after_typing, *_ = lists(out)
    assert first == {"Nein, danke": 2}  # not 1: "Unterschreiben" keeps its slot
    assert after_typing == {"Unterschreiben": 1, "Nein, danke": 2}  # printed again
    assert "Sie stehen im Flur." in out and "Sie haben unterschrieben." not in out


def test_plain_hidden_choice_keeps_the_numbers(karte: Story, tmp_path: Path) -> None:
    out = plain(karte, tmp_path, ["1", "", "2", "1", "2", ""])
    corridor = lists(out)[1]
    assert corridor == {"Gehen": 2}  # "Zurück" is hidden, "Gehen" stays 2
    assert "Es gibt keine Wahl 1." in out  # 1 is nobody's number here
    assert "Sie gehen ohne Karte." in out


async def test_tui_decline_by_the_number_shown_before_typing(karte: Story, tmp_path: Path) -> None:
    app = make_app(karte, tmp_path / "saves")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")  # title: new game
        await pilot.pause()
        assert re.search(r"2\. Nein, danke", screen_text(app))
        await pilot.press(*"erika@example.org", "enter")  # the field has the focus
        await pilot.pause()
        assert re.search(r"1\. Unterschreiben", screen_text(app))
        await pilot.press("2")
        await pilot.pause()
        assert app.game.scene_id == "flur"
        # The address was typed: "Zurück" is offered here as 1, "Gehen" as 2.
        choices = app.screen.query_one("#choices", TrackedList)
        assert dict(zip([label for _, label in choices.entries], choices.numbers, strict=True)) == {
            "Zurück zum Schalter": 1,
            "Gehen": 2,
        }


async def test_numbers_agree_across_front_ends(karte: Story, tmp_path: Path) -> None:
    """For the same moves, the TUI shows the numbers plain mode prints, and a
    walkthrough's ``choose: 2`` takes the choice both call 2."""
    out = plain(karte, tmp_path / "p", ["1", "", "2", "2", ""])
    printed = lists(out)
    app = make_app(karte, tmp_path / "t")
    seen: list[dict[str, int | None]] = []
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("escape")  # from the field to the choices: digits are keys there
        for _ in range(2):
            choices = app.screen.query_one("#choices", TrackedList)
            seen.append(
                dict(zip([label for _, label in choices.entries], choices.numbers, strict=True))
            )
            await pilot.press("2")
            await pilot.pause()
        assert app.game.scene_id == "draussen"
    assert seen == printed[:2]
    walked = play(karte, parse_walkthrough("lang: de\nsteps:\n  - choose: 2\n  - choose: 2\n"))
    assert [e.target for e in walked.log if e.kind.value == "choice"] == ["ablehnen", "gehen"]
    assert walked.scene_id == "draussen"


def test_view_numbers_are_the_written_places(karte: Story) -> None:
    game: Any = play(karte, parse_walkthrough("steps:\n  - type: a@b.c\n"))
    assert [(c.id, c.number) for c in game.view().choices] == [
        ("unterschreiben", 1),
        ("ablehnen", 2),
    ]


def test_the_walkthrough_transcript_numbers_as_written(karte: Story) -> None:
    """The transcript an author reads to write ``choose: N`` shows the numbers N means."""
    from kaufhaus.walkthrough import Transcript

    transcript = Transcript()
    play(karte, parse_walkthrough("lang: de\nsteps:\n  - choose: 2\n"), transcript=transcript)
    text = "\n".join(transcript.lines)
    assert "  2. Nein, danke (ablehnen)" in text and "  1. Nein, danke" not in text
    assert "  2. Gehen (gehen)" in text  # "Zurück" hidden: "Gehen" keeps its 2
