"""Only what the county ledger needs: ID and phone numbers reach the county as masks, a second
device of the station gets the masks, and the device that recorded them keeps them in clear."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select
from stdnum.cn import ric

from station_app.domain.choices import (
    AidMatter,
    AidOpinion,
    ConsultCategory,
    ConsultChannel,
    ConsultOutcome,
    DisputeSource,
    HardshipBasis,
    PartyRole,
)
from station_app.domain.consultation import ConsultationDraft
from station_app.domain.identifiers import mask_phone, mask_resident_id
from station_app.domain.legal_aid_review import LegalAidReviewDraft
from station_app.domain.mediation_case import MediationCaseDraft, PartyDraft
from station_app.services.station_services import StationServices
from station_app.sync_client.token_store import TokenStore
from station_app.sync_client.transport import Transport
from sync.payload import encode_draft
from sync.protocol import Batch, Change, ReceiptEnvelope, ReceiptStatus
from sync.server.db import CountyDatabase
from sync.server.models import RecordRow
from tests.sync_support import (
    STATION_NAME,
    county,
    enrollment_code,
    init_station,
    needs_scripts,
    running_county,
    sqlite_url,
    station,
    station_here,
)

pytestmark = [needs_scripts, pytest.mark.slow]


def resident_id(first17: str) -> str:
    return first17 + ric.calc_check_digit(first17 + "0")


ID_CONSULT = resident_id("62050219800101123")
ID_AID = resident_id("50011219751212456")
ID_ZHANG = resident_id("50011219660606789")
PHONE_CONSULT, PHONE_AID = "13812345678", "023-67891234"
PHONE_ZHANG, PHONE_LI, PHONE_WANG = "13712340001", "13612340002", "13512340003"
CLEAR = (ID_CONSULT, ID_AID, ID_ZHANG, PHONE_CONSULT, PHONE_AID, PHONE_ZHANG, PHONE_LI)


def sync(data_dir: Path, *, own_process: bool = False) -> None:
    """`station sync`; in this process unless ``own_process`` (once per test)."""
    done = (station if own_process else station_here)("sync", "--data-dir", str(data_dir))
    assert done.returncode == 0, done.stdout + done.stderr


def enroll(data_dir: Path, db_url: str, url: str, *, own_process: bool = False) -> None:
    """`station enroll`; in this process unless ``own_process`` (once per test)."""
    code = enrollment_code(db_url, STATION_NAME)
    done = (station if own_process else station_here)(
        "enroll", "--data-dir", str(data_dir), "--server", url, "--code", code
    )
    assert done.returncode == 0, done.stderr


def county_bytes(tmp_path: Path) -> bytes:
    """Every byte the county's SQLite database has on disk (main file and write-ahead log)."""
    return b"".join(p.read_bytes() for p in sorted(tmp_path.glob("county.db*")))


def county_changes(db_url: str) -> str:
    db = CountyDatabase.open(db_url, upgrade=False)
    try:
        with db.read() as session:
            return "\n".join(session.scalars(select(RecordRow.change)).all())
    finally:
        db.close()


def leaked(haystack: bytes, numbers: tuple[str, ...]) -> list[int]:
    """Which of ``numbers`` appear in clear (by position, never the number itself)."""
    return [i for i, n in enumerate(numbers) if n.encode() in haystack]


def make_records(data_dir: Path) -> tuple[str, str, str]:
    services = StationServices.open(data_dir)
    try:
        consult = services.consultations.create(
            ConsultationDraft(
                consulted_on=date(2026, 11, 20),
                channel=ConsultChannel.VISIT,
                name="钱七",
                phone=PHONE_CONSULT,
                id_number=ID_CONSULT,
                category=ConsultCategory.HOUSING,
                question="安置房产权证办不下来",
                receiver="孙站员",
                outcome=ConsultOutcome.ANSWERED,
            )
        )
        aid = services.legal_aid.create(
            LegalAidReviewDraft(
                applied_on=date(2026, 11, 18),
                name="赵六",
                phone=PHONE_AID,
                id_number=ID_AID,
                matter=AidMatter.WAGES,
                hardship_basis=HardshipBasis.WAGE_CLAIM_EXEMPT,
                opinion=AidOpinion.INELIGIBLE,
            )
        )
        case = services.mediation.create(
            MediationCaseDraft(
                accepted_on=date(2026, 11, 2),
                source=DisputeSource.PARTY_REQUEST,
                dispute_type="01",
                summary="宅基地边界",
                mediators=("刘调解员",),
                parties=(
                    PartyDraft(PartyRole.APPLICANT, "张三", phone=PHONE_ZHANG, id_number=ID_ZHANG),
                    PartyDraft(PartyRole.RESPONDENT, "李四", phone=PHONE_LI),
                ),
            )
        )
        return consult.meta.uuid, aid.meta.uuid, case.meta.uuid
    finally:
        services.close()


