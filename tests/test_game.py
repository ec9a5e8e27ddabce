"""The game as a player experiences it, driven headless through walkthroughs."""

from __future__ import annotations

import pytest

from kaufhaus.game import Game, GameError
from kaufhaus.story.model import Story
from kaufhaus.tracking.events import Kind
from kaufhaus.walkthrough import Transcript, WalkthroughError, parse_walkthrough, play
from tests.conftest import WALKTHROUGHS, play_yaml

LINGER_ON_TV = """
lang: de
seed: 3
steps:
  - choose: fernseher
  - choose: aussteigen
  - choose: alle
  - examine: fernseher
  - wait: 33
  - hover: fernseher
  - choose: nochmal
"""

LINGER_ON_KEG = """
lang: de
seed: 3
steps:
  - choose: geschenk
  - choose: aussteigen
  - choose: alle
  - examine: bierfass
  - wait: 33
  - hover: bierfass
  - choose: nochmal
"""


def test_what_the_player_lingered_on_rewrites_the_window(story: Story) -> None:
    tv = play_yaml(story, LINGER_ON_TV)
    keg = play_yaml(story, LINGER_ON_KEG)
    tv_text = tv.view().text
    keg_text = keg.view().text
    assert tv_text != keg_text
    assert "der 65-Zoll-Fernseher" in tv_text
    assert "das Bierfässchen" in keg_text
    # The window remembers the 33 seconds.
    assert "33 Sekunden" in tv_text


def test_lingering_changes_the_tv_purchase_probability(story: Story) -> None:
    tv = play_yaml(story, LINGER_ON_TV)
    keg = play_yaml(story, LINGER_ON_KEG)
    assert tv.profile.purchase_probability("tv") > keg.profile.purchase_probability("tv") + 0.1


def test_the_window_is_rebuilt_around_what_was_examined(story: Story) -> None:
    game = play_yaml(
        story,
        """
lang: de
steps:
  - choose: nichts
  - choose: aussteigen
  - choose: alle
  - examine: pelzmantel
  - wait: 20
  - choose: nochmal
""",
    )
    assert "im eigenen Scheinwerferkegel, der Pelzmantel" in game.view().text
    neutral = play_yaml(
        story,
        "lang: de\nsteps:\n  - choose: nichts\n  - choose: aussteigen\n"
        "  - choose: alle\n  - choose: nochmal\n",
    )
    assert "Scheinwerferkegel" not in neutral.view().text


def test_english_text_is_english(story: Story) -> None:
    game = play_yaml(
        story,
        """
lang: en
steps:
  - choose: nichts
  - choose: aussteigen
  - choose: alle
  - examine: pelzmantel
  - wait: 20
  - choose: nochmal
""",
    )
    assert "alone in the spotlight: the fur coat. Next to it, a sign" in game.view().text
    for step in ("hinein", "vorbei", "korb"):
        game.choose(step, game.now + 1)
    assert game.view().choices[0].label == "To electronics"


def test_choices_by_position_and_id_are_the_same(story: Story) -> None:
    by_id = play_yaml(
        story,
        "steps:\n  - choose: nichts\n  - choose: aussteigen\n"
        "  - choose: notwendige\n  - choose: hinein\n",
    )
    by_pos = play_yaml(
        story, "steps:\n  - choose: 4\n  - choose: 1\n  - choose: 2\n  - choose: 1\n"
    )
    assert by_id.scene_id == by_pos.scene_id == "foyer"
    assert [e.as_dict() for e in by_id.log] == [e.as_dict() for e in by_pos.log]


def test_a_step_that_does_not_fit_names_the_step(story: Story) -> None:
    with pytest.raises(WalkthroughError) as info:
        play_yaml(
            story,
            "steps:\n  - choose: nichts\n  - choose: aussteigen\n"
            "  - choose: alle\n  - choose: fliegen\n",
        )
    message = str(info.value)
    assert "step 4" in message and "fliegen" in message and "schaufenster" in message
    assert ":5:" in message  # the line of the step in the walkthrough


def test_unknown_step_kind_is_reported_with_its_line() -> None:
    with pytest.raises(WalkthroughError, match=r"<walkthrough>:3:5: step 2: unknown step 'jump'"):
        parse_walkthrough("steps:\n  - choose: 1\n  - jump: 2\n")


def test_player_text_reaches_the_scene_literally(story: Story) -> None:
    # An address, as the field takes only those, but one full of markup and template.
    name = "{{7*7}}[b]x[/]<b>@[click=app.quit]ex[/].org"
    game = play_yaml(
        story,
        f"""
steps:
  - choose: nichts
  - choose: aussteigen
  - choose: alle
  - choose: hinein
  - choose: karte
  - type: '{name}'
""",
    )
    text = game.view().text
    assert name in text  # neither a template nor markup was evaluated
    assert "49" not in text


def test_every_walkthrough_in_the_repo_reaches_an_ending(story: Story) -> None:
    files = sorted(WALKTHROUGHS.glob("*.yaml"))
    assert files
    for path in files:
        game = play(story, parse_walkthrough(path.read_text(encoding="utf-8"), str(path)))
        assert game.ended, path


def test_transcript_shows_each_scene_as_shown(story: Story) -> None:
    transcript = Transcript()
    walkthrough = parse_walkthrough((WALKTHROUGHS / "tv-fan.yaml").read_text())
    play(story, walkthrough, transcript=transcript)
    text = "\n".join(transcript.lines)
    for title in ("Das Schaufenster", "Die Fernsehabteilung", "An der Kasse", "Stammkundschaft"):
        assert f"== {title} ==" in text
    assert "> fan@example.org" in text


def test_back_undoes_the_last_choice_and_is_logged(story: Story) -> None:
    game = play_yaml(
        story,
        "steps:\n  - choose: nichts\n  - choose: aussteigen\n"
        "  - choose: alle\n  - choose: hinein\n  - back\n",
    )
    assert game.scene_id == "schaufenster"
    undo = [e for e in game.log if e.kind is Kind.UNDO]
    assert len(undo) == 1 and undo[0].target == "schaufenster"
    # Undone, not walked back: the shop window was entered once, and no visit is added.
    assert game.profile.visits["schaufenster"] == 1
    assert game.turns == 3  # the errand, getting off, the banner answer stand
    # The shop keeps what it saw: the undo itself and the visit to the sales floor.
    assert game.profile.backs == [undo[0].id]
    assert any(e.kind is Kind.SCENE_ENTER and e.target == "foyer" for e in game.log)


def test_actions_that_do_not_fit_raise_game_errors(story: Story) -> None:
    game = Game(story)
    game.start(0.0, {})
    with pytest.raises(GameError):
        game.examine("fernseher", 1.0)  # not in the entrance scene
    with pytest.raises(GameError):
        game.type_text("x", 1.0)  # the entrance asks nothing
    with pytest.raises(GameError):
        game.back(1.0)  # nowhere to go back to
    with pytest.raises(GameError):
        game.start(2.0, {})


def test_ended_game_refuses_further_choices(story: Story) -> None:
    game = play(story, parse_walkthrough((WALKTHROUGHS / "tv-fan.yaml").read_text()))
    assert game.ended and game.view().choices == ()
    with pytest.raises(GameError):
        game.choose(1, game.now + 1)


def test_same_seed_and_steps_give_the_same_log(story: Story) -> None:
    text = (WALKTHROUGHS / "privacy.yaml").read_text()
    a = play(story, parse_walkthrough(text))
    b = play(story, parse_walkthrough(text))
    assert [e.as_dict() for e in a.log] == [e.as_dict() for e in b.log]
    assert a.view() == b.view()
