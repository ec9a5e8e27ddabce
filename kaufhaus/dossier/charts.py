"""The file's charts: time per scene, interest over time, the route — counted, then drawn as SVG.

People would rather look than read. These functions only count what the
dossier already holds, so a chart says nothing the file cannot prove; the
HTML export draws them as inline SVG (no script, no outside resource: the
page's Content-Security-Policy allows none), the terminal with its own
widgets (``kaufhaus.play.charts``). Every label is escaped here: scene titles
are the pack author's words.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from markupsafe import Markup, escape

#: The conclusions whose evidence is "the shop noted interest".
INTEREST_KINDS = frozenset({"interest", "category_interest"})


def _title(dossier: Mapping[str, Any], scene_id: str, lang: str) -> str:
    title = ((dossier.get("scenes") or {}).get(scene_id) or {}).get("title") or {}
    return str(title.get(lang) or title.get("de") or title.get("en") or "?")


#: Names a scene for a chart: by default its title from the file; the terminal
#: passes its department (``place``), so scenes of one department add up.
Label = Callable[[str], str]


def dwell_by_scene(
    dossier: Mapping[str, Any], lang: str, label: Label | None = None
) -> list[tuple[str, float]]:
    """Seconds spent per scene (by its title, or ``label``), longest first."""
    name = label or (lambda scene_id: _title(dossier, scene_id, lang))
    seconds = (dossier.get("profile") or {}).get("scene_dwell_seconds") or {}
    totals: dict[str, float] = {}
    for scene_id, value in seconds.items():
        key = name(str(scene_id))
        totals[key] = totals.get(key, 0.0) + float(value)
    return sorted(((p, s) for p, s in totals.items() if s > 0), key=lambda r: (-r[1], r[0]))


def interest_timeline(
    dossier: Mapping[str, Any], buckets: int = 40
) -> tuple[list[int], float, float]:
    """How many events the shop counted as interest, per slice of the session.

    Returns (counts per bucket, start time, end time). An event counts once,
    however many interests it fed.
    """
    events = dossier.get("events") or []
    ids: set[int] = set()
    for row in dossier.get("inferences") or ():
        if row.get("kind") in INTEREST_KINDS:
            ids.update(i for i in row.get("evidence") or () if isinstance(i, int))
    if not events:
        return [], 0.0, 0.0
    start = float(events[0].get("t", 0.0))
    end = float(events[-1].get("t", 0.0))
    counts = [0] * max(1, buckets)
    if not ids:
        return counts, start, end
    span = max(end - start, 1e-9)
    # Rows carry their event's id; the file leaves out the story's own bookkeeping,
    # so an id is not a position.
    times = {row.get("id"): row.get("t", 0.0) for row in events}
    for eid in ids:
        if eid in times:
            t = float(times[eid] or 0.0)
            index = min(len(counts) - 1, int((t - start) / span * len(counts)))
            counts[index] += 1
    return counts, start, end


def route(
    dossier: Mapping[str, Any], lang: str, limit: int = 40, label: Label | None = None
) -> tuple[list[str], int]:
    """The scenes (or ``label``s) in the order entered, repeats folded; (shown, left over)."""
    name = label or (lambda scene_id: _title(dossier, scene_id, lang))
    places: list[str] = []
    for row in dossier.get("events") or ():
        if row.get("kind") != "scene_enter":
            continue
        place = name(str(row.get("target") or row.get("scene") or ""))
        if not places or places[-1] != place:
            places.append(place)
    if len(places) <= limit:
        return places, 0
    return places[:limit], len(places) - limit


# ------------------------------------------------------------------ SVG
_BAR_H, _GAP, _LABEL_W, _BAR_W = 18, 6, 230, 300


def bars_svg(rows: Sequence[tuple[str, float]], unit: str, title: str) -> Markup:
    """Horizontal bars with their figures; the longest bar is the full width."""
    if not rows:
        return Markup("")
    top = max(v for _, v in rows) or 1.0
    height = len(rows) * (_BAR_H + _GAP)
    width = _LABEL_W + _BAR_W + 70
    parts = [
        f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}">',
        f"<title>{escape(title)}</title>",
    ]
    for n, (label, value) in enumerate(rows):
        y = n * (_BAR_H + _GAP)
        w = max(1.0, value / top * _BAR_W)
        parts.append(
            f'<text x="{_LABEL_W - 8}" y="{y + 13}" text-anchor="end">{escape(label)}</text>'
            f'<rect x="{_LABEL_W}" y="{y}" width="{w:.1f}" height="{_BAR_H}"></rect>'
            f'<text x="{_LABEL_W + w + 6:.1f}" y="{y + 13}">{value:.0f} {escape(unit)}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def timeline_svg(counts: Sequence[int], start: float, end: float, title: str, unit: str) -> Markup:
    """Interest over the session as columns, each with its count written on it (paper has
    no tooltips), and the session's start and end time."""
    if not counts or not any(counts):
        return Markup("")
    top = max(counts)
    col, height, head = 14, 80, 12
    width = col * len(counts)
    parts = [
        f'<svg class="chart" role="img" viewBox="0 0 {width} {height + head + 18}" '
        f'width="{width}" height="{height + head + 18}">',
        f"<title>{escape(title)}</title>",
    ]
    for n, count in enumerate(counts):
        if count:
            h = count / top * height
            y = head + height - h
            parts.append(
                f'<rect x="{n * col + 1}" y="{y:.1f}" width="{col - 2}" height="{h:.1f}">'
                f"<title>{count}</title></rect>"
                f'<text x="{n * col + col / 2:.1f}" y="{y - 2:.1f}" text-anchor="middle" '
                f'class="value">{count}</text>'
            )
    parts.append(
        f'<text x="0" y="{head + height + 14}">{start:.0f} {escape(unit)}</text>'
        f'<text x="{width}" y="{head + height + 14}" text-anchor="end">'
        f"{end:.0f} {escape(unit)}</text>"
        "</svg>"
    )
    return Markup("".join(parts))


