"""The store maintenance service: the one door the app, the dialogs and the CLI use for the store
as a whole. Restoring over a store that opens takes the head, and the trail says who did it."""

from __future__ import annotations

from pathlib import Path

import pytest

from station_app.domain.choices import Role
from station_app.domain.errors import AccessDeniedError
from station_app.domain.organisation import UserDraft
from station_app.domain.store_errors import DataKeyError
from station_app.security.field_sealer import new_data_key
from station_app.security.key_store import RecoveryKeyError, recovery_text
from station_app.services.station_services import StationServices
from station_app.services.store_maintenance import SignIn, StoreMaintenance
from tests.conftest import HEAD_PASSWORD
from tests.drafts import consultation

CLERK_PASSWORD = "xiaochen2026"


def signs_in(name: str, password: str) -> SignIn:
    def sign_in(services: StationServices) -> None:
        services.accounts.sign_in(name, password)

    return sign_in


def add_clerk(services: StationServices) -> None:
    services.accounts.add_account(UserDraft("clerk", "小陈", Role.STATION_CLERK), "linshi2026")
    services.accounts.sign_in("clerk", "linshi2026")
    services.accounts.change_password("linshi2026", CLERK_PASSWORD)


def test_a_clerk_may_not_restore_and_the_store_stays_as_it_was(
    services: StationServices, data_dir: Path
) -> None:
    store = StoreMaintenance(data_dir)
    made = store.back_up_now()
    add_clerk(services)
    services.close()

    with pytest.raises(AccessDeniedError, match="只有站长"):
        store.restore(made.path, signs_in("clerk", CLERK_PASSWORD))

    assert not any(p.name.startswith("station.db.before-restore-") for p in data_dir.iterdir())


def test_the_head_restores_and_the_restored_trail_names_the_head_and_the_file(
    services: StationServices, data_dir: Path
) -> None:
    store = StoreMaintenance(data_dir)
    made = store.back_up_now()
    services.consultations.create(consultation())
    services.close()

    outcome = store.restore(made.path, signs_in("admin", HEAD_PASSWORD))

    assert outcome.kept_aside and outcome.kept_aside[0].exists()
    assert store.record_counts()["法律咨询"] == 0
    reopened = store.open()
    try:
        reopened.ctx.principal = reopened.accounts.principal("admin")
        newest = reopened.audit.page(0, 1)[0]
    finally:
        reopened.close()
    assert (newest.action, newest.actor) == ("restore", "admin")
    assert newest.detail == {"backup": made.path.name}


def test_health_of_a_sound_store_is_ok_and_names_the_newest_schema(
    services: StationServices, data_dir: Path
) -> None:
    report = StoreMaintenance(data_dir).health(services)

    assert report.ok and report.problems == []
    assert report.schema.current and report.schema.revision == report.schema.head


def test_a_recovery_key_that_is_not_one_or_not_this_stores_is_refused(
    services: StationServices, data_dir: Path
) -> None:
    services.close()
    store = StoreMaintenance(data_dir)

    with pytest.raises(RecoveryKeyError):
        store.restore_key("not a key")
    with pytest.raises(DataKeyError):
        store.restore_key(recovery_text(new_data_key()))


def test_a_missing_data_key_is_no_way_around_the_heads_sign_in(
    services: StationServices, data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pointing the key folder somewhere empty makes the store unreadable, not damaged:
    restoring over it still needs the head, after the recovery key is back."""
    store = StoreMaintenance(data_dir)
    made = store.back_up_now()
    services.consultations.create(consultation())
    services.close()
    monkeypatch.setenv("STATION_KEY_DIR", str(tmp_path / "empty-keys"))

    def nobody(_services: StationServices) -> None:
        raise AssertionError("no one may be asked: the restore is refused before")

    with pytest.raises(DataKeyError, match="恢复密钥"):
        store.restore(made.path, nobody)
    assert store.record_counts()["法律咨询"] == 1  # the store is as it was
    assert not any(p.name.startswith("station.db.before-restore-") for p in data_dir.iterdir())
