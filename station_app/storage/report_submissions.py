"""Marking a quarter's table as submitted, and finding the records changed after that.

A late change is an outbox row with a sequence above the submission's ``change_seq`` whose
record counts in the quarter (by any of the dates the table counts it by). The sync must
therefore keep outbox rows newer than the oldest submission it would still list (see
``oldest_submission_seq``) rather than pruning them once acknowledged.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.orm import Session

from station_app.domain.outbox import OutboxOp
from station_app.storage.ledger_specs import LEDGERS, LedgerSpec
from station_app.storage.ledger_tables import (
    ConsultationRow,
    DutyLogRow,
    LegalAidReviewRow,
    MediationCaseRow,
    PublicityEventRow,
)
from station_app.storage.outbox_table import OutboxRow
from station_app.storage.report_submission_table import ReportSubmissionRow


@dataclass(frozen=True)
class Submission:
    quarter: str
    change_seq: int
    submitted_on: date
    submitted_at: datetime
    submitted_by: str | None


@dataclass(frozen=True)
class LateChange:
    """One record changed after the submission, with every kind of change it had since."""

    entity: str
    ledger: str  # 法律咨询 …
    record_id: int
    record_date: date
    village_id: int | None
    ops: tuple[OutboxOp, ...]  # in sequence order, each once
    first_seq: int
    detail: str  # a non-personal identification: case number, category, topic, time span
    voided: bool


def record_submission(
    session: Session, quarter: str, change_seq: int, on: date, at: datetime, by: str | None
) -> Submission:
    session.add(
        ReportSubmissionRow(
            quarter=quarter,
            change_seq=change_seq,
            submitted_on=on,
            submitted_at=at,
            submitted_by=by,
        )
    )
    return Submission(quarter, change_seq, on, at, by)


def latest_submission(session: Session, quarter: str) -> Submission | None:
    row = session.scalars(
        select(ReportSubmissionRow)
        .where(ReportSubmissionRow.quarter == quarter)
        .order_by(ReportSubmissionRow.change_seq.desc(), ReportSubmissionRow.id.desc())
    ).first()
    if row is None:
        return None
    return Submission(
        row.quarter, row.change_seq, row.submitted_on, row.submitted_at, row.submitted_by
    )


def first_and_latest(session: Session) -> list[tuple[Submission, Submission]]:
    """Every marked quarter's first mark (in the store's own order) and latest (as
    ``latest_submission`` picks it), oldest quarter first: what the county is told."""
    marks: dict[str, list[Submission]] = {}
    for row in session.scalars(select(ReportSubmissionRow).order_by(ReportSubmissionRow.id)):
        marks.setdefault(row.quarter, []).append(
            Submission(
                row.quarter, row.change_seq, row.submitted_on, row.submitted_at, row.submitted_by
            )
        )
    return [
        (found[0], max(reversed(found), key=lambda s: s.change_seq))
        for _, found in sorted(marks.items())
    ]


def oldest_submission_seq(session: Session) -> int | None:
    """Outbox rows above this sequence may still be listed as late amendments: keep them."""
    value = session.scalar(select(func.min(ReportSubmissionRow.change_seq)))
    return None if value is None else int(value)


def _counting_dates(spec: LedgerSpec) -> Sequence[Any]:
    """Every date a record of this ledger is counted in a quarter by."""
    extra: dict[str, Sequence[Any]] = {
        "mediation_case": (MediationCaseRow.closed_on,),
        "legal_aid_review": (LegalAidReviewRow.forwarded_on,),
    }
    return (spec.date_column, *extra.get(spec.entity, ()))


def _detail(row: Any) -> str:
    if isinstance(row, MediationCaseRow):
        return row.case_number
    if isinstance(row, ConsultationRow):
        return f"问题类别：{row.category.value}"
    if isinstance(row, DutyLogRow):
        return f"值班 {row.start_time:%H:%M}-{row.end_time:%H:%M}"
    if isinstance(row, PublicityEventRow):
        return f"主题：{row.topic}"
    if isinstance(row, LegalAidReviewRow):
        return f"事项类型：{row.matter.value}"
    return ""


def late_changes(
    session: Session,
    after_seq: int,
    start: date,
    end: date,
    villages: frozenset[int | None] | None = None,
) -> list[LateChange]:
    """Records counting in [start, end] changed after ``after_seq``; voided ones included."""
    found: list[LateChange] = []
    for spec in LEDGERS:
        row_type = spec.row_type
        in_period: list[ColumnElement[bool]] = [
            c.between(start, end) for c in _counting_dates(spec)
        ]
        stmt = (
            select(row_type, OutboxRow.op, OutboxRow.seq)
            .join(
                OutboxRow,
                and_(OutboxRow.entity == spec.entity, OutboxRow.entity_uuid == row_type.uuid),
            )
            .where(OutboxRow.seq > after_seq, or_(*in_period))
            .order_by(OutboxRow.seq)
        )
        by_record: dict[int, tuple[Any, list[OutboxOp], int]] = {}
        row: Any
        for row, op, seq in session.execute(stmt):
            if villages is not None and row.village_id not in villages:
                continue
            entry = by_record.setdefault(row.id, (row, [], seq))
            if op not in entry[1]:
                entry[1].append(op)
        for row, ops, first_seq in by_record.values():
            found.append(
                LateChange(
                    entity=spec.entity,
                    ledger=spec.label,
                    record_id=row.id,
                    record_date=getattr(row, spec.date_field),
                    village_id=row.village_id,
                    ops=tuple(ops),
                    first_seq=first_seq,
                    detail=_detail(row),
                    voided=row.voided_at is not None,
                )
            )
    found.sort(key=lambda c: c.first_seq)
    return found
