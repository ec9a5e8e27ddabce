"""Small groups stay small: the attacks of issue 21, tried on the report, the room and compare.

Each test builds a class whose numbers invite one attack (subtracting shown
counts from a shown total, watching a row appear, multiplying a mean by its
count, comparing two hand-ins) and checks that the attack yields nothing
below three.
"""

from __future__ import annotations

import itertools
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kaufhaus.classroom.control import control_context
from kaufhaus.classroom.report import render_report
from kaufhaus.classroom.server import ClassServer, ServeConfig
from kaufhaus.classroom.stats import MIN_GROUP, aggregate, complementary
from kaufhaus.cli import main
from kaufhaus.play.handin import ClassMode, handin_from_dossier, write_handin, write_live

PRODUCTS = {
    "tv": {"de": "65-Zoll-UHD-Fernseher", "en": "TV"},
    "kondome": {"de": "Kondome im Sparpack", "en": "condoms"},
}


def pupil(
    choice: str = "all",
    *,
    bought: tuple[str, ...] = (),
    predicted: tuple[str, ...] = (),
    conclusions: tuple[str, ...] = (),
    difference: float = 0.0,
) -> dict[str, Any]:
    """The fields of a hand-in the counts read, for one made-up pupil."""
    return {
        "consent": {
            "choice": choice,
            "label": {"de": choice, "en": choice},
            "granted": [],
            "refused": [] if choice == "all" else ["marketing"],
        },
        "events_after_refusal": 0 if choice == "all" else 10,
        "conclusions": [
            {
                "kind": "interest",
                "subject": s,
                "label": {"de": f"Interesse: {s}", "en": s},
                "name": {"de": s, "en": s},
            }
            for s in conclusions
        ],
        "segments": [],
        "products": PRODUCTS,
        "sensitive": {"kondome": "sex_life"},
        "predictions": [
            {
                "product": p,
                "probability": 0.7 if p in predicted else 0.2,
                "predicted": p in predicted,
                "bought": p in bought,
            }
            for p in PRODUCTS
        ],
        "bought": list(bought),
        "paid_difference": difference,
        "ended": True,
    }


def room(records: list[dict[str, Any]], tmp_path: Path, *, art9: bool = False) -> str:
    for i, record in enumerate(records):
        live = {**handin_from_dossier({}), **record}
        write_live(ClassMode(tmp_path, f"g-{i:08d}"), live)
    server = ClassServer(ServeConfig(folder=tmp_path, teacher_token="t"))
    context = control_context(tmp_path, "de", running=len(records), art9=art9)
    return server.templates.get_template("control.html").render(lang="de", **context)


def consent_cells(page: str) -> dict[str, str]:
    table = page.split('id="consent"', 1)[1].split("</table>", 1)[0]
    return {
        label: re.sub(r"<[^>]+>", "", value).strip()
        for label, value in re.findall(r"<tr><td>([^<]*)</td><td>(.*?)</td></tr>", table)
    }


def test_agreed_minus_accepted_all_reveals_no_one(tmp_path: Path) -> None:
    """The issue's case: 'agreed 9 − accepted all 6' once gave away the other three's answers."""
    records = [pupil("all")] * 6 + [pupil("necessary")] * 2 + [pupil("custom")]
    page = room(records, tmp_path)
    assert re.search(r'id="agreed">9<', page)
    cells = consent_cells(page)
    assert cells["Alle akzeptiert"].endswith("6")
    # Three rows share the remaining three: none of them can be had by subtraction.
    withheld = [k for k, v in cells.items() if v in ("weniger als 3", "verborgen")]
    assert sorted(withheld) == ["Keine Antwort", "Nur notwendige", "Selbst eingestellt"]


def test_one_small_cell_takes_a_complement_with_it(tmp_path: Path) -> None:
    records = [pupil("all")] * 5 + [pupil("necessary")] * 4 + [pupil("custom")] * 3
    nothing = {"choice": None, "label": None, "granted": [], "refused": []}
    records += [{**pupil("all"), "consent": nothing}]  # no answer: one pupil
    cells = consent_cells(room(records, tmp_path))
    assert cells["Keine Antwort"] == "weniger als 3"
    assert cells["Selbst eingestellt"] == "verborgen"  # 13 − 5 − 4 would give the one away
    assert cells["Alle akzeptiert"].endswith("5") and cells["Nur notwendige"].endswith("4")


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(0, 12), min_size=2, max_size=5))
def test_no_withheld_cell_follows_from_the_total(counts: list[int]) -> None:
    cells = complementary({f"c{i}": n for i, n in enumerate(counts)})
    shown = {k: v for k, (v, _h) in cells.items() if v is not None}
    assert all(v >= MIN_GROUP for v in shown.values())
    withheld = [k for k in cells if cells[k][0] is None]
    total = sum(counts)
    if any(0 < n < MIN_GROUP for n in counts):
        assert len(withheld) >= 2, (counts, cells)  # total − shown is a sum of two or more
    for value in shown.values():
        assert not 0 < total - value < MIN_GROUP  # nor is the rest of the class


