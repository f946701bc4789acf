"""Where the device token lives: outside the database, in the OS key store when there is one.

On Windows that is the Credential Manager (via ``keyring``). Where no key store backend is
available (a Linux box without a Secret Service, a test machine) the token goes into a file in
the data folder readable by its owner only (0600). A copied ``station.db`` never carries it.
"""

from __future__ import annotations

from pathlib import Path

from station_app.security.os_keyring import keyring_get, keyring_set, write_private_file

SERVICE = "StationLedger-sync"
TOKEN_FILENAME = "sync-token"


class TokenStore:
    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.account = str(data_dir.resolve())

    @property
    def file(self) -> Path:
        return self.data_dir / TOKEN_FILENAME

    def save(self, token: str) -> str:
        """Keep the token; returns where ("keyring" or the file path) for the clerk's message."""
        if keyring_set(SERVICE, self.account, token):
            self.file.unlink(missing_ok=True)
            return "keyring"
        write_private_file(self.file, token)
        return str(self.file)

    def load(self) -> str | None:
        if self.file.exists():
            return self.file.read_text(encoding="utf-8").strip() or None
        return keyring_get(SERVICE, self.account)
