"""The author's live preview (issue 24): ``kaufhaus play --pack PACK --watch`` reloads the
pack when a file changes, replays the game's log up to where the author was, and shows
a located error in place of the scene while the pack is broken."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

from kaufhaus.game import Game
from kaufhaus.plain import run_plain
from kaufhaus.saves import read_save
from kaufhaus.story.loader import load_pack
from tests.tui.helpers import FakeClock

PACK = """id: vorschau
languages: [de]
start: a
game: {reveal: false, basket: false}
state: {n: 0}
scenes:
  - id: a
    text: "Erste Fassung, n = {{ state.n }}."
    choices:
      - {id: zaehlen, label: Zählen, set: {n: "+1"}, reply: Gezählt.}
      - {id: weiter, label: Weiter, goto: b}
  - id: b
    text: Szene B.
    choices: [{id: ende, label: Ende, goto: z}]
  - {id: z, text: Schluss., ending: done}
"""


def written(tmp_path: Path) -> Path:
    """The pack's one file, as first written."""
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "story.yaml").write_text(PACK, encoding="utf-8")
    return pack / "story.yaml"


def editing(story_file: Path, answers: list[str], edits: dict[int, str]) -> Callable[[str], str]:
    """An input function typing ``answers``; before answer N it writes ``edits[N]``."""
    calls = [0]

    def answer(prompt: str) -> str:
        calls[0] += 1
        if calls[0] in edits:
            story_file.write_text(edits[calls[0]], encoding="utf-8")
        if not answers:
            raise EOFError
        return answers.pop(0)

    return answer


def watched(pack: Path, answer: Callable[[str], str], tmp_path: Path) -> tuple[int, str]:
    """Plain mode with --watch on ``pack``, answering with ``answer``."""
    out = io.StringIO()
    code = run_plain(
        load_pack(pack),
        lang="de",
        seed=1,
        saves=tmp_path / "saves",
        input_fn=answer,
        output=out,
        clock=FakeClock(),
        watch=pack,
    )
    return code, out.getvalue()


def test_a_changed_pack_is_replayed_where_the_author_was(tmp_path: Path) -> None:
    story_file = written(tmp_path)
    pack = story_file.parent
    second = PACK.replace("Erste Fassung", "Zweite, längere Fassung")
    edits = {
        4: second,  # after two counts: a new text for scene a
        5: second.replace("goto: b}", "goto: bb}"),  # a typo in a goto: broken
        6: second.replace("Szene B.", "Szene B, neu."),  # fixed, and scene b changed
    }
    # new game, count, count, Enter (reload), Enter (broken), Enter (fixed), on to b, end
    answers = ["1", "1", "1", "", "", "", "2", "1"]
    answer = editing(story_file, answers, edits)

    code, text = watched(pack, answer, tmp_path)
    assert code == 0, text
    assert "Vorschau: Ändert sich eine Datei" in text
    assert "Erste Fassung, n = 2." in text
    # Reloaded: the same game (two counts) under the new text.
    after = text.split("[Paket neu geladen; das Spiel steht, wo es stand.]", 1)[1]
    assert "Zweite, längere Fassung, n = 2." in after
    # Broken: the located error in place of the scene, and the game waits.
    broken = text.split("[Das Paket hat Fehler; das Spiel wartet, bis sie behoben sind:]", 1)[1]
    assert f"{pack / 'story.yaml'}:11:43: KH023 error" in broken
    assert "Did you mean 'b'?" in broken
    assert "Zählen" not in broken.split("[Paket neu geladen", 1)[0]  # no scene while broken
    # Fixed: on it goes, from where it was.
    fixed = broken.split("[Paket neu geladen", 1)[1]
    assert "Zweite, längere Fassung, n = 2." in fixed
    assert "Szene B, neu." in fixed and "Schluss." in fixed
    assert "Das verstehe ich nicht" not in text  # Enter alone only looks at the pack
    # The autosave holds the game on the pack as it is now: it loads and replays.
    saved = read_save(tmp_path / "saves" / "autosave.jsonl")
    assert saved.header.story_hash == load_pack(pack).content_hash
    assert Game.replay(load_pack(pack), saved.events, seed=1).ended


def test_a_change_the_log_no_longer_fits_says_where_it_goes_on(tmp_path: Path) -> None:
    story_file = written(tmp_path)
    pack = story_file.parent
    gone = PACK.replace("      - {id: weiter, label: Weiter, goto: b}\n", "")
    # new game, on to b, Enter (in scene b: the way there is gone), end
    answer = editing(
        story_file, ["1", "2", "", "1"], {3: gone.replace("reply: Gezählt.}", "goto: b}")}
    )

    code, text = watched(pack, answer, tmp_path)
    assert code == 0, text
    assert "[Das geänderte Paket lässt nicht alles zu, was gespielt war; es geht weiter ab:" in text
    assert "choice 'weiter' no longer exists in scene 'a'" in text


async def test_the_terminal_game_reloads_and_shows_a_broken_pack_in_place_of_the_scene(
    tmp_path: Path,
) -> None:
    from kaufhaus.tui.app import KaufhausApp
    from kaufhaus.tui.screens.packbroken import PackBrokenScreen
    from tests.tui.helpers import choose, new_game, screen_text

    story_file = written(tmp_path)
    pack = story_file.parent
    app = KaufhausApp(load_pack(pack), pack=pack, seed=1, saves=tmp_path / "saves", watch=True)
    async with app.run_test(size=(240, 30)) as pilot:  # wide: a whole temporary path per line
        await new_game(pilot, tram=False)
        app.check_pack()  # the first look: the pack as it was loaded
        await choose(pilot, "zaehlen")
        await pilot.pause()
        second = PACK.replace("Erste Fassung", "Zweite Fassung")
        story_file.write_text(second, encoding="utf-8")
        app.check_pack()
        await pilot.pause()
        text = screen_text(app)
        assert "Zweite Fassung, n = 1." in text and "Paket neu geladen" in text
        story_file.write_text(second.replace("goto: b}", "goto: bb}"), encoding="utf-8")
        app.check_pack()
        await pilot.pause()
        assert isinstance(app.screen, PackBrokenScreen)
        text = screen_text(app)
        assert "story.yaml:11:43: KH023 error: choice 'weiter' goes to unknown scene 'bb'" in text
        assert "Zählen" not in text  # the errors stand in place of the scene
        story_file.write_text(second.replace("Szene B.", "Szene B, neu."), encoding="utf-8")
        app.check_pack()
        await pilot.pause()
        assert not isinstance(app.screen, PackBrokenScreen)
        assert "Zweite Fassung, n = 1." in screen_text(app)
        await choose(pilot, "weiter")
        await pilot.pause()
        assert "Szene B, neu." in screen_text(app)


def test_a_text_that_fails_when_shown_is_located_in_place_of_the_scene(tmp_path: Path) -> None:
    from kaufhaus.game import Game
    from kaufhaus.play.watch import PackWatch

    story_file = written(tmp_path)
    game = Game(load_pack(story_file.parent), seed=1)
    game.start(0.0, {})
    watch = PackWatch(story_file.parent)
    story_file.write_text(PACK.replace("n = {{ state.n }}", "{{ 1 // state.n }}"), "utf-8")
    assert watch.changed()
    result = watch.reload(game)
    assert result.game is None and len(result.problems) == 1
    assert result.problems[0].startswith(f"{story_file}:8:")
    assert "template failed" in result.problems[0] and watch.broken == result.problems
