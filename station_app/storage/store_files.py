"""Where a station's data folder keeps its files: the store and its backups folder.

Apart from ``store.py`` so that backups, migrations and the maintenance service can name the
files without importing the open store (which imports them)."""

from __future__ import annotations

DB_FILENAME = "station.db"
BACKUP_DIRNAME = "backups"
