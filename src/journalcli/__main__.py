"""The program's entry: the `journal` command and `python -m journalcli`.

The cyclic garbage collector is switched off before anything heavy is imported. One command
runs for well under a second and makes next to no reference cycles, while the collector would
re-scan every module object as Typer and Rich load, and then the journal as it is read
(about 10 ms of a 130 ms `journal add`; 15-20 ms more at 10,000 entries).

SIGTERM and SIGHUP would end Python without running any `finally`, leaving the editor's
draft or a half-written export behind; here they raise Stopped instead, so every cleanup runs
and the process exits with 128 + the signal's number. SIGINT already raises
KeyboardInterrupt. (Only the command installs these; in-process callers are unaffected.)
"""

import gc
import signal  # the CLI imports it anyway (through subprocess): no extra start-up cost
import sys


class Stopped(BaseException):
    """A SIGTERM or SIGHUP arrived; a BaseException, so no `except Exception` swallows it."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _stop(signum: int, _frame: object) -> None:
    # One stop is enough: a second signal must not cut the cleanup short.
    for each in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(each, signal.SIG_IGN)
    raise Stopped(signum)


def install_signal_handlers() -> None:
    for each in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(each, _stop)


def main() -> None:
    gc.disable()
    install_signal_handlers()
    try:
        from journalcli.cli import main as run

        run()
        code: object = 0
    except SystemExit as done:
        code = done.code
    except Stopped as stop:
        _say(f"journal: stopped by {signal.Signals(stop.signum).name}")
        code = 128 + stop.signum
    except KeyboardInterrupt:  # while starting up; inside a command, click aborts it
        _say("journal: interrupted")
        code = 128 + signal.SIGINT
    _exit(code)


def _exit(code: object) -> None:
    """End the process without the interpreter's teardown (10-15 ms of freeing every module
    on every command): by now every change is written, fsynced and its lock released, and
    nothing here registers atexit work; the standard streams are flushed first. Where they
    cannot be (a closed pipe), the normal exit says so as it always did."""
    import os

    if code is None:
        status = 0
    elif isinstance(code, int):
        status = code
    else:  # sys.exit("message"): the message, then 1, as Python does
        _say(str(code))
        status = 1
    try:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:  # None: started with that descriptor closed (`>&-`)
                stream.flush()
    except (OSError, ValueError):
        sys.exit(status)
    os._exit(status & 0xFF)


def _say(line: str) -> None:
    """One line on stderr, if there still is one (a hung-up terminal is gone)."""
    if sys.stderr is None:  # started with stderr closed (`2>&-`)
        return
    try:
        sys.stderr.write(line + "\n")
        sys.stderr.flush()
    except (OSError, ValueError):
        pass


if __name__ == "__main__":
    main()
