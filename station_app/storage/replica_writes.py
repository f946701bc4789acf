"""The store as a replica of the county: outgoing records read, incoming ones written.

Records and reference data that arrive from the county are written *without* outbox rows (they
came from there and must not travel back) and without a new revision. Each function works in
the caller's session; ``services.replication`` holds the transactions and the right to sync.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from station_app.domain.case_number import CaseNumber
from station_app.domain.masks import unmasked
from station_app.domain.mediation_case import MediationCaseDraft
from station_app.domain.organisation import LawyerDraft, StationDraft, VillageDraft
from station_app.domain.outbox import OutboxState
from station_app.domain.replication import (
    ApplyOutcome,
    CountyReference,
    CountyVillage,
    History,
    OutgoingRecord,
    RemoteRecord,
)
from station_app.storage.base import SyncedRecord
from station_app.storage.ledger_repository import LedgerRepository
from station_app.storage.ledger_specs import LEDGER_BY_ENTITY
from station_app.storage.ledger_tables import DutyLogRow, MediationCaseRow
from station_app.storage.organisation_tables import (
    CaseNumberCounterRow,
    DeviceRow,
    DisputeTypeRow,
    LawyerRow,
    SettingRow,
    StationRow,
    VillageRow,
)
from station_app.storage.outbox_table import OutboxRow
from station_app.storage.sync_state import (
    Claimed,
    bases,
    claim_outgoing,
    close_quarantine,
    force_base,
    requeue,
    rows_by_uuid,
    set_base,
    settle,
    unsettled_uuids,
)
from station_app.storage.sync_state_table import SyncBaseRow

#: The origin recorded on rows made from county reference data.
COUNTY_ORIGIN = "county"


def ensure_device(session: Session, now: datetime) -> str:
    """This installation's uuid, made now on a fresh data folder."""
    device = session.scalars(select(DeviceRow)).first()
    if device is None:
        device = DeviceRow(created_at=now)
        session.add(device)
        session.flush()
    return device.uuid


def has_station(session: Session) -> bool:
    return session.scalars(select(StationRow.id)).first() is not None


def village_maps(session: Session) -> tuple[dict[int, str], dict[str, int]]:
    """Local village id -> uuid and back (voided villages included: old records use them)."""
    rows = session.execute(select(VillageRow.id, VillageRow.uuid)).all()
    return {i: u for i, u in rows}, {u: i for i, u in rows}


# -- outgoing ------------------------------------------------------------------------------


def claim(session: Session, max_records: int, exclude: frozenset[str]) -> list[OutgoingRecord]:
    """The next records to send at their current state, marked in flight."""
    claimed = claim_outgoing(session, max_records, exclude)
    known = bases(session, [c.uuid for c in claimed])
    by_entity: dict[str, list[Claimed]] = {}
    for c in claimed:
        by_entity.setdefault(c.entity, []).append(c)
    rows: dict[str, SyncedRecord] = {}
    for entity, items in by_entity.items():
        for found in rows_by_uuid(session, entity, [c.uuid for c in items]):
            rows[found.uuid] = found
    out: list[OutgoingRecord] = []
    for c in claimed:
        row = rows.get(c.uuid)
        if row is None:  # cannot happen short of a hand-edited store
            settle(session, c.entity, c.uuid, 2**31, OutboxState.REJECTED, error="本机记录缺失")
            continue
        draft, extras = _draft_of(session, c.entity, row)
        out.append(
            OutgoingRecord(
                entity=c.entity,
                uuid=c.uuid,
                op=c.op,
                base=min(known.get(c.uuid, 0), row.revision - 1),
                draft=draft,
                history=_history_of(row),
                extras=extras,
            )
        )
    return out


def requeue_missing(session: Session, entity: str, revisions: dict[str, int], now: datetime) -> int:
    """Queue again records the county lacks (or holds older), unless already queued."""
    busy = unsettled_uuids(session, revisions)
    count = 0
    for uuid, revision in revisions.items():
        if uuid not in busy:
            requeue(session, entity, uuid, revision, now)
            count += 1
    return count


# -- settling a conflict -------------------------------------------------------------------


def keep_mine(session: Session, entity: str, uuid: str, county_revision: int, now: datetime) -> int:
    """This device's version is queued again on top of the county's revision, so the county
    takes it as the newer one. Returns the new revision."""
    (row,) = rows_by_uuid(session, entity, [uuid])
    row.revision = max(row.revision, county_revision) + 1
    row.updated_at = now
    force_base(session, entity, uuid, county_revision)
    close_quarantine(session, uuid)
    session.flush()
    requeue(session, entity, uuid, row.revision, now)
    return row.revision


