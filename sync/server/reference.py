"""County reference data: stations and villages, dispute types, settings, the lawyer roster.

Stations receive it on their next pull as one snapshot with an etag, so a change made here
(a new dispute type, new duty-hour minimums, an imported roster) reaches every device once.
"""

from __future__ import annotations

import hashlib
import json
import uuid as uuidlib
from dataclasses import asdict
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from station_app.domain.case_number import station_prefix
from station_app.domain.dispute_types import DEFAULT_DISPUTE_TYPES
from station_app.domain.duty_minimums import DUTY_MINIMUMS_KEY, DutyMinimums
from station_app.domain.errors import DomainError, ValidationError
from station_app.domain.organisation import LawyerDraft
from sync.server.models import DeviceRow, ReferenceItemRow, StationRow, VillageRow

DISPUTE_TYPE = "dispute_type"
SETTING = "setting"
LAWYER = "lawyer"

#: Namespace of roster lawyers' uuids: one practising-licence number, one uuid, on every import.
LAWYER_NAMESPACE = uuidlib.UUID("4f1c1d55-3b1e-4a8e-9a53-6c2f0e7c2b10")

ROSTER_COLUMNS = ("姓名", "律师事务所", "执业证号", "联系电话", "对接村(居)")


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def seed_defaults(session: Session) -> None:
    """The dispute-type list and duty-hour minimums, unless the county already has its own."""
    now = utcnow()
    if (
        session.scalars(
            select(ReferenceItemRow).where(ReferenceItemRow.kind == DISPUTE_TYPE)
        ).first()
        is None
    ):
        for position, (code, name) in enumerate(DEFAULT_DISPUTE_TYPES):
            session.add(
                ReferenceItemRow(
                    kind=DISPUTE_TYPE,
                    key=code,
                    value=json.dumps({"name": name, "active": True}, ensure_ascii=False),
                    position=position,
                    updated_at=now,
                )
            )
    if session.get(ReferenceItemRow, (SETTING, DUTY_MINIMUMS_KEY)) is None:
        session.add(
            ReferenceItemRow(
                kind=SETTING,
                key=DUTY_MINIMUMS_KEY,
                value=json.dumps(asdict(DutyMinimums())),
                updated_at=now,
            )
        )


def set_setting(session: Session, key: str, value: Any) -> None:
    session.merge(
        ReferenceItemRow(
            kind=SETTING, key=key, value=json.dumps(value, ensure_ascii=False), updated_at=utcnow()
        )
    )


def dispute_codes(session: Session) -> frozenset[str]:
    rows = session.execute(
        select(ReferenceItemRow.key, ReferenceItemRow.value).where(
            ReferenceItemRow.kind == DISPUTE_TYPE
        )
    )
    return frozenset(code for code, value in rows if json.loads(value).get("active", True))


def ensure_station(
    session: Session, name: str, *, county: str = "", kind: str = "town"
) -> StationRow:
    station = session.scalars(select(StationRow).where(StationRow.name == name)).first()
    if station is None:
        station = StationRow(
            uuid=str(uuidlib.uuid4()),
            name=name,
            county=county or "本县",
            kind=kind,
            case_prefix=station_prefix(name),
            last_seq=0,
            created_at=utcnow(),
        )
        session.add(station)
        session.flush()
    return station


def ensure_village(
    session: Session,
    station: StationRow,
    name: str,
    *,
    kind: str | None = None,
    village_uuid: str | None = None,
) -> VillageRow:
    village = session.scalars(
        select(VillageRow).where(VillageRow.station_id == station.id, VillageRow.name == name)
    ).first()
    if village is None:
        taken = (
            village_uuid
            and session.scalars(
                select(VillageRow.id).where(VillageRow.uuid == village_uuid)
            ).first()
        )
        count = len(
            session.scalars(select(VillageRow.id).where(VillageRow.station_id == station.id)).all()
        )
        village = VillageRow(
            uuid=village_uuid if village_uuid and not taken else str(uuidlib.uuid4()),
            station_id=station.id,
            name=name,
            kind=kind or station.kind,
            position=count,
            voided=False,
        )
        session.add(village)
        session.flush()
    return village


