"""The player's errand: their own knowledge until they tell the shop, then a note.

A pack asks for the errand in the fiction and keeps the answer as author state,
which the shop's file never holds. Only when the player tells the shop does it
know: the choice makes the note ``errand`` with the words the shop writes down,
and the reveal quotes those words (never the author's id); before that it says
the player never told.
"""

from __future__ import annotations

from pathlib import Path

from kaufhaus.dossier.export import to_json
from kaufhaus.dossier.model import INFERRED, build_dossier
from kaufhaus.game import Game
from kaufhaus.play.contest import errand_against, recorded_errand
from kaufhaus.story import load_pack
from kaufhaus.tracking.events import Kind
from tests.story.helpers import single

PACK = """\
id: errand
title: {de: Der Auftrag, en: The errand}
languages: [de, en]
start: tram
state:
  errand: ''
fragments:
  errand:
    de: "{% if state.errand == 'gift' %}ein Geschenk für Jonas{% else %}gar nichts{% endif %}"
    en: "{% if state.errand == 'gift' %}a present for Jonas{% else %}nothing at all{% endif %}"
catalogue:
  tv: {name: {de: Fernseher, en: TV}, category: electronics, price: 500}
scenes:
  - id: tram
    title: {de: In der Tram, en: On the tram}
    observed: false
    text: {de: Wofür fahren Sie in die Stadt?, en: What are you going into town for?}
    choices:
      - id: gift
        label: {de: Ein Geschenk, en: A present}
        goto: shop
        set: {errand: "'gift'"}
      - id: nothing
        label: {de: Nichts, en: Nothing}
        goto: shop
        set: {errand: "'nothing'"}
  - id: shop
    title: {de: Im Laden, en: In the shop}
    text: {de: Ein Fernseher., en: A TV.}
    items:
      - {id: tv, product: tv, label: {de: Der Fernseher, en: The TV}, text: {de: Groß., en: Big.}}
    choices:
      - id: tell
        label: {de: Es dem Verkäufer sagen, en: Tell the salesman}
        once: true
        note:
          id: errand
          text: {de: "Anlass: {{ fragment('errand') }}", en: "reason: {{ fragment('errand') }}"}
        reply:
          de: "Er notiert: „{{ shop.note('errand') }}“"
          en: "He notes: “{{ shop.note('errand') }}”"
      - {id: out, label: {de: Gehen, en: Leave}, goto: end}
  - id: end
    title: {de: Ende, en: The end}
    text: {de: Aus., en: Over.}
    ending: done
"""


def _play(
    tmp_path: Path, answer: str | None, lang: str, pack: str = PACK, *, tell: bool = False
) -> Game:
    tmp_path.mkdir(parents=True, exist_ok=True)
    story = load_pack(single(tmp_path, pack))
    game = Game(story, seed=3, lang=lang)
    game.start()
    if answer is not None:
        game.choose(answer, t=5.0)
    if tell:
        game.choose("tell", t=8.0)
    return game


def test_before_the_player_tells_the_file_does_not_know(tmp_path: Path) -> None:
    game = _play(tmp_path, "gift", "de")
    for n in range(4):
        game.examine("tv", t=10.0 + 20 * n)
    assert game.state["errand"] == "gift"  # the player's own knowledge
    assert recorded_errand(game) is None
    dossier = build_dossier(game)
    assert not [e for e in dossier["events"] if e["kind"] == "state"]
    assert "Geschenk" not in to_json(dossier) and "gift" not in to_json(dossier)
    lines = errand_against(None, dossier["inferences"], "de")
    assert lines[0] == "Weshalb Sie kamen, haben Sie dem Kaufhaus nicht gesagt."
    assert len(lines) >= 2  # and what it concluded all the same (or that it did not)


def test_telling_makes_a_note_with_its_cause_and_the_reveal_quotes_it(tmp_path: Path) -> None:
    game = _play(tmp_path, "gift", "de", tell=True)
    errand = recorded_errand(game)
    assert errand is not None
    assert errand.label == {
        "de": "Anlass: ein Geschenk für Jonas",
        "en": "reason: a present for Jonas",
    }
    assert game.view().reply == "Er notiert: „Anlass: ein Geschenk für Jonas“"
    dossier = build_dossier(game)
    note = next(i for i in dossier["inferences"] if i["kind"] == "note")
    assert note["subject"] == "errand" and note["origin"] == INFERRED
    told = next(e for e in game.log.events() if e.id == note["evidence"][0])
    assert (told.kind, told.target) == (Kind.CHOICE, "tell")
    lines = errand_against(errand, dossier["inferences"], "de")
    assert lines[0] == "Sie haben es uns gesagt: „Anlass: ein Geschenk für Jonas“."
    assert "gift" not in "\n".join(lines)


