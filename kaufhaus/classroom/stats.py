"""What a class looks like to the shop: counts over anonymised hand-in records.

Used by the class report (after the lesson) and the control room (during it).
Every count of pupils that would describe fewer than ``MIN_GROUP`` of them is
suppressed (None), so no one can be picked out of a small group: "the one who
refused all cookies" stays invisible when only one or two did.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kaufhaus.classroom.records import RecordProblem
from kaufhaus.story.errors import neutralise

if TYPE_CHECKING:
    pass

#: The smallest group a report or the control room shows.
MIN_GROUP = 3


def shown(count: int) -> int | None:
    """The count, or None when it would describe fewer than MIN_GROUP pupils."""
    return count if count >= MIN_GROUP else None


def small(count: int) -> bool:
    """A group of one or two: never shown, never computable from what is shown."""
    return 0 < count < MIN_GROUP


def of_whole(count: int, whole: int) -> tuple[int | None, bool]:
    """A group within a class whose size is shown: (the count or None, withheld as complement).

    ``whole - count`` is the rest of the class, which anyone can subtract:
    when the rest is one or two pupils, the count is withheld too.
    """
    if count < MIN_GROUP:
        return None, False
    if small(whole - count):
        return None, True
    return count, False


def complementary(
    counts: Mapping[str, int], whole: int | None = None
) -> dict[str, tuple[int | None, bool]]:
    """Cells that add up to a shown total: no cell, and no rest, can be had by subtraction.

    Every cell under three is withheld, and every cell whose rest (the total,
    or the ``whole`` class, minus the cell) is one or two pupils. If that
    leaves exactly one withheld cell (the total minus the others would give it
    away), the smallest other cell is withheld too, marked as a complement.
    Every cell is listed, empty ones too, so a withheld cell may be zero.
    """
    total = sum(counts.values())
    out: dict[str, tuple[int | None, bool]] = {}
    for key, n in counts.items():
        if n < MIN_GROUP:
            out[key] = (None, False)
        elif small(total - n) or (whole is not None and small(whole - n)):
            out[key] = (None, True)
        else:
            out[key] = (n, False)
    withheld = [key for key, (value, _) in out.items() if value is None]
    if len(withheld) == 1:
        others = sorted((n, key) for key, n in counts.items() if key != withheld[0])
        if others:
            out[others[0][1]] = (None, True)
    return out


@dataclass(frozen=True)
class Row:
    """One bar of a chart: a label in both languages and a (suppressed) count."""

    key: str
    label: dict[str, str]
    count: int | None
    #: The label without its kind ("Zauderer" for "Segment: Zauderer").
    name: dict[str, str] = field(default_factory=dict)
    #: Withheld although three or more: it would reveal a smaller group by subtraction.
    hidden: bool = False


@dataclass(frozen=True)
class Prediction:
    """One product: what the shop predicted against who bought it."""

    product: str
    label: dict[str, str]
    predicted: int | None
    bought: int | None
    predicted_and_bought: int | None
    wrong: int | None
    #: The shop's mean purchase probability among buyers and among the others (groups >= 3).
    mean_p_buyers: float | None
    mean_p_others: float | None
    #: Fields withheld although three or more (see ``Row.hidden``).
    hidden: frozenset[str] = frozenset()


@dataclass(frozen=True)
class ClassStats:
    pupils: int
    consent: tuple[Row, ...]
    conclusions: tuple[Row, ...]
    segments: tuple[Row, ...]
    predictions: tuple[Prediction, ...]
    #: Pupils who paid for something, and their mean difference to a neutral shopper.
    payers: int | None
    mean_difference: float | None
    paid_more: int | None
    paid_less: int | None
    paid_same: int | None
    wrong_total: int | None
    suppressed: tuple[str, ...] = field(default=())
    #: Figures withheld although three or more ("payers", "more", "less", "same", "wrong").
    hidden: frozenset[str] = frozenset()
    #: Art. 9 categories (health, sex life …) of products left out (None: they are shown).
    art9_left_out: tuple[str, ...] = ()

    @property
    def enough(self) -> bool:
        return self.pupils >= MIN_GROUP

    @property
    def money_rows(self) -> tuple[Row, ...]:
        return tuple(
            Row(key, MONEY_LABELS[key], count, hidden=key in self.hidden)
            for key, count in (
                ("more", self.paid_more),
                ("less", self.paid_less),
                ("same", self.paid_same),
            )
        )


CONSENT_LABELS = {
    "all": {"de": "Alle akzeptiert", "en": "Accepted all"},
    "necessary": {"de": "Nur notwendige", "en": "Necessary only"},
    "custom": {"de": "Selbst eingestellt", "en": "Own settings"},
    "none": {"de": "Keine Antwort", "en": "No answer"},
}
MONEY_LABELS = {
    "more": {"de": "zahlten mehr", "en": "paid more"},
    "less": {"de": "zahlten weniger", "en": "paid less"},
    "same": {"de": "zahlten gleich viel", "en": "paid the same"},
}
#: Art. 9 GDPR categories as a teacher reads them.
ART9_NAMES = {
    "health": {"de": "Gesundheit", "en": "health"},
    "sex_life": {"de": "Sexualleben", "en": "sex life"},
    "religion": {"de": "Religion", "en": "religion"},
    "politics": {"de": "politische Meinung", "en": "political opinions"},
    "ethnicity": {"de": "Herkunft", "en": "ethnic origin"},
    "biometrics": {"de": "Biometrie", "en": "biometrics"},
    "genetics": {"de": "Genetik", "en": "genetics"},
    "union": {"de": "Gewerkschaft", "en": "trade union membership"},
}


def art9_name(category: str, lang: str) -> str:
    return ART9_NAMES.get(category, {}).get(lang, category)


def _rows(
    counter: Counter[str],
    labels: Mapping[str, dict[str, str]],
    top: int,
    pupils: int,
    names: Mapping[str, dict[str, str]] | None = None,
) -> list[Row]:
    """Rows of three or more only: a row with one or two pupils does not appear at all."""
    rows = []
    for key, n in counter.items():
        if n < MIN_GROUP:
            continue
        count, hidden = of_whole(n, pupils)
        rows.append(
            Row(key, labels[key], count, dict((names or labels).get(key) or labels[key]), hidden)
        )
    # Withheld rows last: their place among the others would tell how big they are.
    rows.sort(key=lambda r: (r.count is None, -(r.count or 0), r.label["de"]))
    return rows[:top]


def aggregate(
    records: Sequence[Mapping[str, Any]], *, top: int = 10, art9: bool = False
) -> ClassStats:
    """Count over the records; every pupil counts once per answer, conclusion or product.

    ``art9``: show products of the special categories of Art. 9 GDPR (health,
    sex life …) and the shop's conclusions about them; by default they are
    left out, so the projector never shows what a class bought at the
    drugstore's discreet shelf.
    """
    n = len(records)
    sensitive: dict[str, str] = {}
    for record in records:
        for pid, category in (record.get("sensitive") or {}).items():
            sensitive.setdefault(str(pid), str(category))
    left_out = set() if art9 else set(sensitive)
    consent: Counter[str] = Counter()
    conclusions: Counter[str] = Counter()
    conclusion_labels: dict[str, dict[str, str]] = {}
    segments: Counter[str] = Counter()
    segment_labels: dict[str, dict[str, str]] = {}
    segment_names: dict[str, dict[str, str]] = {}
    products: dict[str, dict[str, str]] = {}
    predicted: Counter[str] = Counter()
    bought: Counter[str] = Counter()
    both: Counter[str] = Counter()
    wrong: Counter[str] = Counter()
    p_buyers: dict[str, list[float]] = {}
    p_others: dict[str, list[float]] = {}
    differences: list[float] = []
    wrong_pupils = 0
    for record in records:
        consent[str(record.get("consent", {}).get("choice") or "none")] += 1
        seen: set[str] = set()
        for c in record.get("conclusions", []):
            key = f"{c['kind']}:{c['subject']}"
            if key not in seen and str(c["subject"]) not in left_out:
                seen.add(key)
                conclusions[key] += 1
                conclusion_labels.setdefault(key, dict(c["label"]))
        seen_segments: set[str] = set()
        for s in record.get("segments", []):
            if s["id"] not in seen_segments:
                seen_segments.add(s["id"])
                segments[s["id"]] += 1
                segment_labels.setdefault(s["id"], dict(s["label"]))
                segment_names.setdefault(s["id"], dict(s.get("name") or s["label"]))
        for pid, label in (record.get("products") or {}).items():
            products.setdefault(pid, dict(label))
        any_wrong = False
        for p in record.get("predictions", []):
            pid = str(p["product"])
            products.setdefault(pid, {"de": pid, "en": pid})
            if p["predicted"]:
                predicted[pid] += 1
            if p["bought"]:
                bought[pid] += 1
                p_buyers.setdefault(pid, []).append(float(p["probability"]))
            else:
                p_others.setdefault(pid, []).append(float(p["probability"]))
            if p["predicted"] and p["bought"]:
                both[pid] += 1
            if p["predicted"] != p["bought"]:
                wrong[pid] += 1
                any_wrong = True
        wrong_pupils += any_wrong
        if record.get("bought"):
            differences.append(float(record.get("paid_difference", 0.0)))

    def mean(values: list[float] | None, count: int | None) -> float | None:
        """Over a group that is shown; otherwise mean x count would be one pupil's value."""
        if not values or count is None:
            return None
        return sum(values) / len(values)

    def prediction(pid: str) -> Prediction:
        shown_predicted, hide_p = of_whole(predicted[pid], n)
        shown_bought, hide_b = of_whole(bought[pid], n)
        cells = (
            both[pid],
            predicted[pid] - both[pid],
            bought[pid] - both[pid],
            n - predicted[pid] - bought[pid] + both[pid],
        )
        inside = not any(small(c) for c in cells)  # both and wrong give the four cells away
        hidden = {name for name, h in (("predicted", hide_p), ("bought", hide_b)) if h}
        both_shown = shown(both[pid]) if inside else None
        wrong_shown = shown(wrong[pid]) if inside else None
        hidden |= {
            name
            for name, value in (("both", both[pid]), ("wrong", wrong[pid]))
            if not inside and value >= MIN_GROUP
        }
        others, hide_others = of_whole(n - bought[pid], n)
        if hide_b:
            hidden.add("mean_p_buyers")
        if hide_others:
            hidden.add("mean_p_others")
        return Prediction(
            product=pid,
            label=products[pid],
            predicted=shown_predicted,
            bought=shown_bought,
            predicted_and_bought=both_shown,
            wrong=wrong_shown,
            mean_p_buyers=mean(p_buyers.get(pid), shown_bought),
            mean_p_others=mean(p_others.get(pid), others),
            hidden=frozenset(hidden),
        )

    predictions = tuple(
        prediction(pid)
        for pid in sorted(products, key=lambda k: (-bought[k], -predicted[k], k))
        if pid not in left_out and max(predicted[pid], bought[pid]) >= MIN_GROUP
    )
    payers = len(differences)
    more = sum(1 for d in differences if d > 0.004)
    less = sum(1 for d in differences if d < -0.004)
    shown_payers, hide_payers = of_whole(payers, n)
    money = complementary({"more": more, "less": less, "same": payers - more - less}, n)
    if shown_payers is None and all(v is not None for v, _ in money.values()):
        # The three would add up to the number of buyers withheld above.
        money["same"] = (None, True)
    # Those who paid the normal price add nothing to the sum: the mean over fewer
    # than three who did not would be mean x count = one pupil's surcharge.
    differing = [d for d in differences if abs(d) > 0.004]
    mean_difference = (
        sum(differences) / payers if shown_payers is not None and len(differing) >= 3 else None
    )
    shown_wrong, hide_wrong = of_whole(wrong_pupils, n)
    hidden = {key for key, (_v, h) in money.items() if h}
    hidden |= {name for name, h in (("payers", hide_payers), ("wrong", hide_wrong)) if h}
    consent_cells = complementary(
        {key: consent[key] for key in ("all", "custom", "necessary", "none")}
    )
    return ClassStats(
        pupils=n,
        consent=tuple(
            Row(key, CONSENT_LABELS[key], count, hidden=h)
            for key, (count, h) in consent_cells.items()
        ),
        conclusions=tuple(_rows(conclusions, conclusion_labels, top, n)),
        segments=tuple(_rows(segments, segment_labels, top, n, segment_names)),
        predictions=predictions,
        payers=shown_payers,
        mean_difference=mean_difference,
        paid_more=money["more"][0],
        paid_less=money["less"][0],
        paid_same=money["same"][0],
        wrong_total=shown_wrong,
        hidden=frozenset(hidden),
        art9_left_out=tuple(sorted({sensitive[p] for p in left_out})),
    )


