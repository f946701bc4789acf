"""Server-side validation of one change: the client's own domain rules, re-run on what arrived.

The payload is decoded into the draft class the station's form used and ``validated(today)``
is called on it, so the county refuses exactly what a station would refuse, worded the same.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime, timedelta
from typing import Any

from station_app.domain.duty_log import DutyConfirmation, DutyLogDraft
from station_app.domain.errors import FieldError, ValidationError
from station_app.domain.ledgers import LEDGER_BY_ENTITY
from station_app.domain.mediation_case import MediationCaseDraft
from station_app.domain.organisation import StationDraft
from sync.payload import decode_draft
from sync.protocol import Change

#: Stations are in China: "today" for "not in the future" is the China Standard Time date.
COUNTY_UTC_OFFSET = timedelta(hours=8)
MAX_VOID_REASON = 200


def county_today() -> date:
    return (datetime.now(UTC) + COUNTY_UTC_OFFSET).date()


def parse_stamp(value: str | None) -> datetime | None:
    """A device timestamp (informative only); anything unreadable is a field error."""
    if value is None:
        return None
    parsed = datetime.fromisoformat(value)
    return (
        parsed.replace(tzinfo=None)
        if parsed.tzinfo is None
        else parsed.astimezone(UTC).replace(tzinfo=None)
    )


def validated_draft(
    change: Change,
    village_ids: Mapping[str, int],
    dispute_codes: frozenset[str],
    today: date,
) -> Any:
    """The validated draft, or ValidationError with the field errors the clerk will see."""
    draft = decode_draft(change.entity, change.data, village_ids)
    errors: list[FieldError] = []
    if isinstance(draft, StationDraft):
        draft = StationDraft(draft.name, draft.county, draft.kind)
    # A tombstone is checked for form, not content: voiding is how a clerk disposes of a
    # record the county refused, and a station voids without re-validating too.
    tombstone = change.voided_at is not None
    try:
        if not tombstone:
            draft = draft.validated(today)
    except ValidationError as exc:
        errors.extend(exc.errors)
    if isinstance(draft, MediationCaseDraft) and not tombstone:
        if not draft.case_number:
            errors.append(FieldError("case_number", "案号", "必填"))
        if draft.dispute_type and draft.dispute_type not in dispute_codes:
            errors.append(FieldError("dispute_type", "纠纷类型", "不在纠纷类型目录中"))
    if not tombstone and (change.confirmed_by is not None or change.confirmed_on is not None):
        if not isinstance(draft, DutyLogDraft):
            errors.append(FieldError("confirmed_by", "确认人", "只有值班记录可以确认"))
        else:
            try:
                confirmed_on = date.fromisoformat(change.confirmed_on or "")
            except ValueError:
                errors.append(FieldError("confirmed_on", "确认日期", "格式不正确"))
            else:
                try:
                    DutyConfirmation(change.confirmed_by, confirmed_on).validated(
                        today, draft.duty_on
                    )
                except ValidationError as exc:
                    errors.extend(exc.errors)
    if change.voided_at is not None or change.op == "void":
        reason = (change.void_reason or "").strip()
        if not reason or len(reason) > MAX_VOID_REASON:
            errors.append(FieldError("void_reason", "作废原因", "必填，且不能超过200个字"))
    for name, label, value in (
        ("voided_at", "作废时间", change.voided_at),
        ("created", "创建时间", change.created_at),
        ("updated", "修改时间", change.updated_at),
    ):
        try:
            parse_stamp(value)
        except (ValueError, OverflowError):  # OverflowError: year 1 or 9999 moved to UTC
            errors.append(FieldError(name, label, "格式不正确"))
    if errors:
        raise ValidationError(errors)
    return draft


def ledger_day(entity: str, draft: Any) -> date | None:
    ledger = LEDGER_BY_ENTITY.get(entity)
    if ledger is None:
        return None
    value = getattr(draft, ledger.date_field)
    return value if isinstance(value, date) else None