def test_the_county_holds_only_masks_and_the_recording_device_keeps_clear_numbers(
    tmp_path: Path,
) -> None:
    db_url = sqlite_url(tmp_path)
    with running_county(db_url, tmp_path) as server:
        a, b = tmp_path / "station-pc", tmp_path / "laptop"
        init_station(a)
        consult_uuid, aid_uuid, case_uuid = make_records(a)
        enroll(a, db_url, server.url, own_process=True)
        sync(a, own_process=True)

        # The county: masks, never a clear number (its raw file bytes and its records).
        server.stop()
        assert leaked(county_bytes(tmp_path), CLEAR) == []
        changes = county_changes(db_url)
        for mask in (
            mask_resident_id(ID_CONSULT),
            mask_resident_id(ID_AID),
            mask_resident_id(ID_ZHANG),
            "138****5678",
            "023-****1234",
            mask_phone(PHONE_LI),
        ):
            assert mask in changes
        # Its own reports still work on what it holds.
        report = county(db_url, "report", "--quarter", "2026Q4", "--out", str(tmp_path / "r.xlsx"))
        assert report.returncode == 0, report.stderr
        server.start()

        # Device B gets the masks (a number recorded on another device).
        enroll(b, db_url, server.url)
        sync(b)
        laptop = StationServices.open(b)
        try:
            # What B holds, not only what it shows: even revealed, the numbers are masks.
            on_b = laptop.consultations.reveal(laptop.consultations.get_by_uuid(consult_uuid).id)
            assert (on_b.data.phone, on_b.data.id_number) == (
                "138****5678",
                mask_resident_id(ID_CONSULT),
            )
            aid_b = laptop.legal_aid.reveal(laptop.legal_aid.get_by_uuid(aid_uuid).id).data
            assert (aid_b.phone, aid_b.id_number) == ("023-****1234", mask_resident_id(ID_AID))
            case_b = laptop.mediation.reveal(laptop.mediation.get_by_uuid(case_uuid).id)
            assert case_b.data.parties[0].id_number == mask_resident_id(ID_ZHANG)
            # B edits: a note on the consultation; a third party added in front of the case's.
            stored = laptop.consultations.get_by_uuid(consult_uuid)
            laptop.consultations.update(
                stored.id,
                replace(stored.data, note="笔记本补记"),
                expected_revision=stored.meta.revision,
            )
            wang = PartyDraft(PartyRole.THIRD_PARTY, "王五", phone=PHONE_WANG)
            laptop.mediation.update(
                case_b.id,
                replace(case_b.data, parties=(wang, *case_b.data.parties)),
                expected_revision=case_b.meta.revision,
            )
        finally:
            laptop.close()
        sync(b)

        # A takes B's edits and keeps its own clear numbers; B's new party arrives masked.
        sync(a)
        pc = StationServices.open(a)
        try:
            on_a = pc.consultations.get_by_uuid(consult_uuid)
            assert on_a.data.note == "笔记本补记" and on_a.meta.revision == 2
            clear = pc.consultations.reveal(on_a.id).data
            assert (clear.phone, clear.id_number) == (PHONE_CONSULT, ID_CONSULT)
            aid_a = pc.legal_aid.reveal(pc.legal_aid.get_by_uuid(aid_uuid).id).data
            assert (aid_a.phone, aid_a.id_number) == (PHONE_AID, ID_AID)
            parties = pc.mediation.reveal(pc.mediation.get_by_uuid(case_uuid).id).data.parties
            assert [(p.name, p.phone, p.id_number) for p in parties] == [
                ("王五", mask_phone(PHONE_WANG), None),
                ("张三", PHONE_ZHANG, ID_ZHANG),
                ("李四", PHONE_LI, None),
            ]
            # A's own edit still syncs, and still as masks.
            pc.consultations.update(
                on_a.id, replace(on_a.data, note="站里再补记"), expected_revision=2
            )
        finally:
            pc.close()
        sync(a)
        sync(b)
        laptop = StationServices.open(b)
        try:
            on_b = laptop.consultations.get_by_uuid(consult_uuid)
            assert on_b.data.note == "站里再补记" and on_b.meta.revision == 3
            assert laptop.consultations.reveal(on_b.id).data.phone == "138****5678"
        finally:
            laptop.close()
        server.stop()
        assert leaked(county_bytes(tmp_path), (*CLEAR, PHONE_WANG)) == []


def test_a_clear_number_from_an_older_station_is_masked_by_the_county(tmp_path: Path) -> None:
    db_url = sqlite_url(tmp_path)
    with running_county(db_url, tmp_path) as server:
        a = tmp_path / "station-pc"
        init_station(a)
        enroll(a, db_url, server.url, own_process=True)
        services = StationServices.open(a)
        try:
            device = services.ctx.device
        finally:
            services.close()
        draft = ConsultationDraft(
            consulted_on=date(2026, 11, 20),
            channel=ConsultChannel.PHONE,
            name="钱七",
            phone=PHONE_CONSULT,
            id_number=ID_CONSULT,
            category=ConsultCategory.HOUSING,
            question="安置房产权证办不下来",
            receiver="孙站员",
            outcome=ConsultOutcome.ANSWERED,
        )
        record = str(uuid.uuid4())
        # What a station without masking sends: the draft encoded as it is.
        change = Change("consultation", record, 1, "create", encode_draft(draft, {}), device)
        batch = Batch.make(device, "2026-11-25T10:00:00", [change])
        transport = Transport(server.url, TokenStore(a).load())
        try:
            answer = transport.post("/v1/push", batch.to_json()).body
        finally:
            transport.close()
        (receipt,) = ReceiptEnvelope.parse_for(answer, batch).receipts
        assert receipt.status is ReceiptStatus.ACCEPTED
        server.stop()
        assert leaked(county_bytes(tmp_path), (PHONE_CONSULT, ID_CONSULT)) == []
        assert mask_resident_id(ID_CONSULT) in county_changes(db_url)
