"""The story map: scenes as nodes, choices as edges, as Mermaid or Graphviz DOT.

Flow is drawn as what it is: a tunnel (thick, "tunnel"), the return from it
to each scene that can have started it (dotted, "return"), a divert (dashed,
"divert if ..."), a scene's ``on_enter:`` effects in its box ("on enter:
…"), so a tunnel scene no longer looks like a dead end, and ``choices_from:``
as one edge to the scene whose choices are offered ("choices from", dotted
green), whose own edges show where those choices lead (drawn once, there).

Authors and teachers look at a story as a map long before they play it; a
picture of where every choice leads shows the loops, the endings and the
conditional doors at a glance. Mermaid renders directly in GitHub, GitLab and
many Markdown editors; DOT goes through Graphviz (``dot -Tsvg``).
"""

from __future__ import annotations

import re

from kaufhaus.story.check import reachable
from kaufhaus.story.model import RETURN, Choice, OnEnter, Scene, Story

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


def _on_enter(effects: tuple[OnEnter, ...]) -> str:
    """What entering a scene does, in the pack's own words: ``set x +1, give y, note z``."""
    parts: list[str] = []
    for effect in effects:
        done: list[str] = []
        for assign in effect.state.set:
            if assign.add is not None:
                done.append(f"{assign.var} {assign.add:+g}")
            elif assign.expr is not None:
                done.append(f"{assign.var} = {_condition(assign.expr.source)}")
            else:
                done.append(f"{assign.var} = {assign.literal}")
        done += [f"give {t}" for t in effect.state.give]
        done += [f"remove {t}" for t in effect.state.remove]
        done += [f"note {n.id}" for n in effect.records.notes]
        done += [f"share to {sh.to}" for sh in effect.records.shares]
        if done and effect.when is not None:
            done[0] = f"if {_condition(effect.when.source)}: {done[0]}"
        parts += done
    text = ", ".join(parts)
    return text if len(text) <= MAX_LABEL else text[: MAX_LABEL - 1].rstrip() + "…"


def returns(story: Story) -> list[tuple[str, str, str]]:
    """Each ``goto: return`` as an edge: (returning scene, scene it returns to, tunnel).

    A tunnel from scene C into T comes back to C from any scene reachable from T
    (by gotos, diverts, and past nested tunnels, which come back themselves)
    that has a choice with ``goto: return``.
    """
    out: list[tuple[str, str, str]] = []
    for caller in story.scenes.values():
        for tunnel in caller.choices:
            if not tunnel.tunnel or tunnel.goto not in story.scenes:
                continue
            seen = {tunnel.goto}
            todo = [tunnel.goto]
            while todo:
                scene = story.scenes[todo.pop()]
                if any(c.goto == RETURN and not c.tunnel for c in scene.choices):
                    out.append((scene.id, caller.id, tunnel.id))
                # past a ``return_to:`` the tunnel is closed: not walked further
                nexts = [c.goto for c in scene.choices if c.goto != RETURN and not c.ends_tunnel]
                nexts += [d.goto for d in scene.divert]
                # a nested tunnel returns to the scene that started it
                nexts += [scene.id for c in scene.choices if c.tunnel]
                for target in nexts:
                    if target in story.scenes and target not in seen:
                        seen.add(target)
                        todo.append(target)
    return sorted(set(out))


