"""Plain mode as a first-class mode: the reveal as a menu, contest, export without
leaving, clear answers to bad input, one header, a reply without the whole scene.

Played on small packs (tests/fixtures/karte, the cloak example) through plain
mode's own input, as a screen-reader user would type it.
"""

from __future__ import annotations

import datetime
import io
import json
from pathlib import Path

import pytest

from kaufhaus.plain import run_plain
from kaufhaus.saves import read_save
from kaufhaus.story.loader import load_pack
from kaufhaus.story.model import Story
from kaufhaus.tracking.events import Kind
from tests.conftest import ROOT
from tests.tui.helpers import FakeClock

KARTE = ROOT / "tests" / "fixtures" / "karte"
CLOAK = ROOT / "scenes" / "examples" / "cloak"
#: New game, no address, decline the card, leave: the reveal.
TO_REVEAL = ["1", "", "2", "2"]


@pytest.fixture(scope="module")
def karte() -> Story:
    return load_pack(KARTE)


def plain(story: Story, saves: Path, lines: list[str], lang: str = "de") -> str:
    queue = list(lines)
    out = io.StringIO()

    def answer(prompt: str) -> str:
        if not queue:
            raise EOFError
        out.write(f"{prompt}{queue[0]}\n")  # the transcript shows what was typed where
        return queue.pop(0)

    run_plain(story, lang=lang, seed=1, saves=saves, input_fn=answer, output=out, clock=FakeClock())
    return out.getvalue()


def after_ending(out: str) -> str:
    return out[out.index("Sie gehen ohne Karte.") :]


def test_the_reveal_is_a_menu_of_sections(karte: Story, tmp_path: Path) -> None:
    out = after_ending(plain(karte, tmp_path, [*TO_REVEAL, ""]))
    assert "IHRE AKTE AUF EINEN BLICK" in out  # the card comes first...
    # ...and before it its point, from the file.
    assert out.index("HAT DAS BEOBACHTEN IHNEN GENÜTZT ODER GESCHADET?") < out.index(
        "IHRE AKTE AUF EINEN BLICK"
    )
    assert "Sie haben nichts gekauft – und trotzdem zog das Kaufhaus" in out
    assert "IHRE AKTE – ABSCHNITTE" in out and "2. Protokoll (" in out
    assert "PROTOKOLL" not in out and "RECHTSGRUNDLAGEN" not in out  # nothing unasked
    out = after_ending(plain(karte, tmp_path / "b", [*TO_REVEAL, "2", "5", ""]))
    assert "PROTOKOLL" in out and "#0 " in out and "Ende des Protokolls" in out
    assert "RECHTSGRUNDLAGEN" in out


def test_the_log_comes_a_page_at_a_time(karte: Story, tmp_path: Path) -> None:
    # Decline and take it back 25 times (the desk asks for the address again each
    # time: nothing typed): a log of more than one page.
    moves = ["1", ""] + ["2", "b", ""] * 25 + ["2", "2"]
    out = after_ending(plain(karte, tmp_path, [*moves, "2", "w", ""]))
    assert "Einträge 1–40 von" in out and "Weiter mit w." in out
    first = out[out.index("PROTOKOLL") : out.index("Einträge 1–40 von")]
    assert len([line for line in first.splitlines() if line.startswith("#")]) == 40
    assert "Einträge 41–80 von" in out or "Ende des Protokolls" in out


def test_contest_from_plain_mode_goes_on_record(karte: Story, tmp_path: Path) -> None:
    saves = tmp_path / "saves"
    out = after_ending(plain(karte, saves, [*TO_REVEAL, "3", "c", "9", "c 1 2", "4", ""]))
    assert "1. " in out  # the conclusions are numbered for contesting
    assert "Es gibt keinen Schluss 9." in out
    assert "Das Kaufhaus antwortet:" in out and "Was das Recht sagt:" in out
    assert "In Ihrer Akte vermerkt: Eintrag" in out
    events = read_save(saves / "autosave.jsonl").events
    assert any(e.kind is Kind.CONTEST for e in events)


def test_export_keeps_the_menu(karte: Story, tmp_path: Path) -> None:
    saves = tmp_path / "saves"
    out = after_ending(plain(karte, saves, [*TO_REVEAL, "e", "5", ""]))
    assert "Akte exportiert, 4 Dateien in " in out
    assert out.index("Akte exportiert") < out.index("RECHTSGRUNDLAGEN")  # still in the menu
    assert any(p.suffix == ".html" for p in saves.iterdir())


