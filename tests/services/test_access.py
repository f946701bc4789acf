"""Roles enforced in the services: a village officer keeps to their own volume, a lawyer never
confirms their own visit, a confirmed visit changes only by the head voiding it, and only the
head manages accounts. Every account here signs in with its password, as a person would."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

from station_app.domain.choices import Role
from station_app.domain.errors import (
    AccessDeniedError,
    LockedError,
    SignInError,
    ValidationError,
)
from station_app.domain.organisation import UserDraft
from station_app.services.station_services import StationServices
from station_app.storage.ledger_repository import LedgerQuery
from tests.conftest import HEAD_PASSWORD, FixedClock, StoreTemplate
from tests.drafts import consultation, duty, mediation, village_id
from tests.store_templates import derive_template, open_copy

PASSWORD = "cunwei2026"


def add_account(
    services: StationServices, username: str, name: str, role: Role, village: str | None = None
) -> None:
    """Made by the head; the owner's first sign-in changes the temporary password."""
    vid = village_id(services, village) if village else None
    services.accounts.add_account(UserDraft(username, name, role, vid), "linshi2026")
    services.accounts.sign_in(username, "linshi2026")
    services.accounts.change_password("linshi2026", PASSWORD)
    services.accounts.sign_in("admin", HEAD_PASSWORD)


def add_staff_and_records(services: StationServices) -> None:
    """An officer per village, a clerk and a duty lawyer, and a few records in each village
    and at the station itself; the head signed in at the end."""
    services.accounts.sign_in("admin", HEAD_PASSWORD)
    add_account(services, "qingshi", "青石村综治专干", Role.VILLAGE_OFFICER, "青石村")
    add_account(services, "binjiang", "滨江社区综治专干", Role.VILLAGE_OFFICER, "滨江社区")
    add_account(services, "clerk", "调解员小陈", Role.STATION_CLERK)
    add_account(services, "zhou", "周律师", Role.DUTY_LAWYER)
    qingshi, binjiang = village_id(services, "青石村"), village_id(services, "滨江社区")
    for vid, question in (
        (qingshi, "青石村的咨询"),
        (binjiang, "滨江社区的咨询"),
        (None, "本站的咨询"),
    ):
        services.consultations.create(consultation(village_id=vid, question=question))
    services.mediation.create(mediation(village_id=qingshi))
    services.mediation.create(mediation(village_id=binjiang))


@pytest.fixture(scope="module")
def station_template(
    store_template: StoreTemplate, tmp_path_factory: pytest.TempPathFactory
) -> StoreTemplate:
    """The session's store with ``add_staff_and_records`` done, once for this module: each
    account's password is hashed and checked several times, seconds of CPU per copy."""
    folder = tmp_path_factory.mktemp("access-template") / "data"
    return derive_template(store_template, folder, add_staff_and_records)


@pytest.fixture
def station(
    data_dir: Path, clock: FixedClock, station_template: StoreTemplate
) -> Iterator[StationServices]:
    """The fixture station with an officer per village, a clerk and a duty lawyer, and a few
    records in each village and at the station itself, the head signed in: a copy of the
    module's ``station_template``."""
    services = open_copy(station_template, data_dir, clock)
    yield services
    services.close()


def as_user(services: StationServices, username: str) -> None:
    services.accounts.sign_in(username, HEAD_PASSWORD if username == "admin" else PASSWORD)


def questions(services: StationServices, query: LedgerQuery | None = None) -> set[str]:
    return {s.data.question for s in services.consultations.page(query).items}


# -- a village officer's volume ------------------------------------------------------------


def test_village_officer_reads_only_their_own_village(station: StationServices) -> None:
    as_user(station, "qingshi")
    assert questions(station) == {"青石村的咨询"}
    assert station.consultations.count() == 1
    assert station.mediation.count() == 1
    # Asking for the other village, or searching for its words, still finds nothing.
    other = frozenset({village_id(station, "滨江社区")})
    assert questions(station, LedgerQuery(villages=other)) == set()
    assert questions(station, LedgerQuery(text="滨江社区")) == set()
    as_user(station, "admin")
    foreign = station.consultations.ids(LedgerQuery(text="滨江社区的咨询"))[0]
    as_user(station, "qingshi")
    with pytest.raises(AccessDeniedError):
        station.consultations.get(foreign)
    assert station.consultations.get_many([foreign]) == []


