"""The class report and compare against the dossiers they summarise."""

from __future__ import annotations

import html
import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from kaufhaus.classroom.lesson import Lesson, write_lesson
from kaufhaus.classroom.report import render_report
from kaufhaus.classroom.stats import aggregate
from kaufhaus.cli import main
from kaufhaus.dossier.export import to_json
from kaufhaus.play.handin import ClassMode, handin_from_dossier, write_handin, write_live


def write_dossiers(folder: Path, dossiers: list[dict[str, Any]]) -> list[Path]:
    """Exported dossiers, as a pupil's ``e`` writes them (never counted by the report)."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i, d in enumerate(dossiers):
        path = folder / f"dossier-{i:02d}.json"
        path.write_text(to_json(d), encoding="utf-8")
        paths.append(path)
    return paths


def write_handins(
    folder: Path, dossiers: list[dict[str, Any]], lesson: str | None = None, first: int = 0
) -> list[Path]:
    """Hand-ins as the game writes them into a class folder (one game each)."""
    return [
        write_handin(ClassMode(folder, f"g-{first + i:032x}", lesson), handin_from_dossier(d))
        for i, d in enumerate(dossiers)
    ]


def chart(page: str, section: str) -> dict[str, str]:
    """Label -> shown value of the SVG chart after the heading with id ``section``."""
    part = page.split(f'id="{section}"', 1)[1].split("</svg>", 1)[0]
    labels = [html.unescape(x) for x in re.findall(r'class="label">([^<]*)<', part)]
    values = re.findall(r'class="value[^"]*">([^<]*)<', part)
    return dict(zip(labels, values, strict=True))


def assert_consent_chart(page: str, dossiers: list[dict[str, Any]]) -> None:
    """The cookie answers shown are those counted straight from these dossiers."""
    answers = Counter(d["consent"]["choice"] for d in dossiers)
    names = {
        "all": "Alle akzeptiert",
        "necessary": "Nur notwendige",
        "custom": "Selbst eingestellt",
    }
    shown = chart(page, "consent")
    for choice, n in answers.items():
        if n < 3:
            assert shown[names[choice]] == "weniger als 3"
        else:  # a number, or withheld lest the rest be worked out
            assert shown[names[choice]] in (str(n), "verborgen")
    assert sum(int(v) for v in shown.values() if v.isdigit()) <= len(dossiers)


def bought(d: dict[str, Any], product: str) -> bool:
    return any(
        item["product"] == product
        for payment in d["payments"]["payments"]
        for item in payment["items"]
    )


def test_report_numbers_match_the_dossiers(
    class_dossiers: list[dict[str, Any]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_handins(tmp_path / "klasse", class_dossiers)
    out = tmp_path / "bericht.html"
    assert main(["class-report", str(tmp_path / "klasse"), "-o", str(out), "--lang", "de"]) == 0
    page = out.read_text(encoding="utf-8")
    assert "Anonyme Auswertung von 30 abgegebenen Akten" in page

    assert_consent_chart(page, class_dossiers)

    # Who bought the TV, who the shop said would (p >= 50 %), the mean p among buyers.
    tv_buyers = [d for d in class_dossiers if bought(d, "tv")]
    tv_predicted = [d for d in class_dossiers if d["profile"]["purchase_probability"]["tv"] >= 0.5]
    assert len(tv_buyers) >= 3 and len(tv_predicted) >= 3
    row = re.search(r"<tr><td>65-Zoll-UHD-Fernseher</td>(.*?)</tr>", page, re.S)
    assert row is not None
    cells = re.findall(r"<td>([^<]*)</td>", row.group(1))
    mean_p = sum(d["profile"]["purchase_probability"]["tv"] for d in tv_buyers) / len(tv_buyers)
    assert cells[0] == str(len(tv_predicted))
    assert cells[1] == str(len(tv_buyers))
    assert cells[4] == f"{100 * mean_p:.0f}\u00a0%"

    # The mean difference to a neutral shopper over everyone who paid.
    payers = [d for d in class_dossiers if d["payments"]["payments"]]
    mean_diff = sum(d["payments"]["difference"] for d in payers) / len(payers)
    euros = f"{abs(mean_diff):,.2f}".replace(",", "_").replace(".", ",").replace("_", ".")
    word = "mehr" if mean_diff >= 0 else "weniger"
    assert f"{len(payers)} Personen haben etwas gekauft" in page
    assert f"{euros}\u00a0€ {word}" in page

    # The most common segment, counted once per pupil.
    segments = Counter(s for d in class_dossiers for s in set(d["profile"]["segments"]))
    top, n = segments.most_common(1)[0]
    stats = aggregate([handin_from_dossier(d) for d in class_dossiers])
    assert stats.segments[0].key == top and stats.segments[0].count == n
    assert str(n) in chart(page, "segments").values()


def test_no_group_smaller_than_three(class_dossiers: list[dict[str, Any]]) -> None:
    for size in (3, 4, 5, 7, 30):
        page = render_report([handin_from_dossier(d) for d in class_dossiers[:size]], "en")
        for number in re.findall(r'class="value">(\d+)<', page):
            assert int(number) >= 3
        for cell in re.findall(r"<td>(\d+)</td>", page):
            assert int(cell) >= 3
        stats = aggregate([handin_from_dossier(d) for d in class_dossiers[:size]])
        for row in (*stats.consent, *stats.conclusions, *stats.segments):
            assert row.count is None or row.count >= 3


def test_fewer_than_three_files_show_nothing(class_dossiers: list[dict[str, Any]]) -> None:
    page = render_report([handin_from_dossier(d) for d in class_dossiers[:2]], "de")
    assert "Weniger als drei Akten" in page
    assert "<svg" not in page


def test_the_report_is_self_contained_and_escaped(class_dossiers: list[dict[str, Any]]) -> None:
    records = [handin_from_dossier(d) for d in class_dossiers[:5]]
    for r in records:  # a scene pack may name its products anything
        r["products"]["tv"] = {"de": "<script>alert(1)</script>", "en": "<b>TV</b>"}
        for p in r["predictions"]:
            if p["product"] == "tv":
                p["bought"] = True
    page = render_report(records, "de")
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert not re.search(r"""(src|href)=["']?https?:""", page)
    assert "@import" not in page and "url(" not in page


