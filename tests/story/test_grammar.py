"""Grammar from data: products and things declare number, gender and case forms,
sentences agree with them, and ``check`` names an entry that lacks them."""

from __future__ import annotations

from pathlib import Path

import pytest

from kaufhaus.dossier.model import _StoryView, describe_event
from kaufhaus.facades import facade_api
from kaufhaus.game import Game
from kaufhaus.story.check import check_pack
from kaufhaus.story.loader import load_pack
from kaufhaus.tracking.events import Event, Kind
from tests.story.agreement import agreement_problems
from tests.story.helpers import run_cli, write_pack

CATALOGUE = """\
catalogue:
  jacke:
    name: {de: Winterjacke, en: winter jacket}
    forms: {nom: die Winterjacke, acc: die Winterjacke, dat: der Winterjacke}
    gender: f
    number: sg
    category: mode
    price: 129
  mantel:
    name: {de: Pelzmantel, en: fur coat}
    forms: {nom: der Pelzmantel, acc: den Pelzmantel, dat: dem Pelzmantel}
    gender: m
    number: sg
    category: mode
    price: 899
  tabletten:
    name: {de: Kopfschmerztabletten, en: headache tablets}
    forms:
      nom: die Kopfschmerztabletten
      acc: die Kopfschmerztabletten
      dat: den Kopfschmerztabletten
    number: pl
    category: drogerie
    price: 4.49
  kondome:
    name: {de: Kondome im Sparpack, en: value pack of condoms}
    forms:
      nom: die Kondome im Sparpack
      acc: die Kondome im Sparpack
      dat: den Kondomen im Sparpack
    number: {de: pl, en: sg}
    category: drogerie
    price: 9.99
"""


def pack(tmp_path: Path, window: dict[str, str], catalogue: str = CATALOGUE) -> Path:
    """A shop window that shows what the shop thinks you want most."""
    items = "\n".join(
        f"      - {{id: {pid}, label: {pid}, text: {pid}, product: {pid}}}"
        for pid in ("jacke", "mantel", "tabletten", "kondome")
    )
    story = f"""\
id: fenster
languages: [de, en]
start: fenster
{catalogue}
scenes:
  - id: fenster
    title: {{de: Fenster, en: Window}}
    text:
      de: "{window["de"]}"
      en: "{window["en"]}"
    items:
{items}
    choices:
      - {{id: weg, label: {{de: Weiter, en: On}}, goto: ende}}
  - id: ende
    title: {{de: Ende, en: End}}
    text: {{de: Aus., en: Over.}}
    ending: done
"""
    return write_pack(tmp_path / "fenster", {"story.yaml": story})


BROKEN = {
    "de": "{% if shop.top %}Im Fenster steht {{ shop.the(shop.top) }}. "
    "Ein Schild für {{ shop.the(shop.top) }}.{% endif %}",
    "en": "{% if shop.top %}In the window stands {{ shop.the(shop.top) }}.{% endif %}",
}
AGREEING = {
    "de": "{% if shop.top %}Im Fenster {{ shop.verb(shop.top, 'steht', 'stehen') }} "
    "{{ shop.the(shop.top) }}. Ein Schild für {{ shop.the(shop.top, 'acc') }}.{% endif %}",
    "en": "{% if shop.top %}In the window {{ shop.verb(shop.top, 'stands', 'stand') }} "
    "{{ shop.the(shop.top) }}.{% endif %}",
}


def test_a_sentence_that_does_not_agree_is_found_for_each_product(tmp_path: Path) -> None:
    story = load_pack(pack(tmp_path, BROKEN), api=facade_api())
    problems, checked, blind = agreement_problems(story)
    assert checked == 8  # one text, four products, two languages
    assert not blind
    found = {(p.lang, p.product, p.why) for p in problems}
    assert found == {
        ("de", "tabletten", "'steht'"),
        ("de", "kondome", "'steht'"),
        ("de", "mantel", "'für' + nom"),
        ("en", "tabletten", "'stands'"),
    }


def test_shop_verb_and_the_case_make_every_product_agree(tmp_path: Path) -> None:
    story = load_pack(pack(tmp_path, AGREEING), api=facade_api())
    problems, checked, blind = agreement_problems(story)
    assert checked == 8 and not blind
    assert problems == []


#: The verb a few adverbs away, and an article and adjective the text writes itself.
AT_A_DISTANCE = {
    "de": "{% if shop.top %}Im Fenster steht heute nur {{ shop.the(shop.top) }}. "
    "Der neue {{ shop.name(shop.top) }} glänzt.{% endif %}",
    "en": "{% if shop.top %}In the window stands only {{ shop.the(shop.top) }}. "
    "A new {{ shop.name(shop.top) }} shines.{% endif %}",
}