class RecordError(Exception):
    """A file given to the class report that it cannot read; the message names it."""


NOTES: dict[str, dict[str, str]] = {
    "dossier": {
        "de": "{path}: eine exportierte Akte, keine Abgabe – nicht mitgezählt (in den Bericht "
        "kommt nur, was eine Schülerin oder ein Schüler selbst abgegeben hat)",
        "en": "{path}: an exported dossier, not a hand-in – not counted (the report holds "
        "only what a pupil handed in)",
    },
    "twice": {
        "de": "{path}: dieselbe Abgabe wie {other} – einmal gezählt",
        "en": "{path}: the same hand-in as {other} – counted once",
    },
    "other_lesson": {
        "de": "{n} Abgaben einer anderen Stunde ({started}) nicht mitgezählt "
        "(--lesson {lesson} zählt sie, --lesson all alle Stunden)",
        "en": "{n} hand-ins of another lesson ({started}) not counted "
        "(--lesson {lesson} counts them, --lesson all every lesson)",
    },
    "no_lesson": {
        "de": "{n} Abgaben ohne Stunde nicht mitgezählt (--lesson all zählt sie)",
        "en": "{n} hand-ins without a lesson not counted (--lesson all counts them)",
    },
}


def _note(key: str, lang: str, **values: Any) -> str:
    return neutralise(NOTES[key][lang if lang in ("de", "en") else "en"].format(**values))


