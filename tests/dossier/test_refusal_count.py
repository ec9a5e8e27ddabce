"""One count of "processed despite your refusal", and only what was refused (issue 20,
playtest 3).

On the banner pack (``tests/fixtures/banner``): "settings" with advertising unticked
refuses advertising only, and nothing is processed for it, so no tab, card or export
says "although you said no" (the old count said every event after the banner).
"Only necessary" turns down everything the sale does not need; what the shop goes on
doing on "legitimate interest" is processed despite it, and every place says the
same number.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from kaufhaus.dossier.card import card_point, word
from kaufhaus.dossier.export import to_html, to_markdown
from kaufhaus.dossier.model import build_dossier
from kaufhaus.game import Game
from kaufhaus.plain import run_plain
from kaufhaus.play.glance import glance, glance_summary
from kaufhaus.play.strings import tr
from kaufhaus.story.loader import load_pack
from kaufhaus.story.model import Story
from kaufhaus.walkthrough import parse_walkthrough, play
from tests.conftest import ROOT
from tests.tui.helpers import FakeClock

PACK = ROOT / "tests" / "fixtures" / "banner"
#: "Although you said no" / "despite your refusal", in every wording the game has.
DESPITE = {
    "de": (
        "Obwohl Sie abgelehnt haben",
        "trotz Ablehnung",
        "Sie haben am Banner abgelehnt",
        "Nach Ihrer Ablehnung",
    ),
    "en": (
        "Although you said no",
        "despite your refusal",
        "You said no at the banner",
        "After your refusal",
    ),
}


@pytest.fixture(scope="module")
def banner() -> Story:
    return load_pack(PACK)


def _game(story: Story, answer: str, lang: str) -> Game:
    steps = f"  - choose: {answer}\n  - choose: hinten\n  - choose: raus\n"
    return play(story, parse_walkthrough(f"lang: {lang}\nseed: 1\nsteps:\n{steps}"))


def _plain(story: Story, saves: Path, answer: int, lang: str) -> str:
    """Plain mode to the reveal: the card, then the legal section (5)."""
    queue = ["1", str(answer), "1", "1", "5", ""]
    out = io.StringIO()

    def reply(prompt: str) -> str:
        if not queue:
            raise EOFError
        return queue.pop(0)

    run_plain(story, lang=lang, seed=1, saves=saves, input_fn=reply, output=out, clock=FakeClock())
    text = out.getvalue()
    return text[text.index({"de": "Sie sind draußen.", "en": "You are outside."}[lang]) :]


def _everywhere(game: Game, story: Story, saves: Path, answer: int, lang: str) -> dict[str, str]:
    dossier = build_dossier(game)
    cards = {c["id"]: c for c in dossier["reality_checks"]}
    point = card_point(dossier, lang)
    return {
        "point": point.refused or "",
        "card": cards["consent"]["session"][lang],
        "screen": "\n".join(glance_summary(glance(game), lang)),
        "plain": _plain(story, saves, answer, lang),
        "markdown": to_markdown(dossier, lang=lang),
        "html": to_html(dossier, lang=lang),
    }


@pytest.mark.parametrize("lang", ["de", "en"])
def test_refusing_advertising_only_is_processed_despite_nowhere(
    banner: Story, tmp_path: Path, lang: str
) -> None:
    game = _game(banner, "einstellungen", lang)
    refusal = build_dossier(game)["consent"]["after_refusal"]
    assert refusal["refused"] == ["advertising"] and refusal["processed"] == 0
    said = _everywhere(game, banner, tmp_path, 2, lang)
    assert said["point"] == ""  # the card's point says nothing of a refusal
    assert (
        said["card"]
        == {
            "de": "Sie haben „Auswahl gespeichert“ gewählt. Für das, was Sie damit "
            "abgelehnt haben, wurde danach kein Ereignis verarbeitet.",
            "en": "You chose “Saved choices”. Nothing was processed afterwards for what that "
            "refused.",
        }[lang]
    )
    for where in ("screen", "plain", "markdown", "html"):
        assert not [w for w in DESPITE[lang] if w in said[where]], where


@pytest.mark.parametrize("lang", ["de", "en"])
def test_necessary_only_gives_one_count_everywhere(
    banner: Story, tmp_path: Path, lang: str
) -> None:
    game = _game(banner, "notwendige", lang)
    n = build_dossier(game)["consent"]["after_refusal"]["processed"]
    assert n > 0
    said = _everywhere(game, banner, tmp_path, 3, lang)
    point = word("point_refused", lang, n=n)
    screen = tr("reveal_after_refusal", lang, n=str(n))
    assert said["point"] == point and f" {n} " in said["card"]
    assert screen in said["screen"]
    assert point in said["plain"] and screen in said["plain"]
    legal = rf"(Nach Ihrer Ablehnung|After your refusal)[^.]*\) [^.]*\b{n}\b"
    for where in ("markdown", "html"):
        assert point in said[where] and re.search(legal, said[where]), where


@pytest.mark.parametrize("lang", ["de", "en"])
@pytest.mark.parametrize(
    ("answer", "purpose", "basis"),
    [
        ("alle", "personalisation", "consent"),
        ("einstellungen", "personalisation", "consent"),
        ("notwendige", "price_optimisation", "legitimate_interest"),
    ],
)
def test_the_returning_customer_rests_on_the_basis_the_shop_used(
    banner: Story, lang: str, answer: str, purpose: str, basis: str
) -> None:
    """ "Stammkundschaft … Zweck: Personalisierung · Rechtsgrundlage: Einwilligung" in
    the file of a returning player who answered "only necessary": the cookie is read
    before the banner and used whatever it says, so with personalisation refused the
    conclusion is the shop's legitimate interest, not a consent it never got, and the
    file does not list it among the refused purposes it kept to (playtest 2, German)."""
    steps = f"  - choose: {answer}\n  - choose: hinten\n  - choose: raus\n"
    cookie = "cookie: {visits: 1, interests: {}}\n"
    game = play(banner, parse_walkthrough(f"lang: {lang}\nseed: 1\n{cookie}steps:\n{steps}"))
    d = build_dossier(game)
    returning = [i for i in d["inferences"] if i["kind"] == "returning_customer"]
    assert len(returning) == 1
    found = returning[0]
    assert (found["purpose"], found["legal_basis"]) == (purpose, basis)
    assert found["purpose"] not in d["consent"]["refused"]
    assert found["purpose_refused"] is False
    label = {
        "consent": ("Einwilligung", "consent"),
        "legitimate_interest": ("berechtigtes Interesse", "legitimate interest"),
    }[basis]
    assert found["legal_basis_label"][lang] == label[0 if lang == "de" else 1]


@pytest.mark.parametrize("lang", ["de", "en"])
def test_the_banner_answer_is_one_row_and_its_time_another(banner: Story, lang: str) -> None:
    """ "Sie haben „Nur notwendige“ gewählt" twice in the log, once as the banner's
    answer and once as the click: the click's row says the time it took (playtest 2)."""
    d = build_dossier(_game(banner, "notwendige", lang))
    said = [e["description"][lang] for e in d["events"]]
    label = {"de": "„Nur notwendige“", "en": "“Necessary only”"}[lang]
    assert len([s for s in said if label in s]) == 1, said
    answer = next(i for i, e in enumerate(d["events"]) if e["kind"] == "consent")
    click = d["events"][answer + 1]
    assert click["kind"] == "choice"
    assert {"de": "Für diese Antwort am Banner brauchten Sie", "en": "You took"}[lang] in said[
        answer + 1
    ]
    # Any other choice keeps its label.
    assert any(
        e["kind"] == "choice" and "Nach hinten" in e["description"]["de"] for e in d["events"]
    )
