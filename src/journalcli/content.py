"""Loading and validating the guide data under prompts/ (built-in and the user's own).

Each file is TOML with a [meta] table (kind, and for built-in files the source articles) and
[items.<id>] tables. Every kind has a schema below; a file that breaks it raises ContentError
naming the file and the key, so a typo in a user's file never turns into a traceback.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any, Literal, NamedTuple

from journalcli.errors import ContentError

Item = dict[str, Any]


class Field(NamedTuple):
    """One field of an item: text, a list of texts, or a whole number."""

    type: Literal["text", "texts", "int"]
    required: bool = True
    choices: tuple[str, ...] = ()
    size: tuple[int, int] = (1, 50)  # how many texts a list holds
    bounds: tuple[int, int] = (-2, 2)  # the range of an int


TRIGGER_GROUPS = ("closeness", "threat", "other")
REFLECTION_FITS = ("withdrew", "stayed", "partly", "weekly", "any")
CHALLENGE_FOCUS = ("present", "open", "ask", "offer")
# The seven aspects of the comparison table; labels are derived from the ids.
ASPECTS = (
    "definition",
    "core-motivation",
    "emotional-expression",
    "relationship-behavior",
    "common-triggers",
    "psychological-impact",
    "examples",
)
TOPICS = ("steps", "patterns", "signs", "styles", "triggers", "emotions", "origins", "healing")

TEXT = Field("text")
SCHEMA: dict[str, dict[str, Field]] = {
    "triggers": {
        "description": TEXT,
        "short": Field("text", required=False),  # a few words, for the interview's menu
        "group": Field("text", choices=TRIGGER_GROUPS),
        "challenge": TEXT,
    },
    "behaviors": {"description": TEXT},
    "readings": {"text": TEXT},
    "steps": {
        "title": TEXT,
        "summary": TEXT,
        "actions": Field("texts", size=(2, 4)),
        "questions": Field("texts", required=False),
    },
    "patterns": {
        "name": TEXT,
        "summary": TEXT,
        **dict.fromkeys(ASPECTS, TEXT),
        "signs": Field("texts"),
    },
    "styles": {"name": TEXT, "line": TEXT, "signs": Field("texts", required=False)},
    "emotions": {"energy": Field("int"), "pleasantness": Field("int")},
    "reflection": {"question": TEXT, "fits": Field("texts", choices=REFLECTION_FITS)},
    "challenges": {
        "title": TEXT,
        "description": TEXT,
        "focus": Field("text", choices=CHALLENGE_FOCUS),
    },
    "topics": {"title": TEXT, "summary": TEXT},
    "notices": {"text": TEXT},
    "origins": {"title": TEXT, "text": TEXT, "points": Field("texts", required=False)},
    "healing": {"title": TEXT, "summary": TEXT, "try": TEXT, "command": TEXT},
    # The signpost's texts and the words that call for it (journalcli.safety).
    "safety": {
        "text": Field("text", required=False),
        "phrases": Field("texts", required=False, size=(1, 500)),
        "feelings": Field("texts", required=False, size=(1, 500)),
        "unless": Field("texts", required=False, size=(1, 500)),
    },
}
# Ids the code refers to by name; the built-in file must have them (a user file can only add
# or override, so they never go missing after the merge).
REQUIRED_IDS: dict[str, tuple[str, ...]] = {
    "steps": ("track-triggers", "self-reflection", "challenge-instincts", "professional"),
    "patterns": ("dismissive", "defensive"),
    "styles": ("anxious", "avoidant", "disorganized"),
    "topics": TOPICS,
    "notices": (
        "disclaimer",
        "study",
        "practice",
        "nudge",
        "no-challenges",
        "reframe",
        "styles-intro",
        "empty-hint",
        "crisis-default",
    ),
    "safety": ("signpost", "signpost-default", "distress", "not-living", "self-harm", "not-meant"),
    "origins": ("caregivers", "experiences", "self-reliance", "distancing", "understanding"),
    "healing": (
        "self-awareness",
        "vulnerability",
        "mindfulness",
        "regulation",
        "communication",
        "empathy",
        "boundaries",
        "therapy",
    ),
    "triggers": ("other",),
    "behaviors": ("other",),
    "readings": ("closeness", "threat", "mixed", "other", "early"),
}
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
MAX_FILE_BYTES = 4_000_000  # the built-in files together are well under 100 kB


def builtin_dir() -> Path:
    """prompts/ as shipped in the wheel, or at the top of a source checkout."""
    here = Path(__file__).resolve().parent
    packaged = here / "prompts"
    return packaged if packaged.is_dir() else here.parents[1] / "prompts"


def config_dir() -> Path:
    """The user's config folder; JOURNAL_CONFIG_DIR overrides the platform default."""
    base = os.environ.get("JOURNAL_CONFIG_DIR")
    if not base:
        from journalcli import dirs

        base = dirs.user_dir("config")
    return Path(base)


