"""Personal data in records, as the services use it: the masks (``domain.masks``) and what an
edit changed.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from station_app.domain.masks import MASKS, masked, personal_fields, unmasked

__all__ = ["MASKS", "changed_fields", "masked", "personal_fields", "unmasked"]


def changed_fields(old: Any, new: Any) -> list[str]:
    """Names of the fields whose values differ: what the audit trail says changed."""
    return [f.name for f in dataclasses.fields(old) if getattr(old, f.name) != getattr(new, f.name)]
