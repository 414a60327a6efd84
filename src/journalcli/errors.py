"""Expected errors, each with the exit code the CLI turns it into."""


class JournalError(Exception):
    """Base for errors the user can fix; the CLI prints the message, never a traceback."""

    exit_code = 1


class InputError(JournalError):
    """Bad input on the command line: a value out of range, an unknown key, a bad date."""

    exit_code = 2


class NotFoundError(JournalError):
    """An id that names no entry."""

    exit_code = 1


class StorageError(JournalError):
    """The journal file cannot be read or written safely (corrupt, locked, disk full).
    `reason`, when given, is the gist without the advice (for lists of backups)."""

    exit_code = 3

    def __init__(self, message: str, *, reason: str | None = None) -> None:
        super().__init__(message)
        self.reason = reason


class ContentError(JournalError):
    """A file under prompts/ (built-in or the user's) is malformed."""

    exit_code = 4