def _lines(text: str, width: int = 18, most: int = 3) -> list[str]:
    """A label broken at spaces into lines of about ``width`` characters, never cut."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    if len(lines) > most:  # the rest on the last line: longer, but whole
        lines = [*lines[: most - 1], " ".join(lines[most - 1 :])]
    return lines or [""]


def route_svg(places: Sequence[str], more: int, title: str, more_text: str) -> Markup:
    """The route as a chain of numbered stops, five to a row, every name whole."""
    if not places:
        return Markup("")
    per_row, box_w, gap, line = 5, 124, 16, 13
    rows = (len(places) + per_row - 1) // per_row
    box_h = 20 + line * max(len(_lines(p)) for p in places)
    width = per_row * (box_w + gap)
    height = rows * (box_h + gap) + (18 if more else 0)
    parts = [
        f'<svg class="chart route" role="img" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}">',
        f"<title>{escape(title)}</title>",
    ]
    for n, place in enumerate(places):
        x = (n % per_row) * (box_w + gap)
        y = (n // per_row) * (box_h + gap)
        parts.append(
            f'<rect x="{x}" y="{y}" width="{box_w}" height="{box_h}" rx="4"></rect>'
            f'<text x="{x + 6}" y="{y + 14}">{n + 1}.</text>'
        )
        for k, text in enumerate(_lines(place)):
            parts.append(f'<text x="{x + 6}" y="{y + 14 + line * (k + 1)}">{escape(text)}</text>')
        if n + 1 < len(places) and (n + 1) % per_row:
            parts.append(f'<text x="{x + box_w + 3}" y="{y + 21}" class="arrow">→</text>')
    if more:
        parts.append(f'<text x="0" y="{height - 4}">{escape(more_text)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