def station_villages(session: Session, station_id: int) -> list[VillageRow]:
    return list(
        session.scalars(
            select(VillageRow)
            .where(VillageRow.station_id == station_id)
            .order_by(VillageRow.position, VillageRow.id)
        )
    )


def snapshot(session: Session, device: DeviceRow) -> dict[str, Any]:
    """Everything a device of this station needs besides ledger records, with an etag."""
    station = session.get(StationRow, device.station_id)
    assert station is not None
    villages = station_villages(session, station.id)
    names = {v.name for v in villages}
    items = session.scalars(
        select(ReferenceItemRow).order_by(
            ReferenceItemRow.kind, ReferenceItemRow.position, ReferenceItemRow.key
        )
    ).all()
    dispute_types = []
    settings: dict[str, str] = {}
    lawyers = []
    for item in items:
        value = json.loads(item.value)
        if item.kind == DISPUTE_TYPE:
            dispute_types.append(
                [item.key, value["name"], item.position, value.get("active", True)]
            )
        elif item.kind == SETTING:
            settings[item.key] = item.value
        elif item.kind == LAWYER:
            served = set(value.get("villages", []))
            if not served or served & names:
                lawyers.append(
                    {
                        "uuid": item.key,
                        **{k: value.get(k) for k in ("name", "law_firm", "license_no", "phone")},
                    }
                )
    body = {
        "station": {
            "uuid": station.uuid,
            "name": station.name,
            "county": station.county,
            "kind": station.kind,
            "case_prefix": station.case_prefix,
        },
        "villages": [
            {
                "uuid": v.uuid,
                "name": v.name,
                "kind": v.kind,
                "position": v.position,
                "voided": v.voided,
            }
            for v in villages
        ],
        "dispute_types": dispute_types,
        "settings": settings,
        "lawyers": lawyers,
    }
    text = json.dumps(body, sort_keys=True, ensure_ascii=False)
    body["etag"] = hashlib.sha256(text.encode()).hexdigest()[:32]
    return body


class RosterError(DomainError):
    pass


def import_lawyers(session: Session, path: Path) -> int:
    """Load the roster workbook (姓名, 律师事务所, 执业证号, 联系电话, 对接村(居)).

    Every row is checked with the same rules as the station's lawyer form; one bad row refuses
    the whole file, naming the row and the field (never the value).
    """
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several unrelated types for a bad file
        raise RosterError(
            f"无法读取律师名册文件 / cannot read the workbook: {type(exc).__name__}"
        ) from exc
    sheet = workbook.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = [str(c).strip() if c is not None else "" for c in next(rows, ())]
    missing = [c for c in ROSTER_COLUMNS[:2] if c not in header]
    if missing:
        raise RosterError(f"律师名册缺少列：{'、'.join(missing)}")
    index = {name: header.index(name) for name in ROSTER_COLUMNS if name in header}
    today = date.today()
    count = 0
    now = utcnow()
    for line, cells in enumerate(rows, start=2):

        def cell(name: str, cells: tuple[Any, ...] = cells) -> str | None:
            i = index.get(name)
            value = cells[i] if i is not None and i < len(cells) else None
            return None if value is None else str(value).strip() or None

        if not any(c is not None and str(c).strip() for c in cells):
            continue
        draft = LawyerDraft(cell("姓名"), cell("律师事务所"), cell("执业证号"), cell("联系电话"))
        try:
            clean = draft.validated(today)
        except ValidationError as exc:
            raise RosterError(f"第{line}行：{exc}") from exc
        villages = [
            v.strip()
            for v in (cell("对接村(居)") or "").replace(",", "、").replace("，", "、").split("、")
            if v.strip()
        ]
        identity = clean.license_no or f"{clean.name}|{clean.law_firm}"
        key = str(uuidlib.uuid5(LAWYER_NAMESPACE, identity))
        session.merge(
            ReferenceItemRow(
                kind=LAWYER,
                key=key,
                value=json.dumps({**asdict(clean), "villages": villages}, ensure_ascii=False),
                position=line,
                updated_at=now,
            )
        )
        count += 1
    return count
