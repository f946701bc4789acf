"""Where the device token lives: outside the database, in the OS key store when there is one.

On Windows that is the Credential Manager (via ``keyring``). Where no key store backend is
available (a Linux box without a Secret Service, a test machine) the token goes into a file in
the data folder readable by its owner only (0600). A copied ``station.db`` never carries it.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

log = logging.getLogger("station.sync")

SERVICE = "StationLedger-sync"
TOKEN_FILENAME = "sync-token"


def _keyring_usable() -> bool:
    try:
        import keyring
        from keyring.backends import fail
    except ImportError:
        return False
    backend = keyring.get_keyring()
    if isinstance(backend, fail.Keyring):
        return False
    priority = getattr(backend, "priority", 0)
    return isinstance(priority, int | float) and priority > 0


class TokenStore:
    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.account = str(data_dir.resolve())

    @property
    def file(self) -> Path:
        return self.data_dir / TOKEN_FILENAME

    def save(self, token: str) -> str:
        """Keep the token; returns where ("keyring" or the file path) for the clerk's message."""
        if _keyring_usable():
            try:
                import keyring

                keyring.set_password(SERVICE, self.account, token)
                self.file.unlink(missing_ok=True)
                return "keyring"
            except Exception:  # a locked or broken key store: fall back to the file
                log.warning("key store refused the token; using a 0600 file instead")
        self.data_dir.mkdir(parents=True, exist_ok=True)
        tmp = self.file.with_suffix(".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(token)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o600)
        os.replace(tmp, self.file)
        return str(self.file)

    def load(self) -> str | None:
        if self.file.exists():
            return self.file.read_text(encoding="utf-8").strip() or None
        if _keyring_usable():
            try:
                import keyring

                value = keyring.get_password(SERVICE, self.account)
                return value or None
            except Exception:
                log.warning("key store could not be read")
        return None
