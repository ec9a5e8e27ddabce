"""The neutral-shopper diff is correct, and bounded: a 20,000-word scene is no problem.

Timing lives in ``benchmarks/bench_export.py``; here the answers are checked.
"""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from kaufhaus.dossier import textdiff
from kaufhaus.dossier.export import _diff_marks
from kaufhaus.dossier.model import added_for_you


def _apply(a: list[str], b: list[str]) -> list[str]:
    """Rebuild ``b`` from ``a`` and the opcodes, checking every opcode on the way."""
    out: list[str] = []
    at_a = at_b = 0
    for tag, i1, i2, j1, j2 in textdiff.opcodes(a, b):
        assert (i1, j1) == (at_a, at_b), "opcodes are contiguous"
        if tag == "equal":
            assert a[i1:i2] == b[j1:j2]
        out += b[j1:j2]
        at_a, at_b = i2, j2
    assert (at_a, at_b) == (len(a), len(b))
    return out


words = st.lists(st.sampled_from(["Sie", "die", "und", "Kasse", "TV", " ", "\n", "x"]))


@settings(max_examples=200, deadline=None)
@given(a=words, b=words)
def test_opcodes_always_rebuild_the_text(a: list[str], b: list[str]) -> None:
    assert _apply(a, b) == b


def _text(n: int, seed: int = 7) -> list[str]:
    """``n`` words from a small vocabulary: every word repeats, few anchors are unique."""
    rng = random.Random(seed)
    vocab = [f"wort{i}" for i in range(400)]
    return [rng.choice(vocab) for _ in range(n)]


def test_a_20000_word_scene_marks_exactly_what_was_added() -> None:
    neutral = _text(20_000)
    mine = list(neutral)
    inserts = {2_000: ["Sie", "lieben", "Fernseher."], 9_000: ["Max!"], 17_500: ["Nur", "heute."]}
    for at in sorted(inserts, reverse=True):
        mine[at:at] = inserts[at]
    mine[12_000] = "GEÄNDERT"
    mine_text, neutral_text = " ".join(mine), " ".join(neutral)
    segments = textdiff.changed_segments(mine_text, neutral_text)
    changed = [text.strip() for is_changed, text in segments if is_changed and text.strip()]
    assert changed == ["Sie lieben Fernseher.", "Max!", "GEÄNDERT", "Nur heute."]
    assert "".join(text for _, text in segments) == mine_text
    assert added_for_you(mine_text, neutral_text)
    assert not added_for_you(neutral_text, neutral_text)


def test_the_html_marks_of_a_20000_word_scene() -> None:
    neutral = _text(20_000, seed=3)
    mine = [*neutral[:5_000], "Extra", "für", "Sie.", *neutral[5_000:]]
    marked = str(_diff_marks(" ".join(mine), " ".join(neutral), None))
    assert marked.count("<mark>") == 1
    assert "<mark>Extra für Sie.</mark>" in marked
    gone = str(_diff_marks(" ".join(neutral), " ".join(mine), "gone"))
    assert "<mark" not in gone  # nothing of the neutral text is missing from yours


def test_two_unrelated_long_texts_are_one_change_not_a_hang() -> None:
    mine, neutral = _text(20_000, seed=1), _text(20_000, seed=2)
    assert _apply(neutral, mine) == mine
