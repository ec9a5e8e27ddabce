"""Exports: JSON round-trips, HTML is self-contained and printable, and whatever the
player typed comes out as inert text in every format."""

from __future__ import annotations

import re
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from kaufhaus.dossier.export import (
    ExportError,
    clean,
    export,
    md_escape,
    to_html,
    to_json,
    to_markdown,
    write_json,
)
from kaufhaus.dossier.model import build_dossier
from kaufhaus.dossier.texts import UI
from kaufhaus.story.errors import neutralise as logged  # what the log keeps of typed text
from kaufhaus.story.model import Story
from tests.dossier.conftest import HOSTILE_NAME, WALKS, play_with_typed
from tests.dossier.test_schema import validate_export

Dossier = Callable[[str], dict[str, Any]]

VOID = {"meta", "br", "hr", "img", "input", "link", "col", "area", "base", "wbr", "source"}
#: What the inline SVG charts may hold.
SVG_TAGS = {"svg", "title", "rect", "text"}
FORBIDDEN = {
    "script",
    "link",
    "img",
    "iframe",
    "object",
    "embed",
    "base",
    "form",
    "input",
    "audio",
    "video",
    "source",
    "math",
    "frame",
    "frameset",
    "applet",
}


class Page(HTMLParser):
    """Collects what a browser would build: elements, attributes, text, ids, links."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, tuple[tuple[str, str | None], ...]]] = []
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.ids: set[str] = set()
        self.hrefs: list[str] = []
        self.text: list[str] = []
        self.style: list[str] = []
        self.cells: list[list[str]] = []  # text of each <td>/<th>, per <tr>
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, tuple(sorted(attrs))))
        for name, value in attrs:
            if name == "id" and value:
                self.ids.add(value)
            if name == "href" and value is not None:
                self.hrefs.append(value)
        if tag == "tr":
            self.cells.append([])
        if tag in ("td", "th"):
            self._cell = []
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)  # <hr />: void, nothing to close

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            self.errors.append(f"</{tag}> closes a void element")
            return
        if tag in ("td", "th") and self._cell is not None and self.cells:
            self.cells[-1].append("".join(self._cell))
            self._cell = None
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"unexpected </{tag}> (open: {self.stack[-3:]})")
            return
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        if self.stack and self.stack[-1] == "style":
            self.style.append(data)
            return
        self.text.append(data)
        if self._cell is not None:
            self._cell.append(data)


def parse(markup: str) -> Page:
    page = Page()
    page.feed(markup)
    page.close()
    return page


def structure(page: Page) -> list[tuple[str, tuple[tuple[str, str | None], ...]]]:
    """Elements and attributes, minus the word-diff marks (they follow the words) and
    code spans (Markdown keeps anything that looks like a link in one, as text)."""
    return [e for e in page.elements if e[0] not in ("mark", "code")]


def render_markdown(source: str) -> str:
    return MarkdownIt("commonmark").enable("table").enable("strikethrough").render(source)


def _norm(text: str) -> str:
    return " ".join(text.split())


def _subject_rows(page: Page, *, normalise: bool = False) -> list[list[str]]:
    """The rows of the data-subject table: (field, what the player typed).

    Markdown folds whitespace (and trims a cell's Unicode spaces), so its rows are
    compared with whitespace normalised; HTML keeps every character.
    """
    # The field is named in words, never by its key ("email").
    words = {"Name": "name", "name": "name", "E-Mail-Adresse": "email", "e-mail address": "email"}
    rows = [[words[r[0]], r[1]] for r in page.cells if len(r) == 2 and r[0] in words]
    return [[k, _norm(v)] for k, v in rows] if normalise else rows


# ------------------------------------------------------------------ JSON
@pytest.mark.parametrize("name", ["tv_fan", "privacy", "reject_and_type"])
def test_json_round_trips(dossier: Dossier, name: str) -> None:
    d = dossier(name)
    assert validate_export(to_json(d)) == d


def test_json_survives_text_that_is_not_utf8(story: Story) -> None:
    # A lone surrogate (no UTF-8 can hold it) is made visible where it is typed.
    d = build_dossier(play_with_typed(story, "Ma\ud800x"))
    text = to_json(d)
    text.encode("utf-8")
    assert validate_export(text)["data_subject"]["email"] == "Ma<U+D800>x"
    # A dossier that holds one anyway (built by hand, in the log and in what it says
    # was typed alike) is still written, escaped.
    d["data_subject"]["email"] = "Ma\ud800x"
    for event in d["events"]:
        if event["kind"] == "input":
            event["data"]["value"] = "Ma\ud800x"
    assert validate_export(to_json(d))["data_subject"]["email"] == "Ma\ud800x"


def test_write_json_writes_a_file(dossier: Dossier, tmp_path: Path) -> None:
    path = tmp_path / "sub" / "akte.json"
    write_json(dossier("tv_fan"), path)
    assert validate_export(path.read_text(encoding="utf-8"))["format"] == "kaufhaus-dossier"


# ------------------------------------------------------------------ HTML
@pytest.mark.parametrize("name", ["tv_fan", "privacy", "reject_and_type", "beer_keg_fan"])
@pytest.mark.parametrize("lang", ["de", "en"])
def test_html_is_self_contained_and_well_formed(dossier: Dossier, name: str, lang: str) -> None:
    markup = to_html(dossier(name), lang)
    page = parse(markup)
    assert not page.errors, page.errors[:3]
    assert not page.stack
    tags = {tag for tag, _ in page.elements}
    assert not tags & FORBIDDEN
    assert "<script" not in markup.lower()
    # The inline charts draw with shapes and words only (no <use>, <image>, <foreignObject>).
    assert {
        tag for tag, _ in page.elements if tag in SVG_TAGS | {"use", "image", "foreignobject"}
    } <= SVG_TAGS
    for tag, attrs in page.elements:
        for attr, value in attrs:
            assert not attr.startswith("on"), (tag, attr)
            assert attr not in ("src", "srcset", "action", "formaction", "background")
            assert "http" not in (value or "").lower() or attr == "content", (tag, attr, value)
    # Every link points into the page itself, at something that exists.
    assert page.hrefs
    for href in page.hrefs:
        assert href.startswith("#"), href
        assert href[1:] in page.ids, href
    style = "".join(page.style).lower()
    assert "url(" not in style and "@import" not in style and "http" not in style
    assert "@media print" in style and "@font-face" not in style
    csp = [
        dict(a)
        for t, a in page.elements
        if t == "meta" and dict(a).get("http-equiv") == "Content-Security-Policy"
    ]
    assert csp and "default-src 'none'" in (csp[0]["content"] or "")
    assert f'<html lang="{lang}">' in markup


def test_html_evidence_links_reach_the_timeline(dossier: Dossier) -> None:
    d = dossier("tv_fan")
    page = parse(to_html(d))
    for event in d["events"]:
        assert f"event-{event['id']}" in page.ids
    for inference in d["inferences"]:
        assert inference["id"] in page.ids
        for eid in inference["evidence"]:
            assert f"#event-{eid}" in page.hrefs


def test_hostile_input_is_only_text_in_html(dossier: Dossier) -> None:
    markup = to_html(dossier("reject_and_type"))
    page = parse(markup)
    assert "<script" not in markup
    assert "javascript:" not in "".join(v or "" for _, a in page.elements for _, v in a)
    assert HOSTILE_NAME in "".join(page.text)
    assert _subject_rows(page) == [["email", HOSTILE_NAME]]


def test_html_shows_the_neutral_shopper_next_to_the_player(dossier: Dossier) -> None:
    d = dossier("tv_fan")
    page = parse(to_html(d, "en"))
    text = _norm("".join(page.text))
    assert "A neutral shopper saw" in text
    marks = [e for e in page.elements if e[0] == "mark"]
    assert marks, "the words that differ from the neutral text are marked"


# ------------------------------------------------------------------ Markdown
def test_hostile_input_is_only_text_in_markdown(dossier: Dossier) -> None:
    source = to_markdown(dossier("reject_and_type"))
    assert "<script" not in source
    rendered = render_markdown(source)
    assert "<script" not in rendered
    page = parse(rendered)
    assert not page.errors
    assert not any(h.startswith(("javascript", "http")) for h in page.hrefs)
    assert all(h.startswith("#") for h in page.hrefs)
    assert _subject_rows(page, normalise=True) == [["email", HOSTILE_NAME]]


def test_markdown_table_rows_survive_pipes_and_newlines(story: Story) -> None:
    name = "a | b |\n| c | d\r\n---|---\n# not a heading"
    d = build_dossier(play_with_typed(story, name))
    page = parse(render_markdown(to_markdown(d, "en")))
    widths = {len(r) for r in page.cells if r}
    assert 2 in widths
    assert _subject_rows(page, normalise=True) == [["email", _norm(clean(logged(name)))]]
    # Two headings of the first rank: the file's title and its appendix, no typed one.
    assert sum(1 for e in page.elements if e[0] == "h1") == 2
    # In HTML the line breaks survive as text, inside the one cell.
    html_page = parse(to_html(d, "en"))
    assert _subject_rows(html_page) == [["email", clean(logged(name))]]


def test_markdown_escapes_only_what_it_would_misread() -> None:
    # No clutter: numbers, money and ordinary punctuation stay as written.
    for text in ("0.7", "+12,30 €", "1.499,00 €", "z.B. usw. Co. KG", "(siehe oben)!", "a = b"):
        assert md_escape(text) == text
    # A locale is a word, not a domain with "-8" after its code span ("`C.UTF`-8").
    assert md_escape("Sprache und Region C.UTF-8 ·") == "Sprache und Region C.UTF-8 ·"
    assert md_escape("siehe kaufhaus.de.") == "siehe `kaufhaus.de`."
    # Where Markdown would misread, it is escaped.
    assert md_escape("1. Liste") == "1\\. Liste"
    assert md_escape("- x") == "\\- x"
    assert md_escape("# x") == "\\# x"
    assert md_escape("---") == "\\---"
    assert md_escape("*a* _b_ [c] `d` |e| ~f~") == "\\*a\\* \\_b\\_ \\[c\\] \\`d\\` \\|e\\| \\~f\\~"
    assert md_escape("<b>") == "&lt;b>"
    assert md_escape("&amp; & x") == "&amp;amp; & x"
    assert "\n" not in md_escape("eins\nzwei")


LITERAL = [
    "<script>alert(1)</script>",
    "[@click=app.quit]",
    "[x](javascript:alert(1)) ![i](http://e.x/i.png) <http://e.x>",
    "see https://example.org/a?b=1, www.example.org and x@example.org",
    "*a* _b_ `c` ~~d~~ # e + f - g ! h \\ &amp; &lt;",
    "1. item",
    "- item",
    "# heading",
    "> quote",
    "===",
    "Preis 0.7 × 1.499,00 € = +12,30 €",
    "Sprache und Region C.UTF-8 · en_GB.UTF-8",
]


@pytest.mark.parametrize("text", LITERAL)
def test_markdown_text_renders_literally_and_links_nothing(text: str) -> None:
    for renderer in (MarkdownIt("commonmark"), MarkdownIt("gfm-like")):  # gfm-like: linkify
        rendered = renderer.render("Name: " + md_escape(text) + "\n\n" + md_escape(text))
        page = parse(rendered)
        assert not page.hrefs, rendered
        assert {tag for tag, _ in page.elements} <= {"p", "code"}, rendered
        assert _norm("".join(page.text)) == _norm(f"Name: {text} {text}"), rendered


def test_bidi_controls_are_shown_not_obeyed(story: Story) -> None:
    name = "Max \u202eexe.txt\u202c und \u2067x\u2069"
    d = build_dossier(play_with_typed(story, name))
    shown = "Max <U+202E>exe.txt<U+202C> und <U+2067>x<U+2069>"
    html_page = parse(to_html(d, "en"))
    md_page = parse(render_markdown(to_markdown(d, "en")))
    assert _subject_rows(html_page) == [["email", shown]]
    assert _subject_rows(md_page, normalise=True) == [["email", shown]]
    for text in (to_html(d, "de"), to_markdown(d, "de")):
        assert not any(ch in text for ch in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2069")
    # The JSON holds what was typed as the log keeps it: every character, none obeyed.
    assert d["data_subject"]["email"] == shown
    assert not any(ch in to_json(d) for ch in "\u202a\u202b\u202c\u202d\u202e\u2067\u2069")


def test_a_hostile_name_appears_literally_in_html_and_markdown(story: Story) -> None:
    name = "<script>alert(1)</script> [@click=app.quit] \u202eevil"
    d = build_dossier(play_with_typed(story, name))
    literal = "<script>alert(1)</script> [@click=app.quit] <U+202E>evil"
    for lang in ("de", "en"):
        html_page = parse(to_html(d, lang))
        md_page = parse(render_markdown(to_markdown(d, lang)))
        assert _subject_rows(html_page) == [["email", literal]]
        assert _subject_rows(md_page, normalise=True) == [["email", literal]]
        assert not {t for t, _ in html_page.elements} & FORBIDDEN
        assert not {t for t, _ in md_page.elements} & FORBIDDEN
        # And in the timeline's sentence, too.
        timeline = [c for row in html_page.cells for c in row if "alert(1)" in c]
        assert any(literal in c for c in timeline)


# ------------------------------------------------------------------ any typed name
typed = st.text(
    alphabet=st.characters(
        blacklist_categories=("Cs",),
        blacklist_characters="\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029",
    ),
    min_size=1,
    max_size=40,
).filter(lambda s: s.strip())  # a blank name is no name: the story rightly ignores it

SLOW = settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@pytest.fixture(scope="module")
def baseline(story: Story) -> dict[str, Any]:
    d = build_dossier(play_with_typed(story, "Max"))
    return {
        "html": structure(parse(to_html(d))),
        "md": structure(parse(render_markdown(to_markdown(d)))),
    }


@SLOW
@given(name=typed)
@example(name=HOSTILE_NAME)
@example(name='"><img src=x onerror=alert(1)>')
@example(name="</td></tr></table><h1>x</h1>")
@example(name="&lt;b&gt; &amp; &#x3C;")
@example(name="{{ shop.price('tv') }} {% raw %}")
def test_any_typed_name_round_trips_in_html(
    story: Story, baseline: dict[str, Any], name: str
) -> None:
    d = build_dossier(play_with_typed(story, name))
    page = parse(to_html(d))
    assert not page.errors
    assert structure(page) == baseline["html"]
    assert _subject_rows(page) == [["email", clean(logged(name))]]


@SLOW
@given(name=typed)
@example(name=HOSTILE_NAME)
@example(name="[x](javascript:alert(1)) ![i](http://e.x/i.png) <http://e.x>")
@example(name="*a* _b_ `c` ~~d~~ # e + f - g ! h \\")
@example(name="1. item")
@example(name="    indented code?")
def test_any_typed_name_round_trips_in_markdown(
    story: Story, baseline: dict[str, Any], name: str
) -> None:
    d = build_dossier(play_with_typed(story, name))
    page = parse(render_markdown(to_markdown(d)))
    assert not page.errors
    assert structure(page) == baseline["md"]
    assert _subject_rows(page, normalise=True) == [["email", _norm(clean(logged(name)))]]


# ------------------------------------------------------------------ files, languages
def test_export_picks_the_format_by_suffix(dossier: Dossier, tmp_path: Path) -> None:
    d = dossier("tv_fan")
    assert validate_export(export(d, tmp_path / "a.json").read_text(encoding="utf-8")) == d
    assert export(d, tmp_path / "a.md", "en").read_text(encoding="utf-8").startswith("# Your file")
    assert export(d, tmp_path / "a.markdown").read_text(encoding="utf-8").startswith("# Ihre Akte")
    html_path = export(d, tmp_path / "A.HTML")
    assert html_path.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    export(d, tmp_path / "a.htm")
    with pytest.raises(ExportError, match=r"\.pdf"):
        export(d, tmp_path / "a.pdf")
    with pytest.raises(ExportError):
        export(d, tmp_path / "no-suffix")
    # Overwriting works and leaves no temporary files behind.
    export(d, tmp_path / "a.json")
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "A.HTML",
        "a.htm",
        "a.json",
        "a.markdown",
        "a.md",
    ]


@pytest.mark.parametrize("name", ["tv_fan", "privacy"])
def test_exports_are_reproducible(dossier: Dossier, name: str) -> None:
    d = dossier(name)
    assert to_html(d) == to_html(dossier(name))
    assert to_markdown(d, "en") == to_markdown(dossier(name), "en")


@pytest.mark.parametrize("lang", ["de", "en"])
def test_each_language_gets_its_own_ui(dossier: Dossier, lang: str) -> None:
    d = dossier("privacy")
    other = "en" if lang == "de" else "de"
    for text in (to_html(d, lang), to_markdown(d, lang)):
        for key in ("timeline", "conclusions", "recipients", "rights", "adm"):
            assert UI[lang][key] in text or md_escape(UI[lang][key]) in text
            assert UI[other][key] not in text and md_escape(UI[other][key]) not in text


def test_unknown_language_falls_back_to_german(dossier: Dossier) -> None:
    assert to_html(dossier("tv_fan"), "fr") == to_html(dossier("tv_fan"), "de")


# ------------------------------------------------------------------ English throughout
_GERMAN = re.compile(
    r"\b(Sie|Ihr|Ihre|Ihren|und|der|die|das|nicht|für|wir|Tage|Summe|Untersuchen|"
    r"Zahlungsbereitschaft|berechtigtes|Einwilligung|Kaufwahrscheinlichkeit|Schwellen|"
    r"eingang|schaufenster|verkaufsraum|fernsehabteilung|kasse|briefkasten|akte|"
    r"kundenkarte|ausgang|notwendige|alle)\b"
)


def _without(text: str, start: str, end: str) -> tuple[str, str]:
    """``text`` without the part from ``start`` to ``end``, and that part."""
    a = text.index(start)
    b = text.index(end, a)
    return text[:a] + text[b:], text[a:b]


@pytest.mark.parametrize("name", ["tv-fan", "privacy"])
def test_english_exports_are_english_throughout(
    shipped: Callable[[str, str], dict[str, Any]], name: str
) -> None:
    d = shipped(name, "en")
    html_text, html_cards = _without(to_html(d, "en"), '<section id="reality">', "</section>")
    md_text, md_cards = _without(
        to_markdown(d, "en"), f". {UI['en']['reality']}\n", f". {UI['en']['charts']}\n"
    )
    for text in (
        "\n".join(parse(html_text).text),
        "\n".join(parse(render_markdown(md_text)).text),
    ):
        german = [line for line in text.split("\n") if _GERMAN.search(line)]
        assert not german, german[:3]
    # The reality cards quote German sources: their titles are labelled as German.
    for cards in (html_cards, md_cards):
        for line in cards.split("\n"):
            if line.strip().startswith(("Sources:", '<p class="meta">Sources:')):
                assert line.count("(original in German)") >= 1, line
    # Rules in English, not the engine's German formulas.
    logic = d["automated_decision_making"]["logic"]
    assert logic
    visible = "".join(parse(html_text).text)
    for rule in logic:
        assert rule["rule_text"]["en"] in visible
        assert rule["text"] == rule["rule_text"]["en"] and rule["text_lang"] == "en"
        german = rule["rule_text"]["de"]
        assert german not in visible and german not in md_text


def test_a_german_session_exported_in_english_says_its_texts_are_quoted(
    dossier: Dossier,
) -> None:
    d = dossier("tv_fan")  # played in German
    assert UI["en"]["quoted_as_read"] in to_html(d, "en")
    assert UI["en"]["quoted_as_read"] not in to_html(d, "de")


@pytest.mark.parametrize("name", sorted(WALKS))
def test_no_internal_id_reaches_a_reader(dossier: Dossier, name: str) -> None:
    d = dossier(name)
    internal = re.compile(r"\b[a-z]+_[a-z_]+\b|\bpd:Behavioral\b")
    for lang in ("de", "en"):
        for text in (
            "".join(parse(to_html(d, lang)).text),
            "".join(parse(render_markdown(to_markdown(d, lang))).text),
        ):
            assert not internal.findall(text), sorted(set(internal.findall(text)))
        assert "\\_" not in to_markdown(d, lang)


def test_an_older_dossier_is_refused_with_a_reason_not_a_traceback(
    dossier: Dossier, tmp_path: Path
) -> None:
    old = dossier("tv_fan")
    old["version"] = 2
    for suffix in (".html", ".md"):
        with pytest.raises(ExportError, match=r"v2.*export it again from the save"):
            export(old, tmp_path / f"akte{suffix}")
    assert not list(tmp_path.iterdir())  # nothing half-written


@pytest.mark.parametrize("lang", ["de", "en"])
def test_the_html_draws_its_charts_from_the_file(
    shipped: Callable[[str, str], dict[str, Any]], lang: str
) -> None:
    """Time per scene, interest over time, the route: inline SVG, with the file's figures."""
    from kaufhaus.dossier import charts

    d = shipped("tv-fan", lang)
    page = to_html(d, lang)
    section = page[page.index('<section id="charts">') : page.index('<section id="timeline">')]
    assert section.count("<svg") == 3 and "<script" not in section
    dwell = charts.dwell_by_scene(d, lang)
    seconds = d["profile"]["scene_dwell_seconds"]
    assert round(sum(s for _, s in dwell), 3) == round(sum(seconds.values()), 3)
    for label, value in dwell:
        assert f">{label}</text>" in section and f">{value:.0f} " in section
    places, _ = charts.route(d, lang)
    entered = [e for e in d["events"] if e["kind"] == "scene_enter"]
    assert len(places) <= len(entered) and places
    title = d["scenes"][entered[0]["target"] or entered[0]["scene"]]["title"][lang]
    assert places[0] == title
    counts, _, _ = charts.interest_timeline(d)
    interest = {
        i for r in d["inferences"] if r["kind"] in charts.INTEREST_KINDS for i in r["evidence"]
    }
    assert sum(counts) == len(interest) > 0


def test_chart_labels_are_escaped() -> None:
    from kaufhaus.dossier.charts import bars_svg, route_svg

    svg = bars_svg([("<script>alert(1)</script>", 3.0)], "s", "t") + route_svg(
        ["<b>x</b>"], 0, "t", ""
    )
    assert "<script>" not in svg and "&lt;script&gt;" in svg and "&lt;b&gt;" in svg