def test_the_file_exported_in_plain_mode_is_dated(karte: Story, tmp_path: Path) -> None:
    """Art. 12(3): a response says when it was given, in plain mode as in the terminal
    and the browser (it once said only "at the end of your visit")."""
    saves = tmp_path / "saves"
    before = datetime.date.today()
    plain(karte, saves, [*TO_REVEAL, "e", ""])
    days = {before, datetime.date.today()}  # a test run across midnight
    (json_file,) = [p for p in saves.glob("dossier-*.json") if "portability" not in p.name]
    data = json.loads(json_file.read_text(encoding="utf-8"))
    issued = datetime.date.fromisoformat(data["issued"])
    assert issued in days
    (html,) = saves.glob("dossier-*.html")
    assert f"Auskunft erteilt am {issued.day}." in html.read_text(encoding="utf-8")


def test_bad_input_gets_a_clear_answer(karte: Story, tmp_path: Path) -> None:
    out = plain(karte, tmp_path, ["7", "2", "3", "1", "", "2", "2", "x", ""])
    assert "Das gibt es hier nicht: „7“. Bitte eine Zahl von 1 bis 6" in out
    assert "Es gibt keinen automatischen Spielstand" in out
    assert "Noch keine Spielstände" in out
    assert "Das gibt es hier nicht: „x“. Eine Zahl von 1 bis 7" in out
    load = plain(karte, tmp_path, ["3", "9", "6"])  # the autosave is listed as 1
    assert "Es gibt keinen Spielstand „9“. Nichts geladen." in load


def test_the_header_names_the_place_once(karte: Story, tmp_path: Path) -> None:
    out = plain(karte, tmp_path, ["1", "q"])
    assert "== Am Schalter ==" in out and "(Schalter)" not in out


def test_a_reply_does_not_print_the_scene_again(tmp_path: Path) -> None:
    story = load_pack(CLOAK)
    out = plain(story, tmp_path, ["1", "3", "2", "q"])
    bar = out[out.index("== Finsternis") :]
    assert bar.count("Es ist stockdunkel.") == 1  # the scene once, not again with the reply
    assert bar.count("== Finsternis") == 1
    assert "» Sie tappen umher" in bar
    assert "Irgendwo unter Ihren Schuhen knirscht Sägemehl." in bar  # what the choice changed


@pytest.mark.parametrize(
    ("lang", "keep", "plain_bye"),
    [
        ("de", "Das Kaufhaus vergisst Sie nicht.", "Auf Wiedersehen."),
        ("en", "The shop won't forget you.", "Goodbye."),
    ],
)
def test_quitting_at_the_title_says_a_plain_goodbye(
    karte: Story, tmp_path: Path, lang: str, keep: str, plain_bye: str
) -> None:
    """Nothing played, nothing stored: no "the shop won't forget you" (issue 20)."""
    out = plain(karte, tmp_path / "title", ["6"], lang=lang)
    assert out.rstrip().endswith(plain_bye) and keep not in out
    assert not list((tmp_path / "title").glob("*"))  # and indeed nothing was written
    # Once a game was played, the shop keeps it, and says so.
    out = plain(karte, tmp_path / "played", [*TO_REVEAL, ""], lang=lang)
    assert keep in out


@pytest.mark.parametrize(
    ("lang", "started", "arrived"),
    [("de", "Sie begannen das Spiel", "Sie kamen an"), ("en", "You started the game", "arrived")],
)
def test_the_session_starts_with_the_game_not_an_arrival(
    karte: Story, tmp_path: Path, lang: str, started: str, arrived: str
) -> None:
    """The session is logged as the game starts, before the first scene, at the scene
    the story opens with: the file says the game began there, not that you arrived
    (issue 20, playtest 7)."""
    from kaufhaus.dossier.model import build_dossier
    from kaufhaus.walkthrough import parse_walkthrough, play

    game = play(karte, parse_walkthrough(f"lang: {lang}\nseed: 1\nsteps:\n  - choose: ablehnen\n"))
    first, second = game.log.events()[:2]
    assert (first.kind, second.kind) == (Kind.SESSION_START, Kind.SCENE_ENTER)
    assert first.scene == second.scene == karte.start
    said = build_dossier(game)["events"][0]["description"][lang]
    assert said.startswith({"de": "Sie haben das Spiel begonnen.", "en": started + "."}[lang])
    out = plain(karte, tmp_path, [*TO_REVEAL, "2", ""], lang=lang)
    row = next(line for line in out.splitlines() if line.startswith("#0 "))
    assert started in row and arrived not in row


