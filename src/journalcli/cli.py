"""The Typer app: global options, lazy command loading, and the error-to-exit-code boundary.

Start-up matters (shell completion runs this on every TAB), so this module and the command
modules import only typer and light core modules; everything heavy is imported inside commands,
and only the module of the command being run is imported and turned into a click command.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
import typer.main
from typer.core import TyperGroup

from journalcli import __version__
from journalcli.errors import JournalError

# Command name -> the module under journalcli.commands that registers it, in help order.
COMMANDS: dict[str, str] = {
    "status": "status",
    "add": "entries",
    "list": "entries",
    "show": "entries",
    "edit": "entries",
    "delete": "entries",
    "unflag": "entries",
    "info": "entries",
    "summary": "stats",
    "trends": "stats",
    "week": "stats",
    "calendar": "calendar",
    "steps": "guide",
    "guide": "guide",
    "prompt": "guide",
    "challenge": "guide",
    "review": "review",
    "plan": "plans",
    "export": "transfer",
    "import": "transfer",
    "backups": "backups",
    "restore": "backups",
    "unlock": "secret",
    "lock": "secret",
    "passphrase": "secret",
}


class _Only(typer.Typer):
    """Collects just one command (or sub-app) of a module's register(): Typer builds every
    command it holds, so building one command instead of six saves time on every start."""

    def __init__(self, only: str | None) -> None:
        super().__init__(add_completion=False)
        self.only = only

    def command(self, name: str | None = None, **kwargs: Any) -> Any:
        register = super().command(name, **kwargs)

        def keep(function: Any) -> Any:
            wanted = self.only in (None, name or function.__name__.replace("_", "-"))
            return register(function) if wanted else function

        return keep

    def add_typer(self, typer_instance: typer.Typer, *, name: str | None = None, **kw: Any) -> None:
        if self.only in (None, name):
            super().add_typer(typer_instance, name=name, **kw)


def _load_commands(module_name: str, only: str | None = None) -> dict[str, Any]:
    """Build the click commands of one command module, or just the one named `only`."""
    module = importlib.import_module(f"journalcli.commands.{module_name}")
    holder = _Only(only)
    module.register(holder)
    built = typer.main.get_command(holder)
    commands = getattr(built, "commands", None)
    return dict(commands) if commands is not None else {str(built.name): built}


class JournalGroup(TyperGroup):
    """Loads commands lazily, and turns the core's expected errors into one line on stderr
    and an exit code."""

    def list_commands(self, ctx: Any) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            self.commands.update(_load_commands(COMMANDS[cmd_name], cmd_name))
        return self.commands.get(cmd_name)

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        try:
            return super().resolve_command(ctx, args)
        except typer.TyperException as exc:  # click's UsageError: no such command
            # Typer suggests from the commands built so far; with lazy loading, use the table.
            import difflib

            hint = difflib.get_close_matches(args[0], list(COMMANDS)) if args else []
            if hint and "Did you mean" not in exc.message:
                exc.message = f"{exc.message.rstrip('.')}. Did you mean {hint[0]!r}?"
            raise

    def main(self, *args: Any, standalone_mode: bool = True, **kwargs: Any) -> Any:
        """Click's usage errors (a bad option, a wrong type) become one line too."""
        if not standalone_mode:
            return super().main(*args, standalone_mode=False, **kwargs)
        try:
            result = super().main(*args, standalone_mode=False, **kwargs)
        except typer.TyperException as exc:  # click's ClickException and UsageError
            if type(exc).__name__ == "NoArgsIsHelpError":  # the help is already printed
                sys.exit(exc.exit_code)
            ctx = getattr(exc, "ctx", None)
            where = ctx.command_path if ctx is not None else "journal"
            hint = f" (see '{where} --help')" if ctx is not None else ""
            typer.echo(f"{where}: error: {exc.format_message()}{hint}", err=True)
            sys.exit(exc.exit_code)
        except typer.Abort:
            typer.echo("Aborted; nothing was changed.", err=True)
            sys.exit(1)
        sys.exit(result if isinstance(result, int) else 0)

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
    invoke_without_command=True,  # `journal` on its own shows today (journal status)
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
    if ctx.invoked_subcommand is None:
        from journalcli.commands.status import show

        show(ctx.obj)


def main() -> None:
    app(prog_name="journal")
