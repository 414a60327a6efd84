"""Loading and validating the guide data under prompts/ (built-in and the user's own)."""

from __future__ import annotations

import os
import tomllib
from functools import cache
from pathlib import Path
from typing import Any

from journalcli.errors import ContentError

# Required string fields per kind; the loader checks every item against this.
REQUIRED: dict[str, tuple[str, ...]] = {
    "triggers": ("description", "group"),
    "behaviors": ("description",),
}
TRIGGER_GROUPS = ("closeness", "threat", "other")

Item = dict[str, Any]


def builtin_dir() -> Path:
    """prompts/ as shipped in the wheel, or at the top of a source checkout."""
    here = Path(__file__).resolve().parent
    packaged = here / "prompts"
    return packaged if packaged.is_dir() else here.parents[1] / "prompts"


def user_dir() -> Path:
    """Where a user's own prompt files live; JOURNAL_CONFIG_DIR overrides the platform default."""
    base = os.environ.get("JOURNAL_CONFIG_DIR")
    if not base:
        import platformdirs

        base = platformdirs.user_config_dir("journalcli", appauthor=False)
    return Path(base) / "prompts"


def _read(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise ContentError(f"{path}: not valid TOML ({exc})") from None
    except OSError as exc:
        raise ContentError(f"{path}: cannot read ({exc.strerror})") from None


def _validate(path: Path, kind: str, data: dict[str, Any]) -> dict[str, Item]:
    items = data.get("items")
    if not isinstance(items, dict):
        raise ContentError(f"{path}: missing [items.<id>] tables")
    required = REQUIRED.get(kind, ())
    for key, item in items.items():
        if not isinstance(item, dict):
            raise ContentError(f"{path}: items.{key} must be a table")
        for field in required:
            value = item.get(field)
            if not isinstance(value, str) or not value.strip():
                raise ContentError(f"{path}: items.{key}.{field} must be a non-empty string")
        if kind == "triggers" and item["group"] not in TRIGGER_GROUPS:
            raise ContentError(
                f"{path}: items.{key}.group must be one of {', '.join(TRIGGER_GROUPS)}"
            )
    return items


def _kind_of(path: Path, data: dict[str, Any]) -> str:
    kind = data.get("meta", {}).get("kind") if isinstance(data.get("meta"), dict) else None
    if not isinstance(kind, str) or not kind:
        raise ContentError(f'{path}: missing [meta] kind = "..."')
    return kind


@cache
def load(kind: str) -> dict[str, Item]:
    """All items of one kind, built-in first, then the user's files (same id overrides)."""
    builtin = builtin_dir() / f"{kind}.toml"
    if not builtin.is_file():
        raise ContentError(f"{builtin}: built-in prompt file is missing")
    data = _read(builtin)
    items = dict(_validate(builtin, kind, data))
    folder = user_dir()
    if folder.is_dir():
        for path in sorted(folder.glob("*.toml")):
            user = _read(path)
            if _kind_of(path, user) == kind:
                items.update(_validate(path, kind, user))
    return items


def trigger_keys() -> list[str]:
    return list(load("triggers"))


def behavior_keys() -> list[str]:
    return list(load("behaviors"))