def test_village_officer_writes_only_into_their_own_village(station: StationServices) -> None:
    as_user(station, "admin")
    foreign = station.consultations.page(LedgerQuery(text="滨江社区的咨询")).items[0]
    as_user(station, "qingshi")
    qingshi = village_id(station, "青石村")
    mine = station.consultations.create(consultation(village_id=qingshi, question="新咨询"))
    assert mine.data.village_id == qingshi
    for elsewhere in (village_id(station, "滨江社区"), None):
        with pytest.raises(ValidationError) as refused:
            station.consultations.create(consultation(village_id=elsewhere))
        assert refused.value.for_field("village_id")
    with pytest.raises(ValidationError):  # nor move their own record out of their village
        station.consultations.update(
            mine.id, replace(mine.data, village_id=None), expected_revision=mine.meta.revision
        )
    with pytest.raises(AccessDeniedError):
        station.consultations.update(
            foreign.id, replace(foreign.data, note="改"), expected_revision=foreign.meta.revision
        )
    with pytest.raises(AccessDeniedError):
        station.consultations.void(foreign.id, "不是我村的")
    as_user(station, "admin")
    assert station.consultations.get(foreign.id).meta.revision == foreign.meta.revision


# -- duty logs: who writes, who confirms, who voids ----------------------------------------


def test_lawyer_writes_own_logs_and_cannot_confirm_them(station: StationServices) -> None:
    qingshi = village_id(station, "青石村")
    as_user(station, "zhou")
    own = station.duty_logs.create(duty(lawyer_name="周律师", village_id=qingshi))
    with pytest.raises(ValidationError) as refused:
        station.duty_logs.create(duty(lawyer_name="吴律师", village_id=qingshi))
    assert refused.value.for_field("lawyer_name")
    with pytest.raises(AccessDeniedError):
        station.duty_logs.confirm(own.id, "周律师")
    with pytest.raises(AccessDeniedError):  # mediation is not a lawyer's ledger
        station.mediation.count()
    as_user(station, "admin")
    other = station.duty_logs.create(duty(lawyer_name="吴律师", village_id=qingshi))
    as_user(station, "zhou")
    assert station.duty_logs.ids() == [own.id]  # only their own visits
    with pytest.raises(AccessDeniedError):
        station.duty_logs.get(other.id)


def test_only_the_visited_villages_officer_or_the_head_confirms(station: StationServices) -> None:
    qingshi = village_id(station, "青石村")
    as_user(station, "zhou")
    visit = station.duty_logs.create(duty(lawyer_name="周律师", village_id=qingshi))
    for who in ("binjiang", "clerk"):
        as_user(station, who)
        with pytest.raises(AccessDeniedError):
            station.duty_logs.confirm(visit.id, "某某")
    as_user(station, "qingshi")
    confirmed = station.duty_logs.confirm(visit.id, "青石村综治专干")
    assert confirmed.locked and confirmed.confirmation is not None
    as_user(station, "admin")
    second = station.duty_logs.create(duty(lawyer_name="周律师", village_id=qingshi))
    assert station.duty_logs.confirm(second.id, "站长").locked


def test_a_confirmed_log_changes_only_by_the_head_voiding_it(station: StationServices) -> None:
    qingshi = village_id(station, "青石村")
    as_user(station, "zhou")
    visit = station.duty_logs.create(duty(lawyer_name="周律师", village_id=qingshi))
    as_user(station, "qingshi")
    confirmed = station.duty_logs.confirm(visit.id, "青石村综治专干")
    for who in ("zhou", "qingshi", "clerk", "admin"):
        as_user(station, who)
        with pytest.raises((LockedError, AccessDeniedError)):
            station.duty_logs.update(
                visit.id, replace(confirmed.data, note="改"), expected_revision=3
            )
    for who in ("qingshi", "clerk"):
        as_user(station, who)
        with pytest.raises(AccessDeniedError):
            station.duty_logs.void(visit.id, "录错了")
    as_user(station, "admin")
    with pytest.raises(ValidationError):
        station.duty_logs.void(visit.id, "  ")
    voided = station.duty_logs.void(visit.id, "律师当天未到，误录")
    assert voided.meta.voided and voided.meta.void_reason == "律师当天未到，误录"
    assert voided.confirmation is not None  # the confirmation stays on the tombstone


# -- accounts --------------------------------------------------------------------------------


def test_only_the_head_manages_accounts(station: StationServices) -> None:
    for who in ("clerk", "qingshi", "zhou"):
        as_user(station, who)
        with pytest.raises(AccessDeniedError):
            station.accounts.add_account(UserDraft("x1", "某", Role.STATION_CLERK), "abcd12345")
        with pytest.raises(AccessDeniedError):
            station.accounts.accounts()
    as_user(station, "admin")
    names = {a.username for a in station.accounts.accounts()}
    assert names == {"admin", "qingshi", "binjiang", "clerk", "zhou"}


def test_wrong_passwords_lock_the_account(station: StationServices, clock: FixedClock) -> None:
    policy = station.accounts.policy()
    for _ in range(policy.max_failed_sign_ins - 1):
        with pytest.raises(SignInError, match="用户名或密码错误"):
            station.accounts.sign_in("clerk", "wrong-guess-1")
    with pytest.raises(SignInError, match="已锁定"):
        station.accounts.sign_in("clerk", "wrong-guess-1")
    with pytest.raises(SignInError, match="已锁定"):  # even the right password, while locked
        station.accounts.sign_in("clerk", PASSWORD)
    clock.day += timedelta(days=1)  # the lock runs out
    assert station.accounts.sign_in("clerk", PASSWORD).principal.username == "clerk"


