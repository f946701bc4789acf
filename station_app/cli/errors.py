"""The CLI's own error: bad command-line input, reported in one line with exit status 2."""

from __future__ import annotations


class UsageError(Exception):
    """Bad command-line input: reported in one line with exit status 2."""
