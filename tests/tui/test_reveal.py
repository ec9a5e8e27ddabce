"""The reveal as a player meets it: the card first, sentences, origins, jumps, contesting.

Games are played through the app (``app.track``, the path every key takes)
from the shipped walkthroughs, so the reveal shows what a real game leaves; the
keys and the handling of typed text, where the content does not matter, on the
small card desk (tests/fixtures/karte).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console
from textual.widgets import DataTable, Digits, OptionList, Select, TabbedContent

from kaufhaus.dossier.model import build_dossier
from kaufhaus.story.errors import UNSAFE_CHARS, neutralise
from kaufhaus.story.loader import load_pack
from kaufhaus.story.model import Story
from kaufhaus.tui.screens.reveal import TABS, ContestScreen, RevealScreen
from kaufhaus.tui.screens.saves import ForgetScreen
from kaufhaus.tui.widgets.factsheet import FactSheet
from kaufhaus.tui.widgets.literal import Literal
from kaufhaus.walkthrough import load_walkthrough
from tests.conftest import ROOT
from tests.tui.helpers import (
    FakeClock,
    file_rows,
    make_app,
    new_game,
    reveal_ready,
    screen_text,
)

WALKTHROUGHS = ("tv-fan", "privacy")
#: The small card desk (an e-mail field, two endings): for the reveal's keys and
#: its handling of typed text, where the shipped story's content does not matter.
KARTE = ROOT / "tests" / "fixtures" / "karte"


@pytest.fixture(scope="module")
def karte() -> Story:
    return load_pack(KARTE)


async def play_steps(pilot: Any, steps: list[tuple[str, Any]]) -> None:
    """Play walkthrough steps through the app, as the keys would; then wait for the reveal."""
    app: Any = pilot.app
    clock: FakeClock = app.clock
    for kind, value in steps:
        if kind == "wait":
            clock.advance(float(value))
            continue
        if kind == "expect":  # the walkthrough's own checks; autoplay runs them
            continue
        if kind == "idle":
            clock.advance(float(value))
            outcome = app.track("idle", seconds=float(value))
        elif kind == "choose":
            outcome = app.track("choose", choice=value)
        elif kind == "examine":
            outcome = app.track("examine", item=value)
        elif kind == "highlight":
            outcome = app.track("highlight", choice=value)
        elif kind == "hover":
            outcome = app.track("hover", target=value)
        elif kind == "type":
            outcome = app.track("type", value=value)
        elif kind == "price":
            outcome = app.track("price", product=value)
        elif kind == "back":
            outcome = app.track("back")
        else:  # pragma: no cover - a new step kind: extend the helper
            raise AssertionError(kind)
        assert outcome is not None, f"{kind}: {value} did not fit {app.game.scene_id}"
    await pilot.pause()
    assert app.game.ended
    await reveal_ready(pilot)


async def until(pilot: Any, check: Any, tries: int = 200) -> bool:
    """Pause until ``check()`` holds (a busy machine renders late); the check's last value."""
    import asyncio

    for _ in range(tries):
        if check():
            return True
        await pilot.pause()
        await asyncio.sleep(0.01)
    return bool(check())


TRUTH_WALKS = ROOT / "tests" / "walkthroughs_truth"


def walkthrough_steps(name: str, folder: Path = ROOT / "walkthroughs") -> list[tuple[str, Any]]:
    walk = load_walkthrough(folder / f"{name}.yaml")
    return [(step.kind, step.value) for step in walk.steps]


def row_id(table: DataTable[Any], n: int) -> int:
    """The event number in row ``n`` of the log ("▶ #12" on the cursor row, "  #12" else)."""
    return int(str(table.get_row_at(n)[0]).lstrip("▶\u00a0 #"))


def option_text(option_list: OptionList) -> list[str]:
    console = Console(width=200, record=True, color_system=None)
    out = []
    for index in range(option_list.option_count):
        console.print(option_list.get_option_at_index(index).prompt)
        out.append(console.export_text())
    return out


