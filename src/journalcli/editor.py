"""Writing a note in the user's editor through a private temp file that is removed afterwards."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import tempfile
from pathlib import Path

from journalcli.errors import InputError


def editor_command() -> list[str]:
    """$VISUAL, else $EDITOR, else the first of nano/vi found; may carry arguments ("code -w")."""
    for name in ("VISUAL", "EDITOR"):
        value = os.environ.get(name, "").strip()
        if value:
            try:
                return shlex.split(value)
            except ValueError as exc:  # an unbalanced quote
                raise InputError(f"cannot read ${name} ({value!r}): {exc}") from None
    for fallback in ("nano", "vi"):
        if shutil.which(fallback):
            return [fallback]
    raise InputError("no editor found: set $EDITOR (for example EDITOR=nano)")


def edit_text(initial: str = "") -> str:
    """Open the editor on `initial` and return what was saved (the temp file never outlives it)."""
    command = editor_command()
    folder = tempfile.mkdtemp(prefix="journal-")  # 0700: nobody else can list or open it
    path = Path(folder) / "note.md"
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(initial)
        try:
            result = subprocess.run([*command, str(path)], check=False)
        except OSError as exc:
            raise InputError(f"could not start the editor {command[0]!r}: {exc.strerror}") from None
        if result.returncode != 0:
            raise InputError(
                f"the editor {command[0]!r} exited with code {result.returncode}; nothing saved"
            )
        return path.read_text(encoding="utf-8")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
