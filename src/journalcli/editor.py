"""Writing a note in the user's editor through a private temp file that is removed afterwards.

The draft lives in its own 0700 folder named after this process (journal-edit-<pid>-...), so
that a draft left by a process killed outright (SIGKILL, a power cut) is recognised and swept
the next time the editor is used. Whatever the editor leaves behind is read defensively: a
removed file, a folder, a FIFO or device, text that is not UTF-8 or far too long is one
InputError, never a traceback or a hang.
"""

from __future__ import annotations

import errno
import os
import shlex
import shutil
import stat
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

from journalcli.errors import InputError
from journalcli.model import MAX_TEXT, clean_text

DRAFT_PREFIX = "journal-edit-"
# A note may hold MAX_TEXT characters of up to 4 bytes each; more than that is refused
# without being read to the end (an editor that wrote a binary or a runaway file).
MAX_DRAFT_BYTES = 4 * MAX_TEXT
_NOT_A_FILE = (
    "the editor left something that is not a file (a folder, a link, a FIFO or a device) "
    "in place of the note; nothing saved"
)
_EMPTY = (
    "the editor left the note empty; the note is kept and nothing was saved "
    "(run on a terminal to be asked, or give the note as '' to clear it)"
)


def editor_command() -> list[str]:
    """$VISUAL, else $EDITOR, else the first of nano/vi found; may carry arguments ("code -w")."""
    for name in ("VISUAL", "EDITOR"):
        value = os.environ.get(name, "").strip()
        if value:
            try:
                command = shlex.split(value)
            except ValueError as exc:  # an unbalanced quote
                raise InputError(f"cannot read ${name} ({value!r}): {exc}") from None
            if command:
                return command
    for fallback in ("nano", "vi"):
        if shutil.which(fallback):
            return [fallback]
    raise InputError("no editor found: set $EDITOR (for example EDITOR=nano)")


def draft_root(journal: Path) -> Path | None:
    """Where drafts for this journal go: for an encrypted journal the private runtime folder
    (a memory file system, so the note never touches the disk in the clear), else None (the
    temp folder)."""
    from journalcli import keys

    return keys.runtime_folder() if keys.is_encrypted(journal) else None


def edit_text(initial: str = "", *, root: Path | None = None) -> str:
    """Open the editor on `initial` and return what was saved (the temp file never outlives it,
    also when the command is stopped by SIGINT, or SIGTERM/SIGHUP through __main__). The draft
    goes in `root` (see draft_root), else in the temp folder."""
    command = editor_command()
    sweep_stale_drafts(root)
    folder: str | None = None
    try:
        # 0700: nobody else can list or open it. The pid lets a later run sweep it.
        folder = tempfile.mkdtemp(prefix=f"{DRAFT_PREFIX}{os.getpid()}-", dir=root)
        path = Path(folder) / "note.md"
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(initial)
        try:
            result = subprocess.run([*command, str(path)], check=False)
        except OSError as exc:
            raise InputError(
                f"could not start the editor {command[0]!r}: {exc.strerror}; nothing saved"
            ) from None
        if result.returncode < 0:
            raise InputError(
                f"the editor {command[0]!r} was stopped by signal {-result.returncode}; "
                "nothing saved"
            )
        if result.returncode != 0:
            raise InputError(
                f"the editor {command[0]!r} exited with code {result.returncode}; nothing saved"
            )
        return read_draft(path)
    finally:
        if folder is not None:
            remove_draft(Path(folder))


def edit_note(
    initial: str,
    *,
    current: str = "",
    confirm: Callable[[str], bool] | None = None,
    root: Path | None = None,
) -> str:
    """The note as the editor leaves it, cleaned. `initial` is what the editor opens on;
    `current` is a note that an empty result would erase (the stored one, or the one given).

    An empty result never erases a note silently: `confirm` (None off a terminal) is asked
    (it may abort the command on "no"; if it returns False the note is kept as `initial`),
    and off a terminal it is an InputError.
    """
    text = clean_text(edit_text(initial, root=root), "note", multiline=True)
    if text.strip() or not (initial.strip() or current.strip()):
        return text
    if confirm is None:
        raise InputError(_EMPTY)
    return "" if confirm("The editor left the note empty. Erase the note?") else initial


def read_draft(path: Path) -> str:
    """The draft's text, refusing anything but a regular file of UTF-8 text of sane size.

    O_NONBLOCK: a FIFO put in the file's place must not block the open; O_NOFOLLOW: a
    symlink (to /dev/zero, say) is refused rather than followed.
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except FileNotFoundError:
        raise InputError("the editor removed the note's file; nothing saved") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:  # O_NOFOLLOW met a symlink
            raise InputError(_NOT_A_FILE) from None
        raise InputError(
            f"cannot read the note the editor left ({exc.strerror}); nothing saved"
        ) from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise InputError(_NOT_A_FILE)
        raw = _read_up_to(fd, MAX_DRAFT_BYTES + 1)
    except OSError as exc:
        raise InputError(
            f"cannot read the note the editor left ({exc.strerror}); nothing saved"
        ) from None
    finally:
        os.close(fd)
    if len(raw) > MAX_DRAFT_BYTES:
        raise InputError(f"the note is longer than {MAX_TEXT:,} characters; nothing saved")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"the note is not UTF-8 text (byte {raw[exc.start]:#04x} at position {exc.start}); "
            "save it as UTF-8; nothing saved"
        ) from None


def _read_up_to(fd: int, limit: int) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while size < limit:
        chunk = os.read(fd, min(1 << 20, limit - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def remove_draft(folder: Path) -> None:
    """Remove a draft folder whatever the editor did to it (made it read-only, swapped it for
    a link); never follows a link out of it."""
    try:
        if folder.is_symlink():
            folder.unlink()
            return
        os.chmod(folder, 0o700)
    except OSError:
        pass
    shutil.rmtree(folder, ignore_errors=True)


def draft_pid(name: str) -> int | None:
    """The pid in a draft folder's name (journal-edit-<pid>-<random>), or None."""
    if not name.startswith(DRAFT_PREFIX):
        return None
    number, dash, _ = name[len(DRAFT_PREFIX) :].partition("-")
    return int(number) if dash and number.isdigit() and len(number) <= 10 else None


def sweep_stale_drafts(root: Path | None = None) -> list[Path]:
    """Remove draft folders of this user left by journal processes that no longer run (killed
    before their cleanup could run). Returns what was removed."""
    from journalcli.store import pid_alive

    folder = root if root is not None else Path(tempfile.gettempdir())
    removed: list[Path] = []
    try:
        names = os.listdir(folder)
    except OSError:
        return removed
    me = os.getuid()
    for name in names:
        pid = draft_pid(name)
        if pid is None or pid == os.getpid() or pid_alive(pid):
            continue
        path = folder / name
        try:
            info = os.lstat(path)
        except OSError:
            continue
        if stat.S_ISDIR(info.st_mode) and info.st_uid == me:
            remove_draft(path)
            removed.append(path)
    return removed