def disagreements(tmp_path: Path, window: dict[str, str]) -> set[tuple[str, str, str]]:
    """(language, product, why) of each disagreement in the window, every text seen."""
    problems, checked, blind = agreement_problems(
        load_pack(pack(tmp_path, window), api=facade_api())
    )
    assert checked == 8 and not blind  # one text, four products, two languages
    return {(p.lang, p.product, p.why) for p in problems}


def test_a_verb_in_the_same_clause_and_a_written_article_are_checked(tmp_path: Path) -> None:
    assert disagreements(tmp_path, AT_A_DISTANCE) == {
        ("de", "tabletten", "'steht'"),  # "steht heute nur die Kopfschmerztabletten"
        ("de", "kondome", "'steht'"),
        ("de", "jacke", "der 'neue'"),  # "der" is the dative here: "der neuen Winterjacke"
        ("de", "tabletten", "'der' + Kopfschmerztabletten"),
        ("de", "kondome", "'der' + Kondome im Sparpack"),
        ("en", "tabletten", "'stands'"),
        ("en", "tabletten", "'a' + pl"),  # "a new headache tablets"
    }


def test_a_verb_for_another_subject_is_not_held_against_the_product(tmp_path: Path) -> None:
    # "wartet" belongs to the man, "haben" to "Sie": neither must agree with the product.
    other = {
        "de": "{% if shop.top %}Der Mann wartet, und Sie haben wohl "
        "{{ shop.the(shop.top, 'acc') }} im Blick.{% endif %}",
        "en": "{% if shop.top %}The man waits, and you have {{ shop.the(shop.top) }} "
        "in view.{% endif %}",
    }
    assert disagreements(tmp_path, other) == set()


@pytest.mark.parametrize(
    ("lang", "pid", "expected"),
    [
        ("de", "jacke", "steht die Winterjacke"),
        ("de", "tabletten", "stehen die Kopfschmerztabletten"),
        ("de", "mantel", "steht der Pelzmantel"),
        ("en", "kondome", "stands the value pack of condoms"),
        ("en", "tabletten", "stand the headache tablets"),
    ],
)
def test_the_window_reads_right_for_the_product_in_it(
    tmp_path: Path, lang: str, pid: str, expected: str
) -> None:
    story = load_pack(
        pack(
            tmp_path,
            {
                "de": f"Im Fenster {{{{ shop.verb('{pid}', 'steht', 'stehen') }}}} "
                f"{{{{ shop.the('{pid}') }}}}.",
                "en": f"In the window {{{{ shop.verb('{pid}', 'stands', 'stand') }}}} "
                f"{{{{ shop.the('{pid}') }}}}.",
            },
        ),
        api=facade_api(),
    )
    game = Game(story, lang=lang, record_shown=False)
    game.start(0.0, {}, render=False)
    assert expected in game.render_text(story.scenes["fenster"].text)


def test_check_names_a_product_without_its_grammar(tmp_path: Path) -> None:
    catalogue = (
        CATALOGUE.replace("    gender: m\n", "")
        .replace("    number: pl\n", "")
        .replace("dat: der Winterjacke", "dat: die Winterjacke")
    )
    folder = pack(tmp_path, AGREEING, catalogue)
    _story, problems = check_pack(folder, api=facade_api())
    grammar = {(p.pos.line, p.pos.column, p.message) for p in problems if p.code == "KH067"}
    assert all(p.severity == "warning" for p in problems if p.code == "KH067")
    lines = (folder / "story.yaml").read_text(encoding="utf-8").splitlines()
    assert grammar == {
        (
            lines.index("  jacke:") + 1,
            3,
            "product 'jacke': German dat form 'die Winterjacke' should begin with 'der'",
        ),
        (lines.index("  mantel:") + 1, 3, "product 'mantel': no German gender (gender: m, f or n)"),
        (
            lines.index("  tabletten:") + 1,
            3,
            "product 'tabletten': no number for de, en (number: sg or pl)",
        ),
    }


#: A TV whose accusative keeps the nominative's adjective ("den große Fernseher"),
#: and tablets whose adjective takes the singular's ending ("die neue Tabletten").
ADJECTIVES = """\
  fernseher:
    name: {de: großer Fernseher, en: big TV}
    forms: {nom: der große Fernseher, acc: den große Fernseher, dat: dem großen Fernseher}
    gender: m
    number: sg
    category: technik
    price: 999
  neue:
    name: {de: neue Tabletten, en: new tablets}
    forms: {nom: die neue Tabletten, acc: die neuen Tabletten, dat: den neuen Tabletten}
    number: pl
    category: drogerie
    price: 5
"""


