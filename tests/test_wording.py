"""The file's words read right: the playtest's wording bugs, each held down.

"Sie haben „Samstagvormittag“ betreten", "Fan von Drogerie", "Sie
widersprechen" over a rectification, "store" beside "shop", a € alone at the
start of a line, "35 per cent" beside "31%".
"""

from __future__ import annotations

import ast
import re
import textwrap
from pathlib import Path

import pytest

from kaufhaus.dossier.model import _StoryView, describe_event
from kaufhaus.facades import facade_api
from kaufhaus.play.contest import contest_heading
from kaufhaus.play.describe import code_text
from kaufhaus.story.loader import load_pack
from kaufhaus.story.model import Story
from kaufhaus.tracking.events import Event, Kind
from kaufhaus.tracking.numbers import format_money, format_percent
from kaufhaus.tracking.vocabulary import segment_label

ROOT = Path(__file__).resolve().parents[1]

PACK = """\
id: bahn
languages: [de, en]
start: bahn
categories:
  drugstore: {de: Drogerie, en: chemist's}
catalogue:
  seife:
    name: {de: Seife, en: soap}
    forms: {nom: die Seife, acc: die Seife, dat: der Seife}
    gender: f
    number: sg
    category: drugstore
    price: 2.5
scenes:
  - id: bahn
    place: {de: Straßenbahn, en: tram}
    title: {de: Samstagvormittag, en: Saturday morning}
    text: {de: Es ruckelt., en: It judders.}
    items:
      - {id: seife, label: {de: Seife, en: Soap}, text: {de: Rund., en: Round.}, product: seife}
    choices:
      - {id: aus, label: {de: Aussteigen, en: Get off}, goto: ende}
  - id: ende
    title: {de: Übergelaufen, en: Gone over}
    text: {de: Aus., en: Over.}
    ending: done
"""


@pytest.fixture
def story(tmp_path: Path) -> Story:
    (tmp_path / "story.yaml").write_text(PACK, encoding="utf-8")
    return load_pack(tmp_path, api=facade_api())


def test_a_scene_titled_with_a_time_is_no_place_one_entered(story: Story) -> None:
    view = _StoryView(story)
    enter = describe_event(Event(1, Kind.SCENE_ENTER, 0.0, "bahn", "bahn"), view)
    assert enter == {
        "de": "Standort erfasst: Straßenbahn („Samstagvormittag“).",
        "en": "Location logged: tram (“Saturday morning”).",
    }
    leave = describe_event(Event(2, Kind.SCENE_LEAVE, 5.0, "bahn", "bahn", {"dwell": 5}), view)
    assert leave["de"] == "Standort verlassen nach 5 Sekunden: Straßenbahn („Samstagvormittag“)."
    # A scene without a place: its title, quoted, and still nothing "entered".
    ending = describe_event(Event(3, Kind.SCENE_ENTER, 6.0, "ende", "ende"), view)
    assert ending == {
        "de": "Standort erfasst: „Übergelaufen“.",
        "en": "Location logged: “Gone over”.",
    }


def test_a_category_fan_is_named_after_the_product_category() -> None:
    """A fan is counted by the products' category, not by the department they were
    looked at in: tights taken in the chemist's count for "Mode", so the file says
    "Warengruppe" (as its "Interesse an Warengruppe"), never "Abteilung"."""
    names = {"de": "Drogerie", "en": "chemist's"}
    assert segment_label("fan:drugstore", names) == {
        "de": "Fan der Warengruppe Drogerie",
        "en": "a fan of the chemist's category",
    }
    assert code_text("fan:electronics", "de") == "Fan der Warengruppe electronics"
    assert "Fan von" not in code_text("fan:electronics", "de")
    for lang in ("de", "en"):
        assert not re.search("Abteilung|department", segment_label("fan:x", names)[lang])


@pytest.mark.parametrize(
    ("right", "de", "en"),
    [
        ("rectify", "Sie verlangen eine Berichtigung: ", "You ask us to correct: "),
        ("object", "Sie widersprechen: ", "You object to: "),
        (
            "human",
            "Sie verlangen, dass ein Mensch entscheidet: ",
            "You ask for a human to decide: ",
        ),
    ],
)
def test_a_contest_is_headed_by_the_right_exercised(right: str, de: str, en: str) -> None:
    row = {
        "kind": "segment",
        "kind_label": {"de": "Segment", "en": "segment"},
        "subject_label": {"de": "Zauderer", "en": "ditherer"},
    }
    assert contest_heading(right, row, "de").startswith(de)
    assert contest_heading(right, row, "en").startswith(en)


