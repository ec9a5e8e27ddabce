"""``kaufhaus graph`` draws flow as what it is (issue 24): a tunnel scene used to look
like a dead end, its returns were missing, and on-enter effects were invisible."""

from __future__ import annotations

from pathlib import Path

import pytest

from kaufhaus.story.graph import returns, to_dot, to_mermaid
from kaufhaus.story.loader import load_pack
from tests.story.helpers import flow_pack, single

PACK = flow_pack(
    """\
  - id: a
    text: A.
    choices:
      - {id: rein, label: Rein, tunnel: warte}
      - {id: weiter, label: Weiter, goto: b}
  - id: b
    on_enter: [{set: {n: "+1"}}, {when: "state.n > 2", note: {id: oft, text: Oft.}}]
    divert: [{when: "state.n > 3", goto: z}]
    text: B.
    choices:
      - {id: rein, label: Rein, tunnel: warte}
      - {id: zurueck, label: Zurück, goto: a}
      - {id: ende, label: Ende, goto: z}
  - id: warte
    text: Warten.
    choices:
      - {id: noch, label: Noch, goto: musik}
      - {id: auf, label: Auflegen, goto: return}
  - id: musik
    text: Musik.
    choices: [{id: auf, label: Auflegen, goto: return}]
""",
    state="{n: 0}",
)


@pytest.fixture
def story(tmp_path: Path) -> object:
    return load_pack(single(tmp_path, PACK))


def test_every_return_is_an_edge_back_to_each_caller(story: object) -> None:
    assert returns(story) == [  # type: ignore[arg-type]
        ("musik", "a", "rein"),
        ("musik", "b", "rein"),
        ("warte", "a", "rein"),
        ("warte", "b", "rein"),
    ]


def test_mermaid_draws_tunnels_returns_diverts_and_on_enter(story: object) -> None:
    text = to_mermaid(story)  # type: ignore[arg-type]
    assert 'a ==>|"tunnel rein"| warte' in text  # thick: a tunnel, not a goto
    assert 'warte -.->|"return (tunnel rein)"| a' in text
    assert 'musik -.->|"return (tunnel rein)"| b' in text
    assert 'b -.->|"divert if state.n #gt; 3"| z' in text
    assert 'b["B.<br/>on enter: n +1, if state.n #gt; 2: note oft"]' in text
    lines = text.splitlines()
    edges = [line for line in lines if "-->" in line or "-.->" in line or "==>" in line]
    styled = {line.split()[1]: line for line in lines if line.strip().startswith("linkStyle")}
    tunnels = [str(i) for i, e in enumerate(edges) if "==>" in e]
    assert styled[",".join(tunnels)].endswith("stroke-width:3px")


def test_dot_draws_tunnels_returns_diverts_and_on_enter(story: object) -> None:
    text = to_dot(story)  # type: ignore[arg-type]
    assert '"a" -> "warte" [label="tunnel rein", penwidth=3, color="#1f5fa8"];' in text
    assert '"warte" -> "b" [label="return\\n(tunnel rein)", style=dotted' in text
    assert '"b" -> "z" [label="divert\\nif state.n > 3", style=dashed, color="#b35c00"];' in text
    assert 'label="B.\\non enter: n +1, if state.n > 2: note oft"' in text
