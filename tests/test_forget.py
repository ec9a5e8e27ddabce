"""``kaufhaus forget`` deletes what the game wrote, and nothing else.

The save folder may be pointed (KAUFHAUS_SAVES, --saves, a symlink) at a
folder full of someone's files. A decoy folder holds foreign files, files
that only look like ours by name, and links out of it: all of them survive.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from kaufhaus.play.export import export_dossier
from kaufhaus.play.savefolder import our_files
from kaufhaus.play.session import Session
from kaufhaus.saves import save_game
from kaufhaus.story.model import Story
from tests.conftest import ROOT


def _run(
    *args: str, stdin: str | None = None, lang: str = "de_DE.UTF-8"
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LC_")}
    env["LANG"] = lang
    return subprocess.run(
        [sys.executable, "-m", "kaufhaus", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        check=False,
        stdin=subprocess.DEVNULL if stdin is None else None,
    )


def _decoy(story: Story, tmp_path: Path) -> tuple[Path, list[Path], list[Path]]:
    """A home-like folder with the game's files among foreign ones; (folder, ours, foreign)."""
    home = tmp_path / "home"
    home.mkdir()
    outside = tmp_path / "outside"
    outside.mkdir()
    foreign = {
        ".bashrc": b"export PATH=$HOME/bin:$PATH\n",
        "id_rsa": b"-----BEGIN OPENSSH PRIVATE KEY-----\n",
        "thesis.pdf": b"%PDF-1.7\n",
        "README.md": b"# My notes\n",
        "notes.json": b'{"todo": ["milk"]}\n',
        "autosave.jsonl": b'{"format": "my-own-thing"}\n',  # our name, not our content
        "dossier-2026.html": b"<!DOCTYPE html><p>my own dossier</p>",
        "dossier-2026.md": b"# Dossier of the Borgia family\n",
        "kaufhaus-cookie.json": b'{"cookie": "chocolate chip"}',
        "spielstand-1.json": b'{"format": "kaufhaus-save-not"}',
        "autosave.jsonl.lock": b"my lock\n",
    }
    for name, data in foreign.items():
        (home / name).write_bytes(data)
    (home / "sub").mkdir()
    (home / "sub" / "autosave-9.jsonl").write_bytes(b"")
    # A real save of ours outside the folder, reached through links: never followed.
    session = Session(story, lang="de", seed=1, saves=outside)
    session.new_game({})
    for choice in ("nichts", "aussteigen", "alle"):  # off the tram, all cookies
        session.act("choose", choice=choice)
    session.quit()
    session.close()
    secret = outside / "autosave.jsonl"
    os.symlink(secret, home / "autosave-2.jsonl")
    os.symlink(outside, home / "autosave-3.jsonl")
    os.symlink(outside / "kaufhaus-cookie.json", home / "kaufhaus-cookie-link.json")
    # The game's own files in the folder.
    game = Session(story, lang="de", seed=2, saves=home)
    game.new_game({})  # autosave-4.jsonl: the names before it are taken
    for choice in ("nichts", "aussteigen", "alle"):  # off the tram, all cookies
        game.act("choose", choice=choice)
    assert game.game is not None
    save_game(game.game, home / "mein-spiel.jsonl")
    game.quit()
    from kaufhaus.dossier.model import build_dossier

    export_dossier(build_dossier(game.game), home, lang="de", stamp="20260115-0930")
    game.close()
    (home / ".autosave-4.jsonl.999999.abc123.tmp").write_bytes(b'{"format":"kaufhaus-save"')
    ours = sorted(set(home.iterdir()) - {home / n for n in foreign} - {home / "sub"})
    ours = [p for p in ours if not p.is_symlink()]
    theirs = [home / n for n in foreign] + [home / "sub" / "autosave-9.jsonl"]
    return home, ours, theirs


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")
def test_forget_deletes_only_our_files_and_follows_no_link(story: Story, tmp_path: Path) -> None:
    home, ours, theirs = _decoy(story, tmp_path)
    names = sorted(p.name for p in ours)
    assert "kaufhaus-cookie.json" not in names  # the foreign cookie blocked ours
    assert [p.name for p in our_files(home)] == names
    assert len(names) >= 6, names  # autosave, named save, 3 dossiers, temp file
    before = {p: p.read_bytes() for p in theirs}
    links = {p: os.readlink(p) for p in home.iterdir() if p.is_symlink()}
    outside = sorted((tmp_path / "outside").iterdir())

    result = _run("forget", "--yes", "--saves", str(home))
    assert result.returncode == 0, result.stderr
    for name in names:
        assert name in result.stdout  # listed first
    assert f"{len(names)} Dateien" in result.stdout
    assert not [p for p in ours if os.path.lexists(p)]
    assert {p: p.read_bytes() for p in theirs} == before
    assert {p: os.readlink(p) for p in home.iterdir() if p.is_symlink()} == links
    assert sorted((tmp_path / "outside").iterdir()) == outside


def test_forget_asks_in_the_players_language_and_no_means_no(story: Story, tmp_path: Path) -> None:
    home, ours, _ = _decoy(story, tmp_path)
    german = _run("forget", "--saves", str(home), stdin="n\n")
    assert german.returncode == 0
    assert "Alle löschen?" in german.stdout and "Nichts gelöscht." in german.stdout
    english = _run("forget", "--saves", str(home), stdin="\n", lang="en_GB.UTF-8")
    assert "Delete them all?" in english.stdout and "Nothing deleted." in english.stdout
    assert all(p.exists() for p in ours)
    yes = _run("forget", "--saves", str(home), stdin="ja\n")
    assert yes.returncode == 0 and "Vergessen:" in yes.stdout
    assert not [p for p in ours if p.exists()]


def test_forget_with_closed_input_deletes_nothing_and_says_why(
    story: Story, tmp_path: Path
) -> None:
    home, ours, _ = _decoy(story, tmp_path)
    result = _run("forget", "--saves", str(home))  # stdin is /dev/null: closed
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "nichts gelöscht" in result.stderr and "--yes" in result.stderr
    assert all(p.exists() for p in ours)


def test_forget_on_an_empty_or_missing_folder(tmp_path: Path) -> None:
    result = _run("forget", "--yes", "--saves", str(tmp_path / "gibt-es-nicht"))
    assert result.returncode == 0
    assert "nichts, was das Spiel geschrieben hat" in result.stdout


def test_forget_leaves_the_autosave_of_a_running_game(story: Story, tmp_path: Path) -> None:
    from kaufhaus.play.savefolder import LOCK_MAGIC

    saves = tmp_path / "saves"
    session = Session(story, lang="de", seed=1, saves=saves)
    session.new_game({})
    session.close()
    other = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        lock = saves / "autosave.jsonl.lock"
        lock.write_text(f"{LOCK_MAGIC} {other.pid} {os.uname().nodename}\n")
        result = _run("forget", "--yes", "--saves", str(saves))
        assert result.returncode == 1
        assert "gehört zu einem Spiel, das gerade läuft" in result.stderr
        assert (saves / "autosave.jsonl").exists() and lock.exists()
    finally:
        other.kill()
        other.wait()
