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
    """The journal file cannot be read or written safely (corrupt, locked, disk full)."""

    exit_code = 3


class ContentError(JournalError):
    """A file under prompts/ (built-in or the user's) is malformed."""

    exit_code = 4
