"""The customer value cites what it rests on.

The playtest's returning visit was valued at €553.10 "because of" the hood, the
back streets, going to bed and the access request (the last decisions, whatever
they were); the value came from the cookie's interests, and the cookie (event 0)
was not cited.
"""

from __future__ import annotations

from kaufhaus.facades import facade_api
from kaufhaus.game import Game
from kaufhaus.story.loader import load_pack
from kaufhaus.tracking.events import Kind
from tests.conftest import ROOT

ROENTGEN = ROOT / "tests" / "fixtures" / "roentgen"


def test_a_value_from_the_cookie_cites_the_cookie_not_the_last_decisions() -> None:
    game = Game(load_pack(ROENTGEN, api=facade_api()), lang="de")
    game.start(0.0, {}, {"visits": 1, "interests": {"salbe_privat": 9.0}})
    game.choose("alles_ja", 10.0)
    game.choose("gehen_ohne", 30.0)  # straight out: nothing looked at, nothing taken
    (value,) = [i for i in game.profile.inferences() if i.kind == "customer_value"]
    assert value.value > 0
    cookie = game.log[0]
    assert cookie.kind is Kind.SESSION_START and cookie.data["cookie"]
    assert cookie.id in value.evidence
    decisions = {e.id for e in game.log.events() if e.kind is Kind.CHOICE}
    assert not decisions & set(value.evidence), value.evidence


def test_a_value_from_what_you_looked_at_cites_the_looking() -> None:
    game = Game(load_pack(ROENTGEN, api=facade_api()), lang="de")
    game.start(0.0, {})
    game.choose("alles_ja", 5.0)
    game.examine("tube_ansehen", 10.0)
    game.choose("gehen_ohne", 30.0)
    (value,) = [i for i in game.profile.inferences() if i.kind == "customer_value"]
    looked = [e.id for e in game.log.events() if e.kind is Kind.EXAMINE]
    assert set(looked) <= set(value.evidence), value.evidence
    assert 0 not in value.evidence  # no cookie, none cited
