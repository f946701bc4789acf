"""The audit chain's end, kept outside the data folder too: what shows a store put back in time.

The store's own anchor (setting ``audit.anchor``) is keyed, but it lives in the file: an older
copy of the file (a backup sits beside it) carries an older anchor that checks out. So the
chain's newest entry is also kept beside the data key (the OS key store, or a 0600 file in the
key folder, never the data folder), keyed with the data key. A store whose trail is shorter
than this mark, or does not hold the entry it names, was put back outside the app.

When the mark moves: it may lag the store but never lead it, so that a crash never looks like
a rollback. The store commits with ``synchronous=FULL``, so a mark written after a commit names
an entry that survives a power cut; a mark file torn by one reads as no mark. It is written

- when the store closes cleanly (each CLI command, the app's exit) and after each sync, which
  tells the county the same end (``advance``): whenever the PC is left alone, the whole trail
  is marked. A backup adds no entry, so it has nothing to mark that these have not;
- after a commit that appended entries, at most once a minute (``after_commit``, ``INTERVAL``):
  a long day in the app that ends in a crash leaves at most a minute unmarked, and a save costs
  a clock reading, not a key store write;
- by the app's own restore (``reset``), which puts the store back on purpose and audits it.

A store found behind its mark keeps the mark where it was: working on in the older store must
not wipe the evidence, until the head restores a backup through the app.

The mark belongs to one store (its key id) in one data folder: a copy of the store in another
folder (a second station, a test's copy) is not a rollback of this one. A data folder moved by
hand starts a new mark; so does a PC that gets the data key back from the recovery key.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
import secrets
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from station_app.security.field_sealer import FieldSealer
from station_app.security.key_store import KeyStore
from station_app.security.os_keyring import keyring_get, keyring_set
from station_app.storage import audit_log
from station_app.storage.audit_log import ChainHead
from station_app.storage.column_types import sealer_of

log = logging.getLogger("station.db")

SERVICE = "StationLedger-audit-mark"
#: Seconds between the marks written after commits (the rest wait for close, sync, backup).
INTERVAL = 60.0


@dataclass(frozen=True)
class OutsideMark:
    """The chain's newest entry as kept outside the store: its number and a keyed mark."""

    seq: int
    mac: str

    def to_text(self) -> str:
        return json.dumps({"seq": self.seq, "mac": self.mac}, separators=(",", ":"))

    @classmethod
    def from_text(cls, text: str | None) -> OutsideMark | None:
        """None for no mark, or for one torn by a crash: a missing mark only lags."""
        try:
            raw = json.loads(text or "")
            seq, mac = raw["seq"], raw["mac"]
        except (ValueError, TypeError, KeyError):
            return None
        if isinstance(seq, bool) or not isinstance(seq, int) or seq < 1:
            return None
        return cls(seq, mac) if isinstance(mac, str) and len(mac) == 64 else None


def mark_for(sealer: FieldSealer, head: ChainHead) -> OutsideMark:
    mac = sealer.audit_mac(f"outside-mark\n{head.seq}\n{head.hash}".encode("ascii"))
    return OutsideMark(head.seq, mac)


class MarkPlace:
    """Where the mark of one store in one data folder lives: beside its data key."""

    def __init__(self, keys: KeyStore, key_id: str, data_dir: Path) -> None:
        folder = os.path.normcase(str(data_dir.resolve()))
        self.account = f"{key_id}.{hashlib.sha256(folder.encode()).hexdigest()[:16]}"
        self.keys = keys

    @property
    def file(self) -> Path:
        return self.keys.fallback_dir / f"{self.account}.mark"

    def load(self) -> OutsideMark | None:
        text = keyring_get(SERVICE, self.account) if self.keys.use_keyring else None
        if text is None:
            try:
                text = self.file.read_text(encoding="ascii")
            except (OSError, UnicodeError):
                return None
        return OutsideMark.from_text(text)

    def save(self, mark: OutsideMark) -> None:
        """Raises OSError when the file cannot be written (the mark then only lags)."""
        if self.keys.use_keyring and keyring_set(SERVICE, self.account, mark.to_text()):
            self.file.unlink(missing_ok=True)
            return
        _write_file(self.file, mark.to_text())


