"""Accounts: sign-in with lock-out, and the station head's management of the others.

Passwords are kept as scrypt hashes (security.passwords). Each sign-in, failed or not, and
each change to an account goes into the audit trail in the same transaction as the change.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from station_app.domain.access import NOBODY, Principal, Right
from station_app.domain.accounts import AccountPolicy, check_new_password
from station_app.domain.choices import Role
from station_app.domain.errors import (
    AccessDeniedError,
    FieldError,
    NotFoundError,
    SignInError,
    ValidationError,
)
from station_app.domain.organisation import UserDraft
from station_app.domain.settings_schema import ACCOUNT_POLICY
from station_app.security.passwords import hash_password, verify_password
from station_app.services.context import ServiceContext
from station_app.storage import setting_values
from station_app.storage.audit_log import AuditEntry
from station_app.storage.organisation_tables import UserAccountRow, VillageRow

WRONG_PASSWORD = "用户名或密码错误 / wrong user name or password"
MANAGE_DENIED = "只有站长可以管理账户"


@dataclass(frozen=True)
class AccountInfo:
    id: int
    uuid: str
    username: str
    display_name: str
    role: Role
    village_id: int | None
    active: bool
    has_password: bool
    locked_until: datetime | None
    must_change_password: bool


@dataclass(frozen=True)
class SignedIn:
    principal: Principal
    must_change_password: bool


def principal_of(row: UserAccountRow) -> Principal:
    return Principal(row.uuid, row.username, row.display_name, row.role, row.village_id)


def _info(row: UserAccountRow) -> AccountInfo:
    return AccountInfo(
        row.id,
        row.uuid,
        row.username,
        row.display_name,
        row.role,
        row.village_id,
        row.active,
        bool(row.password_hash),
        row.locked_until,
        row.must_change_password,
    )


class AccountService:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx
        #: A sign-in settled by ``sign_in_before_check`` whose write is still to be made.
        self._unrecorded: Principal | None = None

    # -- signing in -----------------------------------------------------------------------

    def sign_in(self, username: str, password: str) -> SignedIn:
        """Check the password and act as that account from now on; raises SignInError.

        After ``max_failed_sign_ins`` wrong passwords in a row the account is locked for
        ``lock_minutes`` (or until the head unlocks it); the message says so, and never
        whether the user name exists.
        """
        now = self.ctx.clock.now()
        refusal: str | None = None
        with self.ctx.store.write() as session:  # commits the count and audit, even on refusal
            policy = self._policy(session)
            self._record_held_sign_in(session)  # the previous sign-in first, if still held
            row = self._by_username(session, username.strip())
            if row is not None and row.locked_until is not None and row.locked_until > now:
                self._audit_sign_in(session, row, username, "sign_in_refused", locked=True)
                refusal = _locked_message(row.locked_until, now)
            # verify_password spends the same time whether or not the account exists.
            elif not verify_password(password, row.password_hash if row else None) or not (
                row and row.active
            ):
                refusal = WRONG_PASSWORD
                if row is not None and row.active:
                    row.failed_sign_ins += 1
                    if row.failed_sign_ins >= policy.max_failed_sign_ins:
                        row.locked_until = now + timedelta(minutes=policy.lock_minutes)
                        row.failed_sign_ins = 0
                        refusal = _locked_message(row.locked_until, now)
                self._audit_sign_in(session, row, username, "sign_in_failed")
            else:
                row.failed_sign_ins = 0
                row.locked_until = None
                principal = principal_of(row)
                must_change = row.must_change_password
                self._audit_sign_in(session, row, username, "sign_in")
        if refusal is not None:
            raise SignInError(refusal)
        self.ctx.principal = principal
        return SignedIn(principal, must_change)

    def sign_in_before_check(self, username: str, password: str) -> SignedIn | None:
        """``sign_in`` while the store's start-up check still runs, without waiting for it.

        The desktop app checks the store in the background (seconds at 200,000 records) and
        every write waits for the verdict; the sign-in writes (the failed count, the audit
        entry). A right password for an active, unlocked account is settled by a read alone:
        that account acts at once and the sign-in's write is held (``record_sign_in`` makes it
        once writes may go). Anything else returns None and goes through ``sign_in``, which
        waits for the verdict, so every failed attempt is still counted and audited. None too
        once the check is done: ``sign_in`` is as quick then.
        """
        if self.ctx.store.check.done:
            return None
        now = self.ctx.clock.now()
        with self.ctx.store.read() as session:
            row = self._by_username(session, username.strip())
            if (
                row is None
                or not row.active
                or (row.locked_until is not None and row.locked_until > now)
                or not verify_password(password, row.password_hash)
            ):
                return None
            signed = SignedIn(principal_of(row), row.must_change_password)
        self._unrecorded = signed.principal
        self.ctx.owed_entries = self._record_held_sign_in  # before any later act's entry
        self.ctx.principal = signed.principal
        return signed

    def sign_in_at_start(self, username: str, password: str) -> SignedIn:
        """``sign_in``, settled at once by ``sign_in_before_check`` when it can be: the sign-in
        dialog and the smoke runs' credentials both sign in this way at start-up."""
        early = self.sign_in_before_check(username, password)
        return early if early is not None else self.sign_in(username, password)

    def record_sign_in(self) -> bool:
        """The held write of a sign-in settled by ``sign_in_before_check`` (what ``sign_in``
        writes: failed count reset, lock lifted, the audit entry); whether there was one.
        Waits for the start-up check's verdict; a damaged store refuses it (DamagedStoreError)
        and the sign-in then leaves no trace in the damaged file."""
        if self._unrecorded is None:
            return False
        with self.ctx.store.write() as session:
            return self._record_held_sign_in(session)

    def _record_held_sign_in(self, session: Session) -> bool:
        # The session's first statement takes the write lock (BEGIN IMMEDIATE), so the shared
        # state is taken after that read: a held sign-in is written once even when two writes
        # reach it at once, and a save that holds the lock meanwhile still finds it owed
        # (taken before, the save would write its entry ahead of this sign-in's).
        held = self._unrecorded
        row = self._by_uuid(session, held.uuid) if held and held.uuid else None
        held, self._unrecorded = self._unrecorded, None
        if self.ctx.owed_entries == self._record_held_sign_in:
            self.ctx.owed_entries = None
        if row is None or held is None:
            return False
        row.failed_sign_ins = 0
        row.locked_until = None
        self._audit_sign_in(session, row, row.username, "sign_in")
        return True

    def sign_out(self) -> None:
        """From now on nobody acts: every read and write is refused until the next sign-in."""
        if self.ctx.principal.uuid is not None:
            with self.ctx.store.write() as session:
                self._record_held_sign_in(session)  # a sign-in is in the trail before its end
                self.ctx.audit(session, "sign_out")
        self.ctx.principal = NOBODY

    def principal(self, username: str) -> Principal:
        """An account's principal without its password: for in-process callers that already
        know who acts (tests, a trusted tool), never for what a person types."""
        with self.ctx.store.read() as session:
            row = self._by_username(session, username)
            if row is None or not row.active:
                raise NotFoundError("账户不存在或已停用")
            return principal_of(row)

    def needs_first_password(self) -> bool:
        """True while no active station head has a password (a store from before sign-in)."""
        with self.ctx.store.read() as session:
            return not any(r.password_hash for r in self._heads(session))

    def set_first_password(self, username: str, password: str) -> None:
        """The first head password, allowed only while ``needs_first_password``."""
        with self.ctx.store.write() as session:
            if any(r.password_hash for r in self._heads(session)):
                raise AccessDeniedError("站长密码已经设置过，请登录后修改")
            row = self._by_username(session, username)
            if row is None or row.role is not Role.STATION_HEAD or not row.active:
                raise NotFoundError("没有这个站长账户")
            check_new_password(password, row.username)
            row.password_hash = hash_password(password)
            self._audit_for(session, row, "set_password", first=True)

    def has_accounts(self) -> bool:
        with self.ctx.store.read() as session:
            return session.scalars(select(UserAccountRow.id).limit(1)).first() is not None

    def create_first_head(self, username: str, display_name: str, password: str) -> AccountInfo:
        """The first account of a store that has none: a device enrolled on an empty folder,
        whose station came from the county but whose accounts (never synced) did not."""
        draft = UserDraft(username, display_name, Role.STATION_HEAD).validated(
            self.ctx.clock.today()
        )
        assert draft.username and draft.display_name
        check_new_password(password, draft.username)
        with self.ctx.store.write() as session:
            if session.scalars(select(UserAccountRow.id).limit(1)).first() is not None:
                raise AccessDeniedError("本机已有账户，请由站长登录后新增")
            row = new_account(session, draft, self.ctx.clock.now(), password)
            self._audit_for(session, row, "add_account", role=Role.STATION_HEAD.value, first=True)
            return _info(row)

    def change_password(self, old: str, new: str) -> None:
        """The signed-in account changes its own password."""
        uuid = self.ctx.principal.uuid
        if uuid is None:
            raise AccessDeniedError("请先登录")
        with self.ctx.store.write() as session:
            row = self._by_uuid(session, uuid)
            if not verify_password(old, row.password_hash):
                raise ValidationError([FieldError("old_password", "原密码", "不正确")])
            check_new_password(new, row.username)
            if verify_password(new, row.password_hash):
                raise ValidationError([FieldError("password", "新密码", "不能与原密码相同")])
            row.password_hash = hash_password(new)
            row.must_change_password = False
            self.ctx.audit(session, "change_password")

    # -- the head's management ------------------------------------------------------------

    def accounts(self, *, include_inactive: bool = False) -> list[AccountInfo]:
        self.ctx.require(Right.MANAGE_ACCOUNTS, MANAGE_DENIED)
        with self.ctx.store.read() as session:
            stmt = select(UserAccountRow).order_by(UserAccountRow.id)
            if not include_inactive:
                stmt = stmt.where(UserAccountRow.active)
            return [_info(r) for r in session.scalars(stmt)]

    def add_account(self, draft: UserDraft, password: str) -> AccountInfo:
        self.ctx.require(Right.MANAGE_ACCOUNTS, MANAGE_DENIED)
        clean = draft.validated(self.ctx.clock.today())
        assert clean.username and clean.display_name and clean.role
        check_new_password(password, clean.username)
        with self.ctx.store.write() as session:
            if clean.village_id is not None and session.get(VillageRow, clean.village_id) is None:
                raise ValidationError([FieldError("village_id", "所属村(居)", "不是本站的村(居)")])
            if self._by_username(session, clean.username) is not None:
                raise ValidationError([FieldError("username", "用户名", "已被使用")])
            # The head chose this password: the owner picks their own at first sign-in.
            row = new_account(session, clean, self.ctx.clock.now(), password, must_change=True)
            self._audit_for(session, row, "add_account", role=clean.role.value)
            return _info(row)

    def reset_password(self, account_id: int, password: str) -> None:
        """A forgotten password: the head sets a temporary one, which also unlocks."""
        self.ctx.require(Right.MANAGE_ACCOUNTS, MANAGE_DENIED)
        with self.ctx.store.write() as session:
            row = self._by_id(session, account_id)
            check_new_password(password, row.username)
            row.password_hash = hash_password(password)
            row.must_change_password = True
            row.failed_sign_ins, row.locked_until = 0, None
            self._audit_for(session, row, "reset_password")

    def unlock(self, account_id: int) -> None:
        self.ctx.require(Right.MANAGE_ACCOUNTS, MANAGE_DENIED)
        with self.ctx.store.write() as session:
            row = self._by_id(session, account_id)
            row.failed_sign_ins, row.locked_until = 0, None
            self._audit_for(session, row, "unlock_account")

    def set_active(self, account_id: int, active: bool) -> None:
        """停用 / 启用. The last active station head cannot be switched off."""
        self.ctx.require(Right.MANAGE_ACCOUNTS, MANAGE_DENIED)
        with self.ctx.store.write() as session:
            row = self._by_id(session, account_id)
            if not active and row.role is Role.STATION_HEAD:
                others = [h for h in self._heads(session) if h.id != row.id]
                if not others:
                    raise ValidationError([FieldError("active", "状态", "至少保留一个站长账户")])
            row.active = active
            self._audit_for(session, row, "enable_account" if active else "disable_account")

    def policy(self) -> AccountPolicy:
        with self.ctx.store.read() as session:
            return self._policy(session)

    def set_policy(self, policy: AccountPolicy) -> None:
        self.ctx.require(Right.MANAGE_ACCOUNTS, MANAGE_DENIED)
        clean = policy.validated()
        with self.ctx.store.write() as session:
            setting_values.put(session, ACCOUNT_POLICY, clean)
            self.ctx.audit(session, "set_policy", **clean.__dict__)

    # -- helpers --------------------------------------------------------------------------

    @staticmethod
    def _policy(session: Session) -> AccountPolicy:
        return setting_values.get(session, ACCOUNT_POLICY)

    @staticmethod
    def _by_username(session: Session, username: str) -> UserAccountRow | None:
        return session.scalars(
            select(UserAccountRow).where(UserAccountRow.username == username)
        ).first()

    @staticmethod
    def _by_uuid(session: Session, uuid: str) -> UserAccountRow:
        row = session.scalars(select(UserAccountRow).where(UserAccountRow.uuid == uuid)).first()
        if row is None:
            raise NotFoundError("账户不存在")
        return row

    @staticmethod
    def _by_id(session: Session, account_id: int) -> UserAccountRow:
        row = session.get(UserAccountRow, account_id)
        if row is None:
            raise NotFoundError("账户不存在")
        return row

    @staticmethod
    def _heads(session: Session) -> list[UserAccountRow]:
        return list(
            session.scalars(
                select(UserAccountRow).where(
                    UserAccountRow.role == Role.STATION_HEAD, UserAccountRow.active
                )
            )
        )

    def _audit_for(
        self, session: Session, row: UserAccountRow, action: str, **detail: object
    ) -> None:
        self.ctx.audit(session, action, entity="user_account", record_uuid=row.uuid, **detail)

    def _audit_sign_in(
        self,
        session: Session,
        row: UserAccountRow | None,
        typed: str,
        action: str,
        **detail: object,
    ) -> None:
        # The account acts on itself here; an unknown name is kept (cut short) as typed.
        uuid, name = (row.uuid, row.username) if row is not None else (None, typed.strip()[:30])
        entry = AuditEntry(action, uuid, name, "user_account", uuid, dict(detail))
        self.ctx.audit_many(session, [entry])


def new_account(
    session: Session,
    draft: UserDraft,
    now: datetime,
    password: str | None,
    *,
    must_change: bool = False,
) -> UserAccountRow:
    """The one way an account row is made (``draft`` validated, ``password`` checked)."""
    assert draft.username and draft.display_name and draft.role
    row = UserAccountRow(
        username=draft.username,
        display_name=draft.display_name,
        role=draft.role,
        village_id=draft.village_id,
        active=True,
        created_at=now,
        password_hash=hash_password(password) if password is not None else None,
        failed_sign_ins=0,
        must_change_password=must_change,
    )
    session.add(row)
    session.flush()
    return row


def _locked_message(until: datetime, now: datetime) -> str:
    minutes = max(1, int((until - now).total_seconds() + 59) // 60)
    return f"密码连续输错次数过多，账户已锁定，请{minutes}分钟后再试或请站长解锁 / account locked"
