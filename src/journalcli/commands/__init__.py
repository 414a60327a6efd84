"""Typer commands, one module per group; each registers its commands on the app.

The option types several commands share live here, so each is declared once.
"""

from typing import Annotated

import typer

JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]
SinceOpt = Annotated[
    str | None, typer.Option(metavar="WHEN", help="From the start of this day ('nov 1', 'monday').")
]
UntilOpt = Annotated[str | None, typer.Option(metavar="WHEN", help="Up to the end of this day.")]