def _write_file(path: Path, text: str) -> None:
    """Replace ``path`` (0600) through a fresh temp file of a random name in the same folder.
    No fsync: a mark lost to a power cut only lags, and the save path stays cheap."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(8)}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
    try:
        with os.fdopen(fd, "w", encoding="ascii") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def behind_text(mark: OutsideMark, head: ChainHead | None, found: str | None) -> str:
    """One Chinese line: how the store falls short of the mark."""
    if found is None:
        held = head.seq if head is not None else 0
        return (
            f"数据文件比本机记录的旧：审计日志应至少有 {mark.seq} 条，文件中只有 {held} 条"
            "（数据文件可能被换成了旧副本或被截断，请站长核实）"
        )
    return (
        f"数据文件与本机记录的审计日志不符：第 {mark.seq} 条对不上"
        "（数据文件可能被换成了别的副本，请站长核实）"
    )


class TrailMark:
    """The outside mark of an open store: checked at open, moved as the module says."""

    def __init__(self, engine: Engine | None = None, place: MarkPlace | None = None) -> None:
        self.engine = engine
        self.place = place
        #: Why the store is behind its mark (one Chinese line), or None.
        self.problem: str | None = None
        self._lock = threading.Lock()
        self._marked = 0  # the entry last marked (or found marked) by this process
        self._written_at = time.monotonic()

    @classmethod
    def on_open(cls, engine: Engine, keys: KeyStore, key_id: str, data_dir: Path) -> TrailMark:
        """Compare the unlocked store with its mark (one key store read, one row read)."""
        trail = cls(engine, MarkPlace(keys, key_id, data_dir))
        mark = trail.place.load() if trail.place else None
        if mark is None:
            return trail
        with Session(engine) as session:
            head = audit_log.head(session)
            found = audit_log.hash_at(session, mark.seq)
        expected = mark_for(trail._sealer, ChainHead(mark.seq, found)) if found else None
        if expected is None or not hmac.compare_digest(expected.mac, mark.mac):
            trail.problem = behind_text(mark, head, found)
            log.error("store is behind the audit mark kept outside it (rolled back?)")
        trail._marked = mark.seq
        return trail

    @property
    def _sealer(self) -> FieldSealer:
        assert self.engine is not None
        return sealer_of(self.engine.dialect)

    @property
    def behind(self) -> bool:
        return self.problem is not None

    def after_commit(self, head: ChainHead | None) -> None:
        """A write committed; ``head``: the chain's end if it appended entries."""
        if head is None or self.place is None or self.behind:
            return
        if time.monotonic() - self._written_at < INTERVAL:
            return
        self._write(head)

    def head(self) -> ChainHead | None:
        if self.engine is None:
            return None
        with Session(self.engine) as session:
            return audit_log.head(session)

    def advance(self) -> OutsideMark | None:
        """Mark the chain's end (close, sync, backup), unless the store is behind its mark;
        the chain's end as a mark either way (the county is told it), None for no trail."""
        head = self.head()
        if head is None:
            return None
        if not self.behind:
            self._write(head)
        return mark_for(self._sealer, head)

    def reset(self) -> None:
        """The app put the store back on purpose (a restore): its end is the mark now."""
        head = self.head()
        with self._lock:
            self.problem = None
            self._marked = 0
        if head is not None:
            self._write(head)

    def _write(self, head: ChainHead) -> None:
        assert self.place is not None
        with self._lock:
            if head.seq <= self._marked:
                return
            try:
                self.place.save(mark_for(self._sealer, head))
            except OSError as exc:  # disk full, a read-only key folder: the mark only lags
                log.warning("audit mark not written: %s", type(exc).__name__)
                return
            self._marked = head.seq
            self._written_at = time.monotonic()