def test_a_row_appears_only_with_three(tmp_path: Path) -> None:
    for buyers in (1, 2, 3):
        records = [pupil("all", bought=("tv",), conclusions=("tv",))] * buyers
        records += [pupil("all")] * 6
        page = render_report(records, "de")
        present = "65-Zoll-UHD-Fernseher" in page
        assert present is (buyers >= 3), buyers
        assert ("Interesse: tv" in page) is (buyers >= 3)


def test_the_difference_to_the_whole_class_is_protected_too() -> None:
    """8 of 9 predicted to buy: 9 − 8 would name the one the shop did not expect."""
    records = [pupil("all", predicted=("tv",), bought=("tv",))] * 8 + [pupil("all")]
    stats = aggregate(records)
    tv = next(p for p in stats.predictions if p.product == "tv")
    assert tv.predicted is None and "predicted" in tv.hidden
    assert tv.bought is None and "bought" in tv.hidden
    assert tv.mean_p_others is None  # the mean over one is one pupil's value


def test_both_and_wrong_do_not_give_the_four_cells_away() -> None:
    """predicted 5, bought 4, both 3 of 9: predicted − both = 2 would be a small group."""
    records = [pupil("all", predicted=("tv",), bought=("tv",))] * 3
    records += [pupil("all", predicted=("tv",))] * 2 + [pupil("all", bought=("tv",))]
    records += [pupil("all")] * 3
    tv = next(p for p in aggregate(records).predictions if p.product == "tv")
    assert (tv.predicted, tv.bought) == (5, 4)
    assert tv.predicted_and_bought is None and tv.wrong is None
    assert {"both", "wrong"} <= tv.hidden
    # Every combination of what is shown leaves the small cells unknown.
    shown = {k: v for k, v in (("p", tv.predicted), ("b", tv.bought)) if v is not None}
    assert set(shown) == {"p", "b"}


def test_mean_times_count_gives_no_one_away() -> None:
    """Three buyers, two paid the normal price: mean × 3 would be the third's surcharge."""
    records = [pupil("all", bought=("tv",), difference=0.0)] * 2
    records += [pupil("all", bought=("tv",), difference=47.11)] + [pupil("all")] * 4
    stats = aggregate(records)
    assert stats.payers == 3 and stats.mean_difference is None
    page = render_report(records, "de")
    assert "47,11" not in page and "15,70" not in page
    records += [pupil("all", bought=("tv",), difference=10.0)] * 2  # three who differ
    assert aggregate(records).mean_difference == pytest.approx((47.11 + 20.0) / 5)


def test_art9_products_are_off_the_projector_until_switched_on(tmp_path: Path) -> None:
    records = [
        pupil("all", bought=("kondome", "tv"), predicted=("kondome",), conclusions=("kondome",))
    ] * 5 + [pupil("necessary")] * 4
    page = room(records, tmp_path)
    assert "Kondome" not in page and "kondome" not in page
    assert "Art. 9 DSGVO (Sexualleben)" in page and 'href="?art9=1' in page
    shown = room(records, tmp_path / "mit", art9=True)
    assert "Kondome im Sparpack" in shown and "wieder ausblenden" in shown
    report = render_report(records, "de")
    assert "Kondome" not in report and "class-report --art9" in report
    assert "Kondome im Sparpack" in render_report(records, "de", art9=True)


def test_every_shown_number_in_the_report_is_three_or_more_or_the_class(
    class_dossiers: list[dict[str, Any]],
) -> None:
    records = [handin_from_dossier(d) for d in class_dossiers]
    for size in (3, 4, 5, 7, 9, 30):
        page = render_report(records[:size], "en", art9=True)
        for number in re.findall(r'class="value">(\d+)<', page) + re.findall(
            r"<td>(\d+)</td>", page
        ):
            assert int(number) >= MIN_GROUP
            assert not 0 < size - int(number) < MIN_GROUP  # its complement neither


