"""The station, its villages, lawyers, accounts and reference data."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from station_app.domain.accounts import check_new_password
from station_app.domain.case_number import station_prefix
from station_app.domain.choices import Role, UnitKind
from station_app.domain.dispute_types import DEFAULT_DISPUTE_TYPES, canonical_dispute_name
from station_app.domain.duty_minimums import DutyMinimums
from station_app.domain.errors import DomainError, FieldError, NotFoundError, ValidationError
from station_app.domain.organisation import (
    STATION_ITSELF,
    StationDraft,
    UserDraft,
    VillageDraft,
)
from station_app.domain.outbox import OutboxOp
from station_app.domain.settings_schema import DUTY_MINIMUMS
from station_app.services.account_service import new_account
from station_app.services.context import ServiceContext
from station_app.storage import setting_values
from station_app.storage.organisation_tables import (
    DeviceRow,
    DisputeTypeRow,
    LawyerRow,
    StationRow,
    UserAccountRow,
    VillageRow,
)
from station_app.storage.outbox import ChangeStamp, creation_fields, record_changes


class AlreadyInitializedError(DomainError):
    pass


@dataclass(frozen=True)
class VillageInfo:
    id: int
    uuid: str
    name: str
    kind: UnitKind
    position: int


@dataclass(frozen=True)
class StationInfo:
    uuid: str
    name: str
    county: str
    kind: UnitKind
    case_prefix: str
    villages: tuple[VillageInfo, ...]

    def village_name(self, village_id: int | None) -> str:
        if village_id is None:
            return STATION_ITSELF
        return next((v.name for v in self.villages if v.id == village_id), "?")


@dataclass(frozen=True)
class UserInfo:
    id: int
    uuid: str
    username: str
    display_name: str
    role: Role
    village_id: int | None


@dataclass(frozen=True)
class LawyerInfo:
    id: int
    name: str
    law_firm: str
    license_no: str | None


class OrganisationService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def is_initialized(self) -> bool:
        with self.ctx.store.read() as session:
            return session.scalar(select(func.count()).select_from(StationRow)) != 0

    def initialize(
        self,
        station: StationDraft,
        head: UserDraft | None = None,
        head_password: str | None = None,
    ) -> StationInfo:
        """Create the station, its villages, the reference data and the head's account, in
        one transaction. Without ``head_password`` the head sets one at first sign-in."""
        today = self.ctx.clock.today()
        clean = station.validated(today)
        head_clean = head.validated(today) if head is not None else None
        if head_clean is not None and head_clean.role is not Role.STATION_HEAD:
            raise ValidationError([FieldError("role", "角色", "首个账号应为站长")])
        if head_clean is not None and head_password is not None:
            check_new_password(head_password, head_clean.username)
        now = self.ctx.clock.now()
        with self.ctx.store.write() as session:
            if session.scalar(select(func.count()).select_from(StationRow)):
                raise AlreadyInitializedError("本机台账已经初始化过，不能重复初始化")
            device = session.scalars(select(DeviceRow)).first()
            if device is None:
                device = DeviceRow(created_at=now)
                session.add(device)
                session.flush()
            stamp = ChangeStamp(now=now, actor=self.ctx.actor, device=device.uuid)
            assert clean.name and clean.county and clean.kind
            row = StationRow(
                name=clean.name,
                county=clean.county,
                kind=clean.kind,
                case_prefix=station_prefix(clean.name),
                **creation_fields(stamp),
            )
            session.add(row)
            session.flush()
            record_changes(session, "station", [row], OutboxOp.CREATE, stamp)
            for village in clean.villages:
                self._add_village(session, village, stamp)
            for position, (code, name) in enumerate(DEFAULT_DISPUTE_TYPES):
                session.add(DisputeTypeRow(code=code, name=name, position=position, active=True))
            setting_values.put(session, DUTY_MINIMUMS, DutyMinimums())
            if head_clean is not None:
                new_account(session, head_clean, now, head_password)
            self.ctx.audit(session, "initialize", entity="station", record_uuid=row.uuid)
        self.ctx._device = None  # re-read: the device row may be new
        info = self.station()
        assert info is not None
        return info

    def station(self) -> StationInfo | None:
        with self.ctx.store.read() as session:
            row = session.scalars(select(StationRow)).first()
            if row is None:
                return None
            villages = session.scalars(
                select(VillageRow)
                .where(VillageRow.voided_at.is_(None))
                .order_by(VillageRow.position, VillageRow.id)
            ).all()
            return StationInfo(
                uuid=row.uuid,
                name=row.name,
                county=row.county,
                kind=row.kind,
                case_prefix=row.case_prefix,
                villages=tuple(_village_info(v) for v in villages),
            )

    def require_station(self) -> StationInfo:
        info = self.station()
        if info is None:
            raise NotFoundError("本机台账尚未初始化，请先运行 station init / store not initialised")
        return info

    def add_village(self, draft: VillageDraft) -> VillageInfo:
        clean = draft.validated(self.ctx.clock.today())
        stamp = self.ctx.stamp()
        with self.ctx.store.write() as session:
            return _village_info(self._add_village(session, clean, stamp))

    def village_by_name(self, name: str) -> VillageInfo | None:
        wanted = name.strip()
        return next((v for v in self.require_station().villages if v.name == wanted), None)

    def dispute_types(self) -> list[tuple[str, str]]:
        with self.ctx.store.read() as session:
            rows = session.scalars(
                select(DisputeTypeRow)
                .where(DisputeTypeRow.active)
                .order_by(DisputeTypeRow.position)
            ).all()
            return [(r.code, r.name) for r in rows]

    def dispute_code(self, name: str) -> str | None:
        """`婚姻家庭纠纷` or `婚姻家庭` -> `01`."""
        wanted = canonical_dispute_name(name)
        return next((code for code, n in self.dispute_types() if n == wanted), None)

    def lawyers(self) -> list[LawyerInfo]:
        with self.ctx.store.read() as session:
            rows = session.scalars(
                select(LawyerRow).where(LawyerRow.voided_at.is_(None)).order_by(LawyerRow.id)
            )
            return [LawyerInfo(r.id, r.name, r.law_firm, r.license_no) for r in rows]

    def users(self) -> list[UserInfo]:
        with self.ctx.store.read() as session:
            rows = session.scalars(
                select(UserAccountRow).where(UserAccountRow.active).order_by(UserAccountRow.id)
            )
            return [_user_info(r) for r in rows]

    def duty_minimums(self) -> DutyMinimums:
        with self.ctx.store.read() as session:
            return setting_values.get(session, DUTY_MINIMUMS)

    @staticmethod
    def _add_village(session: Session, draft: VillageDraft, stamp: ChangeStamp) -> VillageRow:
        if session.scalars(select(VillageRow).where(VillageRow.name == draft.name)).first():
            raise ValidationError([FieldError("name", "村(居)名称", "本站已有同名村(居)")])
        last: int | None = session.scalar(select(func.max(VillageRow.position)))
        position = 0 if last is None else last + 1
        assert draft.name and draft.kind
        row = VillageRow(
            name=draft.name, kind=draft.kind, position=position, **creation_fields(stamp)
        )
        session.add(row)
        session.flush()
        record_changes(session, "village", [row], OutboxOp.CREATE, stamp)
        return row


def _village_info(row: VillageRow) -> VillageInfo:
    return VillageInfo(row.id, row.uuid, row.name, row.kind, row.position)


def _user_info(row: UserAccountRow) -> UserInfo:
    return UserInfo(row.id, row.uuid, row.username, row.display_name, row.role, row.village_id)
