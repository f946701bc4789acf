"""Scratch space on disk for one long job: rows parked by key instead of held in memory.

An import must group rows that belong together (a duty visit's matters, a case's parties) even
when they are far apart in the workbook. Holding them in lists would make memory grow with the
file; a throwaway SQLite file beside the job keeps it flat. Nothing here touches the store.
"""

from __future__ import annotations

import pickle
import sqlite3
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

_BUFFER = 1000


class ScratchRows:
    """Objects filed under (bucket, key), read back by key or grouped by key in file order.

    The objects are pickled: this file is private to the process and deleted on close.
    """

    def __init__(self) -> None:
        self._dir = tempfile.TemporaryDirectory(prefix="station-scratch-")
        self._db = sqlite3.connect(Path(self._dir.name) / "scratch.db")
        # A scratch file needs no crash safety: it is thrown away with the job.
        self._db.execute("PRAGMA journal_mode=OFF")
        self._db.execute("PRAGMA synchronous=OFF")
        self._db.execute(
            "CREATE TABLE parked (seq INTEGER PRIMARY KEY, bucket TEXT NOT NULL,"
            " key TEXT NOT NULL, taken INTEGER NOT NULL DEFAULT 0, payload BLOB NOT NULL)"
        )
        self._db.execute("CREATE INDEX parked_key ON parked (bucket, key, seq)")
        self._buffer: list[tuple[str, str, bytes]] = []

    def put(self, bucket: str, key: str, item: Any) -> None:
        self._buffer.append((bucket, key, pickle.dumps(item, pickle.HIGHEST_PROTOCOL)))
        if len(self._buffer) >= _BUFFER:
            self._flush()

    def _flush(self) -> None:
        if self._buffer:
            self._db.executemany(
                "INSERT INTO parked (bucket, key, payload) VALUES (?, ?, ?)", self._buffer
            )
            self._buffer = []

    def take(self, bucket: str, key: str) -> list[Any]:
        """The items filed under ``key``, in the order put; marks them taken."""
        self._flush()
        rows = self._db.execute(
            "SELECT seq, payload FROM parked WHERE bucket = ? AND key = ? AND taken = 0"
            " ORDER BY seq",
            (bucket, key),
        ).fetchall()
        if rows:
            self._db.executemany(
                "UPDATE parked SET taken = 1 WHERE seq = ?", [(r[0],) for r in rows]
            )
        return [pickle.loads(r[1]) for r in rows]

    def untaken(self, bucket: str) -> Iterator[Any]:
        """Items never taken, in the order put."""
        self._flush()
        cursor = self._db.execute(
            "SELECT payload FROM parked WHERE bucket = ? AND taken = 0 ORDER BY seq", (bucket,)
        )
        for (payload,) in cursor:
            yield pickle.loads(payload)

    def groups(self, bucket: str) -> Iterator[list[Any]]:
        """Items grouped by key, groups in the order their first item was put."""
        self._flush()
        cursor = self._db.execute(
            "SELECT key, payload FROM ("
            " SELECT key, payload, seq, MIN(seq) OVER (PARTITION BY key) AS first_seq"
            " FROM parked WHERE bucket = ?) ORDER BY first_seq, seq",
            (bucket,),
        )
        group: list[Any] = []
        current: str | None = None
        for key, payload in cursor:
            if key != current and group:
                yield group
                group = []
            current = key
            group.append(pickle.loads(payload))
        if group:
            yield group

    def close(self) -> None:
        self._db.close()
        self._dir.cleanup()

    def __enter__(self) -> ScratchRows:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
