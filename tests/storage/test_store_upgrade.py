"""A store written by the first release (schema 0001), and one written by each later release
(0002-0009), opened by this version: copied aside first, migrated, and every record still there
and still usable.

The same fixture is opened by the built bundle in tests/installer/test_installer_build.py.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from station_app.domain.choices import (
    DisputeSource,
    FollowUpMethod,
    MediationResult,
    PartyRole,
    RetentionPeriod,
    Satisfaction,
)
from station_app.domain.ledger_query import LedgerQuery
from station_app.domain.mediation_case import MediationCaseDraft, PartyDraft
from station_app.domain.quarter import Quarter
from station_app.security.field_sealer import is_sealed
from station_app.security.key_store import KeyStore
from station_app.services.station_services import StationServices
from station_app.storage.column_types import sealer_of
from station_app.storage.schema_versions import head_revision, known_revisions
from station_app.storage.store import DB_FILENAME
from tests.conftest import HEAD_PASSWORD, FixedClock
from tests.fixtures.make_store_0001 import make
from tests.fixtures.make_stores import DATA_KEY, KEY_ID
from tests.fixtures.make_stores import make as make_store
from tests.old_store import (
    FIXTURE,
    LEDGER_ROWS,
    PENDING_RECORDS,
    RELEASED,
    copy_old_store,
    dump,
    fixture,
    lost_rows,
    migration_backups,
    numbers_in,
    revision,
)

ALL = LedgerQuery(include_voided=True)
LATER = RELEASED[1:]  # 0001's fixture has its own script and tests above


def test_the_fixture_is_a_first_release_store_and_the_script_remakes_it(tmp_path: Path) -> None:
    assert revision(FIXTURE) == "0001"
    assert not any("_fts" in table for table in dump(FIXTURE))  # no search index back then
    remade = make(tmp_path / "remade.db")
    assert dump(remade) == dump(FIXTURE)


def test_old_store_is_backed_up_then_migrated_without_losing_a_row(
    data_dir: Path, clock: FixedClock
) -> None:
    db = copy_old_store(data_dir)
    services = StationServices.open(data_dir, clock=clock)
    try:
        outcome = services.store.migration
        assert (outcome.from_revision, outcome.to_revision) == ("0001", head_revision())
        assert services.store.integrity_problems() == []
        sealer = sealer_of(services.store.engine.dialect)
    finally:
        services.close()

    def unseal(column: str, value: Any) -> Any:
        sealed = isinstance(value, str) and is_sealed(value)
        return sealer.open(column, value) if sealed else value

    (backup,) = migration_backups(data_dir)
    assert outcome.backup == backup
    assert backup.name.startswith("before-migration-0001-")
    # The backup is the store as it was, before any migration step touched it.
    assert revision(backup) == "0001"
    assert dump(backup) == dump(FIXTURE)
    assert revision(db) == head_revision()
    assert lost_rows(FIXTURE, db, unseal) == []
    # The numbers the old release kept in clear are sealed now, free pages included.
    clear = [v for v in numbers_in(FIXTURE) if v]
    assert clear, "the fixture should hold ID and phone numbers"
    raw = db.read_bytes()
    assert [v for v in clear if v.encode() in raw] == []


def test_old_records_read_search_and_continue_after_the_upgrade(
    data_dir: Path, clock: FixedClock
) -> None:
    copy_old_store(data_dir)
    services = StationServices.open(data_dir, clock=clock)
    try:
        station = services.organisation.require_station()
        assert station.name == "龙兴镇公共法律服务工作站"
        assert [v.name for v in station.villages] == ["青石村", "滨江社区"]
        assert [u.display_name for u in services.organisation.users()] == ["王站长"]
        for entity, rows in LEDGER_ROWS.items():
            assert services.ledger(entity).count(ALL) == rows, entity
        # Nothing had reached the county: every record is still queued for it.
        assert services.stats.unsent_count() == PENDING_RECORDS

        # The voided entry is still a tombstone, not a live record.
        assert services.consultations.count() == 2
        (voided,) = [
            r
            for r in services.consultations.get_many(services.consultations.ids(ALL))
            if r.meta.voided_at is not None
        ]
        assert voided.meta.void_reason == "重复登记"

        # Children came along: parties, sessions, service items, the officer's confirmation.
        cases = services.mediation.get_many(services.mediation.ids())
        closed = next(c for c in cases if c.data.result is MediationResult.SUCCESS)
        assert [p.name for p in closed.data.parties] == ["张秀英", "王富贵"]
        assert len(closed.data.sessions) == 2
        assert closed.data.amount == Decimal("5000.00")
        visits = services.duty_logs.get_many(services.duty_logs.ids())
        confirmed = next(v for v in visits if v.confirmation is not None)
        assert confirmed.confirmation is not None
        assert confirmed.confirmation.confirmed_by == "综治专干"
        assert [i.served for i in confirmed.data.items] == ["村民张秀英", "青石村村委会"]
        assert confirmed.locked  # a confirmed visit stays closed to edits

        # The search index, new in revision 0002, was built over the old records.
        assert len(services.consultations.ids(LedgerQuery(text="宅基地"))) == 1
        assert len(services.legal_aid.ids(LedgerQuery(text="孙永福"))) == 1
        # The settled case's 回访日期 became its one follow-up: method 其他, not rated.
        assert closed.data.follow_up_on == date(2026, 4, 20)
        assert [(f.followed_up_on, f.method, f.satisfaction) for f in closed.data.follow_ups] == [
            (date(2026, 4, 20), FollowUpMethod.OTHER, None)
        ]

        # Case numbering carries on from the old counter.
        new_case = services.mediation.create(
            MediationCaseDraft(
                accepted_on=date(2026, 11, 20),
                source=DisputeSource.PARTY_REQUEST,
                dispute_type="02",
                summary="邻里噪音纠纷",
                mediators=("李明",),
                parties=(
                    PartyDraft(PartyRole.APPLICANT, "赵德明"),
                    PartyDraft(PartyRole.RESPONDENT, "钱光荣"),
                ),
            )
        )
        assert new_case.data.case_number == "（2026）龙兴调字第0003号"
    finally:
        services.close()
    assert (data_dir / DB_FILENAME).exists()


# -- every released schema, not only the first -------------------------------------------------


def test_every_schema_revision_has_its_fixture_store() -> None:
    assert set(RELEASED) == known_revisions(), (
        "a new migration is a new release's schema: extend tests/fixtures/make_stores.py and "
        "run it, so the stores it writes are opened by every later version"
    )
    for wanted in RELEASED:
        assert revision(fixture(wanted)) == wanted


@pytest.mark.parametrize("wanted", LATER)
def test_the_script_remakes_each_later_fixture(wanted: str, tmp_path: Path) -> None:
    assert dump(make_store(wanted, tmp_path / "remade.db")) == dump(fixture(wanted))


def open_released(data_dir: Path, wanted: str, keys: KeyStore) -> Path:
    """The fixture store in a data folder; from 0006 on its data key back on this PC, as the
    head's recovery key would put it."""
    db = copy_old_store(data_dir, wanted)
    if wanted >= "0006":
        keys.save(KEY_ID, DATA_KEY)
    return db


