"""The story map: scenes as nodes, choices as edges, as Mermaid or Graphviz DOT.

Authors and teachers look at a story as a map long before they play it; a
picture of where every choice leads shows the loops, the endings and the
conditional doors at a glance. Mermaid renders directly in GitHub, GitLab and
many Markdown editors; DOT goes through Graphviz (``dot -Tsvg``).
"""

from __future__ import annotations

import re

from kaufhaus.story.check import reachable
from kaufhaus.story.model import Scene, Story

FORMATS = ("mermaid", "dot")

#: Words Mermaid reads as keywords; a scene with such an id gets a prefix.
_MERMAID_RESERVED = frozenset(
    {
        "end",
        "graph",
        "subgraph",
        "flowchart",
        "style",
        "class",
        "classdef",
        "click",
        "linkstyle",
        "default",
        "direction",
        "call",
        "href",
    }
)
_SPACES = re.compile(r"\s+")
MAX_LABEL = 48


def _title(scene: Scene, lang: str) -> str:
    """The scene title as written (template code left as is), on one short line."""
    text = _SPACES.sub(" ", scene.title.source(lang)).strip() or scene.id
    return text if len(text) <= MAX_LABEL else text[: MAX_LABEL - 1].rstrip() + "…"


def _condition(source: str) -> str:
    return _SPACES.sub(" ", source).strip()


def _mermaid_text(text: str) -> str:
    """Mermaid labels are quoted; quotes and '#' need entity codes."""
    return (
        text.replace("#", "#35;")
        .replace('"', "#quot;")
        .replace("|", "#124;")
        .replace("<", "#lt;")
        .replace(">", "#gt;")
    )


def _mermaid_ids(story: Story) -> dict[str, str]:
    ids: dict[str, str] = {}
    taken: set[str] = set()
    for sid in story.scenes:
        base = re.sub(r"[^A-Za-z0-9_]", "_", sid)
        if base.lower() in _MERMAID_RESERVED or not base[:1].isalpha():
            base = f"s_{base}"
        name, n = base, 2
        while name in taken:
            name, n = f"{base}_{n}", n + 1
        taken.add(name)
        ids[sid] = name
    return ids


def to_mermaid(story: Story, lang: str | None = None) -> str:
    """The story map as a Mermaid flowchart."""
    lang = lang or story.languages[0]
    ids = _mermaid_ids(story)
    live = reachable(story)
    lines = ["flowchart TD"]
    for scene in story.scenes.values():
        label = _mermaid_text(_title(scene, lang))
        if scene.ending:
            label += f"<br/>ending: {_mermaid_text(scene.ending)}"
            lines.append(f'    {ids[scene.id]}(["{label}"])')
        else:
            lines.append(f'    {ids[scene.id]}["{label}"]')
    for scene in story.scenes.values():
        for choice in scene.choices:
            target = ids.get(choice.goto)
            if target is None:
                continue
            if choice.when is not None:
                text = _mermaid_text(f"{choice.id} if {_condition(choice.when.source)}")
                lines.append(f'    {ids[scene.id]} -.->|"{text}"| {target}')
            else:
                lines.append(f'    {ids[scene.id]} -->|"{_mermaid_text(choice.id)}"| {target}')
        for divert in scene.divert:  # taken on the way in, without a click: dashed, "divert"
            target = ids.get(divert.goto)
            if target is not None:
                text = _mermaid_text(f"divert if {_condition(divert.when.source)}")
                lines.append(f'    {ids[scene.id]} -.->|"{text}"| {target}')
    lines.append("    classDef ending fill:#f4e3c1,stroke:#8a6d3b,stroke-width:2px")
    lines.append("    classDef start stroke-width:3px")
    lines.append("    classDef unreachable stroke-dasharray: 5 5,color:#888")
    endings = [ids[s.id] for s in story.scenes.values() if s.ending]
    if endings:
        lines.append(f"    class {','.join(endings)} ending")
    if story.start in ids:
        lines.append(f"    class {ids[story.start]} start")
    lost = [ids[sid] for sid in story.scenes if sid not in live]
    if lost:
        lines.append(f"    class {','.join(lost)} unreachable")
    return "\n".join(lines) + "\n"


def _dot_text(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def to_dot(story: Story, lang: str | None = None) -> str:
    """The story map as a Graphviz digraph."""
    lang = lang or story.languages[0]
    live = reachable(story)
    lines = [
        f'digraph "{_dot_text(story.id)}" {{',
        "    rankdir=TB;",
        '    node [shape=box, style=rounded, fontname="Helvetica"];',
        '    edge [fontname="Helvetica", fontsize=10];',
    ]
    for scene in story.scenes.values():
        attrs = [f'label="{_dot_text(_title(scene, lang))}"']
        if scene.ending:
            ending = _dot_text(scene.ending)
            attrs[0] = f'label="{_dot_text(_title(scene, lang))}\\nending: {ending}"'
            attrs += ["shape=doubleoctagon", 'style="filled"', 'fillcolor="#f4e3c1"']
        if scene.id == story.start:
            attrs.append("penwidth=3")
        if scene.id not in live:
            attrs += ['style="dashed"', 'fontcolor="#888888"']
        lines.append(f'    "{_dot_text(scene.id)}" [{", ".join(attrs)}];')
    for scene in story.scenes.values():
        for choice in scene.choices:
            if choice.goto not in story.scenes:
                continue
            attrs = [f'label="{_dot_text(choice.id)}"']
            if choice.when is not None:
                when = _dot_text(_condition(choice.when.source))
                attrs = [f'label="{_dot_text(choice.id)}\\nif {when}"', "style=dashed"]
            lines.append(
                f'    "{_dot_text(scene.id)}" -> "{_dot_text(choice.goto)}" [{", ".join(attrs)}];'
            )
        for divert in scene.divert:
            if divert.goto in story.scenes:
                when = _dot_text(_condition(divert.when.source))
                lines.append(
                    f'    "{_dot_text(scene.id)}" -> "{_dot_text(divert.goto)}" '
                    f'[label="divert\\nif {when}", style=dashed];'
                )
    lines.append("}")
    return "\n".join(lines) + "\n"


def render_graph(story: Story, fmt: str = "mermaid", lang: str | None = None) -> str:
    if fmt == "dot":
        return to_dot(story, lang)
    if fmt == "mermaid":
        return to_mermaid(story, lang)
    raise ValueError(f"unknown graph format {fmt!r} (use {' or '.join(FORMATS)})")
