"""Who may do what: each role's rights, and the share of the ledgers a role sees.

A village officer keeps their own village's volume ("一村(居)一卷") and nothing else; a duty
lawyer works in consultations and publicity and keeps their own duty logs; confirming a visit
belongs to the officer of the village visited (or the station head), never to the lawyer.
The services ask these questions before every read and write; the UI only mirrors them.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from station_app.domain.choices import Role


class Right(StrEnum):
    REVEAL = "reveal"  # see ID and phone numbers in clear (each time audited)
    CONFIRM_DUTY = "confirm_duty"  # 签字确认 a lawyer's visit
    VOID_CONFIRMED = "void_confirmed"  # 作废 a confirmed visit
    MANAGE_ACCOUNTS = "manage_accounts"
    VIEW_AUDIT = "view_audit"
    IMPORT = "import"
    REPORT = "report"  # quarterly tables and ledger exports
    SYNC = "sync"
    SETTINGS = "settings"
    RECOVERY_KEY = "recovery_key"
    RESTORE = "restore"  # put a backup in place of the store


ROLE_RIGHTS: dict[Role, frozenset[Right]] = {
    Role.STATION_HEAD: frozenset(Right),
    Role.STATION_CLERK: frozenset(
        {Right.REVEAL, Right.IMPORT, Right.REPORT, Right.SYNC, Right.SETTINGS}
    ),
    # A village room's PC syncs its own volume with the county.
    Role.VILLAGE_OFFICER: frozenset({Right.REVEAL, Right.CONFIRM_DUTY, Right.SYNC}),
    Role.DUTY_LAWYER: frozenset(),
}

#: The ledgers (storage entities) a duty lawyer works in.
LAWYER_LEDGERS = frozenset({"consultation", "duty_log", "publicity_event"})
DUTY_LOG = "duty_log"

SYSTEM_NAME = "系统"


@dataclass(frozen=True)
class Principal:
    """Who is acting: a signed-in account, or the app itself (``role`` None: migrations, a
    sync applying the county's changes). The UI and the CLI always act as an account."""

    uuid: str | None
    username: str
    display_name: str
    role: Role | None
    village_id: int | None = None
    signed_in: bool = True  # False: nobody (after sign-out), who may do nothing at all

    @property
    def is_system(self) -> bool:
        return self.role is None and self.signed_in

    def has(self, right: Right) -> bool:
        if not self.signed_in:
            return False
        return self.role is None or right in ROLE_RIGHTS[self.role]

    def uses_ledger(self, entity: str) -> bool:
        if not self.signed_in:
            return False
        return self.role is not Role.DUTY_LAWYER or entity in LAWYER_LEDGERS

    def village_scope(self) -> frozenset[int | None] | None:
        """The villages whose records this account sees; None for all (and the station's)."""
        if self.role is Role.VILLAGE_OFFICER:
            return frozenset({self.village_id})
        return None

    def lawyer_scope(self, entity: str) -> str | None:
        """A duty lawyer sees only their own duty logs (by the name written in them)."""
        if self.role is Role.DUTY_LAWYER and entity == DUTY_LOG:
            return self.display_name
        return None

    def may_touch(self, entity: str, village_id: int | None, lawyer_name: str | None) -> bool:
        """May read or write a record of ``entity`` held by ``village_id``."""
        if not self.uses_ledger(entity):
            return False
        villages = self.village_scope()
        if villages is not None and village_id not in villages:
            return False
        own = self.lawyer_scope(entity)
        return own is None or lawyer_name == own

    def may_confirm(self, village_id: int | None) -> bool:
        """A visit is confirmed by the officer of the village visited, or the station head."""
        if self.role is Role.VILLAGE_OFFICER:
            return village_id is not None and village_id == self.village_id
        return self.has(Right.CONFIRM_DUTY)


SYSTEM = Principal(uuid=None, username="system", display_name=SYSTEM_NAME, role=None)
NOBODY = Principal(uuid=None, username="", display_name="未登录", role=None, signed_in=False)


SYNC_DENIED = "当前账户无权与县中心同步"
IMPORT_DENIED = "当前账户无权导入台账"


def denied_message(entity_label: str) -> str:
    return f"当前账户无权访问这条{entity_label}记录（不属于本账户负责的范围）"
