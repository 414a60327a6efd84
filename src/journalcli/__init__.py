"""journal: a private, local-first journal for noticing the urge to withdraw."""

__version__ = "0.1.0"
