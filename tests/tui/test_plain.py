"""Plain mode: the whole game as numbered lines, driven by a scripted list of inputs."""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from kaufhaus.plain import run_plain
from kaufhaus.saves import peek_save, read_save
from kaufhaus.tracking.events import Kind
from tests.tui.helpers import FakeClock


def scripted(lines: Iterable[str | float], clock: FakeClock) -> Callable[[str], str]:
    """An input function: strings are typed, numbers let the clock run first."""
    queue = list(lines)

    def answer(prompt: str) -> str:
        while queue and isinstance(queue[0], (int, float)):
            clock.advance(float(queue.pop(0)))
        if not queue:
            raise EOFError
        return str(queue.pop(0))

    return answer


def play(
    story: Any, saves: Path, lines: Iterable[str | float], lang: str = "de"
) -> tuple[int, str]:
    clock = FakeClock()
    out = io.StringIO()
    code = run_plain(
        story,
        lang=lang,
        seed=3,
        saves=saves,
        input_fn=scripted(lines, clock),
        output=out,
        clock=clock,
    )
    return code, out.getvalue()


def test_plain_mode_plays_to_the_reveal(story: Any, tmp_path: Path) -> None:
    saves = tmp_path / "saves"
    lines: list[str | float] = [
        "1",  # title: new game
        "4",  # tram: nothing at all
        "1",  # get off
        "1",  # banner: accept all
        8,
        "u1",  # window: look at the TV for a while
        35,
        "1",  # ...hesitate long enough to count as idle, then go in
        "?",  # help in the middle of the game
        "2",  # entrance hall: the loyalty desk
        "erika@example.org",  # the desk asks for an e-mail address
        "1",  # sign, take the card
        "2",  # a basket
        "1",  # sales floor: to electronics
        "1",  # into the basket
        "5",  # to the till
        "2",  # step forward, face uncovered
        "1",  # pay by card
        "1",
        "1",  # out, to the kiosk
        "2",  # Albers' shop
        "1",  # stay
        "2",  # reveal: the log (a page of it)
        "3",  # the conclusions
        "4",  # where the shop was wrong, and the rights
        "5",  # the legal bases
        "",  # quit, no export
    ]
    code, out = play(story, saves, lines)
    assert code == 0
    assert "Kaufhaus Internet" in out and "1. Neues Spiel" in out
    assert "  u1. " in out and "  1. " in out
    assert "Befehle:" in out  # the help
    assert "eine E-Mail an erika@example.org. „Danke für Ihren Einkauf!" in out
    assert "PROTOKOLL" in out and "SCHLÜSSE" in out and "RECHTSGRUNDLAGEN" in out
    assert "#0 00:00 Straßenbahn: Sie begannen das Spiel" in out
    # The card comes first, in words; the typed address is "provided", conclusions "inferred".
    assert out.index("IHRE AKTE AUF EINEN BLICK") < out.index("PROTOKOLL")
    assert "Was Ihr Profil Sie kostete:" in out
    assert re.search(r"„erika@example\.org“\.\s+\[angegeben", out)
    assert re.search(r"Identität · E-Mail-Adresse: erika@example\.org\s+\[angegeben\]", out)
    assert re.search(r"Kundenwert: [0-9.,]+\s€\s+\[gefolgert\]", out)
    assert "IHRE RECHTE" in out and "Art. 22 Abs. 3" in out
    events = read_save(saves / "autosave.jsonl").events
    assert events[-1].kind is not Kind.QUIT  # the game ended; nothing to quit
    by_kind = {e.kind for e in events}
    assert {Kind.CHOICE, Kind.EXAMINE, Kind.INPUT, Kind.IDLE, Kind.CONSENT} <= by_kind
    idle = next(e for e in events if e.kind is Kind.IDLE)
    assert idle.data["seconds"] >= 30
    typed = next(e for e in events if e.kind is Kind.INPUT)
    assert typed.data["value"] == "erika@example.org"


def test_plain_mode_in_english_and_ctrl_d_autosaves(story: Any, tmp_path: Path) -> None:
    saves = tmp_path / "saves"
    code, out = play(story, saves, ["1", "4", "1", "1", "u2"], lang="en")
    assert code == 0
    assert "1. New game" in out and "What do you do?" in out
    assert "Autosaved:" in out and "Goodbye" in out
    events = read_save(saves / "autosave.jsonl").events
    assert events[-1].kind is Kind.QUIT
    assert peek_save(saves / "autosave.jsonl").scene == "schaufenster"
    # Continue (2) picks the game up again in the same scene.
    code, out = play(story, saves, ["2", "r", "q"], lang="en")
    assert code == 0
    assert "Continue (The shop window" in out
    assert out.count("== The shop window") >= 2  # shown on continue, and again with r


def test_plain_mode_handles_bad_input_and_back(story: Any, tmp_path: Path) -> None:
    saves = tmp_path / "saves"
    steps = ["1", "4", "1", "1", "9", "u9", "blabla", "t Erika", "1", "b", "q"]
    code, out = play(story, saves, steps)
    assert code == 0
    assert "Es gibt keine Wahl 9." in out
    assert "Im Regal gibt es kein u9." in out
    assert "Das verstehe ich nicht." in out
    assert "Hier fragt niemand nach einer Eingabe." in out
    events = read_save(saves / "autosave.jsonl").events
    assert any(e.kind is Kind.UNDO for e in events)
    assert "Rückgängig gemacht. Das Kaufhaus hat es trotzdem notiert." in out
    assert peek_save(saves / "autosave.jsonl").scene == "schaufenster"