def take_county(session: Session, record: RemoteRecord) -> None:
    """The county's version replaces this device's copy (ValueError if it cannot)."""
    close_quarantine(session, record.uuid)
    (row,) = rows_by_uuid(session, record.entity, [record.uuid])
    row.revision = 0  # whatever it was, the county's version now counts as newer
    session.flush()
    problem = _apply_one(session, record, ApplyOutcome())
    if problem:
        raise ValueError(problem)
    force_base(session, record.entity, record.uuid, record.history.revision)


# -- incoming ------------------------------------------------------------------------------


def apply_remote(session: Session, records: Sequence[RemoteRecord]) -> ApplyOutcome:
    """Other devices' records; a record with a local change the county has not taken is left
    alone (the clerk's edit is never overwritten silently)."""
    outcome = ApplyOutcome()
    busy = unsettled_uuids(session, [r.uuid for r in records])
    for record in records:
        if record.uuid in busy:
            outcome.kept_local += 1
            continue
        problem = _apply_one(session, record, outcome)
        if problem:
            outcome.problems.append(problem)
    return outcome


def _apply_one(session: Session, record: RemoteRecord, outcome: ApplyOutcome) -> str:
    h = record.history
    spec = LEDGER_BY_ENTITY.get(record.entity)
    if spec is not None:
        repo = LedgerRepository(session, spec)
        row = repo.get_by_uuid(record.uuid)
        if row is not None and row.revision >= h.revision:
            set_base(session, record.entity, record.uuid, h.revision)
            outcome.unchanged += 1
            return ""
        if isinstance(record.draft, MediationCaseDraft):
            clash = session.scalars(
                select(MediationCaseRow.uuid).where(
                    MediationCaseRow.case_number == record.draft.case_number,
                    MediationCaseRow.uuid != record.uuid,
                )
            ).first()
            if clash is not None:
                return f"人民调解案号与本机另一案件重复，未导入（记录 {record.uuid[:8]}）"
            _advance_case_counter(session, record.draft.case_number)
        history = _history_columns(h, is_new=row is None)
        if spec.entity == "duty_log":
            history["confirmed_by"] = h.confirmed_by
            history["confirmed_on"] = h.confirmed_on
        incoming = record.draft
        if row is not None:  # the county holds masks: this device's clear numbers stay
            incoming = unmasked(incoming, repo.to_stored(row).data)
        repo.put_remote(record.uuid, incoming, history)
    elif record.entity == "lawyer":
        lawyer = session.scalars(select(LawyerRow).where(LawyerRow.uuid == record.uuid)).first()
        if lawyer is not None and lawyer.revision >= h.revision:
            outcome.unchanged += 1
            return ""
        if lawyer is None:
            lawyer = LawyerRow(uuid=record.uuid)
            session.add(lawyer)
        draft: LawyerDraft = record.draft
        lawyer.name = draft.name or ""
        lawyer.law_firm = draft.law_firm or ""
        lawyer.license_no = draft.license_no
        lawyer.phone = draft.phone
        for name, value in _history_columns(h, is_new=lawyer.id is None).items():
            setattr(lawyer, name, value)
    else:  # station and villages arrive as reference data
        outcome.unchanged += 1
        return ""
    set_base(session, record.entity, record.uuid, h.revision)
    outcome.applied += 1
    return ""


def apply_reference(session: Session, ref: CountyReference, now: datetime) -> None:
    """The county's station, villages, dispute types, settings and lawyer roster.

    A local village with the same name as a county one takes the county's uuid, so both sides
    mean the same village; local ids (and so every ledger row) stay as they are.
    """
    station = session.scalars(select(StationRow)).first()
    if station is None:
        station = StationRow(
            uuid=ref.station_uuid,
            revision=1,
            created_at=now,
            updated_at=now,
            origin_device=COUNTY_ORIGIN,
        )
        session.add(station)
    elif station.uuid != ref.station_uuid:
        _adopt_uuid(session, "station", station.uuid, ref.station_uuid)
        station.uuid = ref.station_uuid
    station.name = ref.station_name
    station.county = ref.county
    station.kind = ref.kind
    station.case_prefix = ref.case_prefix
    _apply_villages(session, ref.villages, now)
    _apply_dispute_types(session, ref.dispute_types)
    for key, value in ref.settings.items():
        session.merge(SettingRow(key=key, value=value))
    for lawyer in ref.lawyers:
        row = session.scalars(select(LawyerRow).where(LawyerRow.uuid == lawyer.uuid)).first()
        if row is None:
            row = LawyerRow(
                uuid=lawyer.uuid,
                revision=1,
                created_at=now,
                updated_at=now,
                origin_device=COUNTY_ORIGIN,
            )
            session.add(row)
        row.name, row.law_firm = lawyer.name, lawyer.law_firm
        row.license_no, row.phone = lawyer.license_no, lawyer.phone


