"""The passphrase, read from the terminal only, and the commands around the key: unlock, lock,
passphrase.

A passphrase is never an argument (it would sit in the shell history and the process list)
nor read from stdin (a pipe or a file would hold it in the clear): it is typed on /dev/tty,
without echo, through getpass. Without a terminal a command that needs it says so and exits 3.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer

from journalcli.errors import InputError, StorageError

# The terminal a secret is typed on (what getpass opens); tests point it at nothing, so that
# no test in-process ever waits on the real terminal.
TTY = "/dev/tty"
LOCKED_HINT = (
    "the journal is encrypted and locked, and there is no terminal to ask for the passphrase: "
    "run `journal unlock` in a terminal first"
)


def _require_terminal(hint: str) -> None:
    try:
        fd = os.open(TTY, os.O_RDWR | os.O_NOCTTY)
    except OSError:
        raise StorageError(hint) from None
    try:
        if not os.isatty(fd):
            raise StorageError(hint)
    finally:
        os.close(fd)


def _ask(prompt: str, hint: str) -> str:
    import getpass

    _require_terminal(hint)
    try:
        return getpass.getpass(f"{prompt}: ")
    except EOFError:
        return ""
    except UnicodeDecodeError as exc:  # read in the terminal's encoding (the locale's)
        raise InputError(
            f"what was typed is not text in this terminal's encoding ({exc.encoding}); "
            "set a UTF-8 locale (LANG=C.UTF-8); nothing was changed"
        ) from None


def ask_secret(what: str = "Passphrase or recovery key", *, hint: str = LOCKED_HINT) -> str:
    """The passphrase or the recovery key, typed on the terminal without echo."""
    from journalcli.keys import NOTHING_TYPED

    secret = _ask(what, hint)
    if not secret.strip():
        raise InputError(NOTHING_TYPED)
    return secret


def ask_new_passphrase(hint: str = LOCKED_HINT) -> str:
    """A new passphrase, typed twice; an empty one, two that differ, or one that would be taken
    for a recovery key are refused (exit 2), and nothing is changed."""
    from journalcli.keys import RECOVERY_PREFIX

    first = _ask("New passphrase", hint)
    if not first.strip():
        raise InputError("the new passphrase is empty; nothing was changed")
    if first.strip().upper().startswith(RECOVERY_PREFIX):
        raise InputError(
            f"a passphrase may not start with {RECOVERY_PREFIX} (it would be read as a recovery "
            "key); nothing was changed"
        )
    if _ask("Type it again", hint) != first:
        raise InputError("the two passphrases differ; nothing was changed")
    return first


def identity_provider(journal: Path) -> Callable[[], str]:
    """What the store calls when it must read an encrypted journal: the unlocked key, else the
    passphrase asked once for this command. An expired unlock is removed here, at the start of
    every command on an encrypted journal, even one that never reads."""
    from journalcli import keys

    if keys.is_encrypted(journal):
        with contextlib.suppress(StorageError):  # never in the way of a command that only adds
            keys.unlocked_until(journal)
    known: list[str] = []

    def provide() -> str:
        if not known:
            identity = keys.cached_identity(journal)
            if identity is None:
                identity = keys.open_identity(journal, ask_secret())
            known.append(identity)
        return known[0]

    return provide


# --- commands


def _journal(ctx: typer.Context) -> Path:
    from journalcli.store import resolve_path

    return resolve_path(ctx.obj.db)


def _require_encrypted(journal: Path) -> None:
    from journalcli import keys

    if not keys.is_encrypted(journal):
        raise InputError(
            f"{journal}: the journal is not encrypted (`journal encrypt` turns encryption on)"
        )
    keys.unlocked_until(journal)  # an expired unlock goes, as with every command


def _terminal_hint(command: str) -> str:
    return (
        f"`journal {command}` asks for the passphrase on a terminal, never from an argument or "
        "a pipe: run it in a terminal"
    )


def unlock(
    ctx: typer.Context,
    duration: Annotated[
        str,
        typer.Option(
            "--for",
            metavar="DURATION",
            help="How long the key stays unlocked: 30m, 2h, 90s, 1h30m (up to 24h).",
        ),
    ] = "15m",
) -> None:
    """Unlock an encrypted journal for a while: the passphrase once, then reading needs none."""
    from journalcli import keys
    from journalcli.commands import typed

    minutes = keys.duration_minutes(typed(duration))
    journal = _journal(ctx)
    _require_encrypted(journal)
    keys.runtime_folder()  # refused before the passphrase is typed, not after
    identity = keys.open_identity(journal, ask_secret(hint=_terminal_hint("unlock")))
    until = keys.unlock(journal, identity, minutes)
    from journalcli import clock

    shown = f"{until:%H:%M}" if until.date() == clock.now().date() else f"{until:%a %d %b %H:%M}"
    typer.echo(
        f"Unlocked until {shown}. Anyone using your account can read the journal until "
        "then; `journal lock` locks it sooner."
    )


def lock(ctx: typer.Context) -> None:
    """Lock an encrypted journal again at once: the unlocked key is forgotten."""
    from journalcli import keys

    journal = _journal(ctx)
    if keys.lock(journal):
        typer.echo("Locked: the key is forgotten; reading needs the passphrase again.")
    elif keys.is_encrypted(journal):
        typer.echo("Already locked.")
    else:
        typer.echo("Nothing to lock: the journal is not encrypted.")


def passphrase(
    ctx: typer.Context,
    new_key: Annotated[
        bool,
        typer.Option(
            "--new-key",
            help="Also replace the key itself and re-encrypt the journal and its backups "
            "(when an old key file may have leaked); gives a new recovery key.",
        ),
    ] = False,
) -> None:
    """Change the passphrase of an encrypted journal (the journal is not rewritten)."""
    from journalcli import keys

    journal = _journal(ctx)
    _require_encrypted(journal)
    hint = _terminal_hint("passphrase")
    current = ask_secret("Current passphrase or recovery key", hint=hint)
    identity = keys.open_identity(journal, current)
    new = ask_new_passphrase(hint)
    if not new_key:
        keys.rewrap(journal, identity, new)
        typer.echo("Passphrase changed. The journal was not rewritten; your recovery key stays.")
        return
    from journalcli.store import Journal

    recovery = Journal(journal, identity=lambda: identity).rekey(new)
    typer.echo(
        "New key made: the journal and its backups are encrypted to it alone; the old key "
        "and recovery key no longer open them (copies kept elsewhere, such as sync history or "
        "snapshots, still open with the old ones).\n"
        f"Your new recovery key (write it down and keep it apart from this computer):\n{recovery}"
    )


def register(app: typer.Typer) -> None:
    app.command()(unlock)
    app.command()(lock)
    app.command()(passphrase)