def user_dir() -> Path:
    """Where a user's own prompt files live."""
    return config_dir() / "prompts"


def _read(path: Path) -> dict[str, Any]:
    return _parsed(path, _read_bytes(path))


def _parsed(path: Path, raw: bytes) -> dict[str, Any]:
    import tomllib  # 2 ms: only when a file is not in the cache (see _cached)

    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ContentError(
            f"{path}: not UTF-8 text (byte {raw[exc.start]:#04x} at position {exc.start}); "
            "save it as UTF-8"
        ) from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ContentError(f"{path}: not valid TOML ({exc})") from None
    except RecursionError:
        raise ContentError(f"{path}: not valid TOML (nested too deeply)") from None


def _read_bytes(path: Path) -> bytes:
    """A regular file's bytes. Anything else (a folder, a FIFO, a socket, a device, a link
    to one) is refused at once: checked before opening, and again on what was opened
    (O_NONBLOCK, so a FIFO swapped in between cannot block the open)."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            raise ContentError(f"{path}: not a regular file; a prompt file must be a .toml file")
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as exc:
        raise ContentError(f"{path}: cannot read ({exc.strerror})") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise ContentError(f"{path}: not a regular file; a prompt file must be a .toml file")
        if info.st_size > MAX_FILE_BYTES:
            raise ContentError(
                f"{path}: larger than {MAX_FILE_BYTES // 1_000_000} MB; not a prompt file"
            )
        with os.fdopen(os.dup(fd), "rb") as fh:
            return fh.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise ContentError(f"{path}: cannot read ({exc.strerror})") from None
    finally:
        os.close(fd)


def _meta(path: Path, data: dict[str, Any], *, builtin: bool) -> str:
    """The file's kind; built-in files must also name the article(s) they draw on."""
    meta = data.get("meta")
    if not isinstance(meta, dict):
        raise ContentError(f'{path}: missing [meta] table with kind = "..."')
    kind = meta.get("kind")
    if not isinstance(kind, str) or not kind:
        raise ContentError(f'{path}: meta.kind must be a name, e.g. kind = "reflection"')
    if kind not in SCHEMA:
        raise ContentError(f"{path}: meta.kind {kind!r} is not one of {', '.join(SCHEMA)}")
    if builtin:
        source = meta.get("source")  # "own-words" for a file drawn from no article
        if not (isinstance(source, list) and source and all(isinstance(s, str) for s in source)):
            raise ContentError(f"{path}: meta.source must list the article(s) it draws on")
    return kind


def _check(path: Path, where: str, field: Field, value: Any) -> None:
    if field.type == "int":
        low, high = field.bounds
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise ContentError(f"{path}: {where} must be a whole number from {low} to {high}")
        return
    values = [value] if field.type == "text" else value
    if field.type == "texts":
        low, high = field.size
        if not isinstance(value, list) or not low <= len(value) <= high:
            raise ContentError(f"{path}: {where} must be a list of {low} to {high} texts")
    for text in values:
        if not isinstance(text, str) or not text.strip():
            raise ContentError(f"{path}: {where} must be non-empty text")
        if field.choices and text not in field.choices:
            raise ContentError(
                f"{path}: {where} has {text!r}; use one of {', '.join(field.choices)}"
            )