def _apply_villages(session: Session, villages: Sequence[CountyVillage], now: datetime) -> None:
    local = list(session.scalars(select(VillageRow)))
    by_uuid = {v.uuid: v for v in local}
    by_name = {v.name: v for v in local}
    for cv in villages:
        row = by_uuid.get(cv.uuid)
        if row is None and cv.name in by_name:
            row = by_name[cv.name]
            _adopt_uuid(session, "village", row.uuid, cv.uuid)
            row.uuid = cv.uuid
        if row is None:
            row = VillageRow(
                uuid=cv.uuid,
                revision=1,
                created_at=now,
                updated_at=now,
                origin_device=COUNTY_ORIGIN,
            )
            session.add(row)
        row.name, row.kind, row.position = cv.name, cv.kind, cv.position
        if cv.voided and row.voided_at is None:
            row.voided_at, row.void_reason = now, "县中心已撤销"
        elif not cv.voided:
            row.voided_at, row.void_reason = None, None
        session.flush()


def _apply_dispute_types(session: Session, types: Sequence[tuple[str, str, int, bool]]) -> None:
    if not types:
        return
    existing = {r.code: r for r in session.scalars(select(DisputeTypeRow))}
    for code, name, position, active in types:
        row = existing.pop(code, None)
        if row is None:
            session.add(DisputeTypeRow(code=code, name=name, position=position, active=active))
        else:
            row.name, row.position, row.active = name, position, active
    for row in existing.values():  # dropped by the county: kept for old cases, not offered
        row.active = False
    session.flush()


def _draft_of(session: Session, entity: str, row: SyncedRecord) -> tuple[Any, dict[str, str]]:
    spec = LEDGER_BY_ENTITY.get(entity)
    if spec is not None:
        return LedgerRepository(session, spec).to_stored(row).data, {}
    if isinstance(row, StationRow):
        return StationDraft(row.name, row.county, row.kind), {"case_prefix": row.case_prefix}
    if isinstance(row, VillageRow):
        return VillageDraft(row.name, row.kind), {}
    assert isinstance(row, LawyerRow)
    return LawyerDraft(row.name, row.law_firm, row.license_no, row.phone), {}


def _history_of(row: SyncedRecord) -> History:
    confirmed_by = confirmed_on = None
    if isinstance(row, DutyLogRow):
        confirmed_by, confirmed_on = row.confirmed_by, row.confirmed_on
    return History(
        revision=row.revision,
        origin_device=row.origin_device,
        created_at=row.created_at,
        updated_at=row.updated_at,
        voided_at=row.voided_at,
        void_reason=row.void_reason,
        confirmed_by=confirmed_by,
        confirmed_on=confirmed_on,
    )


def _history_columns(h: History, *, is_new: bool) -> dict[str, Any]:
    now = h.updated_at or h.created_at or datetime(1970, 1, 1)
    columns: dict[str, Any] = {
        "revision": h.revision,
        "updated_at": h.updated_at or now,
        "voided_at": h.voided_at,
        "void_reason": h.void_reason,
        "updated_by": None,  # user accounts are local to each device
    }
    if is_new:
        columns |= {
            "created_at": h.created_at or now,
            "created_by": None,
            "origin_device": h.origin_device,
        }
    return columns


def _adopt_uuid(session: Session, entity: str, old: str, new: str) -> None:
    """A local record turns out to be the county's: queued changes follow it to its new uuid."""
    session.execute(
        update(OutboxRow)
        .where(OutboxRow.entity == entity, OutboxRow.entity_uuid == old)
        .values(entity_uuid=new)
    )
    session.execute(update(SyncBaseRow).where(SyncBaseRow.uuid == old).values(uuid=new))


def _advance_case_counter(session: Session, number: str | None) -> None:
    """A case numbered elsewhere moves this device's counter past it, so numbers do not repeat."""
    if not number:
        return
    try:
        parsed = CaseNumber.parse(number)
    except ValueError:
        return
    prefix = session.scalars(select(StationRow.case_prefix)).first()
    if parsed.prefix != prefix:
        return
    counter = session.get(CaseNumberCounterRow, parsed.year)
    if counter is None:
        session.add(CaseNumberCounterRow(year=parsed.year, last_sequence=parsed.sequence))
    elif counter.last_sequence < parsed.sequence:
        counter.last_sequence = parsed.sequence