def test_class_report_folder_of_handins_and_bad_files(
    class_dossiers: list[dict[str, Any]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    handins = tmp_path / "klasse" / "abgaben"
    handins.mkdir(parents=True)
    for i, d in enumerate(class_dossiers[:4]):
        (handins / f"g-{i}.json").write_text(json.dumps(handin_from_dossier(d)), encoding="utf-8")
    (handins / "kaputt.json").write_text('{"format": ', encoding="utf-8")
    assert main(["class-report", str(tmp_path / "klasse")]) == 0
    captured = capsys.readouterr()
    assert "von 4 abgegebenen" in captured.out or "of 4 handed-in" in captured.out
    assert "kaputt.json:1:" in captured.err
    other = tmp_path / "fremd.html"
    other.write_text("<p>my homework</p>", encoding="utf-8")
    assert main(["class-report", str(handins), "-o", str(other)]) == 2
    assert other.read_text(encoding="utf-8") == "<p>my homework</p>"
    assert main(["class-report", str(tmp_path / "gibtsnicht")]) == 1


def test_compare_shows_what_differs(
    story: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in ("tv-fan", "privacy"):
        assert (
            main(
                [
                    "autoplay",
                    f"walkthroughs/{name}.yaml",
                    "--dossier",
                    str(tmp_path / f"{name}.json"),
                ]
            )
            == 0
        )
    capsys.readouterr()
    assert (
        main(
            [
                "compare",
                str(tmp_path / "tv-fan.json"),
                str(tmp_path / "privacy.json"),
                "--lang",
                "de",
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    a = json.loads((tmp_path / "tv-fan.json").read_text(encoding="utf-8"))
    b = json.loads((tmp_path / "privacy.json").read_text(encoding="utf-8"))
    consent_line = next(line for line in out.splitlines() if line.startswith("Cookie-Antwort"))
    assert (
        a["consent"]["label"]["de"] in consent_line and b["consent"]["label"]["de"] in consent_line
    )
    assert "≠" in out
    assert "Max Mustermann" not in out  # typed text never appears
    assert "coupon_nehmen" not in out and "kapuze" not in out  # no internal ids
    assert main(["compare", str(tmp_path / "tv-fan.json"), str(tmp_path / "nope.json")]) == 1


EARLIER = "2026-12-01T0800Z-aaaaaa"
NOW = "2026-12-07T1000Z-bbbbbb"


def test_class_report_counts_this_lessons_handins_once_and_no_dossier(
    class_dossiers: list[dict[str, Any]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A class folder as a teacher's really looks after a second lesson.

    Eight hand-ins of today's lesson; five of an earlier class in the same
    folder; today's live files; eleven exported dossiers (every pupil's own
    file, those who never agreed to share among them) lying in the folder and
    beside it; two hand-ins copied into another sub-folder under new names.
    """
    folder = tmp_path / "klasse"
    folder.mkdir()
    write_lesson(folder, Lesson(NOW, "2026-12-07T10:00:00+00:00", "geheim-token-123", "K7M4P"))
    today = class_dossiers[:8]
    earlier = class_dossiers[8:13]
    handed = write_handins(folder, today, NOW)
    write_handins(folder, earlier, EARLIER, first=100)
    for i, d in enumerate(today):
        write_live(ClassMode(folder, f"g-{i:032x}", NOW), handin_from_dossier(d))
    write_dossiers(folder / "akten", class_dossiers[:11])
    # The class's own working files: a game's cookie, an instance's count.
    (folder / "spiele" / "g-1").mkdir(parents=True)
    (folder / "spiele" / "g-1" / "kaufhaus-cookie.json").write_text(
        '{"format": "kaufhaus-cookie", "visits": 1}', encoding="utf-8"
    )
    (folder / "laufend").mkdir()
    (folder / "laufend" / "i-0123.json").write_text(
        '{"format": "kaufhaus-running", "games": 3}', encoding="utf-8"
    )
    copies = folder / "kopie"
    copies.mkdir()
    for i, path in enumerate(handed[:2]):
        (copies / f"abgabe-{i}.json").write_bytes(path.read_bytes())

    out = tmp_path / "bericht.html"
    assert main(["class-report", str(folder), "-o", str(out), "--lang", "de"]) == 0
    err = capsys.readouterr().err
    page = out.read_text(encoding="utf-8")
    assert "Anonyme Auswertung von 8 abgegebenen Akten" in page
    assert err.count("eine exportierte Akte, keine Abgabe – nicht mitgezählt") == 11
    assert err.count("dieselbe Abgabe wie") == 2
    assert "5 Abgaben einer anderen Stunde (2026-12-01 08:00 UTC) nicht mitgezählt" in err
    assert err.strip().splitlines()[-1].startswith("Klassenbericht (8 Abgaben) geschrieben: ")
    assert len(err.strip().splitlines()) == 11 + 2 + 1 + 1  # none about the working files
    assert_consent_chart(page, today)

    # The earlier class on its own, and both lessons together (still each pupil once).
    assert main(["class-report", str(folder), "--lesson", EARLIER, "--lang", "en"]) == 0
    assert "Anonymous summary of 5 handed-in files" in capsys.readouterr().out
    assert main(["class-report", str(folder), "--lesson", "all", "--lang", "en"]) == 0
    assert "Anonymous summary of 13 handed-in files" in capsys.readouterr().out
    # Without the lesson file (only the hand-ins' folder given): the newest lesson.
    assert main(["class-report", str(folder / "abgaben"), "--lang", "en"]) == 0
    assert "Anonymous summary of 8 handed-in files" in capsys.readouterr().out


def test_class_report_of_dossiers_only_counts_nothing(
    class_dossiers: list[dict[str, Any]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_dossiers(tmp_path / "akten", class_dossiers[:6])
    assert main(["class-report", str(tmp_path / "akten"), "--lang", "de"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "keine Abgaben gefunden" in captured.err


def test_class_report_of_two_instance_folders_counts_each_current_lesson(
    class_dossiers: list[dict[str, Any]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Separate folders per instance: each has its own lesson, both are today's."""
    first, second = tmp_path / "klasse-8b-1", tmp_path / "klasse-8b-2"
    for folder, lesson, part, start in (
        (first, NOW, class_dossiers[:4], 0),
        (second, "2026-12-07T1001Z-cccccc", class_dossiers[4:9], 10),
    ):
        folder.mkdir()
        write_lesson(folder, Lesson(lesson, "2026-12-07T10:00:00+00:00", "geheim-token-123"))
        write_handins(folder, part, lesson, first=start)
    write_handins(first, class_dossiers[20:23], EARLIER, first=50)
    assert main(["class-report", str(first), str(second), "--lang", "en"]) == 0
    captured = capsys.readouterr()
    assert "Anonymous summary of 9 handed-in files" in captured.out
    assert "3 hand-ins of another lesson (2026-12-01 08:00 UTC)" in captured.err
