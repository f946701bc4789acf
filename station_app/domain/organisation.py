"""The station, its villages/communities, its lawyer roster and its user accounts."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from station_app.domain.choices import Role, UnitKind
from station_app.domain.errors import ValidationError
from station_app.domain.identifiers import to_halfwidth
from station_app.domain.rules import Checker

STATION_LABELS = {"name": "工作站名称", "county": "区县", "kind": "类型", "villages": "村(居)"}
VILLAGE_LABELS = {"name": "村(居)名称", "kind": "类型"}
LAWYER_LABELS = {
    "name": "律师姓名",
    "law_firm": "律师事务所",
    "license_no": "执业证号",
    "phone": "联系电话",
}
USER_LABELS = {
    "username": "用户名",
    "display_name": "姓名",
    "role": "角色",
    "village_id": "所属村(居)",
}

#: The pseudo-village that stands for the station itself in ledgers and reports.
STATION_ITSELF = "本站"


@dataclass(frozen=True)
class VillageDraft:
    name: str | None = None
    kind: UnitKind | None = None

    @classmethod
    def parse(cls, spec: str, default_kind: UnitKind) -> VillageDraft:
        """`青石村` or `青石村:town` / `滨江社区:street` as typed on the command line."""
        name, _, kind = to_halfwidth(spec).partition(":")
        return cls(name.strip(), UnitKind(kind.strip()) if kind.strip() else default_kind)

    def validated(self, today: date) -> VillageDraft:
        c = Checker(VILLAGE_LABELS, today)
        name = c.text("name", self.name, required=True, max_len=50)
        if name == STATION_ITSELF:
            c.fail("name", f"“{STATION_ITSELF}”是工作站本级的保留名称")
        cleaned = replace(self, name=name, kind=c.choice("kind", self.kind, required=True))
        c.raise_if_any()
        return cleaned


@dataclass(frozen=True)
class StationDraft:
    name: str | None = None
    county: str | None = None
    kind: UnitKind | None = None
    villages: tuple[VillageDraft, ...] = ()

    def validated(self, today: date) -> StationDraft:
        c = Checker(STATION_LABELS, today)
        villages = []
        for v in self.villages:
            try:
                villages.append(v.validated(today))
            except ValidationError as exc:
                c.fail("villages", str(exc))
        names = [v.name for v in villages]
        if len(set(names)) != len(names):
            c.fail("villages", "村(居)名称重复")
        cleaned = replace(
            self,
            name=c.text("name", self.name, required=True),
            county=c.text("county", self.county, required=True),
            kind=c.choice("kind", self.kind, required=True),
            villages=tuple(villages),
        )
        c.raise_if_any()
        return cleaned


@dataclass(frozen=True)
class LawyerDraft:
    name: str | None = None
    law_firm: str | None = None
    license_no: str | None = None
    phone: str | None = None

    def validated(self, today: date) -> LawyerDraft:
        c = Checker(LAWYER_LABELS, today)
        cleaned = replace(
            self,
            name=c.text("name", self.name, required=True),
            law_firm=c.text("law_firm", self.law_firm, required=True),
            license_no=c.text("license_no", self.license_no, max_len=30),
            phone=c.phone("phone", self.phone),
        )
        c.raise_if_any()
        return cleaned


@dataclass(frozen=True)
class UserDraft:
    username: str | None = None
    display_name: str | None = None
    role: Role | None = None
    village_id: int | None = None  # required for a village officer, empty for everyone else

    def validated(self, today: date) -> UserDraft:
        c = Checker(USER_LABELS, today)
        role = c.choice("role", self.role, required=True)
        if role is Role.VILLAGE_OFFICER and self.village_id is None:
            c.fail("village_id", "综治专干必须绑定一个村(居)")
        if role is not None and role is not Role.VILLAGE_OFFICER and self.village_id is not None:
            c.fail("village_id", "只有综治专干绑定村(居)")
        cleaned = replace(
            self,
            username=c.text("username", self.username, required=True, max_len=30),
            display_name=c.text("display_name", self.display_name, required=True),
            role=role,
        )
        c.raise_if_any()
        return cleaned
