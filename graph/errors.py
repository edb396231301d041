"""Errors a user can act on. The CLI prints them as one line, never as a traceback."""

from __future__ import annotations


class ParleyError(Exception):
    """A problem with the user's input or request, stated in plain words."""


class InputError(ParleyError):
    """One input file (or record) cannot be read; names the file and the problem."""

    def __init__(self, origin: str, problem: str):
        super().__init__(f"{origin}: {problem}")
        self.origin = origin
        self.problem = problem


class InputNotice(InputError):
    """Something about an input the user should know, though nothing was skipped (a renamed duplicate id)."""
