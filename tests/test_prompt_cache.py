"""The built-in prompt files, once parsed and checked, are kept as JSON in the cache folder
(content.cache_dir), so that a command need not import tomllib and parse TOML: a kept copy
must give exactly what parsing gives, and a changed file, a damaged copy or a cache folder
that cannot be written must never change what a command sees."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from journalcli import content
from journalcli.errors import ContentError


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("JOURNAL_CACHE_DIR", str(folder))
    content.load_builtin.cache_clear()
    content.load.cache_clear()
    return folder / "prompts"


def fresh(kind: str) -> dict[str, object]:
    content.load_builtin.cache_clear()
    return content.load_builtin(kind)


def refuse_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    def parse(*_: object) -> None:
        pytest.fail("parsed although a copy is kept")

    monkeypatch.setattr(content, "_parsed", parse)


@pytest.mark.parametrize("kind", list(content.SCHEMA))
def test_a_kept_copy_gives_what_parsing_gives(cache, monkeypatch, kind):
    parsed = fresh(kind)
    (kept,) = cache.glob(f"{kind}-*.json")
    refuse_parsing(monkeypatch)
    assert fresh(kind) == parsed
    assert kept.exists()


def test_the_copies_are_private(cache):
    fresh("triggers")
    assert stat.S_IMODE(cache.stat().st_mode) == 0o700
    assert stat.S_IMODE(cache.parent.stat().st_mode) == 0o700
    for kept in cache.iterdir():
        assert stat.S_IMODE(kept.stat().st_mode) == 0o600


@pytest.fixture
def own_builtins(tmp_path, monkeypatch) -> Path:
    """A copy of the built-in prompt folder that a test may change."""
    folder = tmp_path / "builtin"
    shutil.copytree(content.builtin_dir(), folder)
    monkeypatch.setattr(content, "builtin_dir", lambda: folder)
    return folder


def test_a_changed_file_is_parsed_again_and_its_old_copy_goes(cache, own_builtins):
    before = fresh("triggers")
    (old,) = cache.glob("triggers-*.json")
    path = own_builtins / "triggers.toml"
    path.write_text(path.read_text().replace("someone moved closer", "someone came closer"))
    after = fresh("triggers")
    assert after["closeness"]["short"] == "someone came closer"
    assert before["closeness"]["short"] == "someone moved closer"
    (new,) = cache.glob("triggers-*.json")
    assert new != old and not old.exists()


def test_a_change_of_the_same_length_is_seen_too(cache, own_builtins):
    fresh("steps")
    path = own_builtins / "steps.toml"
    text = path.read_text()
    swapped = text.replace("Track", "Trace", 1)
    assert swapped != text and len(swapped) == len(text)
    path.write_text(swapped)
    assert "Trace" in str(fresh("steps"))


def test_a_change_of_the_rules_is_a_new_copy(cache, monkeypatch):
    """A file checked by other rules (an upgrade that requires another id or field) is
    checked again, not taken from a copy those rules never saw."""
    raw = (content.builtin_dir() / "triggers.toml").read_bytes()
    names = {content._cache_path("triggers", raw)}
    rules = {**content.REQUIRED_IDS, "triggers": ("other", "closeness")}
    monkeypatch.setattr(content, "REQUIRED_IDS", rules)
    names.add(content._cache_path("triggers", raw))
    fields = {**content.SCHEMA["triggers"]}
    fields["short"] = fields["short"]._replace(required=True)
    monkeypatch.setattr(content, "SCHEMA", {**content.SCHEMA, "triggers": fields})
    names.add(content._cache_path("triggers", raw))
    assert len(names) == 3
    assert content._cache_path("steps", raw) not in names


@pytest.mark.parametrize(
    "damage",
    [b"", b"not json", b"[1, 2]", b'{"closeness": "text"}', b"\xff\xfe", b'{"a": {}'],
)
def test_a_damaged_copy_is_ignored_and_made_again(cache, damage):
    parsed = fresh("triggers")
    (kept,) = cache.glob("triggers-*.json")
    kept.write_bytes(damage)
    assert fresh("triggers") == parsed
    assert fresh("triggers") == parsed  # and the copy made again reads back
    assert kept.read_bytes() != damage


def test_a_cache_folder_that_cannot_be_written_changes_nothing(tmp_path, monkeypatch):
    blocked = tmp_path / "a-file"
    blocked.write_text("")
    monkeypatch.setenv("JOURNAL_CACHE_DIR", str(blocked))
    parsed = fresh("safety")
    assert parsed == fresh("safety")
    assert blocked.read_text() == ""
    assert not list(tmp_path.glob(".*.tmp")) and not list(tmp_path.glob("**/*.json"))


def test_a_bad_built_in_file_is_never_kept(cache, own_builtins):
    (own_builtins / "steps.toml").write_text('[meta]\nkind = "steps"\n')
    for _ in range(2):
        with pytest.raises(ContentError, match=r"meta\.source"):
            fresh("steps")
    assert not cache.exists() or not list(cache.glob("steps-*.json"))


def test_the_users_own_files_are_read_as_they_are(cache, tmp_path, monkeypatch):
    fresh("triggers")
    own = tmp_path / "config" / "prompts"
    own.mkdir(parents=True)
    (own / "mine.toml").write_text(
        '[meta]\nkind = "triggers"\n\n[items.deadline]\ndescription = "A deadline at work."\n'
        'group = "threat"\nchallenge = "Say how it is going."\n'
    )
    content.load.cache_clear()
    assert "deadline" in content.load("triggers")
    assert not [p for p in cache.iterdir() if "deadline" in p.read_text()]


def test_no_home_folder_means_no_copy(monkeypatch):
    monkeypatch.delenv("JOURNAL_CACHE_DIR")
    monkeypatch.setattr(content, "cache_dir", lambda: None)
    assert fresh("triggers") == fresh("triggers")


def test_add_with_the_copies_kept_does_not_import_tomllib(tmp_path):
    env = {**os.environ, "JOURNAL_DB": str(tmp_path / "journal.json")}
    env["JOURNAL_CACHE_DIR"] = str(tmp_path / "cache")
    probe = (
        "import sys\n"
        "sys.argv = ['journal', 'add', '-u', '5', '-t', 'stress', 'a note']\n"
        "from journalcli.cli import main\n"
        "try:\n"
        "    main()\n"
        "except SystemExit:\n"
        "    pass\n"
        "print('tomllib' in sys.modules, file=sys.stderr)\n"
    )

    def imported_tomllib() -> bool:
        done = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True)
        assert done.returncode == 0, done.stderr
        return done.stderr.decode().split()[-1] == "True"

    assert imported_tomllib()  # the first run parses and keeps
    assert not imported_tomllib()
