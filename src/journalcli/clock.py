"""The one source of "now", so tests and benchmarks can fix the clock."""

import os
from datetime import datetime


def now() -> datetime:
    """Aware local now; JOURNAL_NOW (ISO 8601) overrides it for tests and benchmarks."""
    fixed = os.environ.get("JOURNAL_NOW")
    if fixed:
        value = datetime.fromisoformat(fixed)
        return value if value.tzinfo else value.astimezone()
    return datetime.now().astimezone()
