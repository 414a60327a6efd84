"""journalcli.dirs computes the common XDG cases itself (platformdirs costs 2 ms to import):
it must name the very folders platformdirs names, or a journal would seem to vanish."""

from __future__ import annotations

import sys

import platformdirs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from journalcli import dirs

KINDS = ["data", "config", "state"]
VARIABLES = {"data": "XDG_DATA_HOME", "config": "XDG_CONFIG_HOME", "state": "XDG_STATE_HOME"}


def expected(kind: str) -> str:
    return getattr(platformdirs, f"user_{kind}_dir")("journalcli", appauthor=False)


def environment(patch: pytest.MonkeyPatch, kind: str, home: str, xdg: str | None) -> None:
    patch.setenv("HOME", home)
    for variable in VARIABLES.values():
        patch.delenv(variable, raising=False)
    if xdg is not None:
        patch.setenv(VARIABLES[kind], xdg)


pytestmark = pytest.mark.skipif(
    sys.platform in ("win32", "darwin"), reason="the XDG rules are those of Linux and the BSDs"
)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(
    ("home", "xdg"),
    [
        ("/home/sam", None),
        ("/home/sam", ""),
        ("/home/sam/", None),
        ("/", None),
        ("/home/sam", "/srv/xdg"),
        ("/home/sam", "/srv/xdg/"),
        ("/home/sam", "relative/xdg"),
        ("/home/sam", "  "),
        ("/home/sam", "~/xdg"),
        ("relative-home", None),
        ("/home/with space", "/x y/z"),
    ],
)
def test_each_folder_is_the_one_platformdirs_names(monkeypatch, kind, home, xdg):
    environment(monkeypatch, kind, home, xdg)
    try:
        wanted = expected(kind)
    except RuntimeError as exc:  # newer platformdirs refuse a relative HOME: so do we
        with pytest.raises(RuntimeError, match=str(exc)[:20]):
            dirs.user_dir(kind)
        return
    assert dirs.user_dir(kind) == wanted


@given(
    home=st.text(min_size=1, max_size=12).map(lambda s: "/" + s),
    xdg=st.none() | st.text(max_size=12) | st.text(max_size=12).map(lambda s: "/" + s),
    kind=st.sampled_from(KINDS),
)
def test_any_home_and_xdg_value_gives_platformdirs_folder(home, xdg, kind):
    if "\0" in home or (xdg and "\0" in xdg):
        return
    with pytest.MonkeyPatch.context() as patch:
        environment(patch, kind, home, xdg)
        try:
            wanted = expected(kind)
        except RuntimeError:
            return
        assert dirs.user_dir(kind) == wanted


@pytest.mark.parametrize("platform", ["darwin", "win32", "android"])
def test_other_platforms_are_asked_of_platformdirs(monkeypatch, platform):
    monkeypatch.setattr(dirs.sys, "platform", platform)
    asked = []

    class Fake:
        def __init__(self, app: str, appauthor: bool) -> None:
            asked.append((app, appauthor))
            self.user_data_dir = "/somewhere/else"

    monkeypatch.setattr(platformdirs, "PlatformDirs", Fake)
    assert dirs.user_dir("data") == "/somewhere/else"
    assert asked == [("journalcli", False)]


def test_android_under_a_linux_kernel_is_asked_of_platformdirs(monkeypatch):
    monkeypatch.setenv("ANDROID_DATA", "/data")
    monkeypatch.setattr(platformdirs, "PlatformDirs", lambda *_, **__: pytest.fail("asked"))
    with pytest.raises(pytest.fail.Exception):
        dirs.user_dir("config")


def test_the_default_journal_config_and_state_folders_use_it(monkeypatch, tmp_path):
    from journalcli import content, store, today

    monkeypatch.setenv("HOME", str(tmp_path))
    for name in ("JOURNAL_DB", "JOURNAL_CONFIG_DIR", "JOURNAL_STATE_DIR", *VARIABLES.values()):
        monkeypatch.delenv(name, raising=False)
    assert store.default_path() == tmp_path / ".local/share/journalcli/journal.json"
    assert content.config_dir() == tmp_path / ".config/journalcli"
    assert today.state_dir() == tmp_path / ".local/state/journalcli"