async def everything_visible(pilot: Any) -> str:
    """All text the reveal can show: every tab, every log page, every contest answer."""
    app: Any = pilot.app
    screen: RevealScreen = app.screen
    parts: list[str] = []
    tabs = screen.query_one(TabbedContent)
    for key in TABS:
        screen._activate(key)
        await pilot.pause()
        parts.append(str(tabs.get_tab(f"tab-{key}").label))
        parts.append(screen_text(app))
    for literal in screen.query(Literal):
        parts.append(literal.text)
    parts.append(screen.query_one(FactSheet).text)
    for select in screen.query(Select):
        parts += [str(prompt) for prompt, _ in select._options]
    # Every page of the log.
    screen._activate("log")
    await pilot.pause()
    table = screen.query_one("#log-table", DataTable)
    while True:
        for n in range(table.row_count):
            parts += [str(cell) for cell in table.get_row_at(n)]
        page = screen._page
        screen.action_page(1)
        if screen._page == page:
            break
    # Every conclusion, and the shop's answer to every contest of it.
    screen._activate("conclusions")
    await pilot.pause()
    options = screen.query_one("#conclusions", OptionList)
    parts += option_text(options)
    from kaufhaus.play.contest import RIGHTS, contest

    options.focus()
    await until(pilot, lambda: options.highlighted is not None and options.has_focus)
    for key in ("1", "2", "3"):  # on screen, for the first conclusion...
        await pilot.press(key)
        assert await until(pilot, lambda: isinstance(app.screen, ContestScreen)), key
        shown = app.screen
        parts += [w.text for w in shown.query(Literal)]
        await pilot.press("escape")
        await pilot.pause()
    for row in screen.dossier["inferences"]:  # ...and the same words for all others
        for right in RIGHTS:
            answer = contest(right, row, app.lang)
            parts += [answer.title, answer.shop, answer.law]
    parts += [b.description for b in screen._bindings.key_to_bindings.get("e", [])]
    return "\n".join(parts)


def story_words(story: Any, lang: str) -> set[str]:
    """Every word the story itself shows in ``lang`` (template code stripped)."""
    texts: list[str] = []
    for scene in story.scenes.values():
        texts += [scene.title.source(lang), scene.text.source(lang)]
        if scene.place is not None:
            texts.append(scene.place.source(lang))
        for variant in scene.variants:
            texts.append(variant.text.source(lang))
        for choice in scene.choices:
            texts.append(choice.label.source(lang))
        for item in scene.items:
            texts += [item.label.source(lang), item.text.source(lang)]
    for product in story.catalogue.values():
        texts.append(product.name.source(lang))
    for name in story.categories.values():
        texts.append(name.source(lang))
    words: set[str] = set()
    for text in texts:
        text = re.sub(r"\{\{.*?\}\}|\{%.*?%\}", " ", text, flags=re.S)
        words.update(re.findall(r"\w+", text))
    return words


def internal_ids(story: Any) -> set[str]:
    ids = set(story.scenes) | set(story.catalogue) | set(story.categories)
    for scene in story.scenes.values():
        ids |= {c.id for c in scene.choices} | {i.id for i in scene.items}
    return ids


@pytest.mark.parametrize("lang", ["de", "en"])
@pytest.mark.parametrize("name", WALKTHROUGHS)
async def test_no_internal_ids_in_the_reveal(
    story: Any, tmp_path: Path, name: str, lang: str
) -> None:
    app = make_app(story, tmp_path / "saves", lang=lang)
    async with app.run_test(size=(120, 40)) as pilot:
        await new_game(pilot, tram=False)  # the walkthrough names its errand
        await play_steps(pilot, walkthrough_steps(name))
        text = await everything_visible(pilot)
    assert "sex_life" not in text
    codes = sorted(set(re.findall(r"\b[a-z]+_[a-z0-9_]+\b", text)))
    assert not codes, f"codes on screen: {codes}"
    allowed = story_words(story, lang)
    words = set(re.findall(r"\w+", text))
    leaked = sorted((internal_ids(story) & words) - allowed)
    assert not leaked, f"internal ids on screen: {leaked}"
    if lang == "en":
        german = set()
        for scene in story.scenes.values():
            for field in (scene.title, scene.place):
                if field is not None and field.source("de") != field.source("en"):
                    german.add(field.source("de"))
        shown = sorted(g for g in german if re.search(rf"(?<!\w){re.escape(g)}(?!\w)", text))
        assert not shown, f"German scene names in the English reveal: {shown}"


