"""The audit trail as the station head reads it, exports it, and ``station check`` verifies it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from station_app.domain.access import Right
from station_app.domain.audit_record import AuditRecord
from station_app.services.context import ServiceContext
from station_app.storage import audit_log
from station_app.storage.audit_log import AuditFault
from station_app.storage.audit_table import AuditRow

AUDIT_DENIED = "只有站长可以查看和导出审计日志"


def _record(row: AuditRow) -> AuditRecord:
    return AuditRecord(
        row.seq,
        row.at,
        row.actor_name,
        row.action,
        row.entity,
        row.record_uuid,
        json.loads(row.detail or "{}"),
    )


class AuditService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def count(self) -> int:
        self.ctx.require(Right.VIEW_AUDIT, AUDIT_DENIED)
        with self.ctx.store.read() as session:
            return audit_log.count(session)

    def page(self, offset: int = 0, limit: int = 200) -> list[AuditRecord]:
        """Newest first."""
        self.ctx.require(Right.VIEW_AUDIT, AUDIT_DENIED)
        with self.ctx.store.read() as session:
            return [_record(r) for r in audit_log.rows(session, offset, limit)]

    def note(self, action: str, **detail: Any) -> None:
        """An act with no record write of its own (an export, a restore, a sync) as the acting
        account; ``entity``/``record_uuid`` in ``detail`` say what it concerned."""
        with self.ctx.store.write() as session:
            self.ctx.audit(session, action, **detail)

    def verify(self) -> list[AuditFault]:
        """Breaks in the hash chain; empty when no entry was edited, added or removed."""
        with self.ctx.store.read() as session:
            return audit_log.verify(session)

    def guard_problems(self) -> list[str]:
        """What the chain cannot show from inside the file: the append-only triggers gone, a
        trail erased whole, a store older than the mark kept outside it (a rollback)."""
        with self.ctx.store.read() as session:
            problems = audit_log.guard_problems(session)
        behind = self.ctx.store.trail.problem
        return problems + ([behind] if behind else [])

    def chain_head(self) -> tuple[int, str] | None:
        """The chain's end as (entry number, keyed mark), marked outside the store as well
        (a sync tells the county); None for an empty trail."""
        mark = self.ctx.store.trail.advance()
        return None if mark is None else (mark.seq, mark.mac)

    def export(self, path: Path) -> int:
        """The whole trail as .xlsx or .csv (by extension); the export is itself audited."""
        self.ctx.require(Right.VIEW_AUDIT, AUDIT_DENIED)
        from station_app.reports.audit_export import write_audit_file

        with self.ctx.store.read() as session:
            records = [_record(r) for r in audit_log.rows(session)]
        count = write_audit_file(records, path)
        self.note("export", entity="audit_log", records=count, format=path.suffix[1:])
        return count
