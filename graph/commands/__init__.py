"""Subcommands of the parley CLI, one module each."""
