"""Typer commands, one module per group; each registers its commands on the app."""
