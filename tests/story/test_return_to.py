"""``return_to: scene`` (Ink's ``->-> scene``): leave a tunnel somewhere other than
where it began, closing it, so a later ``goto: return`` cannot land in the old caller."""

from __future__ import annotations

from pathlib import Path

import pytest

from kaufhaus.game import Game
from kaufhaus.story.errors import StoryLoadError
from kaufhaus.story.graph import returns, to_dot
from kaufhaus.story.loader import load_pack
from kaufhaus.storytest import format_report, quicktest
from tests.story.helpers import check_text, single

PACK = """id: r
languages: [de]
start: gang
scenes:
  - id: gang
    text: Ein Gang.
    choices:
      - {id: anrufen, label: Die Hotline anrufen, tunnel: hotline}
      - {id: gehen, label: Gehen, goto: aus}
  - id: hotline
    text: Bitte warten.
    choices:
      - {id: auflegen, label: Auflegen, goto: return}
      - {id: durchgestellt, label: Sich durchstellen lassen, return_to: kasse}
  - id: kasse
    text: Die Kasse.
    choices:
      - {id: zahlen, label: Zahlen, goto: aus}
  - id: aus
    text: Aus.
    ending: aus
"""


def started(tmp_path: Path, text: str = PACK) -> Game:
    game = Game(load_pack(single(tmp_path, text)), seed=1)
    game.start(0.0, {})
    return game


def test_return_to_closes_the_tunnel_and_goes_elsewhere(tmp_path: Path) -> None:
    game = started(tmp_path)
    game.choose("anrufen", 1.0)
    assert game.tunnels == ["gang"]
    game.choose("durchgestellt", 2.0)
    assert game.scene_id == "kasse" and game.tunnels == []
    game.undo(3.0)  # the tunnel is open again, and the call goes on
    assert game.scene_id == "hotline" and game.tunnels == ["gang"]
    game.choose("auflegen", 4.0)
    assert game.scene_id == "gang" and game.tunnels == []


def test_a_replayed_log_ends_the_tunnel_the_same_way(tmp_path: Path) -> None:
    game = started(tmp_path)
    game.choose("anrufen", 1.0)
    game.choose("durchgestellt", 2.0)
    again = Game(game.story, seed=1)
    for event in game.log.events():
        again.replay_event(event)
    assert again.scene_id == "kasse" and again.tunnels == []


def test_check_walks_it_as_a_return(tmp_path: Path) -> None:
    assert check_text(tmp_path, PACK) == []
    # reachable with no tunnel open: the game would stop there (KH063, at the name)
    open_door = PACK.replace(
        "      - {id: gehen, label: Gehen, goto: aus}",
        "      - {id: gehen, label: Gehen, goto: aus}\n"
        "      - {id: direkt, label: Direkt, goto: hotline}",
    )
    problems = check_text(tmp_path, open_door)
    assert [(p.code, p.pos.line, p.pos.column) for p in problems] == [
        ("KH063", 14, 47),
        ("KH063", 15, 73),
    ]
    assert all("from the start: gang -> hotline" in p.message for p in problems)
    assert "choice 'durchgestellt' ends a tunnel, but" in problems[1].message


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("return_to: kasse}", "return_to: kasse, goto: aus}"),
        ("return_to: kasse}", "return_to: return}"),
    ],
)
def test_return_to_with_a_goto_or_to_return_is_refused(
    tmp_path: Path, change: str, message: str
) -> None:
    with pytest.raises(StoryLoadError) as caught:
        load_pack(single(tmp_path, PACK.replace(change, message)))
    assert [p.code for p in caught.value.problems] == ["KH062"]
    assert (caught.value.problems[0].pos.line, caught.value.problems[0].pos.column) == (14, 73)


def test_story_test_and_the_map(tmp_path: Path) -> None:
    story = load_pack(single(tmp_path, PACK))
    report = quicktest(story)
    assert report.ok and not report.missed, format_report(report)
    assert '"hotline" -> "kasse" [label="durchgestellt (ends the tunnel)"' in to_dot(story)
    assert returns(story) == [("hotline", "gang", "anrufen")]


def test_the_schema_knows_it(tmp_path: Path) -> None:
    from tests.story.test_schema import _errors

    assert _errors(single(tmp_path, PACK)) == []
    both = PACK.replace("return_to: kasse}", "return_to: kasse, goto: aus}")
    assert _errors(single(tmp_path, both, "both.yaml"))