@pytest.mark.parametrize("lang", ["de", "en"])
def test_the_rights_say_each_article_once_and_in_whole_sentences(
    karte: Story, tmp_path: Path, lang: str
) -> None:
    """Section 4 lists the three rights a contest can use, each as such: the name
    carries the article, the text after it does not say it again, and no
    placeholder is left where a conclusion's purposes would stand."""
    out = plain(karte, tmp_path, [*TO_REVEAL, "4", ""], lang=lang)
    rights = out[out.index({"de": "IHRE RECHTE", "en": "YOUR RIGHTS"}[lang]) :]
    lines = [line for line in rights.splitlines() if line.startswith("- ")][:3]
    assert len(lines) == 3
    for line in lines:
        name, _, text = line[2:].partition(": ")
        article = name[name.index("(Art.") + 1 : name.index(")")]
        assert article not in text, line  # "Berichtigung (Art. 16 DSGVO): Art. 16 DSGVO: …"
        assert "–" not in text.split()[:2] and "Für –" not in text and "For –" not in text
        assert text[:1].isalpha() and text.endswith("."), line


@pytest.mark.parametrize("lang", ["de", "en"])
def test_the_documented_t_form_at_the_text_prompt_types_the_text(
    karte: Story, tmp_path: Path, lang: str
) -> None:
    saves = tmp_path / "saves"
    out = plain(karte, saves, ["1", "t erika.m@posteo.de", "1"], lang=lang)
    assert {"de": "Tippen Sie nur den Text", "en": "Type just the text"}[lang] in out
    typed = [e for e in read_save(saves / "autosave.jsonl").events if e.kind is Kind.INPUT]
    assert [e.data.get("value") for e in typed] == ["erika.m@posteo.de"]


@pytest.mark.parametrize("lang", ["de", "en"])
def test_the_log_says_why_its_numbering_jumps(tmp_path: Path, lang: str) -> None:
    """The tram ride is not in the file (the shop cannot see it): the log goes from
    #0 to the desk's entries and says, where it jumps, what is missing and why."""
    story = load_pack(ROOT / "tests" / "fixtures" / "bahn")
    out = plain(story, tmp_path, ["1", "1", "", "2", "2", "2", ""], lang=lang)
    log = out[out.index({"de": "PROTOKOLL", "en": "LOG"}[lang]) :].splitlines()
    numbered = [line for line in log if line.startswith("#")]
    assert numbered[0].startswith("#0 ") and numbered[1].startswith("#4 ")
    gap = log[log.index(numbered[1]) - 1]
    assert (
        gap
        == {
            "de": "(#1–3: nicht in der Akte – Straßenbahn, dort sah Sie das Kaufhaus nicht)",
            "en": "(#1–3: not in the file – Tram, where the shop could not see you)",
        }[lang]
    )


def test_plain_mode_shows_each_conclusion_s_basis_and_the_card_s_verdict(
    tmp_path: Path,
) -> None:
    """The little chemist's: take the lubricant, leave it at the till unpaid. The card
    answers "help or harm?" in words; the conclusions show their sums and grounds."""
    from kaufhaus.facades import facade_api

    chemist = load_pack(ROOT / "tests" / "fixtures" / "roentgen", api=facade_api())
    out = plain(chemist, tmp_path, ["1", "1", "1", "3", ""], lang="en")
    assert (
        "It would have harmed you: buying would have cost you €0.69 above the normal price." in out
    )
    conclusions = out[out.index("CONCLUSIONS") :]
    assert (
        "basket and purchases at list price €7.49 (lubricant)"
        " + €0.46 (hand cream: ½ × €3.99 × 23%) = €7.95" in (conclusions)
    )
    assert (
        "  Based on: interest 0 points · category 'health shelf' 4 points · cross-selling: "
        "took 'lubricant' from the same category" in conclusions
    )
    assert "  Based on: 14 days × (1 − 23% probability of buying 'hand cream')" in conclusions
    assert "  Written down when: #" in conclusions
