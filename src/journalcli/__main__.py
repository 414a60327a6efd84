"""`python -m journalcli` runs the CLI."""

from journalcli.cli import main

main()