@dataclass(frozen=True)
class Handins:
    """The hand-ins the class report counts, and what it left out and why."""

    records: list[dict[str, Any]]
    skipped: list[str]
    #: The lesson counted (None: every lesson, or none was named).
    lesson: str | None = None


def working_file(data: Any) -> bool:
    """One of the game's own files in a class folder that is no hand-in (never counted).

    The shop's cookie and the Art. 20 file beside an export (in each game's
    folder), the instances' counts (``laufend/``), the lesson: skipped without
    a note, so the notes name only what a teacher may wonder about.
    """
    from kaufhaus.classroom.instances import RUNNING_FORMAT
    from kaufhaus.classroom.lesson import LESSON_FORMAT
    from kaufhaus.saves import COOKIE_FORMAT

    own = {COOKIE_FORMAT, "kaufhaus-portability", RUNNING_FORMAT, LESSON_FORMAT}
    return isinstance(data, dict) and data.get("format") in own


def _files(paths: Iterable[Path]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = (p for p in path.rglob("*.json") if not p.name.startswith("."))
            files.extend(sorted(p for p in found if not p.is_symlink()))
        elif path.exists():
            files.append(path)
        else:
            raise RecordError(neutralise(f"{path}: no such file or folder"))
    return files


def current_lessons(paths: Iterable[Path]) -> set[str]:
    """The lessons the class folders among the inputs serve now (their ``stunde.json``).

    One per folder: ``class-report klasse-8b-1 klasse-8b-2`` counts each
    folder's current lesson.
    """
    from kaufhaus.classroom.gameids import ClassFolderError
    from kaufhaus.classroom.lesson import read_lesson

    found: set[str] = set()
    for path in paths:
        for folder in (path, path.parent):
            if not folder.is_dir():
                continue
            try:
                lesson = read_lesson(folder)
            except ClassFolderError:
                continue
            if lesson is not None:
                found.add(lesson.id)
                break
    return found


def read_handins(paths: Sequence[Path], lang: str = "en", lesson: str | None = None) -> Handins:
    """The hand-ins among files and folders: each pupil once, one lesson.

    A file counts only when it carries the hand-in's mark (its format and
    ``generator: kaufhaus …``), wherever it lies and whatever its name: an
    exported dossier (a pupil's own file, perhaps of one who refused to
    share) and the control room's live files are never counted. A hand-in
    found twice (a copied folder) counts once. ``lesson`` picks the lesson
    (``"all"``: every one); by default the one the class folder serves now,
    else the newest found, and the others are named in a note.
    """
    from kaufhaus.classroom.lesson import lesson_started
    from kaufhaus.classroom.records import Wrong, as_checked_record, read_json
    from kaufhaus.play.handin import FORMAT, is_dossier, is_live

    skipped: list[str] = []
    by_game: dict[tuple[str | None, str], tuple[Path, dict[str, Any]]] = {}
    loose: list[dict[str, Any]] = []
    for file in _files(paths):
        try:
            data = read_json(file)
            if is_live(data) or working_file(data):
                continue  # the control room's copy, or another of the class's own files
            if is_dossier(data):
                skipped.append(_note("dossier", lang, path=file))
                continue
            record = as_checked_record(data)
        except Wrong as wrong:
            skipped.append(RecordProblem(file, wrong).text(lang))
            continue
        if record["format"] != FORMAT:
            continue
        game = record.get("game")
        if game is None:
            loose.append(record)
            continue
        key = (record.get("lesson"), str(game))
        if key in by_game:
            first, earlier = by_game[key]
            skipped.append(_note("twice", lang, path=file, other=first))
            if record["events"] <= earlier["events"]:
                continue  # a later hand-in replaces an earlier one: keep the longer game
        by_game[key] = (file, record)
    records = [r for _path, r in by_game.values()] + loose
    if lesson == "all":
        return Handins(records, skipped, None)
    lessons = {r.get("lesson") for r in records}
    current: set[str | None] = set(current_lessons(paths))
    chosen: set[str | None] = {lesson} if lesson else current & lessons
    if not chosen:
        named = sorted(x for x in lessons if x)
        chosen = {named[-1] if named else None}
    kept = [r for r in records if r.get("lesson") in chosen]
    others = Counter(r.get("lesson") for r in records if r.get("lesson") not in chosen)
    for other, n in sorted(others.items(), key=lambda kv: str(kv[0])):
        if other is None:
            skipped.append(_note("no_lesson", lang, n=n))
        else:
            skipped.append(
                _note("other_lesson", lang, n=n, started=lesson_started(other), lesson=other)
            )
    return Handins(kept, skipped, ", ".join(sorted(str(c) for c in chosen)))
