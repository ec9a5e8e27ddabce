"""Files the game did not write are never deleted or overwritten (issue 19).

Before, ``forget --yes`` deleted a player's own ``dossier-company.json``
(any JSON-LD), ``dossier-fanpage.html`` and ``dossier-list.md`` because they
had our kind of name and format, and ``autoplay --dossier``, ``dossier -o``
and ``graph -o`` wrote over a thesis, a teacher's page or any JSON-LD. Now a
file is ours only if it carries the game's mark (``play.marks``).

Runs on the small cloak pack (scenes/examples/cloak), not the shipped story.
"""

from __future__ import annotations

import json
import tempfile
from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kaufhaus.cli import main
from kaufhaus.dossier.export import to_html, to_json, to_markdown
from kaufhaus.dossier.model import build_dossier
from kaufhaus.play.export import export_dossier
from kaufhaus.play.marks import marked, write_refusal
from kaufhaus.play.savefolder import look_alikes, our_files, ours
from kaufhaus.story.loader import load_pack
from kaufhaus.walkthrough import load_walkthrough, play
from tests.conftest import ROOT

CLOAK = ROOT / "scenes" / "examples" / "cloak"
WIN = CLOAK / "walkthroughs" / "win.yaml"


@cache
def exports() -> dict[str, str]:
    """The cloak game's dossier as the game writes it, by suffix."""
    story = load_pack(CLOAK)
    dossier = build_dossier(play(story, load_walkthrough(WIN)))
    return {
        ".json": to_json(dossier) + "\n",
        ".md": to_markdown(dossier, "de"),
        ".html": to_html(dossier, "de"),
    }


#: The player's own files from the issue: our names, our formats, not ours.
PLAYERS_OWN = {
    "dossier-company.json": json.dumps(
        {"@context": "https://schema.org", "@type": "Organization", "name": "ACME GmbH"}
    ),
    "dossier-fanpage.html": "<!DOCTYPE html>\n<html><head><title>Kaufhaus Internet Fans"
    "</title></head><body>Meine Fanseite über Kaufhaus Internet</body></html>\n",
    "dossier-list.md": "# Einkaufsliste\n\n*Für das Kaufhaus Internet*\n\n- Milch\n",
}


def unmarked(suffix: str) -> str:
    """Our own export with its mark taken out: an old file, or a copy someone edited."""
    text = exports()[suffix]
    if suffix == ".json":
        data = json.loads(text)
        del data["generator"]
        return json.dumps(data)
    if suffix == ".md":
        title, mark, rest = text.split("\n", 2)
        assert mark.startswith("<!-- generator: kaufhaus ")
        return f"{title}\n{rest}"
    return text.replace('<meta name="generator"', '<meta name="author"')


def test_forget_deletes_only_files_with_our_mark(tmp_path: Path) -> None:
    saves = tmp_path / "saves"
    saves.mkdir()
    story = load_pack(CLOAK)
    game = play(story, load_walkthrough(WIN))
    written = export_dossier(build_dossier(game), saves, lang="de", stamp="20260115-0930")
    for name, text in PLAYERS_OWN.items():
        (saves / name).write_text(text, encoding="utf-8")
    for suffix in (".json", ".md", ".html"):
        (saves / f"dossier-alt{suffix}").write_text(unmarked(suffix), encoding="utf-8")
    theirs = {p: p.read_bytes() for p in saves.iterdir() if p not in written}
    assert sorted(our_files(saves)) == sorted(written)
    assert sorted(look_alikes(saves)) == sorted(theirs)

    assert main(["forget", "--yes", "--saves", str(saves)]) == 0
    assert {p: p.read_bytes() for p in saves.iterdir()} == theirs  # byte for byte
    assert not any(p.exists() for p in written)