def test_compare_refuses_single_handins_and_compares_groups(
    class_dossiers: list[dict[str, Any]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    paths = [
        write_handin(
            ClassMode(tmp_path / ("a" if i < 4 else "b"), f"g-{i:08d}"), handin_from_dossier(d)
        )
        for i, d in enumerate(class_dossiers[:9])
    ]
    assert main(["compare", str(paths[0]), str(paths[5]), "--lang", "de"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "eine Abgabe ist die Akte einer einzelnen Person" in captured.err
    assert main(["compare", str(tmp_path / "a"), str(tmp_path / "b"), "--lang", "de"]) == 0
    out = capsys.readouterr().out
    assert "Zwei Gruppen im Vergleich" in out
    assert re.search(r"^Abgaben\s+4\s+5$", out, re.M), out
    for line in out.splitlines():
        for number in re.findall(r"(?<![\d,.])(\d+)(?![\d,.])", line[46:]):
            assert int(number) >= MIN_GROUP, line
    # A group of two is one pupil and another: refused.
    small = tmp_path / "klein"
    for i, d in enumerate(class_dossiers[:2]):
        write_handin(ClassMode(small, f"g-{i:08d}"), handin_from_dossier(d))
    assert main(["compare", str(small), str(tmp_path / "b")]) == 1
    assert "weniger als drei Abgaben" in capsys.readouterr().err


def test_the_room_never_shows_a_small_number(tmp_path: Path) -> None:
    """Every class of up to ten made of three kinds of pupil: no number of one or two."""
    kinds = [
        pupil("all", bought=("tv",), predicted=("tv",), conclusions=("tv",), difference=5.0),
        pupil("necessary", predicted=("tv",)),
        pupil("custom", bought=("tv",), difference=-2.0),
    ]
    for counts in itertools.product(range(0, 5), repeat=3):
        records = [k for k, n in zip(kinds, counts, strict=True) for _ in range(n)]
        if len(records) < MIN_GROUP:
            continue
        stats = aggregate(records)
        numbers = [r.count for r in (*stats.consent, *stats.conclusions)]
        for p in stats.predictions:
            numbers += [p.predicted, p.bought, p.predicted_and_bought, p.wrong]
        numbers += [stats.payers, stats.paid_more, stats.paid_less, stats.paid_same]
        numbers += [stats.wrong_total]
        for value in numbers:
            assert value is None or value >= MIN_GROUP, (counts, value)
        consent = [r.count for r in stats.consent]
        assert consent.count(None) != 1 or not any(0 < n < MIN_GROUP for n in counts), counts


def test_one_pupils_step_is_never_a_visible_change(tmp_path: Path) -> None:
    """Watching the projector while Anna clicks: the tables move only after three pupils did."""
    from kaufhaus.classroom.control import Room

    server = ClassServer(ServeConfig(folder=tmp_path, teacher_token="t"))
    room = Room()
    pupils = [pupil("all")] * 4 + [pupil("necessary")] * 4

    def put(i: int, record: dict[str, Any]) -> None:
        write_live(ClassMode(tmp_path, f"g-{i:08d}"), {**handin_from_dossier({}), **record})

    def page() -> str:
        context = control_context(tmp_path, "de", running=8, room=room)
        return server.templates.get_template("control.html").render(lang="de", **context)

    def tables(text: str) -> str:
        return text[text.index('id="consent"') :]

    for i, record in enumerate(pupils):
        put(i, record)
    first = page()
    assert consent_cells(first)["Alle akzeptiert"].endswith("4")
    put(0, pupil("necessary"))  # Anna changes her mind: 3 all, 5 necessary
    assert tables(page()) == tables(first)
    put(1, pupil("custom"))  # a second pupil
    assert tables(page()) == tables(first)
    put(2, pupil("custom"))  # the third: now the room recounts, three steps at once
    cells = consent_cells(page())
    assert (
        cells["Nur notwendige"].endswith("5") and cells["Selbst eingestellt"].endswith("0") is False
    )
    # Taking the yes back: the count at the top drops at once, the tables with two others.
    (tmp_path / "live" / "g-00000003.json").unlink()
    withdrawn = page()
    assert re.search(r'id="agreed">7<', withdrawn)


def test_a_withheld_row_does_not_tell_its_size_by_its_place() -> None:
    """12 of 13 with a conclusion: withheld (the rest is one pupil), and listed last."""
    both = pupil("all", conclusions=("tv", "bier"))
    beer = pupil("all", conclusions=("bier",))
    rows = aggregate([both] * 9 + [beer] * 4).conclusions  # tv 9, bier 13 of 13
    assert [(r.key, r.count) for r in rows] == [("interest:bier", 13), ("interest:tv", 9)]
    rows = aggregate([both] * 12 + [beer]).conclusions  # tv 12 of 13: the rest is one
    assert [(r.key, r.count, r.hidden) for r in rows] == [
        ("interest:bier", 13, False),
        ("interest:tv", None, True),
    ]