def _validate(path: Path, kind: str, data: dict[str, Any]) -> dict[str, Item]:
    items = data.get("items")
    if not isinstance(items, dict) or not items:
        raise ContentError(f"{path}: missing [items.<id>] tables")
    schema = SCHEMA[kind]
    for key, item in items.items():
        if not _ID.match(key):
            raise ContentError(
                f"{path}: items.{key}: an id uses lowercase letters, digits and '-' only"
            )
        if not isinstance(item, dict):
            raise ContentError(f"{path}: items.{key} must be a table")
        unknown = sorted(set(item) - set(schema))
        if unknown:
            raise ContentError(
                f"{path}: items.{key}.{unknown[0]} is not a known field; "
                f"a {kind} item has: {', '.join(schema)}"
            )
        for name, field in schema.items():
            if name in item:
                _check(path, f"items.{key}.{name}", field, item[name])
            elif field.required:
                raise ContentError(f"{path}: items.{key}.{name} is missing")
    return items


@cache
def load_builtin(kind: str) -> dict[str, Item]:
    """The items of one kind as shipped, without the user's files (read once; callers copy
    before they change it, as load() does)."""
    if kind not in SCHEMA:
        raise ContentError(f"unknown kind of prompt file {kind!r}")
    builtin = builtin_dir() / f"{kind}.toml"
    if not builtin.is_file():
        raise ContentError(f"{builtin}: built-in prompt file is missing")
    raw = _read_bytes(builtin)
    cache = _cache_path(kind, raw)
    items = _cached(kind, cache)
    if items is not None:
        return items
    data = _parsed(builtin, raw)
    if _meta(builtin, data, builtin=True) != kind:
        raise ContentError(f'{builtin}: meta.kind must be "{kind}"')
    items = dict(_validate(builtin, kind, data))
    missing = [key for key in REQUIRED_IDS.get(kind, ()) if key not in items]
    if missing:
        raise ContentError(f"{builtin}: items.{missing[0]} is missing")
    if cache is not None:
        _keep(cache, items)
    return items


# --- the built-in files, parsed and checked once, kept as JSON in the user's cache folder:
# importing tomllib and parsing a file cost about 2-3 ms on every command that reads one. The
# name holds a checksum of the file and of the rules it was checked by, so a changed file or
# rule (an upgrade, a checkout) is never read from an older copy. Only the built-in files are
# kept: nothing of the user's.


def cache_dir() -> Path | None:
    """JOURNAL_CACHE_DIR, else the platform's cache folder; None when neither can be known."""
    base = os.environ.get("JOURNAL_CACHE_DIR")
    try:
        if not base:
            from journalcli import dirs

            base = dirs.user_dir("cache")
        folder = Path(base).expanduser()
    except (RuntimeError, OSError):  # no usable home folder (or none for a "~user")
        return None
    # A relative folder would be wherever the command runs (the XDG rules ignore one too).
    return folder / "prompts" if folder.is_absolute() else None


def _private(info: os.stat_result) -> bool:
    """Owned by this user and writable by no one else: what a copy and its folder must be,
    so that nobody else can put words in the prompts (the signpost's among them)."""
    return info.st_uid == os.geteuid() and not info.st_mode & 0o022


def _cache_path(kind: str, raw: bytes) -> Path | None:
    import zlib

    folder = cache_dir()
    if folder is None:
        return None
    rules = repr((SCHEMA[kind], REQUIRED_IDS.get(kind))).encode()
    return folder / f"{kind}-{zlib.crc32(rules, zlib.crc32(raw)):08x}-{len(raw)}.json"


_COPY_NAME = re.compile(r"[a-z]+-[0-9a-f]{8}-[0-9]+\.json")


