"""The rule for tunnels, checked on the story map (conditions ignored).

A tunnel (``tunnel: scene``) stays open until a ``goto: return`` closes it,
wherever that return is taken: a plain ``goto`` out of a tunnel scene does not
close it (as in Ink, where ``->`` inside a tunnel keeps the tunnel stack). Two
things follow that only show at play time, so ``check`` looks for them here by
walking every route with its stack of open tunnels:

* KH063 (error): a ``goto: return`` (or ``return_to:``) that some route
  reaches with no tunnel open. Play would stop there ("returns, but no tunnel led here").
* KH069 (warning): a tunnel that some route enters again while it is still
  open (it was left by a plain ``goto``): every round leaves one more tunnel
  open, a later ``goto: return`` goes back to a caller the player left long
  ago, and after ``MAX_TUNNELS`` the game stops.

Each distinct tunnel is at most once on a stack the walk keeps (entering it
again is the KH069 finding), so the walk is finite; it stops quietly after
``MAX_STATES`` states rather than claim anything about a map it did not finish.
"""

from __future__ import annotations

from collections import deque

from kaufhaus.story.errors import Problem
from kaufhaus.story.model import RETURN, Choice, Story

#: Routes the walk follows at most (scene and open tunnels); beyond, no claim is made.
MAX_STATES = 200_000

_Stack = tuple[tuple[str, str], ...]  # open tunnels: (caller scene, tunnel choice id)
_State = tuple[str, _Stack]


def tunnel_problems(story: Story) -> list[Problem]:
    """KH063 and KH069 for the pack (see the module's docstring)."""
    if story.start not in story.scenes or story.incomplete:
        return []
    if not any(
        c.tunnel or c.goto == RETURN or c.ends_tunnel
        for s in story.scenes.values()
        for c in s.choices
    ):
        return []
    start: _State = (story.start, ())
    parent: dict[_State, _State | None] = {start: None}
    todo = deque([start])
    unopened: dict[tuple[str, str], _State] = {}  # a return reached with no tunnel open
    reentered: dict[tuple[str, str], _State] = {}  # a tunnel entered while open
    while todo:
        if len(parent) > MAX_STATES:
            return []
        state = todo.popleft()
        sid, stack = state
        scene = story.scenes[sid]
        if scene.ending:
            continue
        for target in _moves(story, scene.id, stack, state, unopened, reentered):
            if target[0] in story.scenes and target not in parent:
                parent[target] = state
                todo.append(target)
    problems: list[Problem] = []
    for (sid, cid), state in sorted(unopened.items()):
        choice = _choice(story, sid, cid)
        problems.append(
            Problem(
                choice.goto_pos,
                "KH063",
                f"choice {cid!r} {'ends a tunnel' if choice.ends_tunnel else 'returns'}, "
                f"but scene {sid!r} can be reached with no tunnel "
                f"open ({_route(parent, state)})",
                "'goto: return' goes back to where a 'tunnel:' started; reach this scene "
                "only through a tunnel, or give the choice a scene to go to.",
            )
        )
    for (sid, cid), state in sorted(reentered.items()):
        choice = _choice(story, sid, cid)
        problems.append(
            Problem(
                choice.pos,
                "KH069",
                f"tunnel {cid!r} in scene {sid!r} can be entered again while it is still "
                f"open ({_route(parent, state)})",
                "A plain 'goto' out of a tunnel leaves it open; leave the tunnel with "
                "'goto: return', or each round opens one more (a later return then goes "
                "back to an old caller).",
                "warning",
            )
        )
    return problems


def _moves(
    story: Story,
    sid: str,
    stack: _Stack,
    state: _State,
    unopened: dict[tuple[str, str], _State],
    reentered: dict[tuple[str, str], _State],
) -> list[_State]:
    scene = story.scenes[sid]
    out: list[_State] = [(d.goto, stack) for d in scene.divert]
    for choice in scene.choices:
        if choice.stay:
            continue
        if choice.tunnel:
            opened = (sid, choice.id)
            if opened in stack:
                reentered.setdefault(opened, state)
                continue
            out.append((choice.goto, (*stack, opened)))
        elif choice.goto == RETURN or choice.ends_tunnel:  # ``return_to:`` closes it too
            if not stack:
                unopened.setdefault((sid, choice.id), state)
                continue
            out.append((choice.goto if choice.ends_tunnel else stack[-1][0], stack[:-1]))
        else:
            out.append((choice.goto, stack))
    return out


def _choice(story: Story, sid: str, cid: str) -> Choice:
    found = story.scenes[sid].choice(cid)
    assert found is not None  # the walk only records choices it found
    return found


def _route(parent: dict[_State, _State | None], state: _State | None) -> str:
    """The scenes from the start to ``state``, as 'from the start: a -> b -> c'."""
    scenes: list[str] = []
    while state is not None:
        scenes.append(state[0])
        state = parent[state]
    scenes.reverse()
    if len(scenes) > 8:
        scenes = [*scenes[:3], "...", *scenes[-4:]]
    return "from the start: " + " -> ".join(scenes)