def test_the_head_unlocks_and_resets_a_locked_account(station: StationServices) -> None:
    for _ in range(station.accounts.policy().max_failed_sign_ins):
        with pytest.raises(SignInError):
            station.accounts.sign_in("qingshi", "not-the-password-9")
    as_user(station, "admin")
    account = next(a for a in station.accounts.accounts() if a.username == "qingshi")
    assert account.locked_until is not None
    station.accounts.reset_password(account.id, "chongzhi2026")
    signed = station.accounts.sign_in("qingshi", "chongzhi2026")
    assert signed.must_change_password  # the head's temporary password must be replaced


def test_an_unknown_user_and_a_wrong_password_get_the_same_answer(
    station: StationServices,
) -> None:
    with pytest.raises(SignInError) as unknown:
        station.accounts.sign_in("nobody", "whatever123")
    with pytest.raises(SignInError) as wrong:
        station.accounts.sign_in("clerk", "whatever123")
    assert str(unknown.value) == str(wrong.value)
    assert "whatever123" not in str(wrong.value)


def test_a_disabled_account_cannot_sign_in_and_the_last_head_stays(
    station: StationServices,
) -> None:
    as_user(station, "admin")
    by_name = {a.username: a for a in station.accounts.accounts()}
    station.accounts.set_active(by_name["clerk"].id, False)
    with pytest.raises(SignInError):
        station.accounts.sign_in("clerk", PASSWORD)
    with pytest.raises(ValidationError):
        station.accounts.set_active(by_name["admin"].id, False)


def test_weak_passwords_are_refused_without_echoing_them(station: StationServices) -> None:
    as_user(station, "admin")
    for weak in ("short1", "allletters", "12345678901", "clerk2026x"):
        with pytest.raises(ValidationError) as refused:
            station.accounts.add_account(UserDraft("clerk2", "某", Role.STATION_CLERK), weak)
        assert weak not in str(refused.value)
    with pytest.raises(ValidationError):
        station.accounts.add_account(UserDraft("clerk2", "某", Role.STATION_CLERK), "clerk2pass1")


def test_store_without_head_password_sets_it_at_first_sign_in(
    data_dir: object, clock: FixedClock, tmp_path: object
) -> None:
    from pathlib import Path

    from station_app.domain.choices import UnitKind
    from station_app.domain.organisation import StationDraft, VillageDraft

    folder = Path(str(tmp_path)) / "old"
    services = StationServices.open(folder, clock=clock)
    try:
        services.organisation.initialize(
            StationDraft(
                "龙兴镇公共法律服务工作站",
                "渝北区",
                UnitKind.TOWN,
                (VillageDraft("青石村", UnitKind.TOWN),),
            ),
            UserDraft("admin", "站长", Role.STATION_HEAD),
        )
        assert services.accounts.needs_first_password()
        services.accounts.set_first_password("admin", "xinmima2026")
        assert not services.accounts.needs_first_password()
        with pytest.raises(AccessDeniedError):  # only the first time
            services.accounts.set_first_password("admin", "another2026")
        assert services.accounts.sign_in("admin", "xinmima2026").principal.role is Role.STATION_HEAD
    finally:
        services.close()


def test_failed_sign_ins_are_in_the_audit_trail(station: StationServices) -> None:
    for _ in range(2):
        with pytest.raises(SignInError):
            station.accounts.sign_in("clerk", "bad-password-1")
    as_user(station, "admin")
    actions = [(r.actor, r.action) for r in station.audit.page(0, 10)]
    assert actions[:3] == [
        ("admin", "sign_in"),
        ("clerk", "sign_in_failed"),
        ("clerk", "sign_in_failed"),
    ]


def test_import_and_sync_need_their_rights(station: StationServices, tmp_path: object) -> None:
    from pathlib import Path

    from station_app.importer.workbook_import import WorkbookImporter
    from station_app.sync_client.engine import SyncEngine

    as_user(station, "zhou")
    with pytest.raises(AccessDeniedError):
        WorkbookImporter(station).run(Path(str(tmp_path)) / "any.xlsx")
    with pytest.raises(AccessDeniedError):
        SyncEngine(station, server_url="http://127.0.0.1:9").run()
    as_user(station, "qingshi")
    with pytest.raises(AccessDeniedError):
        WorkbookImporter(station).run(Path(str(tmp_path)) / "any.xlsx")


def test_after_sign_out_nothing_is_read_or_written(station: StationServices) -> None:
    as_user(station, "clerk")
    station.accounts.sign_out()
    with pytest.raises(AccessDeniedError):
        station.consultations.count()
    with pytest.raises(AccessDeniedError):
        station.consultations.create(consultation())
    with pytest.raises(AccessDeniedError):
        station.accounts.accounts()
    as_user(station, "clerk")
    assert station.consultations.count() == 3
