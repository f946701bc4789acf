"""Where a store's data key lives: outside the database, in the OS key store when there is one.

The key is found by the store's key id (kept in the store's settings), not by its path, so a
moved data folder still opens. Without a usable key store the key goes into a 0600 file in the
per-user config folder (never the data folder: a copied data folder or backup must not carry
its own key). If the key is lost (a new PC, a reinstalled Windows), the recovery key the
station head wrote down puts it back.
"""

from __future__ import annotations

import base64
import binascii
import os
from pathlib import Path

from platformdirs import user_config_dir

from station_app.security.field_sealer import KEY_BYTES
from station_app.security.os_keyring import keyring_get, keyring_set, write_private_file
from station_app.settings import APP_NAME

SERVICE = "StationLedger-data-key"
KEY_DIR_ENV = "STATION_KEY_DIR"
_GROUP = 4


class RecoveryKeyError(ValueError):
    """Text that is not a recovery key (a typo, a missing group)."""


def default_key_dir() -> Path:
    configured = os.environ.get(KEY_DIR_ENV)
    if configured:
        return Path(configured).expanduser()
    return Path(user_config_dir(APP_NAME, appauthor=False)) / "keys"


class KeyStore:
    def __init__(self, fallback_dir: Path | None = None, *, use_keyring: bool = True) -> None:
        self.fallback_dir = fallback_dir or default_key_dir()
        self.use_keyring = use_keyring

    @classmethod
    def throwaway(cls, store_folder: Path) -> KeyStore:
        """For a scratch store deleted with its folder (self-test, county report, screenshots):
        the key lives and dies beside it, and never reaches the OS key store."""
        return cls(store_folder.with_name(store_folder.name + "-keys"), use_keyring=False)

    def _file(self, key_id: str) -> Path:
        return self.fallback_dir / f"{key_id}.key"

    def load(self, key_id: str) -> bytes | None:
        encoded = keyring_get(SERVICE, key_id) if self.use_keyring else None
        if encoded is None and self._file(key_id).exists():
            encoded = self._file(key_id).read_text(encoding="ascii").strip()
        if not encoded:
            return None
        try:
            key = base64.b64decode(encoded, validate=True)
        except binascii.Error:
            return None
        return key if len(key) == KEY_BYTES else None

    def save(self, key_id: str, key: bytes) -> str:
        """Keep the key; returns where ("keyring" or the file's path)."""
        encoded = base64.b64encode(key).decode("ascii")
        if self.use_keyring and keyring_set(SERVICE, key_id, encoded):
            self._file(key_id).unlink(missing_ok=True)
            return "keyring"
        write_private_file(self._file(key_id), encoded)
        return str(self._file(key_id))


def recovery_text(key: bytes) -> str:
    """The data key as the head writes it down: base32 in groups, ``ABCD-EFGH-…``."""
    plain = base64.b32encode(key).decode("ascii").rstrip("=")
    return "-".join(plain[i : i + _GROUP] for i in range(0, len(plain), _GROUP))


def key_from_recovery_text(text: str) -> bytes:
    plain = "".join(ch for ch in text.upper() if ch.isascii() and ch.isalnum())
    plain = plain.replace("0", "O").replace("1", "I").replace("8", "B")  # handwriting slips
    padded = plain + "=" * (-len(plain) % 8)
    try:
        key = base64.b32decode(padded)
    except (binascii.Error, ValueError) as exc:
        raise RecoveryKeyError("恢复密钥格式不对，请核对每一组字符") from exc
    if len(key) != KEY_BYTES:
        raise RecoveryKeyError("恢复密钥长度不对，请核对是否漏抄了一组")
    return key