@pytest.mark.parametrize("wanted", RELEASED)
def test_each_released_store_upgrades_without_losing_a_row(
    wanted: str, data_dir: Path, clock: FixedClock, tmp_path: Path
) -> None:
    keys = KeyStore(tmp_path / "keys", use_keyring=False)
    db = open_released(data_dir, wanted, keys)
    services = StationServices.open(data_dir, clock=clock, keys=keys)
    try:
        outcome = services.store.migration
        assert (outcome.from_revision, outcome.to_revision) == (wanted, head_revision())
        assert services.store.integrity_problems() == []
        assert services.audit.verify() == []
        sealer = sealer_of(services.store.engine.dialect)
    finally:
        services.close()

    def unseal(column: str, value: Any) -> Any:
        sealed = isinstance(value, str) and is_sealed(value)
        return sealer.open(column, value) if sealed else value

    assert lost_rows(fixture(wanted), db, unseal) == []
    # Backed up first when the schema changed; left alone when it did not.
    assert len(migration_backups(data_dir)) == (wanted != head_revision())
    # No ID or phone number is left in clear in the file.
    clear = [v for v in numbers_in(FIXTURE) if v]  # the same people in every fixture
    raw = db.read_bytes()
    assert [v for v in clear if v.encode() in raw] == []


