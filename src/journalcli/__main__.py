"""The program's entry: the `journal` command and `python -m journalcli`.

The cyclic garbage collector is switched off before anything heavy is imported. One command
runs for well under a second and makes next to no reference cycles, while the collector would
re-scan every module object as Typer and Rich load, and then the journal as it is read
(about 10 ms of a 130 ms `journal add`; 15-20 ms more at 10,000 entries).
"""

import gc


def main() -> None:
    gc.disable()
    from journalcli.cli import main as run

    run()


if __name__ == "__main__":
    main()