def test_plain_mode_saves_and_loads_named_games(story: Any, tmp_path: Path) -> None:
    saves = tmp_path / "saves"
    code, out = play(story, saves, ["1", "4", "1", "1", "s mein-spiel", "1", "l", "1", "q"])
    assert code == 0
    assert f"Gespeichert: {saves / 'mein-spiel.json'}" in out
    assert peek_save(saves / "mein-spiel.jsonl").scene == "schaufenster"
    # The list is newest first: autosave (1) then mein-spiel (2); loading 1 changes nothing.
    assert "mein-spiel – Das Schaufenster" in out


def test_plain_mode_reports_a_damaged_autosave_and_leaves_it(story: Any, tmp_path: Path) -> None:
    saves = tmp_path / "saves"
    saves.mkdir()
    (saves / "autosave.jsonl").write_text("{kaputt", encoding="utf-8")
    code, out = play(story, saves, ["2", "6"])
    assert code == 0
    assert "beschädigt" in out and "kein Spielstand" in out
    assert (saves / "autosave.jsonl").read_text(encoding="utf-8") == "{kaputt"


def test_plain_mode_goes_on_from_the_last_good_event_of_a_damaged_save(
    story: Any, tmp_path: Path
) -> None:
    saves = tmp_path / "saves"
    code, _ = play(story, saves, ["1", "1", "1", "q"])
    autosave = saves / "autosave.jsonl"
    lines = autosave.read_bytes().split(b"\n")
    lines[6] = lines[6].replace(b'"t":', b'"t":"abc","x":', 1)
    autosave.write_bytes(b"\n".join(lines))
    damaged = autosave.read_bytes()
    code, out = play(story, saves, ["2", "j", "q"])
    assert code == 0 and "Traceback" not in out
    assert "Ereignis 5: „t“ muss eine Zahl sein" in out
    assert "Es geht in autosave-2.jsonl weiter" in out
    assert "Automatisch gespeichert: " in out
    assert autosave.read_bytes() == damaged
    assert len(read_save(saves / "autosave-2.jsonl").events) >= 5


def test_plain_mode_refuses_too_long_input_and_says_so(story: Any, tmp_path: Path) -> None:
    saves = tmp_path / "saves"
    path = ["1", "4", "1", "1", "1", "2"]  # to the loyalty desk, which asks for an e-mail
    code, out = play(story, saves, [*path, "K" * 25_000, "kim@example.org", "q"])
    assert "Höchstens 500 Zeichen" in out
    assert code == 0


def test_plain_mode_says_what_typing_changed_and_not_the_whole_scene(
    story: Any, tmp_path: Path
) -> None:
    """The desk's answer to the typed address is read out at once, without `r`,
    and the scene's unchanged paragraphs are not read again."""
    path = ["1", "4", "1", "1", "1", "2"]  # to the loyalty desk, which asks for an e-mail
    code, out = play(story, tmp_path / "saves", [*path, "erika@example.org", "q"])
    assert code == 0
    after = out[out.index("Später ändern mit: t Text") :]  # after the prompt was answered
    assert "Er liest Ihre Adresse vom Bildschirm ab" in after
    # Before the new choice list, and the desk's opening is not repeated.
    assert after.index("Er liest Ihre Adresse") < after.index("Was tun Sie?")
    assert "Hinter dem Schalter sitzt" not in after
    assert "== Der Kundenkarten-Schalter" not in after
    assert "  1. Unterschreiben und die Karte nehmen" in after


def test_plain_mode_reads_the_reaction_to_a_t_command_in_english(
    story: Any, tmp_path: Path
) -> None:
    """Typed later with `t`, the address gets its answer too (English)."""
    path = ["1", "4", "1", "1", "1", "2"]
    code, out = play(story, tmp_path / "saves", [*path, "", "t kim@example.org", "q"], lang="en")
    assert code == 0
    after = out[out.index("Change it later with: t text") :]
    assert "He reads your address off the screen" in after
    assert after.index("He reads your address") < after.index("What do you do?")
    assert "Behind the desk sits" not in after


def test_plain_mode_says_when_a_field_refuses_what_was_typed(story: Any, tmp_path: Path) -> None:
    """A name typed into the address field is refused, and plain mode says so,
    each time; a good address afterwards gets its answer, and no refusal."""
    path = ["1", "4", "1", "1", "1", "2"]
    steps = [*path, "Erika", "t Mustermann", "t erika@example.org", "q"]
    code, out = play(story, tmp_path / "saves", steps)
    assert code == 0
    refusal = "„Das ist keine E-Mail-Adresse“, sagt der Bildschirm. Das Feld bleibt offen."
    assert out.count(refusal) == 2
    assert "Er liest Ihre Adresse" not in out[: out.rindex(refusal)]
    assert "Er liest Ihre Adresse" in out[out.rindex(refusal) :]
    events = read_save(tmp_path / "saves" / "autosave.jsonl").events
    typed = [e.data for e in events if e.kind is Kind.INPUT]
    assert [t.get("refused", False) for t in typed] == [True, True, False]


def test_plain_mode_says_the_refusal_in_english(story: Any, tmp_path: Path) -> None:
    path = ["1", "4", "1", "1", "1", "2"]
    code, out = play(story, tmp_path / "saves", [*path, "Kim", "q"], lang="en")
    assert code == 0
    assert "“That is not an e-mail address,” says the screen. The field stays open." in out