@pytest.mark.parametrize("lang", ["de", "en"])
async def test_the_card_comes_first_and_matches_the_dossier(
    story: Any, tmp_path: Path, lang: str
) -> None:
    app = make_app(story, tmp_path / "saves", lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await new_game(pilot, tram=False)  # the walkthrough names its errand
        await play_steps(pilot, walkthrough_steps("tv-fan"))
        screen = app.screen
        assert isinstance(screen, RevealScreen)
        assert screen.query_one(TabbedContent).active == "tab-glance"
        first = screen_text(app)
        title = {"de": "Hat das Beobachten Ihnen", "en": "Did being watched help you"}[lang]
        assert title in first
        # The punchline is on the first screen, at 80x24: what watching cost, in money.
        dossier = build_dossier(app.game)
        from kaufhaus.tracking.numbers import cents, format_money

        difference = format_money(cents(abs(dossier["payments"]["difference"])), lang, "EUR")
        assert difference in first
        # ...and in the largest type: big digits, the comma kept, on the first screen.
        figure = screen.query_one("#point-figure", Digits)
        assert figure.value == "+" + difference.replace("\u00a0", " ")
        assert figure.display and figure.region.height == 3
        assert figure.region.bottom <= screen.query_one(TabbedContent).region.bottom
        card = screen.query_one(FactSheet).text
    rows = {r["kind"]: r for r in dossier["inferences"]}
    assert rows["segment"]["subject_label"][lang] in card
    assert rows["customer_value"]["value_text"][lang] in card
    assert rows["purchase_probability"]["value_text"][lang] in card
    assert rows["purchase_probability"]["subject_label"][lang] in card
    assert rows["next_purchase"]["value_text"][lang] in card
    days = f"{rows['next_visit']['value']:.0f}"
    assert {"de": f"in etwa {days} Tagen", "en": f"in about {days} days"}[lang] in card
    # What the profile cost: the dossier's own payment figures.
    pay = dossier["payments"]
    assert pay["difference"] > 0  # the keen TV fan paid the surcharge
    for amount in (pay["difference"], pay["total_paid"], pay["total_neutral"]):
        assert format_money(cents(abs(amount)), lang, "EUR") in card
    assert {"de": "mehr", "en": "more"}[lang] in card
    # The fingerprint, in words.
    assert {"de": "Zeitzone Europe/Berlin", "en": "time zone Europe/Berlin"}[lang] in card
    assert {"de": "Tageszeit abends", "en": "time of day evening"}[lang] in card


async def test_the_card_says_what_profiling_saved_the_hesitant_shopper(
    story: Any, tmp_path: Path
) -> None:
    app = make_app(story, tmp_path / "saves")
    async with app.run_test(size=(80, 24)) as pilot:
        await new_game(pilot, tram=False)  # the walkthrough names its errand
        # Hesitant at the TV, necessary cookies only: the coupon (tests/walkthroughs_truth).
        await play_steps(pilot, walkthrough_steps("tv-coupon", TRUTH_WALKS))
        card = app.screen.query_one(FactSheet).text
        figure = app.screen.query_one("#point-figure", Digits).value
        dossier = build_dossier(app.game)
    assert dossier["payments"]["difference"] < 0
    assert "74,95\u00a0€ weniger – diesmal" in card
    assert figure == "-74,95 €"  # the figure in big digits: less, this time
    # No purchase probability without consent – but the willingness to pay, named as such.
    assert "Zahlungsbereitschaft (ohne Einwilligung)" in card
    assert "Schnäppchenjäger" in card
    # The card names the segments the file holds, and no others.
    held = {r["subject_label"]["de"] for r in dossier["inferences"] if r["kind"] == "segment"}
    assert held and all(label in card for label in held)
    assert ("Zauderer" in card) == ("Zauderer" in held)


@pytest.mark.parametrize("lang", ["de", "en"])
async def test_every_entry_says_where_it_came_from(story: Any, tmp_path: Path, lang: str) -> None:
    words = {
        "de": ("angegeben", "beobachtet", "gefolgert"),
        "en": ("provided", "observed", "inferred"),
    }[lang]
    app = make_app(story, tmp_path / "saves", lang=lang)
    async with app.run_test(size=(120, 40)) as pilot:
        await new_game(pilot, tram=False)  # the walkthrough names its errand
        await play_steps(pilot, walkthrough_steps("tv-fan"))
        screen: Any = app.screen
        screen._activate("log")
        await pilot.pause()
        table = screen.query_one("#log-table", DataTable)
        rows = [[str(c) for c in table.get_row_at(n)] for n in range(table.row_count)]
        typed = [r for r in rows if "fan@example.org" in " ".join(r)]
        assert typed and all(words[0] in r for r in typed)
        # Exactly one label a row, and the one the file gives: what the shop
        # recorded of its own doing (prices shown, claims used) is inferred.
        shown = [[w for w in words if w in r] for r in rows]
        assert all(len(labels) == 1 for labels in shown)
        names = {"dpv:ProvidedPersonalData": 0, "dpv:ObservedPersonalData": 1}
        expected = [words[names.get(e["origin"], 2)] for e in screen.dossier["events"]]
        assert [labels[0] for labels in shown] == expected
        assert words[1] in expected and words[2] in expected
        screen._activate("conclusions")
        await pilot.pause()
        texts = option_text(screen.query_one("#conclusions", OptionList))
        kinds = [r["kind"] for r in screen.dossier["inferences"]]
        said = [r["rule_id"] == "R-SAG" for r in screen.dossier["inferences"]]
        origin = {"identity": words[0], "fingerprint": words[1]}
        assert len(texts) == len(kinds) and any(said)  # the errand, as the player said it
        for kind, text, by_player in zip(kinds, texts, said, strict=True):
            where = words[0] if by_player else origin.get(kind, words[2])
            label = {"de": "Herkunft: ", "en": "Origin: "}[lang] + where
            assert label in text, (kind, text)
        told = screen.query_one("#conclusions-told", Literal).text
        assert "fan@example.org" in told and words[0] in told


async def test_evidence_opens_in_the_log_and_leads_back(story: Any, tmp_path: Path) -> None:
    app = make_app(story, tmp_path / "saves")
    async with app.run_test(size=(100, 30)) as pilot:
        await new_game(pilot, tram=False)  # the walkthrough names its errand
        await play_steps(pilot, walkthrough_steps("tv-fan"))
        screen: Any = app.screen
        await pilot.press("tab", "tab")
        await pilot.pause()
        assert screen._active() == "conclusions"
        options = screen.query_one("#conclusions", OptionList)
        await pilot.press("down", "down")
        index = options.highlighted
        assert index == 2
        evidence = screen.dossier["inferences"][index]["evidence"]
        await pilot.press("enter")
        await pilot.pause()
        assert screen._active() == "log"
        table = screen.query_one("#log-table", DataTable)
        shown = [row_id(table, n) for n in range(table.row_count)]
        assert shown == sorted(set(evidence))
        assert "Nur die Belege für" in screen_text(app)
        await pilot.press("z")
        await pilot.pause()
        assert screen._active() == "conclusions" and options.highlighted == index
        # From a log row to the conclusions that rest on it.
        await pilot.press("enter")  # back into the evidence of conclusion 2
        await pilot.pause()
        await pilot.press("escape")  # Esc leaves the evidence view, not the reveal
        await pilot.pause()
        assert screen._active() == "log" and table.row_count == file_rows(app.game)
        cited = next(e for e in evidence)
        rows = [row_id(table, n) for n in range(table.row_count)]
        table.move_cursor(row=rows.index(cited))
        await pilot.press("enter")
        await pilot.pause()
        assert screen._active() == "conclusions"
        assert cited in screen.dossier["inferences"][options.highlighted]["evidence"]


async def test_the_log_filters_by_kind_and_place(story: Any, tmp_path: Path) -> None:
    app = make_app(story, tmp_path / "saves", lang="en")
    async with app.run_test(size=(100, 30)) as pilot:
        await new_game(pilot, tram=False)  # the walkthrough names its errand
        await play_steps(pilot, walkthrough_steps("tv-fan"))
        screen: Any = app.screen
        screen._activate("log")
        await pilot.pause()
        table = screen.query_one("#log-table", DataTable)
        kind = screen.query_one("#filter-kind", Select)
        kind.value = "decisions"
        await pilot.pause()
        events = screen.dossier["events"]
        ids = [row_id(table, n) for n in range(table.row_count)]
        assert ids == [e["id"] for e in events if e["kind"] in ("choice", "consent")]
        place = screen.query_one("#filter-place", Select)
        labels = {str(prompt): value for prompt, value in place._options}
        assert "Electronics" in labels or "electronics" in {k.lower() for k in labels}
        kind.value = "all"
        place.value = next(v for k, v in labels.items() if k.lower() == "electronics")
        await pilot.pause()
        ids = [row_id(table, n) for n in range(table.row_count)]
        rows = {e["id"]: e for e in events}
        assert ids and all(rows[i]["scene"] == "elektronik" for i in ids)
        assert "Electronics" in screen_text(app) or "electronics" in screen_text(app)


async def test_contesting_a_conclusion_the_shop_answers_and_the_law_is_beside_it(
    story: Any, tmp_path: Path
) -> None:
    app = make_app(story, tmp_path / "saves")
    async with app.run_test(size=(80, 24)) as pilot:
        await new_game(pilot, tram=False)  # the walkthrough names its errand
        await play_steps(pilot, walkthrough_steps("privacy"))
        screen: Any = app.screen
        screen._activate("conclusions")
        await pilot.pause()
        rows = screen.dossier["inferences"]
        options = screen.query_one("#conclusions", OptionList)
        segment = next(n for n, r in enumerate(rows) if r["kind"] == "segment")
        options.highlighted = segment
        await pilot.press("1")
        assert await until(pilot, lambda: isinstance(app.screen, ContestScreen))
        assert isinstance(app.screen, ContestScreen)
        text = screen_text(app)
        assert "Berichtigung (Art. 16 DSGVO)" in text
        assert "Das sagen sie alle" in app.screen.query_one("#contest-shop", Literal).text
        assert "Art. 18 Abs. 1 lit. a" in app.screen.query_one("#contest-law", Literal).text
        await pilot.press("escape")
        assert await until(pilot, lambda: isinstance(app.screen, RevealScreen))
        # The price conclusions rest on "legitimate interest": objection under Art. 21(1)
        # (one about health or sex life has nothing to weigh: see the dossier's law tests).
        price = next(
            n
            for n, r in enumerate(rows)
            if r["legal_basis"] == "legitimate_interest" and not r["art9"]
        )
        options.highlighted = price
        await pilot.press("2")
        assert await until(pilot, lambda: isinstance(app.screen, ContestScreen))
        law = app.screen.query_one("#contest-law", Literal).text
        assert "Art. 21 Abs. 1" in law and "zwingende schutzwürdige Gründe" in law
        assert "Unsere haben gewonnen" in app.screen.query_one("#contest-shop", Literal).text
        await pilot.press("escape")
        assert await until(pilot, lambda: isinstance(app.screen, RevealScreen))
        await pilot.press("3")
        assert await until(pilot, lambda: isinstance(app.screen, ContestScreen))
        law = app.screen.query_one("#contest-law", Literal).text
        # A price on "legitimate interest": not allowed at all, review or no review.
        assert "nicht zulässig" in law and "C-634/21" in law and "Abs. 3" in law
        assert "In Ihrer Akte vermerkt" in law
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, RevealScreen)
        # Each contest is on the record: three entries in the log and in the file,
        # and the contest tab lists them with the shop's answers.
        game = app.session.game
        logged = [e for e in game.log if e.kind.value == "contest"]
        assert [e.data["right"] for e in logged] == ["rectify", "object", "human"]
        assert await until(pilot, lambda: len(screen.dossier.get("contests", [])) == 3)
        screen._activate("contest")
        await pilot.pause()
        tab = screen.query_one("#contest-text", Literal).text
        assert "Ihre Widersprüche in Ihrer Akte" in tab
        assert "Berichtigung (Art. 16 DSGVO)" in tab and "Widerspruch (Art. 21 DSGVO)" in tab
        assert "Das sagen sie alle" in tab
        # Replayed like any event: the autosave holds them.
        from kaufhaus.saves import load_game

        loaded = load_game(story, app.session.autosave_path).game
        assert [e.kind.value for e in loaded.log][-3:] == ["contest"] * 3


