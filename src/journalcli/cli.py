"""The Typer app: global options, command registration, and the error-to-exit-code boundary.

Start-up matters (shell completion runs this on every TAB), so this module and the command
modules import only typer and light core modules; everything heavy is imported inside commands.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from journalcli import __version__
from journalcli.errors import JournalError


class JournalGroup(TyperGroup):
    """Turns the core's expected errors into one line on stderr and an exit code."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except JournalError as exc:
            typer.echo(f"journal: error: {exc}", err=True)
            raise typer.Exit(exc.exit_code) from None


class State:
    """What the global options chose; commands get the journal from here."""

    def __init__(self, db: Path | None) -> None:
        self.db = db

    def journal(self) -> Any:
        from journalcli.store import Journal, resolve_path

        return Journal(resolve_path(self.db))


app = typer.Typer(
    cls=JournalGroup,
    help="A private, local-first journal for noticing the urge to pull away, and staying.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"journal {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    ctx: typer.Context,
    db: Annotated[
        Path | None,
        typer.Option(
            "--db",
            metavar="PATH",
            help="Journal file to use (else $JOURNAL_DB, else the user data folder).",
            show_default=False,
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    ctx.obj = State(db)


def _register() -> None:
    from journalcli.commands import entries, transfer
    from journalcli.commands import guide as guide_commands
    from journalcli.commands import stats as stats_commands

    entries.register(app)
    transfer.register(app)
    stats_commands.register(app)
    guide_commands.register(app)


_register()


def main() -> None:
    app(prog_name="journal")