def _cached(kind: str, cache: Path | None) -> dict[str, Item] | None:
    """The items kept for this very file, or None (none kept, or not readable as such).
    Only a private regular file in a private folder is read (never through a link, and a
    FIFO cannot block the open), and what it holds is checked as the file was: a copy is
    only ever written whole by _keep, so anything else there is not one, whatever its name."""
    if cache is None:
        return None
    try:
        fd = os.open(cache, os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW)
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_FILE_BYTES:
            return None
        if not (_private(info) and _private(os.stat(cache.parent))):
            return None
        with os.fdopen(os.dup(fd), "rb") as fh:
            items = _json_loads(fh.read(MAX_FILE_BYTES))
    except (OSError, ValueError):
        return None
    finally:
        os.close(fd)
    if type(items) is not dict:
        return None
    try:
        _validate(cache, kind, {"items": items})
    except ContentError:
        return None
    if any(key not in items for key in REQUIRED_IDS.get(kind, ())):
        return None
    return items


def _keep(cache: Path, items: dict[str, Item]) -> None:
    """Write the checked items beside older copies of the same kind, which go; any failure
    is ignored (the file is parsed again next time)."""
    from journalcli.backups import make_private_folder

    kind = cache.name.partition("-")[0]
    tmp = cache.with_name(f".{cache.name}.{os.getpid()}.tmp")
    try:
        make_private_folder(cache.parent)
        # A new file of our own: never written through a link or into an older one.
        tmp.unlink(missing_ok=True)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(_json_dumps(items))
        os.replace(tmp, cache)
        for old in cache.parent.glob(f"{kind}-*.json"):
            # Only what _cache_path names: the folder may be one the user shares (it is
            # JOURNAL_CACHE_DIR/prompts), and a file of theirs is never ours to remove.
            if old.name != cache.name and _COPY_NAME.fullmatch(old.name):
                old.unlink(missing_ok=True)
    except (OSError, TypeError, ValueError):
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)


def _json_loads(raw: bytes) -> Any:
    try:
        import orjson
    except ImportError:  # pragma: no cover
        import json

        return json.loads(raw)
    return orjson.loads(raw)


def _json_dumps(value: Any) -> bytes:
    try:
        import orjson
    except ImportError:  # pragma: no cover
        import json

        return json.dumps(value, ensure_ascii=False).encode("utf-8")
    return orjson.dumps(value)


@cache
def load(kind: str) -> dict[str, Item]:
    """All items of one kind, built-in first, then the user's files (same id overrides)."""
    items = dict(load_builtin(kind))
    folder = user_dir()
    if folder.is_dir():
        for path in sorted(folder.glob("*.toml")):
            user = _read(path)
            if _meta(path, user, builtin=False) == kind:
                items.update(_validate(path, kind, user))
    return items


# --- typed accessors: the views and the core use these, not the raw dicts


class Trigger(NamedTuple):
    key: str
    description: str
    group: str
    challenge: str
    short: str  # a few words; the description when a file gives none


class Step(NamedTuple):
    key: str
    title: str
    summary: str
    actions: tuple[str, ...]
    questions: tuple[str, ...]


class Pattern(NamedTuple):
    key: str
    name: str
    summary: str
    aspects: tuple[tuple[str, str], ...]  # (aspect id, text) in ASPECTS order
    signs: tuple[str, ...]


class Style(NamedTuple):
    key: str
    name: str
    line: str
    signs: tuple[str, ...]


class Emotion(NamedTuple):
    word: str
    energy: int
    pleasantness: int


class Question(NamedTuple):
    key: str
    text: str
    fits: tuple[str, ...]


class Challenge(NamedTuple):
    key: str
    title: str
    description: str
    focus: str


class Origin(NamedTuple):
    key: str
    title: str
    text: str
    points: tuple[str, ...]


class Way(NamedTuple):
    """One way forward of the healing topic: something to try and the command that helps."""

    key: str
    title: str
    summary: str
    try_: str
    command: str


class Topic(NamedTuple):
    key: str
    title: str
    summary: str


def aspect_label(aspect: str) -> str:
    """'core-motivation' -> 'Core motivation'."""
    return aspect.replace("-", " ").capitalize()


def trigger_keys() -> list[str]:
    return list(load("triggers"))


def behavior_keys() -> list[str]:
    return list(load("behaviors"))


