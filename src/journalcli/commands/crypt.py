"""Turning encryption on and off: encrypt, decrypt (the key files: journalcli.keys; the
passphrase is read from the terminal only: journalcli.commands.secret)."""

from __future__ import annotations

from typing import Annotated

import typer

from journalcli.errors import InputError


def encrypt(ctx: typer.Context) -> None:
    """Encrypt the journal and its backups (asks a new passphrase twice; shows a recovery
    key once). Adding then needs no passphrase; reading needs it, or `journal unlock`."""
    from journalcli import backups, keys
    from journalcli.commands import secret

    journal = ctx.obj.journal()
    if journal.encrypted():
        if not journal.plain_leftovers():
            raise InputError(f"{journal.path}: is encrypted already; nothing was changed")
        # Stopped before it showed the recovery key: asked for the passphrase, it is shown
        # now (which also mends a public key that was never written).
        recovery = keys.open_identity(journal.path, secret.ask_secret())
        count = journal.seal_leftovers()
        typer.echo(
            f"Finished an encryption that was stopped: {count} more "
            f"{'file' if count == 1 else 'files'} encrypted; nothing is left in the clear.\n"
            + _recovery_advice(recovery, journal.path.name)
        )
        return
    passphrase = secret.ask_new_passphrase()
    recovery = journal.encrypt(passphrase)
    copies = len(backups.generations(journal.path))
    kept = f" and its {copies} {'backup' if copies == 1 else 'backups'}" if copies else ""
    typer.echo(
        f"Encrypted {journal.path}{kept}; no plain copy is left in its folder.\n"
        "Adding needs no passphrase; reading asks for it (or run `journal unlock`).\n"
        + _recovery_advice(recovery, journal.path.name)
    )


def _recovery_advice(recovery: str, name: str) -> str:
    return (
        "\nYour recovery key, shown this once. Write it down and keep it apart from this "
        "computer:\n\n"
        f"    {recovery}\n\n"
        "It opens the journal wherever the passphrase is asked, and without this program:\n"
        f"    age -d -i recovery.txt {name} > plain.json\n"
        "Lose both the passphrase and this key, and nobody can read the journal again.\n"
        "Plain copies made before now may survive in file-system snapshots, backup drives or "
        "a sync service's file history."
    )


def decrypt(
    ctx: typer.Context,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask first.")] = False,
) -> None:
    """Turn encryption off: the journal and its backups become plain files again (asks for
    the passphrase or recovery key, then to confirm)."""
    from journalcli import keys
    from journalcli.commands import secret
    from journalcli.store import Journal

    journal = ctx.obj.journal()
    if not journal.encrypted():
        raise InputError(f"{journal.path}: is not encrypted; nothing was changed")
    identity = keys.open_identity(journal.path, secret.ask_secret())
    if not yes:
        typer.confirm(
            f"Decrypt {journal.path} and its backups, so that anyone with the files can read them?",
            abort=True,
        )
    journal = Journal(journal.path, identity=lambda: identity)
    journal.decrypt()
    typer.echo(
        f"Decrypted {journal.path} and its backups; the key files are removed. The journal "
        "is plain JSON again (`journal encrypt` turns encryption back on)."
    )


def register(app: typer.Typer) -> None:
    app.command()(encrypt)
    app.command()(decrypt)
