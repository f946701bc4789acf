"""ID and phone numbers: sealed in the file, masked on screen and in exports, revealed only on
request with an audit entry, found by exact number, and unreadable without the data key."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from station_app.domain.choices import PartyRole, Role
from station_app.domain.errors import AccessDeniedError
from station_app.domain.identifiers import mask_phone, mask_resident_id
from station_app.domain.mediation_case import PartyDraft
from station_app.domain.organisation import UserDraft
from station_app.reports.api import LedgerSelection, export_ledger
from station_app.security.key_store import KeyStore, key_from_recovery_text, recovery_text
from station_app.services.station_services import StationServices
from station_app.storage.data_key import DataKeyError, restore_key
from station_app.storage.ledger_repository import LedgerQuery
from station_app.storage.store import DB_FILENAME
from tests.conftest import FixedClock
from tests.drafts import consultation, legal_aid, mediation, mobile, resident_id

IDS = [resident_id(n) for n in range(1, 7)]
PHONES = [mobile(n) for n in range(1, 7)]


def fill_people(services: StationServices) -> None:
    services.consultations.create(consultation(id_number=IDS[0], phone=PHONES[0]))
    services.consultations.create(consultation(name="另一人", phone="023-6788123"))
    services.legal_aid.create(legal_aid(id_number=IDS[1], phone=PHONES[1]))
    parties = (
        PartyDraft(PartyRole.APPLICANT, "张甲", id_number=IDS[2], phone=PHONES[2]),
        PartyDraft(PartyRole.RESPONDENT, "李乙", id_number=IDS[3], phone=PHONES[3]),
    )
    services.mediation.create(mediation(parties=parties))


def file_bytes(data_dir: Path) -> bytes:
    """The store file and whatever its write-ahead log still holds."""
    return b"".join(p.read_bytes() for p in data_dir.iterdir() if p.name.startswith(DB_FILENAME))


def test_the_raw_file_holds_no_id_or_phone_number_in_clear(
    services: StationServices, data_dir: Path
) -> None:
    fill_people(services)
    # An edit leaves the old version behind in free pages unless they are wiped.
    first = services.consultations.ids(LedgerQuery(text=IDS[0]))[0]
    stored = services.consultations.get(first)
    services.consultations.update(
        first, replace(stored.data, phone=PHONES[4]), expected_revision=stored.meta.revision
    )
    raw = file_bytes(data_dir)
    services.close()  # and once the log is folded back into the file
    raw += file_bytes(data_dir)
    numbers = [*IDS[:4], *PHONES[:5], "023-6788123"]
    leaked = [n for n in numbers if n.encode() in raw or n.encode("utf-16-le") in raw]
    assert leaked == []
    assert "张甲".encode() in raw  # names are kept in clear: the check itself can see text


def test_lists_and_forms_show_masked_numbers(services: StationServices) -> None:
    fill_people(services)
    shown = services.consultations.page(LedgerQuery(descending=False)).items
    assert (shown[0].data.id_number, shown[0].data.phone) == (
        mask_resident_id(IDS[0]),
        mask_phone(PHONES[0]),
    )
    assert shown[0].data.id_number == IDS[0][:6] + "********" + IDS[0][14:]
    assert shown[1].data.phone == "023-****8123"
    case = services.mediation.page().items[0].data
    assert [p.id_number for p in case.parties] == [
        mask_resident_id(IDS[2]),
        mask_resident_id(IDS[3]),
    ]
    assert [p.phone for p in case.parties] == [mask_phone(PHONES[2]), mask_phone(PHONES[3])]


def test_saving_a_form_with_masked_numbers_keeps_the_stored_ones(
    services: StationServices,
) -> None:
    fill_people(services)
    case_id = services.mediation.ids()[0]
    shown = services.mediation.get(case_id)
    # The clerk swaps the two parties round and changes only the summary.
    edited = replace(shown.data, summary="排水沟改道后复查", parties=shown.data.parties[::-1])
    services.mediation.update(case_id, edited, expected_revision=shown.meta.revision)
    clear = services.mediation.reveal(case_id).data
    assert [(p.name, p.id_number, p.phone) for p in clear.parties] == [
        ("李乙", IDS[3], PHONES[3]),
        ("张甲", IDS[2], PHONES[2]),
    ]
    assert clear.summary == "排水沟改道后复查"


def test_reveal_gives_clear_numbers_and_is_audited(services: StationServices) -> None:
    fill_people(services)
    record_id = services.legal_aid.ids()[0]
    revealed = services.legal_aid.reveal(record_id)
    assert (revealed.data.id_number, revealed.data.phone) == (IDS[1], PHONES[1])
    last = services.audit.page(0, 1)[0]
    assert (last.actor, last.action, last.entity) == ("admin", "reveal", "legal_aid_review")
    assert last.record_uuid == revealed.meta.uuid
    assert set(last.detail["fields"]) == {"id_number", "phone"}
    assert IDS[1] not in repr(last.detail)  # the trail says what was seen, not the number


def test_a_duty_lawyer_may_not_reveal(services: StationServices) -> None:
    fill_people(services)
    services.accounts.add_account(UserDraft("zhou", "周律师", Role.DUTY_LAWYER), "linshi2026")
    services.accounts.sign_in("zhou", "linshi2026")
    record_id = services.consultations.ids()[0]
    assert services.consultations.get(record_id).data.phone is not None
    with pytest.raises(AccessDeniedError):
        services.consultations.reveal(record_id)


def test_exact_id_or_phone_number_finds_the_record(services: StationServices) -> None:
    fill_people(services)
    assert len(services.consultations.ids(LedgerQuery(text=IDS[0]))) == 1
    assert len(services.consultations.ids(LedgerQuery(text=IDS[0].lower()))) == 1  # a typed x
    assert len(services.mediation.ids(LedgerQuery(text=IDS[3]))) == 1  # a party's number
    assert len(services.legal_aid.ids(LedgerQuery(text=f" {PHONES[1]} "))) == 1
    assert services.consultations.ids(LedgerQuery(text=IDS[5])) == []  # nobody has this one
    assert services.consultations.ids(LedgerQuery(text=IDS[0][:10])) == []  # no partial match


def test_ledger_exports_carry_masked_numbers(
    services: StationServices, tmp_path: Path, clock: FixedClock
) -> None:
    fill_people(services)
    path = tmp_path / "法律咨询.xlsx"
    export_ledger(services, LedgerSelection("法律咨询", date(2026, 1, 1), clock.day), path)
    cells = {str(c.value) for row in load_workbook(path).active.iter_rows() for c in row}
    assert mask_resident_id(IDS[0]) in cells and IDS[0] not in cells
    assert PHONES[0] not in cells
    last = services.audit.page(0, 1)[0]
    assert (last.action, last.entity, last.detail["records"]) == ("export", "consultation", 2)


# -- the data key --------------------------------------------------------------------------


def test_without_its_key_the_store_does_not_open_and_the_recovery_key_brings_it_back(
    services: StationServices, data_dir: Path, clock: FixedClock, tmp_path: Path
) -> None:
    fill_people(services)
    recovery = services.keys.recovery_key()
    services.close()
    # Another PC: the data folder came along, the key store did not.
    elsewhere = KeyStore(tmp_path / "other-pc-keys", use_keyring=False)
    with pytest.raises(DataKeyError, match="恢复密钥"):
        StationServices.open(data_dir, clock=clock, keys=elsewhere)
    wrong = recovery_text(bytes(32))
    with pytest.raises(DataKeyError):
        restore_key(data_dir / DB_FILENAME, key_from_recovery_text(wrong), elsewhere)
    # Written down by hand: lower case, spaces instead of dashes.
    typed = recovery.lower().replace("-", " ")
    restore_key(data_dir / DB_FILENAME, key_from_recovery_text(typed), elsewhere)
    again = StationServices.open(data_dir, clock=clock, keys=elsewhere)
    try:
        record_id = again.legal_aid.ids()[0]
        assert again.legal_aid.reveal(record_id).data.id_number == IDS[1]
    finally:
        again.close()


def test_the_key_lives_in_the_os_key_store_when_there_is_one(
    tmp_path: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    import keyring
    from keyrings.alt.file import PlaintextKeyring

    class StandIn(PlaintextKeyring):  # ranked like an OS key store; a file in tmp_path
        priority = 5  # type: ignore[assignment]

    backend = StandIn()
    backend.file_path = str(tmp_path / "keyring.cfg")  # type: ignore[misc]
    previous = keyring.get_keyring()
    keyring.set_keyring(backend)
    try:
        files = tmp_path / "fallback"
        services = StationServices.open(tmp_path / "data", clock=clock, keys=KeyStore(files))
        key_id = services.store.key_id
        services.close()
        assert backend.get_password("StationLedger-data-key", key_id)
        assert not files.exists() or not any(files.iterdir())  # no key file beside it
        StationServices.open(tmp_path / "data", clock=clock, keys=KeyStore(files)).close()
    finally:
        keyring.set_keyring(previous)