def test_check_names_an_adjective_that_does_not_agree(tmp_path: Path) -> None:
    folder = pack(tmp_path, AGREEING, CATALOGUE + ADJECTIVES)
    _story, problems = check_pack(folder, api=facade_api())
    lines = (folder / "story.yaml").read_text(encoding="utf-8").splitlines()
    assert {(p.pos.line, p.message) for p in problems if p.code == "KH067"} == {
        (
            lines.index("  fernseher:") + 1,
            "product 'fernseher': German acc form 'den große Fernseher': the adjective "
            "'große' should end in -en after 'den'",
        ),
        (
            lines.index("  neue:") + 1,
            "product 'neue': German nom form 'die neue Tabletten': the adjective 'neue' "
            "should end in -en after 'die'",
        ),
    }


def test_agreeing_adjectives_and_words_after_the_noun_pass(tmp_path: Path) -> None:
    # A dark keg as the shipped story has one, an undeclined colour and a phrase after the noun.
    fine = (
        ADJECTIVES.replace("acc: den große", "acc: den großen").replace(
            "nom: die neue Tabletten", "nom: die neuen Tabletten"
        )
        + """\
  fass: {name: {de: dunkles Fass, en: dark keg}, gender: n, number: sg, category: genuss,
    price: 25, forms: {nom: das dunkle Fass, acc: das dunkle Fass, dat: dem dunklen Fass}}
  tuch: {name: {de: lila Tuch, en: purple cloth}, gender: n, number: sg, category: mode,
    price: 7, forms: {nom: das lila Tuch, acc: das lila Tuch, dat: dem lila Tuch}}
"""
    )
    _story, problems = check_pack(pack(tmp_path, AGREEING, CATALOGUE + fine), api=facade_api())
    assert [p for p in problems if p.code == "KH067"] == []


def test_a_product_without_forms_is_named_with_file_line_and_column(tmp_path: Path) -> None:
    # A product only a text names (a window's "Schal"), never declared for grammar.
    catalogue = CATALOGUE + "  schal: {name: {de: Schal, en: scarf}, category: mode, price: 9.5}\n"
    folder = pack(tmp_path, AGREEING, catalogue)
    line = (
        (folder / "story.yaml")
        .read_text(encoding="utf-8")
        .splitlines()
        .index("  schal: {name: {de: Schal, en: scarf}, category: mode, price: 9.5}")
    )
    result = run_cli("check", str(folder))
    assert result.returncode == 0, result.stderr  # a warning: the pack still plays
    out = result.stdout + result.stderr
    assert (
        f"{folder / 'story.yaml'}:{line + 1}:3: KH067 warning: product 'schal': "
        "no number for de, en (number: sg or pl); no German forms for nom, acc, dat" in out
    )


def test_unknown_gender_or_number_is_an_error(tmp_path: Path) -> None:
    catalogue = CATALOGUE.replace("gender: m", "gender: maskulin").replace(
        "number: pl", "number: viele"
    )
    _story, problems = check_pack(pack(tmp_path, AGREEING, catalogue), api=facade_api())
    errors = sorted(p.message for p in problems if p.severity == "error")
    assert errors == [
        "unknown gender 'maskulin' of 'mantel'",
        "unknown number 'viele' of 'tabletten'",
    ]


@pytest.mark.parametrize(
    ("kind", "pid", "de", "en"),
    [
        (
            Kind.PRICE_SHOWN,
            "jacke",
            "Wir haben Ihnen die Winterjacke für",
            "We showed you the winter jacket at",
        ),
        (
            Kind.PRICE_SHOWN,
            "mantel",
            "Wir haben Ihnen den Pelzmantel für",
            "We showed you the fur coat at",
        ),
        (
            Kind.PRICE_CHANGE,
            "mantel",
            "Ihren Preis für den Pelzmantel von",
            "your price for the fur coat from",
        ),
        (
            Kind.PRICE_LOOK,
            "tabletten",
            "geschaut: die Kopfschmerztabletten für",
            "checked the price: the headache tablets at",
        ),
    ],
)
def test_log_lines_name_the_product_with_its_article(
    tmp_path: Path, kind: Kind, pid: str, de: str, en: str
) -> None:
    story = load_pack(pack(tmp_path, AGREEING), api=facade_api())
    event = Event(
        7,
        kind,
        3.0,
        "fenster",
        pid,
        {"product": pid, "price_cents": 12900, "normal_cents": 12900, "old_cents": 12000},
    )
    words = describe_event(event, _StoryView(story), on_screen=True)
    assert de in words["de"]
    assert en in words["en"]


def test_a_coupon_for_a_product_takes_the_accusative(tmp_path: Path) -> None:
    story = load_pack(pack(tmp_path, AGREEING), api=facade_api())
    event = Event(3, Kind.COUPON, 1.0, "fenster", None, {"action": "take", "product": "mantel"})
    words = describe_event(event, _StoryView(story))
    assert words["de"] == "Sie haben den Coupon genommen (für den Pelzmantel)."
    assert words["en"] == "You took the coupon (for the fur coat)."
