"""Binding a store to its data key: made at first open, found by key id, checked on each open.

The key id and a sealed check value live in the store's settings (neither reveals the key);
the key itself lives in the OS key store (security.key_store). Opening a store whose key this
PC does not have is refused with the way out: the head's recovery key.
"""

from __future__ import annotations

import uuid
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from station_app.domain.settings_schema import STORE_KEY_CHECK, STORE_KEY_ID
from station_app.domain.store_errors import DataKeyError
from station_app.security.field_sealer import FieldSealer, SealError, new_data_key
from station_app.security.key_store import KeyStore
from station_app.storage.column_types import SEALER_ATTR
from station_app.storage.engine import close_store_engine, create_store_engine
from station_app.storage.setting_values import get, put

_CHECK_PURPOSE = "key-check"
_CHECK_TEXT = "station-ledger"


MISSING_KEY = (
    "本机找不到这份台账的数据密钥（可能换了电脑或重装了系统）。"
    "请用站长保存的恢复密钥恢复：station key restore / data key not found on this PC"
)
WRONG_KEY = "数据密钥与这份台账不符，请核对恢复密钥 / the data key does not match this store"


def key_id_of(engine: Engine) -> str | None:
    with Session(engine) as session:
        return get(session, STORE_KEY_ID)


def _checks_out(sealer: FieldSealer, engine: Engine) -> bool:
    with Session(engine) as session:
        check = get(session, STORE_KEY_CHECK)
    if check is None:
        return False
    try:
        return sealer.open(_CHECK_PURPOSE, check) == _CHECK_TEXT
    except SealError:
        return False


def unlock(engine: Engine, keys: KeyStore) -> str:
    """Attach the store's sealer to ``engine`` (making the key on a new store); the key id."""
    key_id = key_id_of(engine)
    if key_id is None:
        key_id, key = str(uuid.uuid4()), new_data_key()
        keys.save(key_id, key)
        sealer = FieldSealer(key)
        with Session(engine) as session, session.begin():
            put(session, STORE_KEY_ID, key_id)
            put(session, STORE_KEY_CHECK, sealer.seal(_CHECK_PURPOSE, _CHECK_TEXT))
    else:
        found = keys.load(key_id)
        if found is None:
            raise DataKeyError(MISSING_KEY)
        sealer = FieldSealer(found)
        if not _checks_out(sealer, engine):
            raise DataKeyError(WRONG_KEY)
    setattr(engine.dialect, SEALER_ATTR, sealer)
    return key_id


def install_key(engine: Engine, keys: KeyStore, key: bytes) -> str:
    """Put a recovered key back into this PC's key store, if it is this store's key."""
    key_id = key_id_of(engine)
    if key_id is None:
        raise DataKeyError("这份台账还没有数据密钥，无需恢复 / the store has no data key yet")
    if not _checks_out(FieldSealer(key), engine):
        raise DataKeyError(WRONG_KEY)
    return keys.save(key_id, key)


def restore_key(db_path: Path, key: bytes, keys: KeyStore) -> str:
    """``station key restore``: check a recovered key against the store (which cannot be
    opened without it) and keep it in this PC's key store; returns where it went."""
    engine = create_store_engine(db_path)
    try:
        return install_key(engine, keys, key)
    finally:
        close_store_engine(engine)