def test_objecting_to_a_conclusion_resting_on_consent_means_withdrawing_it() -> None:
    from kaufhaus.play.contest import contest

    row = {"kind": "interest", "legal_basis": "consent", "art9": False}
    answer = contest("object", row, "en")
    assert "Art. 7(3)" in answer.law and "withdraw" in answer.shop
    row = {"kind": "interest", "legal_basis": "legitimate_interest", "art9": True}
    answer = contest("human", row, "de")
    assert "Art. 22 Abs. 4" in answer.law
    with pytest.raises(ValueError):
        contest("complain", row, "de")


async def test_where_the_shop_was_wrong(story: Any, tmp_path: Path) -> None:
    """Keen on the TV, looked at its price, walked out without it: the 'sure thing' was wrong."""
    steps = [
        ("choose", "alle"),
        ("examine", "fernseher"),
        ("wait", 30),
        ("choose", "hinein"),
        ("choose", "vorbei"),
        ("choose", "korb"),
        ("highlight", "elektronik"),
        ("highlight", "elektronik"),
        ("choose", "elektronik"),
        ("wait", 20),
        ("examine", "tv_preis"),
        ("choose", "nur_schauen"),
        ("choose", "kasse"),
        ("choose", "vortreten"),
        ("choose", "durch"),
        ("choose", "kiosk"),
        ("choose", "kapuze"),
        ("choose", "heim"),
        ("choose", "schlafen"),
        ("choose", "brief"),
        ("choose", "zum_fenster"),
        ("choose", "auskunft"),
    ]
    app = make_app(story, tmp_path / "saves", lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await new_game(pilot)
        await play_steps(pilot, steps)
        screen: Any = app.screen
        assert screen.wrong, "a high purchase probability for a TV never bought"
        wrong = screen.wrong[0]
        row = next(r for r in screen.dossier["inferences"] if r["id"] == wrong.inference)
        assert row["kind"] == "purchase_probability" and row["value"] >= 0.5
        # On the first card, under its point (which has the first screen at 80x24).
        assert "Where the shop got you wrong: 1" in screen.query_one("#glance-wrong", Literal).text
        screen._activate("contest")
        await pilot.pause()
        text = screen.query_one("#contest-text", Literal).text
        assert "you did not buy it" in text and "65-inch UHD TV" in text
        screen._activate("conclusions")
        await pilot.pause()
        assert any("✗ contradicted" in t for t in option_text(screen.query_one(OptionList)))


def test_an_errand_outside_the_shop_s_guesses_is_named_as_such() -> None:
    """(Where a pack records the errand: tests/test_errand.py.)"""
    from kaufhaus.play.contest import Errand, errand_against

    errand = Errand("geschenk", {"de": "ein Geschenk für einen Freund", "en": "a present"})
    rows = [
        {
            "kind": "segment",
            "subject": "fan:electronics",
            "kind_label": {"de": "Segment", "en": "segment"},
            "subject_label": {"de": "Fan von Elektronik", "en": "a fan of electronics"},
        }
    ]
    lines = errand_against(errand, rows, "de", categories=("gifts",))
    assert lines[0] == "Sie haben es uns gesagt: „ein Geschenk für einen Freund“."
    assert "nicht Ihr Anliegen" in lines[-1]


async def test_export_and_forget_from_every_tab(karte: Story, tmp_path: Path) -> None:
    """Keys of the reveal, not its content: the small card desk (each export of the
    shipped tv-fan file took a second, eight times)."""
    app = make_app(karte, tmp_path / "saves", lang="en")
    async with app.run_test(size=(120, 40)) as pilot:
        await new_game(pilot)
        await play_steps(pilot, [("choose", "ablehnen"), ("choose", "gehen")])
        screen: Any = app.screen
        for key in TABS:
            screen._activate(key)
            await pilot.pause()
            assert await until(
                pilot, lambda: "e Export" in screen_text(app) and "f Forget" in screen_text(app)
            ), key
            screen.exported = []
            await pilot.press("e")
            assert await until(pilot, lambda: bool(screen.exported))
            assert screen._active() == key  # exported where the player is reading
            assert "File exported, 4 files in " in screen.query_one("#end-export", Literal).text
            screen._activate(key)
            await pilot.pause()
            await pilot.press("f")
            assert await until(pilot, lambda: isinstance(app.screen, ForgetScreen)), key
            listed = app.screen.query_one("#forget-files", Literal).text
            assert "autosave" in listed and ".json" in listed  # says what it would delete
            await pilot.press("escape")  # nothing deleted without Enter
            assert await until(pilot, lambda: isinstance(app.screen, RevealScreen))
        assert any(p.name.startswith("autosave") for p in (tmp_path / "saves").iterdir())


async def test_art9_warning_on_screen_for_the_headache_tablets(story: Any, tmp_path: Path) -> None:
    app = make_app(story, tmp_path / "saves")
    async with app.run_test(size=(120, 40)) as pilot:
        await new_game(pilot, tram=False)  # the walkthrough names its errand
        await play_steps(pilot, walkthrough_steps("hijacked"))  # looked at the tablets
        screen: Any = app.screen
        screen._activate("conclusions")
        await pilot.pause()
        rows = screen.dossier["inferences"]
        special = next(n for n, r in enumerate(rows) if r["art9"] and r["subject"] == "kopfschmerz")
        options = screen.query_one("#conclusions", OptionList)
        texts = option_text(options)
        assert "⚠ Besondere Kategorie (Art. 9 DSGVO): Gesundheit" in texts[special]
        assert "Kopfschmerztabletten" in texts[special]
        options.highlighted = special
        options.scroll_to_highlight(top=True)
        await pilot.pause()
        assert "⚠ Besondere Kategorie (Art. 9 DSGVO): Gesundheit" in screen_text(app)


INJECTIONS = ("<script>alert(1)</script>", "[@click=app.quit]x[/]", "\u202eevil\u202c")


@pytest.mark.parametrize("name", INJECTIONS)
async def test_typed_names_appear_literally_in_the_reveal(
    karte: Story, tmp_path: Path, name: str
) -> None:
    """On the small card desk, whose first scene asks for an e-mail address: the
    reveal's handling of typed text is the engine's, not the shipped story's."""
    app = make_app(karte, tmp_path / "saves")
    async with app.run_test(size=(120, 40)) as pilot:
        await new_game(pilot)
        # The e-mail field has the focus: the scene asks for it.
        if name.isprintable():
            await pilot.press(*name)
            await pilot.press("enter")
        else:  # no key sends a bidi control: paste it, as a player would
            app.screen.focused.insert_text_at_cursor(name)
            await pilot.press("enter")
        await pilot.pause()
        # Kept as typed, with every control shown rather than obeyed (the gate).
        shown = neutralise(name)
        assert app.game.inputs["email"] == shown
        await play_steps(pilot, [("choose", "unterschreiben")])
        screen: Any = app.screen
        screen._activate("log")
        await pilot.pause()
        table = screen.query_one("#log-table", DataTable)
        row = next(
            n for n in range(table.row_count) if shown in " ".join(map(str, table.get_row_at(n)))
        )
        table.move_cursor(row=row)
        await pilot.pause()
        assert shown in screen_text(app)
        assert UNSAFE_CHARS.search(screen_text(app)) is None
        screen._activate("conclusions")
        await pilot.pause()
        assert shown in screen.query_one("#conclusions-told", Literal).text
        assert any(shown in t for t in option_text(screen.query_one(OptionList)))
        assert UNSAFE_CHARS.search(screen_text(app)) is None
        await pilot.click("#conclusions-told")
        await pilot.pause()
        assert app.is_running and app.return_code is None


@pytest.mark.parametrize("lang", ["de", "en"])
async def test_help_on_the_reveal_names_export_and_forget(
    story: Any, tmp_path: Path, lang: str
) -> None:
    from kaufhaus.tui.screens.help import HelpScreen

    app = make_app(story, tmp_path / "saves", lang=lang)
    async with app.run_test(size=(100, 40)) as pilot:
        await new_game(pilot)
        way = ("alle", "hinein", "vorbei", "korb", "kasse", "vortreten", "durch", "kiosk")
        way += ("albers", "bleiben")
        await play_steps(pilot, [("choose", c) for c in way])
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = app.screen.query_one("#help-text", Literal).text
        export = {"de": "Akte exportieren", "en": "export the file"}[lang]
        forget = {"de": "fragt vor dem Löschen", "en": "asks before deleting"}[lang]
        assert export in text and forget in text


async def test_art9_warning_on_screen_for_the_condoms(story: Any, tmp_path: Path) -> None:
    """The shipped story sells neither condoms nor tablets; looking at them is enough."""
    steps = [
        ("choose", "alle"),
        ("choose", "hinein"),
        ("choose", "vorbei"),
        ("choose", "korb"),
        ("choose", "drogerie"),
        ("wait", 10),
        ("examine", "kondomregal"),
        ("wait", 20),
        ("examine", "kondomregal"),
        ("choose", "zurueck"),
        ("choose", "kasse"),
        ("choose", "vortreten"),
        ("choose", "durch"),
        ("choose", "kiosk"),
        ("choose", "albers"),
        ("choose", "bleiben"),
    ]
    app = make_app(story, tmp_path / "saves", lang="en")
    async with app.run_test(size=(120, 40)) as pilot:
        await new_game(pilot)
        await play_steps(pilot, steps)
        screen: Any = app.screen
        screen._activate("conclusions")
        await pilot.pause()
        rows = screen.dossier["inferences"]
        special = [n for n, r in enumerate(rows) if r["art9"]]
        assert special
        texts = option_text(screen.query_one("#conclusions", OptionList))
        for n in special:
            assert "⚠ Special category (Art. 9 GDPR): sex life" in texts[n]
        assert "sex_life" not in "".join(texts)


async def test_a_slow_file_does_not_hold_up_the_card_export_or_quitting(
    story: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At 100,000 events the full file takes minutes: the card, e and q must not wait for it."""
    import threading
    import time

    import kaufhaus.dossier.model as model

    release = threading.Event()
    real = model.build_dossier

    def slow(game: Any, **kw: Any) -> dict[str, Any]:
        release.wait(60)
        return real(game, **kw)

    monkeypatch.setattr(model, "build_dossier", slow)
    app = make_app(story, tmp_path / "saves")
    async with app.run_test(size=(80, 24)) as pilot:
        await new_game(pilot)
        way = ("alle", "hinein", "vorbei", "korb", "kasse", "vortreten", "durch", "kiosk")
        way += ("albers", "bleiben")
        for choice in way:
            assert app.track("choose", choice=choice) is not None
        await pilot.pause()
        screen: Any = app.screen
        assert isinstance(screen, RevealScreen) and not screen.ready
        text = screen_text(app)
        # The card is there at once (how it ended stands above it, on screen).
        assert "Wie es ausging" in text
        assert screen.query_one("#glance-title", Literal).text == "Ihre Akte auf einen Blick"
        assert "Die vollständige Akte wird noch zusammengestellt" in text
        await pilot.press("e")  # asked before the file is ready: it waits, then exports
        await pilot.pause()
        assert "noch zusammengestellt" in screen.query_one("#end-export", Literal).text
        release.set()
        await reveal_ready(pilot)
        assert "Akte exportiert" in screen.query_one("#end-export", Literal).text
    # And quitting while the file is still being built does not wait for it.
    release.clear()
    app = make_app(story, tmp_path / "saves2")
    started = time.perf_counter()
    async with app.run_test(size=(80, 24)) as pilot:
        await new_game(pilot)
        for choice in way:
            assert app.track("choose", choice=choice) is not None
        await pilot.pause()
        assert isinstance(app.screen, RevealScreen) and not app.screen.ready
        await pilot.press("q")
        await pilot.pause()
    assert time.perf_counter() - started < 30
    release.set()