def triggers() -> dict[str, Trigger]:
    return {
        key: Trigger(
            key,
            item["description"],
            item["group"],
            item["challenge"],
            item.get("short") or item["description"],
        )
        for key, item in load("triggers").items()
    }


def behaviors() -> dict[str, str]:
    """Behavior key -> description."""
    return {key: item["description"] for key, item in load("behaviors").items()}


def steps() -> list[Step]:
    return [
        Step(key, i["title"], i["summary"], tuple(i["actions"]), tuple(i.get("questions", ())))
        for key, i in load("steps").items()
    ]


def patterns() -> dict[str, Pattern]:
    return {
        key: Pattern(
            key,
            item["name"],
            item["summary"],
            tuple((aspect, item[aspect]) for aspect in ASPECTS),
            tuple(item["signs"]),
        )
        for key, item in load("patterns").items()
    }


def styles() -> list[Style]:
    return [
        Style(key, item["name"], item["line"], tuple(item.get("signs", ())))
        for key, item in load("styles").items()
    ]


def emotion_words() -> list[str]:
    """The feeling words -e accepts: the built-in ones and those in the user's prompt files."""
    return list(load("emotions"))


def emotions() -> list[Emotion]:
    return [
        Emotion(word, item["energy"], item["pleasantness"])
        for word, item in load("emotions").items()
    ]


def questions() -> list[Question]:
    return [
        Question(key, item["question"], tuple(item["fits"]))
        for key, item in load("reflection").items()
    ]


def challenges() -> dict[str, Challenge]:
    return {
        key: Challenge(key, item["title"], item["description"], item["focus"])
        for key, item in load("challenges").items()
    }


def origins() -> list[Origin]:
    return [
        Origin(key, item["title"], item["text"], tuple(item.get("points", ())))
        for key, item in load("origins").items()
    ]


def healing() -> list[Way]:
    return [
        Way(key, item["title"], item["summary"], item["try"], item["command"])
        for key, item in load("healing").items()
    ]


def topics() -> list[Topic]:
    """The guide's topics in TOPICS order (a user file may reword them, not add any)."""
    items: Mapping[str, Item] = load("topics")
    return [Topic(key, items[key]["title"], items[key]["summary"]) for key in TOPICS]


def notice(key: str) -> str:
    """One of the fixed texts in notices.toml (the disclaimer, the nudge's lead-in, ...).
    "{crisis}" in it becomes the user's crisis_contact, else the generic crisis-default."""
    notices = load("notices")
    text = str(notices[key]["text"])
    if "{crisis}" in text:
        where = crisis_contact() or str(notices["crisis-default"]["text"])
        text = text.replace("{crisis}", where)
    return text


# --- settings: config.toml beside the prompts folder

SETTINGS = ("crisis_contact",)
MAX_CONTACT = 200


def config_path() -> Path:
    """config.toml in the config folder (the parent of user_dir(): JOURNAL_CONFIG_DIR)."""
    return user_dir().parent / "config.toml"


def crisis_contact(*, strict: bool = True) -> str | None:
    """Where the user wants to be pointed in a crisis (config.toml: crisis_contact = "..."),
    or None when it is not set. A broken file is a ContentError, or with `strict` off (the
    signpost, which must always show) simply no contact. Read on each call, never cached,
    and never written anywhere: it stays in the user's own config file."""
    path = config_path()
    try:
        if not path.exists():
            return None
        data = _read(path)
        unknown = sorted(set(data) - set(SETTINGS))
        if unknown:
            raise ContentError(
                f"{path}: {unknown[0]} is not a known setting; known: {', '.join(SETTINGS)}"
            )
        value = data.get("crisis_contact")
        if value is None:
            return None
        if (
            not isinstance(value, str)
            or not value.strip()
            or len(value) > MAX_CONTACT
            or any(ord(c) < 32 or 0x7F <= ord(c) < 0xA0 for c in value)
        ):
            raise ContentError(
                f"{path}: crisis_contact must be one line of text, at most {MAX_CONTACT} "
                'characters (e.g. crisis_contact = "Sam, 0123 456 789, or 112")'
            )
        return " ".join(value.split())
    except ContentError:
        if strict:
            raise
        return None
