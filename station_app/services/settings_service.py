"""Settings as the 设置 page sees them: any declared setting read, the editable ones written."""

from __future__ import annotations

from typing import TypeVar

from station_app.domain.access import Right
from station_app.domain.settings_schema import COMMITTEE_NAME, Setting, committee_name_for
from station_app.services.context import ServiceContext
from station_app.storage import setting_values

T = TypeVar("T")

SETTINGS_DENIED = "当前账户不能修改设置"


class SettingsService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def get(self, setting: Setting[T]) -> T:
        with self.ctx.store.read() as session:
            return setting_values.get(session, setting)

    def put(self, setting: Setting[T], value: T) -> None:
        """Only settings declared ``editable``: the others (the account policy, the data key's
        id, the audit anchor, …) change only through the service that keeps their rules."""
        if not setting.editable:
            raise ValueError(f"setting {setting.key} is not set from the settings page")
        self.ctx.require(Right.SETTINGS, SETTINGS_DENIED)
        with self.ctx.store.write() as session:
            setting_values.put(session, setting, value)

    def committee_name(self, town: str) -> str:
        """The mediation committee's name the documents print: the one set on 设置, else
        ``<town>人民调解委员会`` (``town``: the station's name, StationInfo.name)."""
        return committee_name_for(self.get(COMMITTEE_NAME), town)
