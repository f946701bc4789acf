"""The county settings the console's 参数 page edits: the ones stations receive with the
reference data, validated by the same declarations the station reads them with."""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from station_app.domain.settings_schema import (
    DUTY_MINIMUMS,
    WORK_QUEUE_THRESHOLDS,
    Setting,
    SettingValueError,
)
from sync.server.models import ReferenceItemRow
from sync.server.reference import SETTING, set_setting

EDITABLE: tuple[tuple[Setting[Any], str], ...] = (
    (DUTY_MINIMUMS, "律师值班最低时长（小时）"),
    (WORK_QUEUE_THRESHOLDS, "工作站待办提醒（天）"),
)

LABELS = {
    "town_month_hours": "镇的村：每月",
    "street_month_hours": "街道的社区：每月",
    "street_week_hours": "街道的社区：每周",
    "mediation_days": "调解中超过（受理后）",
    "follow_up_days": "调解成功未回访（结案后）",
    "aid_decision_days": "转送法援中心未见决定",
    "visit_confirm_days": "值班未确认（值班日后）",
    "report_window_days": "统计表上报提醒（截止前）",
    "sync_stale_days": "未同步提醒",
}


@dataclass(frozen=True)
class Field:
    key: str  # setting key . field name: the form input's name
    label: str
    value: object
    step: str


@dataclass(frozen=True)
class Group:
    title: str
    fields: tuple[Field, ...]


def current(session: Session) -> list[Group]:
    groups = []
    for setting, title in EDITABLE:
        item = session.get(ReferenceItemRow, (SETTING, setting.key))
        try:
            value = setting.parse(json.loads(item.value)) if item else setting.default
        except SettingValueError:
            value = setting.default
        fields = tuple(
            Field(
                f"{setting.key}.{f.name}",
                LABELS.get(f.name, f.name),
                getattr(value, f.name),
                "0.5" if f.type in (float, "float") else "1",
            )
            for f in dataclasses.fields(value)
        )
        groups.append(Group(title, fields))
    return groups


def save(session: Session, form: dict[str, str]) -> list[str]:
    """Store every editable setting from the form; the keys changed (none if any is refused:
    SettingValueError, raised before anything is written)."""
    parsed: list[tuple[Setting[Any], Any]] = []
    for setting, _title in EDITABLE:
        raw: dict[str, Any] = {}
        for f in dataclasses.fields(setting.default):
            text = form.get(f"{setting.key}.{f.name}", "").strip()
            try:
                number: float = float(text)
            except ValueError:
                raise SettingValueError(f"{LABELS.get(f.name, f.name)}：应为数字") from None
            if f.type in (int, "int"):
                if number != int(number):
                    raise SettingValueError(f"{LABELS.get(f.name, f.name)}：应为整数天数")
                raw[f.name] = int(number)
            else:
                if number < 0:
                    raise SettingValueError(f"{LABELS.get(f.name, f.name)}：不能为负数")
                raw[f.name] = number
        try:
            parsed.append((setting, setting.parse(raw)))
        except SettingValueError:
            raise SettingValueError("取值超出允许范围（天数 0 到 366）") from None
    changed = []
    for setting, value in parsed:
        item = session.get(ReferenceItemRow, (SETTING, setting.key))
        dumped = dataclasses.asdict(value)
        if item is None or json.loads(item.value) != dumped:
            set_setting(session, setting.key, dumped)
            changed.append(setting.key)
    return changed
