"""Every setting the store keeps, declared once: key, type, default and what it is for.

As MusicBrainz Picard declares its options: code names a setting by its declaration
(``ACCOUNT_POLICY``), never by a string key, and reads a value of the declared type. A stored
value that does not fit its declaration reads as the default (see storage.setting_values); a
value that does not fit is refused on write. Nothing here touches the store or Qt.
"""

from __future__ import annotations

import dataclasses
import math
import types
from dataclasses import dataclass
from typing import Any, Generic, TypeVar, Union, get_args, get_origin, get_type_hints

from station_app.domain.accounts import AccountPolicy
from station_app.domain.duty_minimums import DUTY_MINIMUMS_KEY, DutyMinimums
from station_app.domain.errors import DomainError
from station_app.domain.work_queue import WORK_QUEUE_KEY, WorkQueueThresholds

T = TypeVar("T")


class SettingValueError(ValueError):
    """A value that does not fit its setting. The message names the key and the rule, never
    the value (a setting may one day hold something personal)."""


class UnknownSettingError(KeyError):
    """A key no declaration names: a programming error (a typo, or a setting not declared)."""


class DamagedSettingError(DomainError):
    """A setting the store cannot do without (``strict``) holds a value that does not fit."""

    def __init__(self, key: str) -> None:
        super().__init__(
            f"台账设置“{key}”已损坏，请从备份恢复或联系技术支持"
            f" / the store's setting {key} is damaged"
        )
        self.key = key


@dataclass(frozen=True)
class Setting(Generic[T]):
    """One stored setting. ``editable``: the 设置 page may change it (the others belong to the
    service that keeps them). ``strict``: a damaged stored value is refused rather than read as
    the default, where the default would do harm (a new data key for an old store)."""

    key: str
    default: T
    doc: str
    editable: bool = False
    strict: bool = False

    def parse(self, raw: object) -> T:
        """The typed value of ``raw`` (decoded JSON); SettingValueError when it does not fit."""
        raise NotImplementedError

    def dump(self, value: T) -> object:
        """``value`` as JSON-ready data (after checking it fits)."""
        return self.parse(value)

    def _refuse(self, rule: str) -> SettingValueError:
        return SettingValueError(f"setting {self.key}: {rule}")


class TextSetting(Setting[str]):
    def parse(self, raw: object) -> str:
        if not isinstance(raw, str):
            raise self._refuse("expected text")
        return raw


class OptionalTextSetting(Setting[str | None]):
    def parse(self, raw: object) -> str | None:
        if raw is not None and not isinstance(raw, str):
            raise self._refuse("expected text or nothing")
        return raw


class BoolSetting(Setting[bool]):
    def parse(self, raw: object) -> bool:
        if not isinstance(raw, bool):
            raise self._refuse("expected true or false")
        return raw


class OptionalNumberSetting(Setting[float | None]):
    def parse(self, raw: object) -> float | None:
        if raw is not None and not _fits(raw, float):
            raise self._refuse("expected a finite number or nothing")
        return raw  # type: ignore[return-value]  # _fits checked it is an int or a float


class RecordSetting(Setting[T]):
    """A frozen dataclass of plain fields, kept as a JSON object. Fields missing from the
    stored object take the default's values (an older or partial value still reads); a record
    with a ``validated()`` method must pass it."""

    def parse(self, raw: object) -> T:
        if not isinstance(raw, dict):
            raise self._refuse("expected an object")
        hints = get_type_hints(type(self.default))
        unknown = set(raw) - set(hints)
        if unknown:  # counted, not named: a damaged value's names are no one's business
            raise self._refuse(f"{len(unknown)} unknown field(s)")
        for name, value in raw.items():
            if not _fits(value, hints[name]):
                raise self._refuse(f"field {name} expected {hints[name]}")
        value = dataclasses.replace(self.default, **raw)  # type: ignore[type-var]
        check = getattr(value, "validated", None)
        if callable(check):
            try:
                check()
            except DomainError as exc:
                raise self._refuse(f"fails its rules ({type(exc).__name__})") from None
        return value

    def dump(self, value: T) -> object:
        if type(value) is not type(self.default):
            raise self._refuse(f"expected a {type(self.default).__name__}")
        return dataclasses.asdict(self.parse(dataclasses.asdict(value)))  # type: ignore[call-overload]


def _fits(value: object, hint: object) -> bool:
    """Whether decoded JSON ``value`` is of the field type ``hint`` (int, float, str, bool,
    or a union of them with None). A bool is no number; an int is a float."""
    if get_origin(hint) in (Union, types.UnionType):
        return any(_fits(value, option) for option in get_args(hint))
    if hint is type(None):
        return value is None
    if isinstance(value, bool):
        return hint is bool
    if hint is float:
        return isinstance(value, int | float) and math.isfinite(value)
    return isinstance(hint, type) and isinstance(value, hint)


@dataclass(frozen=True)
class AuditAnchor:
    """Where the audit chain ends, keyed (storage.audit_log): cutting off the newest entries
    cannot pass for the chain's true end without the key."""

    seq: int
    mac: str | None


