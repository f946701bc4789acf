"""Settings rows hold JSON text by key; one place reads and writes them."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy.orm import Session

from station_app.storage.organisation_tables import SettingRow


def read_setting(session: Session, key: str, default: Any = None) -> Any:
    row = session.get(SettingRow, key)
    return default if row is None else json.loads(row.value)


def write_setting(session: Session, key: str, value: Any) -> None:
    session.merge(SettingRow(key=key, value=json.dumps(value, ensure_ascii=False)))
