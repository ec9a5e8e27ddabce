"""Contesting is on the record: an event in the log, a right-exercise record in the file.

A contest made in the reveal is logged like any event (checked by the save
check, replayed on load), changes nothing the shop concluded, and appears in
the file as a ``dpv:RightExerciseRecord`` with the answer it got and the law.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import rdflib
from jsonschema import Draft202012Validator
from rdflib import URIRef
from rdflib.namespace import RDF

from kaufhaus.dossier import linked
from kaufhaus.dossier.check import problems
from kaufhaus.dossier.export import to_html, to_json, to_markdown
from kaufhaus.dossier.model import build_dossier
from kaufhaus.game import Game, GameError
from kaufhaus.play.contest import on_record
from kaufhaus.saves import _FieldError, check_event, load_game, save_game
from kaufhaus.story.model import Story
from kaufhaus.tracking.events import Kind
from kaufhaus.walkthrough import parse_walkthrough, play
from tests.conftest import WALKTHROUGHS


def _played(story: Story) -> Game:
    return play(story, parse_walkthrough((WALKTHROUGHS / "tv-fan.yaml").read_text("utf-8")))


def test_a_contest_is_an_event_and_a_record_with_its_answer(story: Story, tmp_path: Path) -> None:
    game = _played(story)
    before = build_dossier(game)
    wtp = next(r for r in before["inferences"] if r["kind"] == "willingness_to_pay")
    event = game.contest("human", wtp["key"], game.now + 30)
    assert event.kind is Kind.CONTEST and event.target == wtp["key"]
    d = build_dossier(game)
    # Nothing the shop concluded changed; the log grew by one provided entry.
    assert [r["value"] for r in d["inferences"]] == [r["value"] for r in before["inferences"]]
    row = next(r for r in d["events"] if r["id"] == event.id)
    assert row["origin"] == "dpv:ProvidedPersonalData" and row["processed_for"] == []
    assert "Art. 22" in row["description"]["de"]
    (record,) = d["contests"]
    assert record["@type"] == "dpv:RightExerciseRecord" and record["right"] == "eu-gdpr:A22"
    assert record["concerns"] == wtp["@id"] and record["event"] == event.id
    assert "C-634/21" in record["law"]["en"] and "Sie haben recht" in record["shop_answer"]["de"]
    assert d["summary"]["contests"] == 1
    # Valid, true to itself, and in the graph.
    Draft202012Validator(linked.schema()).validate(d)
    assert problems(d) == []
    graph = rdflib.Graph().parse(data=to_json(d), format="json-ld")
    node = URIRef(f"{d['@id']}#contest-{event.id}")
    assert (node, RDF.type, URIRef(linked.DPV_NS + "RightExerciseRecord")) in graph
    # Replayed like any event: the save keeps it, the check accepts it, the file repeats it.
    save_game(game, tmp_path / "game.jsonl")
    loaded = load_game(story, tmp_path / "game.jsonl").game
    assert build_dossier(loaded)["contests"] == d["contests"]
    # Both human formats show it among the rights, in the reader's language.
    for lang in ("de", "en"):
        assert record["shop_answer"][lang] in to_html(d, lang).replace("&#39;", "'")
        assert record["label"][lang] in to_markdown(d, lang)
        assert any(record["label"][lang] in line for line in on_record(d, lang))


def test_the_save_check_knows_a_contest(story: Story) -> None:
    raw = {"id": 3, "kind": "contest", "t": 9.0, "scene": "x", "target": "segment:x"}
    assert check_event({**raw, "data": {"right": "object"}}, 3).kind is Kind.CONTEST
    with pytest.raises(_FieldError):
        check_event({**raw, "data": {"right": 7}}, 3)


@pytest.mark.parametrize("right", ["shout", ""])
def test_only_the_three_rights_can_be_exercised(story: Story, right: str) -> None:
    game = _played(story)
    length = len(game.log)
    with pytest.raises(GameError):
        game.contest(right, "segment:fan:electronics", game.now + 1)
    assert len(game.log) == length


def test_a_contest_of_a_conclusion_the_file_no_longer_holds_is_kept(story: Story) -> None:
    game = _played(story)
    game.contest("rectify", "segment:no_such_thing", game.now + 5)
    d = build_dossier(game)
    (record,) = d["contests"]
    assert "concerns" not in record and record["shop_answer"]["en"]
    assert problems(d) == []
    json.loads(to_json(d))


@pytest.mark.parametrize(
    ("what", "edit"),
    [
        ("earlier than its entry", {"t": 0.0}),
        ("another entry as evidence", {"evidence_events": ["#event-0"]}),
        ("named after another entry", {"@id": "#contest-1"}),
        ("another right than the log's", {"right_id": "rectify"}),
    ],
)
def test_a_contest_record_that_does_not_fit_its_entry_is_rejected(
    story: Story, what: str, edit: dict[str, object]
) -> None:
    game = _played(story)
    wtp = next(r for r in build_dossier(game)["inferences"] if r["kind"] == "willingness_to_pay")
    game.contest("human", wtp["key"], game.now + 30)
    d = build_dossier(game)
    assert problems(d) == []
    d["contests"][0].update(edit)
    assert any(p.startswith("contest at") for p in problems(d)), what
