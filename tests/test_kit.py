"""The class kit says what the game does: tab names, figures, devices, the letter, the worksheet.

Teachers follow ``docs/lehrkraefte.md`` / ``docs/teachers.md`` and hand out the
worksheet; every tab they name must be a tab of the file, every figure of the
answer key must be what the shipped walkthroughs produce, the minimum window
must be the game's, the parents' letter must name every product the story
treats as sensitive, and the worksheet must print on one A4 page.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from kaufhaus.dossier.card import CARD_WORDS
from kaufhaus.dossier.model import build_dossier
from kaufhaus.play.strings import tr
from kaufhaus.story.model import Story
from kaufhaus.tracking.numbers import cents, format_money
from kaufhaus.tui.screens.reveal import TABS
from kaufhaus.tui.screens.toosmall import MIN_HEIGHT, MIN_WIDTH
from kaufhaus.walkthrough import parse_walkthrough, play
from tests.chromium import CHROMIUM, FLAGS
from tests.conftest import ROOT, WALKTHROUGHS

DOCS = ROOT / "docs"
#: Each kit document, its language, and the words it uses for "the tab X" and "the line X".
KIT = {
    "lehrkraefte.md": "de",
    "arbeitsblatt.html": "de",
    "teachers.md": "en",
    "worksheet.html": "en",
}
TAB = {
    "de": re.compile(r"Reiter(?:s|n)? „([^“]+)“"),
    "en": re.compile(r"\b[Tt]abs? [“\"]([^”\"]+)[”\"]"),
}
LINE = {"de": re.compile(r"Zeile „([^“]+)“"), "en": re.compile(r"\bline [“\"]([^”\"]+)[”\"]")}
#: The heading of a section in each guide.
SECTIONS = {
    "devices": {"de": "## Geräte der Klasse", "en": "## The class's devices"},
    "key": {"de": "## Lösungshinweise zum Arbeitsblatt", "en": "## Answer key to the worksheet"},
    "letter": {"de": "## Elternbrief", "en": "## Letter to parents"},
}
GUIDES = {"de": "lehrkraefte.md", "en": "teachers.md"}


def section(lang: str, name: str) -> str:
    text = (DOCS / GUIDES[lang]).read_text(encoding="utf-8")
    start = text.index(SECTIONS[name][lang] + "\n")
    end = text.find("\n## ", start + 1)
    return text[start : end if end > 0 else None]


@pytest.mark.parametrize("doc", sorted(KIT))
def test_every_tab_the_kit_names_is_a_tab_of_the_file(doc: str) -> None:
    lang = KIT[doc]
    text = (DOCS / doc).read_text(encoding="utf-8")
    tabs = {tr(f"tab_{key}", lang) for key in TABS}
    named = TAB[lang].findall(text)
    assert len(named) >= 5, f"{doc} names too few tabs to be checked: {named}"
    assert not [n for n in named if n not in tabs], f"{doc}: not a tab of the file ({tabs})"
    # "the line Your device" is a line of the glance card.
    lines = {words[lang] for key, words in CARD_WORDS.items() if key.startswith("glance_")}
    assert LINE[lang].findall(text), doc
    assert set(LINE[lang].findall(text)) <= lines, doc


def _row(table: str, name: str) -> list[str]:
    for line in table.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if cells[0] == name:
            return cells
    raise AssertionError(f"no row {name!r} in the answer key")


@pytest.mark.parametrize("lang", ["de", "en"])
def test_the_answer_key_figures_are_the_sample_rounds(story: Story, lang: str) -> None:
    key = section(lang, "key")
    for name in ("tv-fan", "privacy"):
        text = (WALKTHROUGHS / f"{name}.yaml").read_text(encoding="utf-8")
        dossier = build_dossier(play(story, parse_walkthrough(text)))
        summary = dossier["summary"]
        _, _banner, events, conclusions, after, paid, neutral = _row(key, name)
        assert events == str(summary["events"])
        assert conclusions == str(summary["inferences"])
        refused = dossier["consent"]["choice"] in ("necessary", "custom")
        assert after == (str(summary["events_after_refusal"]) if refused else "–")
        # The docs write a plain space where the game keeps € to its amount.
        assert paid == format_money(cents(summary["paid"]), lang).replace("\xa0", " ")
        assert neutral == format_money(cents(summary["paid_neutral"]), lang).replace("\xa0", " ")
        # The prose quotes the same figures.
        if refused:
            assert str(summary["events_after_refusal"]) in key.split("|")[-1]
        else:
            difference = format_money(cents(summary["paid_difference"]), lang)
            assert difference.replace("\xa0", " ") in key.split("|")[-1]


@pytest.mark.parametrize("lang", ["de", "en"])
def test_the_device_requirements_are_the_games(lang: str) -> None:
    unit = {"de": "Zeichen", "en": "characters"}[lang]
    sizes = re.findall(rf"(\d+) × (\d+) {unit}", section(lang, "devices"))
    assert sizes, "the guide names the smallest window"
    assert {(int(w), int(h)) for w, h in sizes} == {(MIN_WIDTH, MIN_HEIGHT)}


@pytest.mark.parametrize("lang", ["de", "en"])
def test_the_letter_names_every_sensitive_product(story: Story, lang: str) -> None:
    letter = section(lang, "letter")
    sensitive = [p for p in story.catalogue.values() if p.sensitive]
    assert sensitive
    for product in sensitive:
        assert product.name.source(lang).lower() in letter.lower(), product.id
    pregnancy = {"de": "Schwangerschaft", "en": "pregnancy"}[lang]
    assert pregnancy in letter  # the scene about the real case
    assert {"de": "Lehrkraft", "en": "teacher"}[lang] in letter


WORKSHEET_WORDS = {
    "arbeitsblatt.html": [
        "Das Protokoll",
        "Dein Preis",
        "Nach dem Nein",
        "Dein Gerät",
        "Zwei Banner",
    ],
    "worksheet.html": ["The log", "Your price", "After the no", "Your device", "Two banners"],
}


@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed")
@pytest.mark.parametrize("doc", ["arbeitsblatt.html", "worksheet.html"])
def test_the_worksheet_prints_on_one_a4_page(doc: str, tmp_path: Path) -> None:
    source = DOCS / doc
    html = source.read_text(encoding="utf-8")
    # Nothing from elsewhere: its one stylesheet lies beside it.
    assert re.findall(r"(?:src|href)=\"([^\"]*)\"", html) == ["worksheet.css"]
    assert not re.search(r"url\(|@import", (DOCS / "worksheet.css").read_text(encoding="utf-8"))
    pdf = tmp_path / "blatt.pdf"
    subprocess.run(
        [
            str(CHROMIUM),
            *FLAGS,
            "--no-pdf-header-footer",
            f"--user-data-dir={tmp_path / 'profile'}",
            f"--print-to-pdf={pdf}",
            source.as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    assert re.search(r"^Pages:\s+1$", info, re.M), info
    width, height = map(float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info).groups())  # type: ignore[union-attr]
    assert (round(width), round(height)) == (595, 842), "A4"
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    flat = " ".join(text.split())
    for words in WORKSHEET_WORDS[doc]:
        assert words in flat, words
    lang = KIT[doc]
    for tab in TAB[lang].findall(html):
        assert tab in flat  # the tab names survive the print
