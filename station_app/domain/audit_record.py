"""One entry of the audit trail as the head reads it: on screen, in an export, in a check.

A plain value, so the export (reports/) and the audit page share it without the service."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from station_app.domain.audit_actions import action_label, entity_label


@dataclass(frozen=True)
class AuditRecord:
    seq: int
    at: datetime  # UTC, as stored
    actor: str  # the account's user name
    action: str
    entity: str | None
    record_uuid: str | None
    detail: dict[str, Any]

    @property
    def action_label(self) -> str:
        return action_label(self.action)

    @property
    def entity_label(self) -> str:
        return entity_label(self.entity)

    def detail_text(self) -> str:
        """The detail in words: changed field names, a reason, a count."""
        parts = []
        for key, value in self.detail.items():
            shown = "、".join(map(str, value)) if isinstance(value, list) else str(value)
            parts.append(f"{key}: {shown}")
        return "；".join(parts)
