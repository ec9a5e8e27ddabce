"""The shop's cookie: what it remembers between games, and how to make it forget."""

from __future__ import annotations

import json
from pathlib import Path

from kaufhaus.saves import COOKIE_FILE, read_cookie, write_cookie
from kaufhaus.story.model import Story
from kaufhaus.tracking.events import Kind
from tests.conftest import play_yaml

LOOK_AT_CONDOMS = """
lang: de
steps:
  - choose: drogerie
  - choose: aussteigen
  - choose: {consent}
  - choose: hinein
  - choose: vorbei
  - choose: korb
  - choose: drogerie
  - examine: kondomregal
  - wait: 25
  - choose: zurueck
  - choose: kasse
"""


def test_cookie_remembers_interests_with_consent(story: Story, tmp_path: Path) -> None:
    game = play_yaml(story, LOOK_AT_CONDOMS.format(consent="alle"))
    path = write_cookie(game, tmp_path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["visits"] == 1
    assert "kondome" in data["interests"]
    # The next visit counts up.
    write_cookie(game, tmp_path)
    cookie, problem = read_cookie(tmp_path)
    assert problem is None and cookie is not None and cookie["visits"] == 2


def test_cookie_holds_only_the_visit_count_without_consent(story: Story, tmp_path: Path) -> None:
    game = play_yaml(story, LOOK_AT_CONDOMS.format(consent="notwendige"))
    write_cookie(game, tmp_path)
    cookie, _ = read_cookie(tmp_path)
    assert cookie == {"visits": 1, "interests": {}}


def test_returning_customer_is_recognised_from_the_cookie(story: Story) -> None:
    game = play_yaml(
        story,
        """
lang: de
cookie: {visits: 3, interests: {kondome: 4.0, tv: 1.5, einhorn: 9}}
steps:
  - choose: nichts
  - choose: aussteigen
  - choose: notwendige
""",
    )
    start = game.log[0]
    assert start.kind is Kind.SESSION_START and start.data["cookie"]["visits"] == 3
    assert game.profile.last_time() == "kondome"  # unknown products are dropped
    returning = [i for i in game.profile.inferences() if i.kind == "returning_customer"]
    assert len(returning) == 1
    assert returning[0].evidence == (0,)
    assert "schon 3× hier gewesen" in returning[0].reason["de"]
    # Read before the banner: the price machinery knew it all along.
    assert game.profile.willingness_to_pay("kondome") > game.profile.willingness_to_pay("soundbar")
    assert "cookie" not in game.profile.fingerprint


def test_first_visit_has_no_memory(story: Story) -> None:
    game = play_yaml(
        story, "steps:\n  - choose: nichts\n  - choose: aussteigen\n  - choose: alle\n"
    )
    assert game.profile.last_time() == ""
    assert not [i for i in game.profile.inferences() if i.kind == "returning_customer"]


def test_a_broken_cookie_is_ignored_reported_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / COOKIE_FILE
    path.write_bytes(b"{not json")
    cookie, problem = read_cookie(tmp_path)
    assert cookie is None
    assert problem is not None
    assert "unreadable" in str(problem) and str(path) in str(problem)
    assert "unlesbar" in problem.text("de")
    assert path.read_bytes() == b"{not json"
