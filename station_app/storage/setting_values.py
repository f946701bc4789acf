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

from station_app.domain.settings_schema import (
    DamagedSettingError,
    Setting,
    SettingValueError,
)
from station_app.storage.organisation_tables import SettingRow

log = logging.getLogger("station.db")

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
    session.merge(SettingRow(key=setting.key, value=text))
