"""Typer commands, one module per group; each registers its commands on the app.

The option types several commands share live here, so each is declared once.
"""

from typing import Annotated, Any

import typer

JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]
SinceOpt = Annotated[
    str | None, typer.Option(metavar="WHEN", help="From the start of this day ('nov 1', 'monday').")
]
UntilOpt = Annotated[str | None, typer.Option(metavar="WHEN", help="Up to the end of this day.")]


def echo_json(value: Any) -> None:
    """Indented UTF-8 JSON on stdout; json is imported only by the commands that print it."""
    import json

    typer.echo(json.dumps(value, ensure_ascii=False, indent=2))