def test_in_english_too(tmp_path: Path) -> None:
    errand = recorded_errand(_play(tmp_path, "nothing", "en", tell=True))
    assert errand is not None
    assert errand_against(errand, [], "en") == [
        "You told us: “reason: nothing at all”.",
        "The shop concluded nothing about it.",
    ]
    assert errand_against(None, [], "en")[0] == "You never told the shop why you came."


def test_a_said_note_is_the_player_s_words_not_a_conclusion(tmp_path: Path) -> None:
    """``said: true``: what the player told the shop is provided by them, in the
    file and in the schema; the same note without it is the staff's conclusion."""
    import json

    from jsonschema import Draft202012Validator

    from kaufhaus.dossier import linked
    from kaufhaus.dossier.model import PROVIDED

    said = PACK.replace("          id: errand\n", "          id: errand\n          said: true\n")
    assert said != PACK
    game = _play(tmp_path, "gift", "de", said, tell=True)
    dossier = json.loads(to_json(build_dossier(game)))
    note = next(i for i in dossier["inferences"] if i["kind"] == "note")
    assert (note["origin"], note["rule_id"]) == (PROVIDED, "R-SAG")
    assert note["origin_label"]["de"] == "von Ihnen angegeben"
    # The log's row of that note says the same: the reveal's log tab labelled it
    # "von uns gefolgert" beside "von Ihnen gesagt" (playtest 4).
    row = next(e for e in dossier["events"] if e["kind"] == "note" and e.get("target") == "errand")
    assert (row["origin"], row["@type"], row["origin_label"]["de"]) == (
        PROVIDED,
        PROVIDED,
        "von Ihnen angegeben",
    )
    staff = json.loads(to_json(build_dossier(_play(tmp_path / "staff", "gift", "de", tell=True))))
    staff_row = next(
        e for e in staff["events"] if e["kind"] == "note" and e.get("target") == "errand"
    )
    assert staff_row["origin"] == INFERRED
    schema = linked.schema()
    Draft202012Validator(schema).validate(dossier)
    note["origin"] = note["@type"] = INFERRED  # a said note filed as concluded: invalid
    assert not Draft202012Validator(schema).is_valid(dossier)


def test_what_you_told_us_lists_the_errand_you_said(tmp_path: Path) -> None:
    """ "Was Sie uns selbst gesagt haben: nichts" beside the errand note marked
    "von Ihnen angegeben": the section lists what the player said as well as what
    they typed, in the reveal's conclusions tab and in plain mode (playtest 2)."""
    import io

    from kaufhaus.plain import run_plain
    from kaufhaus.play.describe import told_us
    from tests.tui.helpers import FakeClock

    said = PACK.replace("          id: errand\n", "          id: errand\n          said: true\n")
    words = {"de": "Anlass: ein Geschenk für Jonas", "en": "reason: a present for Jonas"}
    for lang in ("de", "en"):
        game = _play(tmp_path / lang, "gift", lang, said, tell=True)
        assert told_us(build_dossier(game), lang) == [words[lang]]
        # Not said, only concluded by the staff: not among what the player told.
        staff = _play(tmp_path / f"{lang}-staff", "gift", lang, PACK, tell=True)
        assert told_us(build_dossier(staff), lang) == []

        story = load_pack(single(tmp_path / f"{lang}-plain", said))
        queue = ["1", "1", "1", "2", "3", ""]  # gift, tell, leave, the conclusions
        out = io.StringIO()

        def answer(prompt: str, queue: list[str] = queue, out: io.StringIO = out) -> str:
            if not queue:
                raise EOFError
            out.write(f"{prompt}{queue[0]}\n")
            return queue.pop(0)

        run_plain(
            story,
            lang=lang,
            seed=1,
            saves=tmp_path / f"{lang}-saves",
            input_fn=answer,
            output=out,
            clock=FakeClock(),
        )
        told = {"de": "Was Sie uns selbst gesagt haben", "en": "What you told us yourself"}[lang]
        line = next(ln for ln in out.getvalue().splitlines() if ln.startswith(told))
        assert line == f"{told}: {words[lang]}"