def _edge_name(choice: Choice) -> str:
    """A choice's label on the map: its id, with what it does to tunnels."""
    if choice.tunnel:
        return f"tunnel {choice.id}"
    if choice.ends_tunnel:
        return f"{choice.id} (ends the tunnel)"
    return choice.id


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
    styles: dict[str, list[int]] = {"tunnel": [], "return": [], "divert": [], "thread": []}
    edges = 0

    def edge(line: str, kind: str | None = None) -> None:
        nonlocal edges
        lines.append(line)
        if kind is not None:
            styles[kind].append(edges)
        edges += 1

    for scene in story.scenes.values():
        label = _mermaid_text(_title(scene, lang))
        if scene.on_enter and _on_enter(scene.on_enter):
            label += f"<br/>on enter: {_mermaid_text(_on_enter(scene.on_enter))}"
        if scene.ending:
            label += f"<br/>ending: {_mermaid_text(scene.ending)}"
            lines.append(f'    {ids[scene.id]}(["{label}"])')
        else:
            lines.append(f'    {ids[scene.id]}["{label}"]')
    for scene in story.scenes.values():
        for thread in scene.choices_from:
            if thread.scene in ids:
                edge(f'    {ids[scene.id]} -.->|"choices from"| {ids[thread.scene]}', "thread")
        for choice in scene.choices:
            target = ids.get(choice.goto)
            if target is None or choice.origin:  # a gathered choice: drawn where written
                continue
            name = _edge_name(choice)
            if choice.when is not None:
                name += f" if {_condition(choice.when.source)}"
            text = _mermaid_text(name)
            if choice.tunnel:  # thick: the player comes back
                edge(f'    {ids[scene.id]} ==>|"{text}"| {target}', "tunnel")
            elif choice.when is not None:
                edge(f'    {ids[scene.id]} -.->|"{text}"| {target}')
            else:
                edge(f'    {ids[scene.id]} -->|"{text}"| {target}')
        for divert in scene.divert:  # taken on the way in, without a click: dashed, "divert"
            target = ids.get(divert.goto)
            if target is not None:
                text = _mermaid_text(f"divert if {_condition(divert.when.source)}")
                edge(f'    {ids[scene.id]} -.->|"{text}"| {target}', "divert")
    for back, caller, tunnel in returns(story):
        text = _mermaid_text(f"return (tunnel {tunnel})")
        edge(f'    {ids[back]} -.->|"{text}"| {ids[caller]}', "return")
    colours = {
        "tunnel": "stroke:#1f5fa8,stroke-width:3px",
        "return": "stroke:#1f5fa8,stroke-dasharray: 2 4",
        "divert": "stroke:#b35c00",
        "thread": "stroke:#2e7d32,stroke-dasharray: 1 3",
    }
    for kind, numbers in styles.items():
        if numbers:
            lines.append(f"    linkStyle {','.join(map(str, numbers))} {colours[kind]}")
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
        title = _dot_text(_title(scene, lang))
        if scene.on_enter and _on_enter(scene.on_enter):
            title += f"\\non enter: {_dot_text(_on_enter(scene.on_enter))}"
        attrs = [f'label="{title}"']
        if scene.ending:
            ending = _dot_text(scene.ending)
            attrs[0] = f'label="{title}\\nending: {ending}"'
            attrs += ["shape=doubleoctagon", 'style="filled"', 'fillcolor="#f4e3c1"']
        if scene.id == story.start:
            attrs.append("penwidth=3")
        if scene.id not in live:
            attrs += ['style="dashed"', 'fontcolor="#888888"']
        lines.append(f'    "{_dot_text(scene.id)}" [{", ".join(attrs)}];')
    for scene in story.scenes.values():
        for thread in scene.choices_from:
            if thread.scene in story.scenes:
                lines.append(
                    f'    "{_dot_text(scene.id)}" -> "{_dot_text(thread.scene)}" '
                    '[label="choices from", style=dotted, color="#2e7d32", arrowhead=empty];'
                )
        for choice in scene.choices:
            if choice.goto not in story.scenes or choice.origin:  # drawn where written
                continue
            name = _dot_text(_edge_name(choice))
            attrs = [f'label="{name}"']
            if choice.when is not None:
                when = _dot_text(_condition(choice.when.source))
                attrs = [f'label="{name}\\nif {when}"', "style=dashed"]
            if choice.tunnel:  # thick: the player comes back
                attrs += ["penwidth=3", 'color="#1f5fa8"']
            lines.append(
                f'    "{_dot_text(scene.id)}" -> "{_dot_text(choice.goto)}" [{", ".join(attrs)}];'
            )
        for divert in scene.divert:
            if divert.goto in story.scenes:
                when = _dot_text(_condition(divert.when.source))
                lines.append(
                    f'    "{_dot_text(scene.id)}" -> "{_dot_text(divert.goto)}" '
                    f'[label="divert\\nif {when}", style=dashed, color="#b35c00"];'
                )
    for back, caller, tunnel in returns(story):
        lines.append(
            f'    "{_dot_text(back)}" -> "{_dot_text(caller)}" '
            f'[label="return\\n(tunnel {_dot_text(tunnel)})", style=dotted, color="#1f5fa8"];'
        )
    lines.append("}")
    return "\n".join(lines) + "\n"


def render_graph(story: Story, fmt: str = "mermaid", lang: str | None = None) -> str:
    if fmt == "dot":
        return to_dot(story, lang)
    if fmt == "mermaid":
        return to_mermaid(story, lang)
    raise ValueError(f"unknown graph format {fmt!r} (use {' or '.join(FORMATS)})")
