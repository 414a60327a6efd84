"""The user's own data, config, state and cache folders.

platformdirs knows every platform, but importing it costs about 2 ms (it brings in tempfile
and random) on every command that opens a journal. On Linux and the BSDs, where it follows the
XDG base directory rules, the two common cases are computed here just as it computes them (an
absolute $XDG_..._HOME, or none and an absolute $HOME); anything else is asked of it.
"""

from __future__ import annotations

import os
import sys

APP = "journalcli"
# The variable and the folder under $HOME that platformdirs' Unix class uses for each kind.
_XDG = {
    "data": ("XDG_DATA_HOME", ".local/share"),
    "config": ("XDG_CONFIG_HOME", ".config"),
    "state": ("XDG_STATE_HOME", ".local/state"),
    "cache": ("XDG_CACHE_HOME", ".cache"),
}


def user_dir(kind: str) -> str:
    """platformdirs.user_<kind>_dir("journalcli", appauthor=False) for data, config, state
    or cache."""
    variable, default = _XDG[kind]
    if _xdg_platform():
        given = os.environ.get(variable, "")
        if given.startswith("/"):
            return os.path.join(given, APP)
        home = os.environ.get("HOME", "")
        if not given and home.startswith("/"):
            return os.path.join(os.path.expanduser(f"~/{default}"), APP)
    import platformdirs

    dirs = platformdirs.PlatformDirs(APP, appauthor=False)
    return str(getattr(dirs, f"user_{kind}_dir"))


def _xdg_platform() -> bool:
    """Where platformdirs uses its Unix class: not Windows, not macOS, not Android (which a
    Python built for it says by sys.getandroidapilevel, even with sys.platform "linux" and
    no ANDROID_DATA: platformdirs then looks for the app's folder)."""
    if sys.platform in ("win32", "darwin", "android", "ios") or sys.platform.startswith("cygwin"):
        return False
    return "ANDROID_DATA" not in os.environ and not hasattr(sys, "getandroidapilevel")