@pytest.mark.parametrize("wanted", RELEASED)
def test_each_released_store_reads_searches_and_continues(
    wanted: str, data_dir: Path, clock: FixedClock, tmp_path: Path
) -> None:
    keys = KeyStore(tmp_path / "keys", use_keyring=False)
    open_released(data_dir, wanted, keys)
    services = StationServices.open(data_dir, clock=clock, keys=keys)
    try:
        for entity, rows in LEDGER_ROWS.items():
            assert services.ledger(entity).count(ALL) == rows, entity
        acknowledged = 3 if wanted >= "0005" else 0  # the station and its two villages
        assert services.stats.unsent_count() == PENDING_RECORDS - acknowledged
        # Sealed or not in the file, an exact ID number finds its record, and reads back.
        (found,) = services.consultations.ids(LedgerQuery(text="500112195807146548"))
        assert services.consultations.reveal(found).data.id_number == "500112195807146548"
        assert len(services.legal_aid.ids(LedgerQuery(text="孙永福"))) == 1
        # The settled case's 回访日期 is its latest follow-up's date; a store from before
        # follow-ups existed holds it as one follow-up of method 其他, not rated.
        (case_id,) = services.mediation.ids(LedgerQuery(text="（2026）龙兴调字第0001号"))
        case = services.mediation.get(case_id).data
        assert case.follow_up_on == date(2026, 4, 20)
        found = [(f.followed_up_on, f.method, f.satisfaction) for f in case.follow_ups]
        if wanted < "0008":
            assert found == [(date(2026, 4, 20), FollowUpMethod.OTHER, None)]
        else:
            assert found == [
                (date(2026, 4, 2), FollowUpMethod.HOME_VISIT, Satisfaction.DISSATISFIED),
                (date(2026, 4, 20), FollowUpMethod.PHONE, Satisfaction.SATISFIED),
            ]
        # The documents' fields (0009): empty on a store from before them, as written after.
        if wanted < "0009":
            assert (case.requests, case.agreement_terms, case.investigations) == ((), (), ())
            assert (case.copies, case.filed_on, case.retention) == (None, None, None)
            assert case.parties[0].ethnicity is None and case.sessions[1].record is None
        else:
            assert case.agreement_terms == ("王富贵于3月31日前拆除越界部分", "双方互不追究")
            assert case.requests == ("请求被申请人拆除越界部分",)
            assert (case.copies, case.filed_on, case.retention) == (
                3,
                date(2026, 4, 25),
                RetentionPeriod.LONG,
            )
            assert (case.parties[0].ethnicity, case.parties[0].occupation) == ("汉族", "农民")
            assert case.sessions[1].subject == "宅基地界址纠纷"
            (probe,) = case.investigations
            assert (probe.investigated_on, probe.interviewee) == (date(2026, 3, 8), "村民小组长")
        case.validated(date(2026, 11, 25))  # and it still passes every rule as it stands
        if wanted >= "0003":  # the submitted quarter, and the consultation corrected after it
            figures = services.reports.quarter_figures(Quarter(2026, 1))
            assert figures.submission is not None
            assert figures.submission.submitted_on == date(2026, 4, 3)
            assert len(figures.late_changes) == 1
        if wanted >= "0006":  # accounts: passwords, a required change, an expired lock
            names = sorted(u.display_name for u in services.organisation.users())
            assert names == sorted(["王站长", "调解员小陈", "青石村专干"])
            assert services.accounts.sign_in("chen", "linshi2026").must_change_password
            assert not services.accounts.sign_in("qingshi", "linshi2026").must_change_password
            assert not services.accounts.sign_in("admin", HEAD_PASSWORD).must_change_password
        else:
            assert services.accounts.needs_first_password()
        new_case = services.mediation.create(
            MediationCaseDraft(
                accepted_on=date(2026, 11, 20),
                source=DisputeSource.PARTY_REQUEST,
                dispute_type="02",
                summary="邻里噪音纠纷",
                mediators=("李明",),
                parties=(
                    PartyDraft(PartyRole.APPLICANT, "赵德明"),
                    PartyDraft(PartyRole.RESPONDENT, "钱光荣"),
                ),
            )
        )
        assert new_case.data.case_number == "（2026）龙兴调字第0003号"
        assert services.audit.verify() == []  # the old chain carries on
    finally:
        services.close()
