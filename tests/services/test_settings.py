"""Typed settings (domain.settings_schema): defaults, values kept across a restart, a damaged
stored value read as the default (logged by key, never the value), unknown keys refused."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from station_app.domain.access import Principal
from station_app.domain.accounts import AccountPolicy
from station_app.domain.choices import Role
from station_app.domain.duty_minimums import DutyMinimums
from station_app.domain.errors import AccessDeniedError
from station_app.domain.settings_schema import (
    ACCOUNT_POLICY,
    AUDIT_ANCHOR,
    BACKUP_DIR,
    DUTY_MINIMUMS,
    STORE_KEY_ID,
    STORE_SEALED,
    SYNC_CLOCK_OFFSET,
    SYNC_CURSOR,
    SYNC_DEVICE_ID,
    SYNC_SERVER,
    DamagedSettingError,
    SettingValueError,
    UnknownSettingError,
    declared,
    setting_named,
)
from station_app.services.station_services import StationServices
from station_app.storage.organisation_tables import SettingRow
from station_app.storage.setting_values import get, put
from tests.conftest import FixedClock
from tests.drafts import mobile

#: Something personal-looking inside a damaged value: it must never reach the log.
PERSONAL = f"王某某 {mobile(4321)}"


def _store_raw(services: StationServices, key: str, text: str) -> None:
    with services.store.write() as session:
        session.merge(SettingRow(key=key, value=text))


def _raw(services: StationServices, key: str) -> str | None:
    with services.store.read() as session:
        row = session.get(SettingRow, key)
        return None if row is None else row.value


# -- defaults ------------------------------------------------------------------------------


def test_a_new_station_reads_every_setting_at_its_default(services: StationServices) -> None:
    assert services.accounts.policy() == AccountPolicy()
    assert services.organisation.duty_minimums() == DutyMinimums()
    assert services.settings.get(BACKUP_DIR) is None
    assert services.settings.get(SYNC_SERVER) is None
    assert services.settings.get(SYNC_CURSOR) == ""
    assert services.settings.get(SYNC_CLOCK_OFFSET) is None
    assert services.settings.get(STORE_SEALED) is True  # a new store has nothing in clear
    assert services.settings.get(STORE_KEY_ID)  # made when the store was first opened


def test_each_key_is_declared_once_with_a_default_of_its_own_type() -> None:
    settings = declared()
    assert len({s.key for s in settings}) == len(settings) > 10
    for setting in settings:
        assert setting_named(setting.key) is setting
        assert setting.parse(setting.dump(setting.default)) == setting.default
        assert setting.doc.strip(), setting.key


# -- round trip ----------------------------------------------------------------------------


def test_settings_keep_their_values_and_types_across_a_restart(
    services: StationServices, data_dir: Path, clock: FixedClock
) -> None:
    services.settings.put(BACKUP_DIR, "D:/台账备份")
    services.settings.put(SYNC_SERVER, "https://gflfw.example.gov.cn")
    policy = AccountPolicy(max_failed_sign_ins=4, lock_minutes=30, idle_lock_minutes=5)
    services.accounts.set_policy(policy)
    with services.store.write() as session:
        put(session, SYNC_CLOCK_OFFSET, -2.5)
        put(session, DUTY_MINIMUMS, DutyMinimums(6, 10, 3))
    services.close()

    again = StationServices.open(data_dir, clock=clock)
    try:
        assert again.settings.get(BACKUP_DIR) == "D:/台账备份"
        assert again.settings.get(SYNC_SERVER) == "https://gflfw.example.gov.cn"
        assert again.accounts.policy() == policy
        assert again.settings.get(SYNC_CLOCK_OFFSET) == -2.5
        assert again.organisation.duty_minimums() == DutyMinimums(6, 10, 3)
        # The sync reads the same declaration the settings page wrote.
        assert again.replication.setting(SYNC_SERVER) == "https://gflfw.example.gov.cn"
    finally:
        again.close()


def test_stored_values_keep_the_json_form_older_stores_hold(services: StationServices) -> None:
    services.accounts.set_policy(AccountPolicy(max_failed_sign_ins=4))
    assert _raw(services, "accounts.policy") == (
        '{"max_failed_sign_ins": 4, "lock_minutes": 15, "idle_lock_minutes": 10}'
    )
    # A partial object (as an older app or the county wrote it) fills in the defaults.
    _store_raw(services, "duty_minimums", '{"town_month_hours": 6}')
    assert services.organisation.duty_minimums() == DutyMinimums(town_month_hours=6)


def test_the_syncs_settings_go_through_the_same_declarations(services: StationServices) -> None:
    access = services.replication
    assert access.setting(SYNC_CURSOR) == ""
    access.set_settings({SYNC_CURSOR: "42", SYNC_DEVICE_ID: None, SYNC_CLOCK_OFFSET: 3.0})
    assert access.setting(SYNC_CURSOR) == "42"
    assert access.setting(SYNC_DEVICE_ID) is None
    assert services.settings.get(SYNC_CLOCK_OFFSET) == 3.0


# -- damaged values --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "stored",
    [
        f"{{not json {PERSONAL}",
        f'"{PERSONAL}"',  # not an object
        f'{{"lock_minutes": "{PERSONAL}"}}',  # a field of the wrong type
        '{"max_failed_sign_ins": true}',  # a bool is no number
        '{"max_failed_sign_ins": 1}',  # breaks the policy's own rule (3 to 20)
        f'{{"lock_minutes": 15, "{PERSONAL}": 1}}',  # a field the policy has not
    ],
    ids=["not-json", "not-an-object", "text-for-a-number", "bool", "rule-broken", "unknown-field"],
)
def test_a_damaged_policy_reads_as_the_default_and_is_logged_without_its_value(
    services: StationServices, caplog: pytest.LogCaptureFixture, stored: str
) -> None:
    _store_raw(services, "accounts.policy", stored)
    with caplog.at_level(logging.WARNING, logger="station"):
        assert services.accounts.policy() == AccountPolicy()
    assert "accounts.policy" in caplog.text
    assert "王某某" not in caplog.text and mobile(4321) not in caplog.text
    # Signing in still works: the lock-out rule falls back instead of crashing the sign-in.
    assert services.accounts.sign_in("admin", "zhanzhang2026").principal.username == "admin"


def test_a_damaged_county_minimum_reads_as_the_default(services: StationServices) -> None:
    _store_raw(services, "duty_minimums", '{"town_month_hours": "四小时"}')
    assert services.organisation.duty_minimums() == DutyMinimums()


def test_a_damaged_audit_anchor_is_reported_by_the_check_not_a_crash(
    services: StationServices,
) -> None:
    assert services.audit.verify() == []
    _store_raw(services, "audit.anchor", "[]")
    faults = services.audit.verify()
    assert faults and "末尾" in str(faults[0])


def test_a_damaged_data_key_id_is_refused_rather_than_replaced(
    services: StationServices,
) -> None:
    """Reading the default (no key yet) would make a new key and lose the sealed numbers."""
    _store_raw(services, "store.key_id", "12345")
    with services.store.read() as session, pytest.raises(DamagedSettingError) as refused:
        get(session, STORE_KEY_ID)
    assert "store.key_id" in str(refused.value)


# -- refusals on write and unknown keys ------------------------------------------------------


def test_a_value_of_the_wrong_type_is_refused_and_nothing_is_stored(
    services: StationServices,
) -> None:
    with pytest.raises(SettingValueError):
        services.settings.put(SYNC_SERVER, 8765)  # type: ignore[misc]  # mypy refuses it too
    with services.store.write() as session:
        with pytest.raises(SettingValueError):
            put(session, AUDIT_ANCHOR, {"seq": 1})  # type: ignore[misc]
        with pytest.raises(SettingValueError):
            put(session, SYNC_CLOCK_OFFSET, "3 s")  # type: ignore[arg-type]
    assert _raw(services, "sync.server") is None
    assert _raw(services, "sync.clock_offset_seconds") is None


def test_the_settings_page_writes_only_its_own_settings_and_needs_the_right(
    services: StationServices,
) -> None:
    with pytest.raises(ValueError, match=r"accounts\.policy"):
        services.settings.put(ACCOUNT_POLICY, AccountPolicy(max_failed_sign_ins=20))
    services.ctx.principal = Principal("u-1", "cun", "村专干", Role.VILLAGE_OFFICER, None)
    with pytest.raises(AccessDeniedError):
        services.settings.put(BACKUP_DIR, "D:/别处")
    assert services.settings.get(BACKUP_DIR) is None


def test_an_unknown_key_is_refused(services: StationServices) -> None:
    with pytest.raises(UnknownSettingError):
        setting_named("sync.servr")
    with pytest.raises(UnknownSettingError):
        setting_named("backup_dir")  # the key is local.backup_dir
    assert _raw(services, "sync.servr") is None