#: Where the shop's own words live (catalogues of the UI, the file, the reality cards).
WORD_MODULES = [
    "kaufhaus/play/strings.py",
    "kaufhaus/play/handin.py",
    "kaufhaus/play/contest.py",
    "kaufhaus/plain.py",
    *sorted(str(p.relative_to(ROOT)) for p in (ROOT / "kaufhaus" / "dossier").glob("*.py")),
]
#: "store" as the shop ("the store", "stores", "in-store"); "we may only store" is a verb.
STORE = re.compile(r"\b(?:the|a|our|this|department|in-)\s*store\b|\bstores\b", re.I)


def _strings(path: Path) -> list[str]:
    """Every string literal of a module but its docstrings and other bare strings."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docs = {id(node.value) for node in ast.walk(tree) if isinstance(node, ast.Expr)}
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs
    ]


def test_the_shop_is_called_the_shop_in_english() -> None:
    found = [
        (module, m.group(0))
        for module in WORD_MODULES
        for text in _strings(ROOT / module)
        for m in STORE.finditer(text)
    ]
    assert found == []


def test_the_shop_is_the_kaufhaus_in_german() -> None:
    """The help said "was der Shop gerade protokolliert", everywhere else "Kaufhaus":
    no German text for the player calls the shop "Shop" (the English ones may)."""
    from kaufhaus.plain import PLAIN
    from kaufhaus.play.strings import STRINGS

    german = [
        (key, entry["de"])
        for table in (STRINGS, PLAIN)
        for key, entry in table.items()
        if isinstance(entry, dict) and isinstance(entry.get("de"), str)
    ]
    assert len(german) > 300
    assert [(k, t) for k, t in german if re.search(r"\b(?:der|den|dem|des) Shops?\b", t)] == []


def test_percent_has_one_style_per_language() -> None:
    assert format_percent(0.05, "de") == "5\u00a0%"
    assert format_percent(0.31, "en") == "31%"
    found = [
        (module, m.group(0))
        for module in WORD_MODULES
        for text in _strings(ROOT / module)
        for m in re.finditer(r"\d+\s+per ?cent|(?:^|\d+|\{\w*\}) %\S*", text)
    ]
    # English never spells it out, and neither language lets the sign drift to
    # the next line (German: "5 %" with a non-breaking space).
    assert found == []


@pytest.mark.parametrize("amount", [1299, 149900, 9])
def test_the_euro_never_starts_a_line(amount: int) -> None:
    price = format_money(amount, "de")
    assert "\u00a0€" in price
    sentence = f"Der Preis, den wir Ihnen heute ganz persönlich zeigen, beträgt {price} für Sie."
    for width in range(10, len(sentence) + 1):
        lines = textwrap.wrap(sentence, width, break_long_words=False)
        assert not any(line.startswith("€") for line in lines), (width, lines)


def _quoted_pack(tmp_path: Path) -> Story:
    """The test pack with a label that holds quotes and a sentence that starts with a
    product's (lower-case English) name."""
    text = PACK.replace(
        "label: {de: Seife, en: Soap}",
        "label: {de: Das Regal „Familienplanung“, en: The “Family planning” shelf}",
    ).replace(
        "text: {de: Es ruckelt., en: It judders.}",
        "text: {de: Es ruckelt., en: \"She nods. {{ shop.name('seife') }} is round, e.g. "
        "{{ shop.name('seife') }}. Wait… {{ shop.name('seife') }}?\"}",
    )
    (tmp_path / "story.yaml").write_text(text, encoding="utf-8")
    return load_pack(tmp_path, api=facade_api())


def test_a_quoted_label_that_quotes_takes_inner_marks(tmp_path: Path) -> None:
    view = _StoryView(_quoted_pack(tmp_path))
    looked = describe_event(Event(1, Kind.EXAMINE, 0.0, "bahn", "seife"), view)
    assert looked == {
        "de": "Sie haben sich „Das Regal ‚Familienplanung‘“ genau angesehen.",
        "en": "You took a close look at “The ‘Family planning’ shelf”.",
    }


def test_an_english_sentence_starts_with_a_capital(tmp_path: Path) -> None:
    from kaufhaus.game import Game

    text = Game(_quoted_pack(tmp_path), seed=1, lang="en").view().text
    assert text == "She nods. Soap is round, e.g. soap. Wait… soap?"


def test_the_unwatched_customer_keeps_one_gender_in_german() -> None:
    """The Markdown file said "eine Kundin, über die wir nichts wissen" and on the next
    line "Ein Kunde, den wir nicht beobachtet hätten": the same person, one word."""
    modules = [ROOT / "kaufhaus" / "dossier" / name for name in ("texts.py", "card.py", "wrong.py")]
    found = [
        (path.name, text)
        for path in modules
        for text in _strings(path)
        if re.search(r"\bKundin\b", text)
    ]
    assert found == []
