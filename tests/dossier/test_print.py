"""The HTML dossier prints: A4 with page numbers, sensible breaks, whole words, the total.

The first tests read the page's own CSS and markup; the last ones render it
in headless Chromium (Debian's ``chromium``) to a PNG and a PDF, and are
skipped where Chromium is not installed. Set ``KAUFHAUS_SHOTS=/some/dir`` to
keep copies of the renderings for a look.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from kaufhaus.dossier.export import to_html, to_markdown
from kaufhaus.dossier.texts import ORIGIN_LABELS, PURPOSE_SHORT, UI
from kaufhaus.tracking.purposes import BASIS_LABEL
from tests.chromium import CHROMIUM
from tests.chromium import FLAGS as BROWSER_FLAGS
from tests.conftest import ROOT
from tests.dossier.test_export import parse

Shipped = Callable[[str, str], dict[str, Any]]

FLAGS = [*BROWSER_FLAGS, "--no-pdf-header-footer"]


def _style(markup: str) -> str:
    return "".join(parse(markup).style)


@pytest.mark.parametrize("lang", ["de", "en"])
def test_the_page_is_laid_out_for_a4_with_page_numbers(shipped: Shipped, lang: str) -> None:
    markup = to_html(shipped("tv-fan", lang), lang)
    css = re.sub(r"\s+", " ", _style(markup))
    assert "@page { size: A4;" in css
    assert f'content: "{UI[lang]["page"]} " counter(page) " / " counter(pages)' in css
    # Breaks: no table row split, headings kept with what follows, cards whole.
    assert re.search(r"tr, [^{]*\{ break-inside: avoid;", css)
    assert re.search(r"h2, h3, h4 \{ break-after: avoid;", css)
    assert "thead { display: table-header-group; }" in css
    # No word is ever broken in the middle to fit.
    assert "hyphens: manual" in css
    assert "break-all" not in css and "anywhere" not in css


WALKTHROUGHS = sorted(p.stem for p in (ROOT / "walkthroughs").glob("*.yaml"))


@pytest.mark.parametrize("lang", ["de", "en"])
@pytest.mark.parametrize("name", WALKTHROUGHS)
def test_no_raw_term_or_key_reaches_a_reader(shipped: Shipped, name: str, lang: str) -> None:
    """People read words: no DPV term, no field key, no seed, no event id in a heading,
    in the HTML and the Markdown of every shipped walkthrough."""
    d = shipped(name, lang)
    markup = to_html(d, lang)
    text = "\n".join(parse(markup).text)
    markdown = re.sub(r"<!--.*?-->", "", to_markdown(d, lang), flags=re.S)
    for shown in (text, markdown):
        raw = re.findall(r"\b(?:dpv|pd|eu-gdpr):[A-Za-z]\w*", shown)
        assert not raw, raw
        assert "email" not in shown.replace("@example.org", "")
        assert not re.search(rf"\b{UI[lang]['seed']}\b", shown)
    headings = [
        re.sub(r"<[^>]+>", "", h) for h in re.findall(r"<h[1-4][^>]*>(.*?)</h[1-4]>", markup)
    ]
    assert headings and not [h for h in headings if re.search(r"#\d", h)], headings


@pytest.mark.parametrize("lang", ["de", "en"])
def test_the_money_total_is_on_the_cover(shipped: Shipped, lang: str) -> None:
    d = shipped("tv-fan", lang)
    markup = to_html(d, lang)
    cover = markup[markup.index('<header class="cover">') : markup.index("</header>")]
    paid = "1.582,21\u00a0€" if lang == "de" else "€1,582.21"
    assert d["payments"]["total_paid"] == 1582.21
    assert paid in cover


# ------------------------------------------------------------------ Chromium
def _render(html: Path, out: Path, *flags: str) -> None:
    subprocess.run(
        [str(CHROMIUM), *FLAGS, f"--user-data-dir={out.parent / 'profile'}", *flags, html.as_uri()],
        check=True,
        capture_output=True,
        timeout=180,
    )
    assert out.exists() and out.stat().st_size > 0


def _pages(pdf: Path) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf.read_bytes()))


@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed")
@pytest.mark.parametrize(("name", "lang"), [("tv-fan", "de"), ("tv-fan", "en"), ("privacy", "en")])
def test_chromium_prints_a_first_layer_of_at_most_four_pages(
    shipped: Shipped, tmp_path: Path, name: str, lang: str
) -> None:
    """The card, the conclusions, the rights and whom to contact fit on four A4 pages
    (with the contents list); the full record follows as the appendix."""
    html = tmp_path / f"{name}-{lang}.html"
    html.write_text(to_html(shipped(name, lang), lang), encoding="utf-8")
    png, pdf = tmp_path / f"{name}-{lang}.png", tmp_path / f"{name}-{lang}.pdf"
    _render(html, png, "--window-size=1200,2400", f"--screenshot={png}")
    _render(html, pdf, f"--print-to-pdf={pdf}")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert pdf.read_bytes()[:5] == b"%PDF-"
    pages = _pages(pdf)
    assert pages > 4
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
        ).stdout.split("\f")
        ui = UI[lang]
        word = ui["page"]
        for number, page in enumerate(text[:pages], 1):
            assert f"{word} {number} / {pages}" in page, (number, page[-200:])
        # The appendix's title heads the first page after the first layer.
        heading = ui["appendix_title"]
        starts = [n for n, page in enumerate(text[:pages], 1) if heading in page]
        first_layer = starts[-1] - 1
        assert 1 <= first_layer <= 4, first_layer
        front = "\n".join(text[:first_layer])
        for needed in (ui["toc"], ui["rights"], ui["conclusions"], ui["contact"]):
            assert needed in front, needed
        assert ui["timeline"] in "".join(text[first_layer:])
        # No heading of the first layer is left alone at the foot of a page.
        for page in text[:first_layer]:
            lines = [line.strip() for line in page.strip().split("\n") if line.strip()]
            tail = lines[-2] if len(lines) > 1 else ""
            assert tail not in (ui["toc"], ui["rights"], ui["contests"], ui["contact"]), tail
        # No word of the timeline's labels is split across lines to fit a column
        # (in reading order, a split word is its head, a line break, its tail).
        raw = subprocess.run(
            ["pdftotext", "-raw", str(pdf), "-"], check=True, capture_output=True, text=True
        ).stdout
        labels = [
            *(label[lang] for label in PURPOSE_SHORT.values()),
            *(label[lang] for label in ORIGIN_LABELS.values()),
            *(label[lang] for label in BASIS_LABEL.values()),
        ]
        for word in {w.strip(",()") for label in labels for w in label.split()}:
            for cut in range(2, len(word) - 1):
                assert f"{word[:cut]}\n{word[cut:]}" not in raw, (word, cut)
    keep = os.environ.get("KAUFHAUS_SHOTS")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        for path in (html, png, pdf):
            shutil.copy(path, Path(keep) / path.name)
