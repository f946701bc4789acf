"""What an edit changed, as the audit trail names it (the masks themselves are
``domain.masks``)."""

from __future__ import annotations

import dataclasses
from typing import Any


def changed_fields(old: Any, new: Any) -> list[str]:
    """Names of the fields whose values differ: what the audit trail says changed."""
    return [f.name for f in dataclasses.fields(old) if getattr(old, f.name) != getattr(new, f.name)]
