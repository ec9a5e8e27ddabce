"""Fuzzing the loader: whatever the input, a Story or located problems, nothing else."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kaufhaus.story.errors import StoryLoadError
from kaufhaus.story.loader import load_pack
from kaufhaus.story.yamlsrc import parse_yaml

CODE = re.compile(r"^KH\d{3}$")
FUZZ = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)

TOKENS = [
    *"abc:- \n\t'\"[]{},#&*!|>%@`?~=<\\",
    "id",
    "start",
    "scenes",
    "text",
    "choices",
    "goto",
    "{{",
    "}}",
    "{%",
    "%}",
    "\u00e4",
    "\x00",
    "\ufeff",
    "\r\n",
    "---",
    "...",
]
YAMLISH = st.lists(st.sampled_from(TOKENS), max_size=120).map("".join)


def _load(text: str | bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "story.yaml"
        path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8", "replace"))
        try:
            load_pack(path)
        except StoryLoadError as exc:
            assert exc.problems
            for problem in exc.problems:
                assert CODE.match(problem.code), problem
                assert problem.pos.line >= 1 and problem.pos.column >= 1
                assert problem.message


@FUZZ
@given(YAMLISH)
def test_yamlish_text_never_breaks_the_parser(text: str) -> None:
    _tree, problems = parse_yaml(text, "f.yaml")
    for problem in problems:
        assert CODE.match(problem.code)
    _load(text)


@FUZZ
@given(st.binary(max_size=300))
def test_random_bytes_never_break_the_loader(data: bytes) -> None:
    _load(data)


KEYS = st.sampled_from(
    [
        "id",
        "text",
        "title",
        "choices",
        "items",
        "variants",
        "goto",
        "label",
        "when",
        "product",
        "effects",
        "take",
        "consent",
        "ending",
        "input",
        "key",
        "prompt",
        "append",
        "de",
        "en",
        "price_tag",
        "buy",
        "place",
        "coupon",
        "drop",
        "x",
    ]
)
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 5),
    st.floats(allow_nan=False),
    st.sampled_from(
        [
            "a",
            "z",
            "tv",
            "Hallo",
            "{{ shop.top }}",
            "{{ shp }}",
            "visits.a > 1",
            "{% if x %}",
            "all",
            "take",
            "{{ 'x' * 10**9 }}",
            "{{ ''.__class__ }}",
            "seen('a')",
            "reveal",
            "",
        ]
    ),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(KEYS, inner, max_size=5)),
    max_leaves=25,
)
SCENE = st.fixed_dictionaries(
    {"id": st.sampled_from(["a", "b", "z", "a b", 3])},
    optional={
        k: VALUES for k in ["text", "title", "choices", "items", "variants", "ending", "input"]
    },
)


@FUZZ
@given(st.lists(SCENE, max_size=4), st.dictionaries(KEYS, VALUES, max_size=2))
def test_random_structured_packs_load_or_fail_cleanly(
    scenes: list[dict[str, Any]], extra: dict[str, Any]
) -> None:
    data = {"id": "fuzz", "languages": ["de", "en"], "start": "a", "scenes": scenes, **extra}
    _load(yaml.safe_dump(data, allow_unicode=True))