_DECLARED: dict[str, Setting[Any]] = {}


def _declare(setting: Setting[T]) -> Setting[T]:
    if setting.key in _DECLARED:
        raise ValueError(f"setting {setting.key} declared twice")
    setting.dump(setting.default)  # a default that does not fit its own type is a typo
    _DECLARED[setting.key] = setting
    return setting


def setting_named(key: str) -> Setting[Any]:
    """The declaration of ``key``; UnknownSettingError for a key nothing declares."""
    try:
        return _DECLARED[key]
    except KeyError:
        raise UnknownSettingError(key) from None


def declared() -> tuple[Setting[Any], ...]:
    return tuple(_DECLARED.values())


# -- the station's own ---------------------------------------------------------------------

ACCOUNT_POLICY = _declare(
    RecordSetting(
        "accounts.policy",
        AccountPolicy(),
        "Wrong passwords before a lock-out, its length, and the idle lock; the head sets it.",
    )
)
BACKUP_DIR = _declare(
    OptionalTextSetting(
        "local.backup_dir",
        None,
        "The backup folder chosen on 设置; None: the data folder's own backups folder.",
        editable=True,
    )
)

COMMITTEE_NAME = _declare(
    OptionalTextSetting(
        "station.committee_name",
        None,
        "The mediation committee's name on the documents (___人民调解委员会); None: derived "
        "from the station's town (committee_name_for).",
        editable=True,
    )
)

#: The committee's name is the town's: 龙兴镇 → 龙兴镇人民调解委员会.
COMMITTEE_SUFFIX = "人民调解委员会"


def committee_name_for(stored: str | None, town: str) -> str:
    """The committee's name the documents print: the one set on 设置, else ``<town>人民调解委员会``
    (``town`` is the station's 乡镇/街道 name, StationInfo.name)."""
    if stored and stored.strip():
        return stored.strip()
    town = town.strip()
    return town if town.endswith(COMMITTEE_SUFFIX) else f"{town}{COMMITTEE_SUFFIX}"


# -- the county's, arriving with the reference data ----------------------------------------

DUTY_MINIMUMS = _declare(
    RecordSetting(
        DUTY_MINIMUMS_KEY,
        DutyMinimums(),
        "Lawyer minimum hours (值班达标), set by the county (county-server setting).",
    )
)
WORK_QUEUE_THRESHOLDS = _declare(
    RecordSetting(
        WORK_QUEUE_KEY,
        WorkQueueThresholds(),
        "The work queue's day counts (待办 thresholds), set by the county (county-server setting).",
    )
)

# -- the store's own bookkeeping -----------------------------------------------------------

STORE_KEY_ID = _declare(
    OptionalTextSetting(
        "store.key_id",
        None,
        "Which key in the OS key store opens this store's sealed numbers; None: a new store.",
        strict=True,
    )
)
STORE_KEY_CHECK = _declare(
    OptionalTextSetting(
        "store.key_check",
        None,
        "A known text sealed with the data key: proves a key is this store's.",
    )
)
STORE_SEALED = _declare(
    BoolSetting(
        "store.sealed",
        False,
        "Personal numbers kept in clear before sealing existed have all been sealed.",
    )
)
AUDIT_ANCHOR = _declare(
    RecordSetting(
        "audit.anchor",
        AuditAnchor(seq=0, mac=None),
        "The audit chain's last entry number and its keyed mark.",
    )
)
SEARCH_INDEX_STALE = _declare(
    BoolSetting(
        "search_index_stale",
        False,
        "A migration asks for the search index to be rebuilt (its presence is the flag).",
    )
)

# -- sync with the county (read and written by the sync client) -----------------------------

SYNC_SERVER = _declare(
    OptionalTextSetting(
        "sync.server",
        None,
        "The county server's address, from enrollment or 设置.",
        editable=True,
    )
)
SYNC_DEVICE_ID = _declare(
    OptionalTextSetting("sync.device_id", None, "This PC's id at the county, from enrollment.")
)
SYNC_SCOPE_VILLAGE = _declare(
    OptionalTextSetting(
        "sync.scope_village",
        None,
        "The village uuid a village room's PC syncs; None: the whole station.",
    )
)
SYNC_CA_FILE = _declare(
    OptionalTextSetting(
        "sync.ca_file",
        None,
        "The county's CA certificate, relative to the data folder; None: the system's.",
    )
)
SYNC_CURSOR = _declare(
    TextSetting("sync.cursor", "", "How far this PC has pulled the county's changes.")
)
SYNC_REFERENCE_ETAG = _declare(
    TextSetting("sync.reference_etag", "", "The version of the county's reference data held.")
)
SYNC_LAST_SUCCESS = _declare(
    OptionalTextSetting(
        "sync.last_success", None, "When a sync last completed (text, as 同步 shows it)."
    )
)
SYNC_CLOCK_OFFSET = _declare(
    OptionalNumberSetting(
        "sync.clock_offset_seconds",
        None,
        "How far the county's clock was ahead of this PC's at the last sync, in seconds.",
    )
)
