"""No "(s)", "(en)", "(se)" for a player to read, and German decimals with a comma.

Every shipped walkthrough is played in German and in English; what the
player reads on the way (the transcript), the file at the end (the Markdown
export holds every card, conclusion and log line) and the terminal reveal's
own lines are searched for lazy plurals and for English decimal points in
German text.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from kaufhaus.dossier.export import to_markdown
from kaufhaus.dossier.model import build_dossier
from kaufhaus.play.describe import event_line, inference_headline, inference_reason
from kaufhaus.story.model import Story
from kaufhaus.tracking.numbers import counted, decimal_text
from kaufhaus.walkthrough import Transcript, load_walkthrough, play
from tests.conftest import WALKTHROUGHS

#: "Coupon(s)", "Ereignis(se)", "Tag(en)", "Interesse(n)", "Ort(e)" …
LAZY_PLURAL = re.compile(r"\w+\((?:s|en|se|sen|n|e|er|es)\)")
#: "2.7 s", "nach 0.5 Sekunden" in German text (thousands like "5.000 Punkte" do not match).
POINT_DECIMAL = re.compile(r"\b\d+\.(?!\d{3}\b)\d+\s?(?:s\b|Sek|Punkt|Tag|%)")


def _read_everything(story: Story, path: Path, lang: str) -> str:
    walkthrough = dataclasses.replace(load_walkthrough(path), lang=lang)
    transcript = Transcript()
    game = play(story, walkthrough, transcript=transcript)
    dossier = build_dossier(game)
    lines = list(transcript.lines)
    lines.append(to_markdown(dossier, lang))
    lines += [event_line(e, game.story, lang) for e in game.log.events()]
    for inference in game.profile.inferences():
        data = inference.as_dict()
        lines.append(inference_headline(data, story, lang))
        lines.append(inference_reason(data, lang))
    return "\n".join(lines)


WALKS = sorted(WALKTHROUGHS.glob("*.yaml"))


@pytest.mark.parametrize("lang", ["de", "en"])
@pytest.mark.parametrize("path", WALKS, ids=[p.stem for p in WALKS])
def test_no_lazy_plurals_on_any_walkthrough(story: Story, path: Path, lang: str) -> None:
    text = _read_everything(story, path, lang)
    lazy = sorted({m.group(0) for m in LAZY_PLURAL.finditer(text)})
    assert not lazy, f"{path.name} ({lang}): {lazy}"
    if lang == "de":
        points = sorted({m.group(0) for m in POINT_DECIMAL.finditer(text)})
        assert not points, f"{path.name}: decimal points in German: {points}"


def test_there_are_walkthroughs_to_read() -> None:
    assert len(WALKS) >= 2


def test_counted_picks_the_form_by_number() -> None:
    template = "{n} {n|Ereignis|Ereignisse}, {k} {k|Folgerung|Folgerungen}"
    assert counted(template, {"n": 1, "k": 2}).format(n=1, k=2) == "1 Ereignis, 2 Folgerungen"
    assert counted(template, {"n": 0, "k": 1}).format(n=0, k=1) == "0 Ereignisse, 1 Folgerung"
    assert counted("{n} {n|coupon|coupons}", {"n": 3}) == "{n} coupons"
    assert counted("no count here {x}", {}) == "no count here {x}"


def test_decimals_are_written_as_each_language_does() -> None:
    assert decimal_text(2.7, "de") == "2,7"
    assert decimal_text(2.7, "en") == "2.7"
    assert decimal_text(3.0, "de") == "3"
    assert decimal_text(1234.5, "de") == "1.234,5"


def test_every_ui_string_fills_for_one_and_for_many() -> None:
    """Each "{n|…|…}" in the UI strings resolves, for 1 and for 2 (no stray braces)."""
    import string

    from kaufhaus.play.strings import STRINGS, tr

    for key, entry in STRINGS.items():
        for lang in entry:
            names = {f for _, f, _, _ in string.Formatter().parse(counted(entry[lang], {})) if f}
            for n in (1, 2):
                text = tr(key, lang, **{name: n for name in names}) if names else tr(key, lang)
                assert "|" not in text and "{" not in text, (key, lang, text)
