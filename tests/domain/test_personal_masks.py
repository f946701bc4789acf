"""Masked ID and phone numbers: their exact shapes, the domain accepting them, what leaves the
station, and a device keeping its clear numbers when its own record comes back masked."""

from __future__ import annotations

from datetime import date

import pytest
from stdnum.cn import ric

from station_app.domain.choices import (
    ConsultCategory,
    ConsultChannel,
    ConsultOutcome,
    DisputeSource,
    PartyRole,
)
from station_app.domain.consultation import ConsultationDraft
from station_app.domain.errors import ValidationError
from station_app.domain.identifiers import (
    is_masked_phone,
    is_masked_resident_id,
    mask_phone,
    mask_resident_id,
)
from station_app.domain.masks import unmasked
from station_app.domain.mediation_case import MediationCaseDraft, PartyDraft
from sync.payload import encode_draft, masked_for_county

TODAY = date(2026, 11, 25)


def resident_id(first17: str) -> str:
    return first17 + ric.calc_check_digit(first17 + "0")


ID_A = resident_id("62050219800101123")
ID_B = resident_id("50011219751212456")
ID_X = next(n for n in (resident_id(f"50011219900301{i:03d}") for i in range(200)) if n[-1] == "X")


def consultation(phone: str | None, id_number: str | None) -> ConsultationDraft:
    return ConsultationDraft(
        consulted_on=date(2026, 11, 20),
        channel=ConsultChannel.VISIT,
        name="钱七",
        phone=phone,
        id_number=id_number,
        category=ConsultCategory.HOUSING,
        question="安置房产权证办不下来",
        receiver="孙站员",
        outcome=ConsultOutcome.ANSWERED,
    )


def case(*parties: PartyDraft) -> MediationCaseDraft:
    return MediationCaseDraft(
        case_number="龙兴调〔2026〕1号",
        accepted_on=date(2026, 11, 1),
        source=DisputeSource.PARTY_REQUEST,
        dispute_type="01",
        summary="宅基地边界",
        parties=parties,
    )


def party(name: str, role: PartyRole, phone: str | None, id_number: str | None) -> PartyDraft:
    return PartyDraft(role=role, name=name, phone=phone, id_number=id_number)


def test_the_masks_have_exactly_the_shapes_the_checks_accept() -> None:
    for number in (ID_A, ID_B, ID_X):
        assert is_masked_resident_id(mask_resident_id(number))
        assert not is_masked_resident_id(number)
    assert mask_resident_id(ID_A) == ID_A[:6] + "********" + ID_A[14:]
    assert is_masked_resident_id(mask_resident_id(ID_X)) and ID_X.endswith("X")
    for phone in ("13812345678", "023-12345678", "0851-1234567"):
        assert is_masked_phone(mask_phone(phone)), phone
        assert not is_masked_phone(phone)
        # A mask shown again (a record from another device) stays the same mask.
        assert mask_phone(mask_phone(phone)) == mask_phone(phone)
    for number in (ID_A, ID_X):
        assert mask_resident_id(mask_resident_id(number)) == mask_resident_id(number)
    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone("023-12345678") == "023-****5678"
    for not_a_mask in (
        "620502*******11234",  # 7 stars
        "620502*********234",  # 9 stars
        "62050a********1234",
        "620502********123Y",
        "138***45678",
        "138*****678",
        "238****5678",
        "23-****5678",
        "023-***45678",
        "",
    ):
        assert not is_masked_resident_id(not_a_mask) and not is_masked_phone(not_a_mask)


def test_the_domain_accepts_a_mask_unchanged_and_still_refuses_a_malformed_number() -> None:
    masked = consultation("138****5678", mask_resident_id(ID_A)).validated(TODAY)
    assert (masked.phone, masked.id_number) == ("138****5678", mask_resident_id(ID_A))
    landline = consultation("023-****5678", None).validated(TODAY)
    assert landline.phone == "023-****5678"
    with pytest.raises(ValidationError) as bad:
        consultation("138***45678", "620502*******11234").validated(TODAY)
    assert {e.field for e in bad.value.errors} == {"phone", "id_number"}
    assert all("138" not in e.message and "620502" not in e.message for e in bad.value.errors)


def test_only_masks_leave_the_station_and_a_lawyers_office_phone_travels_as_it_is() -> None:
    draft = case(
        party("张三", PartyRole.APPLICANT, "13812345678", ID_A),
        party("李四", PartyRole.RESPONDENT, "023-12345678", ID_B),
    )
    sent = masked_for_county("mediation_case", encode_draft(draft, {}))
    text = repr(sent)
    for clear in (ID_A, ID_B, "13812345678", "12345678"):
        assert clear not in text
    assert sent["parties"][0]["id_number"] == mask_resident_id(ID_A)
    assert sent["parties"][1]["phone"] == "023-****5678"
    assert masked_for_county("mediation_case", sent) == sent  # a mask is not masked again
    consult = masked_for_county("consultation", {"phone": "13812345678", "id_number": ID_A})
    assert consult == {"phone": "138****5678", "id_number": mask_resident_id(ID_A)}
    lawyer = {"name": "周律师", "law_firm": "渝北律师事务所", "phone": "13912345678"}
    assert masked_for_county("lawyer", lawyer) == lawyer


def test_a_device_keeps_its_clear_numbers_when_the_masks_of_them_come_back() -> None:
    mine = consultation("13812345678", ID_A)
    came = consultation("138****5678", mask_resident_id(ID_A))
    kept = unmasked(came, mine)
    assert (kept.phone, kept.id_number) == ("13812345678", ID_A)
    # Changed on the other device: the new mask is what this device now knows.
    changed = consultation("139****0000", mask_resident_id(ID_B))
    assert unmasked(changed, mine) == changed
    # Cleared on the other device: cleared here too.
    cleared = consultation(None, None)
    assert unmasked(cleared, mine) == cleared


def test_parties_keep_their_numbers_when_another_device_moves_or_adds_one() -> None:
    zhang = party("张三", PartyRole.APPLICANT, "13812345678", ID_A)
    li = party("李四", PartyRole.RESPONDENT, "023-12345678", ID_B)
    mine = case(zhang, li)
    wang = party("王五", PartyRole.THIRD_PARTY, "137****0000", None)
    came = case(
        party("李四", PartyRole.RESPONDENT, "023-****5678", mask_resident_id(ID_B)),
        wang,
        party("张三", PartyRole.APPLICANT, "138****5678", mask_resident_id(ID_A)),
    )
    kept = unmasked(came, mine)
    assert kept.parties == (li, wang, zhang)
