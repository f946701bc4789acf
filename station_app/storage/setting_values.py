"""Settings rows hold JSON text by key; one place reads and writes them, by declaration.

``get`` and ``put`` take a declared setting (domain.settings_schema) and deal in its type. A
stored value that does not fit reads as the default, logged by key only (never the value);
a ``strict`` setting refuses instead. ``read_setting``/``write_setting`` are the string-key
forms the sync client still uses; they too accept declared keys only.
"""

from __future__ import annotations

import json
import logging
from typing import TypeVar

from sqlalchemy.orm import Session
from sqlalchemy.orm.util import identity_key

from station_app.domain.settings_schema import (
    DamagedSettingError,
    Setting,
    SettingValueError,
)
from station_app.storage.organisation_tables import SettingRow

log = logging.getLogger("station.db")

_UPSERT = (
    f"INSERT INTO {SettingRow.__tablename__} (key, value) VALUES (?, ?)"
    " ON CONFLICT (key) DO UPDATE SET value = excluded.value"
)

T = TypeVar("T")


def get(session: Session, setting: Setting[T]) -> T:
    """The stored value, or the default when unset or damaged."""
    row = session.get(SettingRow, setting.key)
    if row is None:
        return setting.default
    try:
        return setting.parse(json.loads(row.value))
    except json.JSONDecodeError:
        problem = "is not JSON"
    except SettingValueError as exc:
        problem = str(exc)
    if setting.strict:
        log.error("setting %s is damaged (%s)", setting.key, problem)
        raise DamagedSettingError(setting.key)
    log.warning("setting %s is damaged (%s); its default is used", setting.key, problem)
    return setting.default


def put(session: Session, setting: Setting[T], value: T) -> None:
    """Store ``value``, in the caller's write transaction; SettingValueError if it does not
    fit the declaration (a programming error: the caller validated what the user typed)."""
    text = json.dumps(setting.dump(value), ensure_ascii=False)
    # An upsert in the driver's own SQL: the audit trail moves its anchor on every save, and
    # the ORM's merge (a read, then an insert or update) cost more than the record's insert.
    session.connection().exec_driver_sql(_UPSERT, (setting.key, text))
    held = session.identity_map.get(identity_key(SettingRow, setting.key))
    if held is not None:  # a row this session read earlier must not answer with the old value
        session.expire(held)
