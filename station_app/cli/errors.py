"""The CLI's own error: bad command-line input, reported in one line with exit status 2."""

from __future__ import annotations


class UsageError(Exception):
    """Bad command-line input: reported in one line with exit status 2."""


#: Exit statuses of `station`: bad input, a failed check or refused action, a bug.
EXIT_USAGE = 2
EXIT_FAILED = 1
EXIT_INTERNAL = 70
