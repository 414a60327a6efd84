"""Rich views: plain data from the core in, tables and panels out. Rich is imported only here."""

from __future__ import annotations

import os
from typing import Any

EMPTY_HINT = (
    "No entries yet. Record the first one with:\n"
    '  journal add -u 6 -t closeness -r stayed "what happened"'
)


def console(**kwargs: Any) -> Any:
    """A Console that honours NO_COLOR and COLUMNS (tests fix the width with COLUMNS=80)."""
    from rich.console import Console

    width = int(os.environ["COLUMNS"]) if os.environ.get("COLUMNS", "").isdigit() else None
    return Console(width=width, no_color="NO_COLOR" in os.environ or None, **kwargs)