def test_forget_lists_the_look_alikes_as_not_touched(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LANG", "de_DE.UTF-8")
    for name, text in PLAYERS_OWN.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    assert main(["forget", "--yes", "--saves", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "nichts, was das Spiel geschrieben hat" in out
    assert "Nicht vom Spiel (ohne sein Zeichen), nicht angefasst:" in out
    for name in PLAYERS_OWN:
        assert f"  {name}" in out and (tmp_path / name).exists()


_TMP = Path(tempfile.mkdtemp(prefix="kaufhaus-marks-"))

#: Text that looks like ours: our words, our structure, someone else's file.
lookalike_text = st.one_of(
    st.builds(
        lambda extra, generator: json.dumps(
            {"@context": {"dpv": "https://w3id.org/dpv#"}, "format": "kaufhaus-dossier", **extra}
            | ({"generator": generator} if generator is not None else {})
        ),
        st.dictionaries(st.text(max_size=8), st.text(max_size=20), max_size=3),
        st.one_of(st.none(), st.text(max_size=20).filter(lambda g: not g.startswith("kaufhaus "))),
    ),
    st.builds(
        lambda body: f"<!DOCTYPE html>\n<html><head><title>Kaufhaus Internet</title></head>{body}",
        st.text(max_size=200),
    ),
    st.builds(
        lambda title, body: f"# {title}\n\n*Auskunft – Kaufhaus Internet*\n\n{body}",
        st.text(st.characters(exclude_characters="\n"), max_size=40),
        st.text(max_size=200),
    ),
    st.builds(lambda suffix: unmarked(suffix), st.sampled_from([".json", ".md", ".html"])),
    st.text(max_size=300),
    st.binary(max_size=300).map(lambda b: b.decode("latin-1")),
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    stem=st.from_regex(r"[a-z0-9._-]{1,20}", fullmatch=True),
    suffix=st.sampled_from([".json", ".md", ".html"]),
    text=lookalike_text,
)
def test_nothing_without_our_mark_is_ours(stem: str, suffix: str, text: str) -> None:
    """Generated look-alikes under our names: never ours, never to be overwritten."""
    path = _TMP / f"dossier-{stem}{suffix}"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    assert not marked(path)
    assert not ours(path)
    assert write_refusal(path, force=False, lang="en") is not None
    assert write_refusal(path, force=True, lang="en") is None
    path.unlink()


@pytest.mark.parametrize("suffix", [".json", ".md", ".html"])
def test_what_the_game_writes_is_ours(suffix: str, tmp_path: Path) -> None:
    path = tmp_path / f"dossier-x{suffix}"
    path.write_text(exports()[suffix], encoding="utf-8")
    assert marked(path) and ours(path)
    assert write_refusal(path, force=False, lang="de") is None
    link = tmp_path / f"dossier-link{suffix}"
    link.symlink_to(path)
    assert not ours(link)  # a link is never followed, not even to a file of ours


# ---------------------------------------------------------------- write refusal
def commands(target: Path, tmp_path: Path) -> dict[str, list[str]]:
    """Every command that writes a path the user names, writing ``target``."""
    save = tmp_path / "spiel.jsonl"
    if not save.exists():
        from kaufhaus.saves import save_game

        save_game(play(load_pack(CLOAK), load_walkthrough(WIN)), save)
    handins = tmp_path / "abgaben"
    if not handins.exists():
        from kaufhaus.play.handin import handin_from_dossier, handin_json

        handins.mkdir()
        record = handin_from_dossier(json.loads(exports()[".json"]))
        for i in range(3):
            (handins / f"g-{i}.json").write_text(handin_json(record), encoding="utf-8")
    suffix = target.suffix
    return {
        "autoplay": ["autoplay", str(WIN), "--pack", str(CLOAK), "--dossier", str(target)],
        "dossier": ["dossier", str(save), "--pack", str(CLOAK), "-o", str(target)],
        "graph": ["graph", str(CLOAK), "-o", str(target)]
        + (["--format", "dot"] if suffix == ".dot" else []),
        "class-report": ["class-report", str(handins), "-o", str(target)],
    }


FOREIGN = {
    ".md": "# Masterarbeit\n\nKapitel 1: Der gläserne Kunde\n",
    ".html": "<!DOCTYPE html><html><head><title>Klasse 8b</title></head></html>\n",
    ".json": json.dumps({"@context": "https://schema.org", "@type": "Thesis"}),
    ".mmd": "flowchart TD\n  A --> B\n",
    ".dot": "digraph meins { a -> b }\n",
}
TARGETS = {
    "autoplay": [".md", ".html", ".json"],
    "dossier": [".md", ".html", ".json"],
    "graph": [".mmd", ".dot"],
    "class-report": [".html"],
}


@pytest.mark.parametrize(
    ("command", "suffix"), [(c, s) for c, suffixes in TARGETS.items() for s in suffixes]
)
def test_commands_refuse_to_overwrite_a_foreign_file(
    command: str, suffix: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / f"arbeit{suffix}"
    target.write_text(FOREIGN[suffix], encoding="utf-8")
    argv = commands(target, tmp_path)[command]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "--force" in err and str(target) in err and "Traceback" not in err
    assert target.read_text(encoding="utf-8") == FOREIGN[suffix]  # untouched

    assert main([*argv, "--force"]) == 0  # the player insists
    assert target.read_text(encoding="utf-8") != FOREIGN[suffix]
    assert marked(target)
    assert main(argv) == 0  # now it is ours: written again without --force
    capsys.readouterr()


def test_a_folder_or_a_link_is_not_written_through(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for command, name in (
        ("autoplay", "akte.md"),
        ("dossier", "akte.json"),
        ("graph", "karte.mmd"),
        ("class-report", "bericht.html"),
    ):
        folder = tmp_path / name
        folder.mkdir()
        assert main([*commands(folder, tmp_path)[command], "--force"]) == 1, command
        err = capsys.readouterr().err
        assert "cannot write" in err and "Traceback" not in err
        assert folder.is_dir() and not list(folder.iterdir())
        assert not list(tmp_path.glob(f".{name}*"))  # no temp file left behind
    thesis = tmp_path / "thesis.md"
    thesis.write_text(FOREIGN[".md"], encoding="utf-8")
    link = tmp_path / "link.md"
    link.symlink_to(thesis)
    assert main(commands(link, tmp_path)["dossier"]) == 2
    assert main([*commands(link, tmp_path)["dossier"], "--force"]) == 0
    assert not link.is_symlink() and marked(link)  # the link was replaced ...
    assert thesis.read_text(encoding="utf-8") == FOREIGN[".md"]  # ... not what it pointed to


def test_graph_output_carries_the_mark_in_its_own_comment_syntax(tmp_path: Path) -> None:
    mermaid, dot = tmp_path / "karte.mmd", tmp_path / "karte.dot"
    assert main(["graph", str(CLOAK), "-o", str(mermaid)]) == 0
    assert main(["graph", str(CLOAK), "--format", "dot", "-o", str(dot)]) == 0
    assert mermaid.read_text(encoding="utf-8").startswith("%% generator: kaufhaus ")
    assert dot.read_text(encoding="utf-8").startswith("// generator: kaufhaus ")
    assert "digraph" in dot.read_text(encoding="utf-8")
    assert marked(mermaid) and marked(dot)


# --------------------------- saves, the cookie, locks: their own marks, by their whole shape
#: How our saves, cookie and locks begin, each with something after it that makes it another
#: file: a longer word, another format, a lock without its process number.
_NEAR_MARKS = [
    "kaufhaus-locked 1 host\n",  # began with the lock's word: was taken for a lock
    "kaufhaus-lock\n",
    "kaufhaus-lock 12x host\n",
    "kaufhaus-lock  1 host\n",
    "kaufhaus-lockfile 1 h\n",
    '{"format": "kaufhaus-saves"}',
    '{"format": "kaufhaus-save-notes"}',
    '{"formats": "kaufhaus-save"}',
    '{"format": "kaufhaus-cookies"}',
    '["format", "kaufhaus-cookie"]',
]
_OTHER_NAMES = [
    "autosave.jsonl.lock",
    "spiel.jsonl.lock",
    "kaufhaus-cookie.json",
    "autosave.jsonl",
    "autosave-2.jsonl",
    "spiel.json",
]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    name=st.sampled_from(_OTHER_NAMES),
    near=st.sampled_from(_NEAR_MARKS),
    tail=st.text(max_size=60),
)
def test_a_file_that_begins_like_a_save_cookie_or_lock_is_not_ours(
    name: str, near: str, tail: str
) -> None:
    """``autosave.jsonl.lock`` holding "kaufhaus-locked …" was deleted by forget."""
    path = _TMP / name
    path.write_text(near + tail, encoding="utf-8", errors="surrogatepass")
    try:
        assert not ours(path)
        assert path in look_alikes(_TMP) and path not in our_files(_TMP)
    finally:
        path.unlink()


def test_forget_keeps_a_look_alike_lock_and_deletes_the_games_own(tmp_path: Path) -> None:
    from kaufhaus.play.savefolder import try_lock

    saves = tmp_path / "saves"
    saves.mkdir()
    theirs = saves / "notizen.jsonl.lock"
    theirs.write_text("kaufhaus-locked since Monday\n", encoding="utf-8")
    lock = try_lock(saves / "autosave.jsonl")
    assert lock is not None
    assert our_files(saves) == [lock.path]
    assert look_alikes(saves) == [theirs]
    assert main(["forget", "--yes", "--saves", str(saves)]) == 0
    assert theirs.read_text(encoding="utf-8") == "kaufhaus-locked since Monday\n"
    assert not lock.path.exists()
