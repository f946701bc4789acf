"""The store through the services: outbox, transactions, revisions, voids, locks, numbering,
search, filters and paging, record identity, and the SQLite settings."""

from __future__ import annotations

import re
import uuid as uuid_module
from dataclasses import replace
from datetime import date
from typing import Any

import pytest
from sqlalchemy import text

from station_app.domain.choices import (
    AgreementForm,
    ConsultCategory,
    DutyServiceType,
    FollowUpMethod,
    MediationResult,
    PartyRole,
    PublicityForm,
)
from station_app.domain.duty_log import ServiceItemDraft
from station_app.domain.errors import (
    ConflictError,
    LockedError,
    NotFoundError,
    ValidationError,
)
from station_app.domain.mediation_case import FollowUpDraft, PartyDraft, SessionDraft
from station_app.domain.publicity_event import PublicityEventDraft
from station_app.services.station_services import StationServices
from station_app.storage.ledger_repository import LedgerQuery, LedgerRepository
from station_app.storage.ledger_specs import CONSULTATION
from tests.drafts import consultation, duty, mediation, village_id

CJK = re.compile(r"[\u4e00-\u9fff]")


class Boom(Exception):
    pass


# -- helpers ----------------------------------------------------------------------------------


def scalar(services: StationServices, sql: str, **params: Any) -> Any:
    with services.store.engine.connect() as conn:
        return conn.execute(text(sql), params).scalar()


def outbox_rows(services: StationServices) -> list[tuple[Any, ...]]:
    with services.store.engine.connect() as conn:
        rows = conn.execute(
            text("SELECT seq, entity, entity_uuid, revision, op, state FROM outbox ORDER BY seq")
        ).all()
    return [tuple(r) for r in rows]


class OutboxWatch:
    """The outbox rows written since the watch started."""

    def __init__(self, services: StationServices) -> None:
        self.services = services
        self.start = len(outbox_rows(services))

    def new(self) -> list[tuple[Any, ...]]:
        return [r[1:5] for r in outbox_rows(self.services)[self.start :]]


def table_count(services: StationServices, table: str) -> int:
    return int(scalar(services, f"SELECT count(*) FROM {table}"))


def search(services: StationServices, words: str, **kw: Any) -> list[int]:
    return [s.id for s in services.consultations.page(LedgerQuery(text=words, **kw)).items]


# -- outbox: one row per change, in the change's own transaction ------------------------------


def test_create_update_void_each_write_one_outbox_row(services: StationServices) -> None:
    watch = OutboxWatch(services)
    stored = services.consultations.create(consultation())
    uid = stored.meta.uuid
    assert watch.new() == [("consultation", uid, 1, "create")]

    updated = services.consultations.update(
        stored.id, consultation(question="欠款纠纷"), expected_revision=1
    )
    assert updated.meta.revision == 2
    assert watch.new()[1:] == [("consultation", uid, 2, "update")]

    voided = services.consultations.void(stored.id, "重复录入")
    assert voided.meta.revision == 3
    assert watch.new()[2:] == [("consultation", uid, 3, "void")]
    assert all(r[5] == "pending" for r in outbox_rows(services)[watch.start :])


def test_mediation_case_with_children_is_one_outbox_row(services: StationServices) -> None:
    watch = OutboxWatch(services)
    stored = services.mediation.create(
        mediation(
            sessions=(SessionDraft(held_on=date(2026, 10, 9)),),
            follow_ups=(FollowUpDraft(date(2026, 11, 9), FollowUpMethod.PHONE),),
        )
    )
    assert watch.new() == [("mediation_case", stored.meta.uuid, 1, "create")]
    assert table_count(services, "mediation_party") == 2
    assert table_count(services, "mediation_session") == 1
    assert table_count(services, "mediation_follow_up") == 1
    services.mediation.update(stored.id, replace(stored.data, follow_ups=()), expected_revision=1)
    assert table_count(services, "mediation_follow_up") == 0  # taken off: gone
    assert watch.new()[1:] == [("mediation_case", stored.meta.uuid, 2, "update")]


def test_duty_log_confirm_writes_one_outbox_row_and_bumps_revision(
    services: StationServices,
) -> None:
    stored = services.duty_logs.create(duty())
    watch = OutboxWatch(services)
    confirmed = services.duty_logs.confirm(stored.id, "综治专干刘某", date(2026, 11, 19))
    assert confirmed.meta.revision == 2
    assert confirmed.confirmation is not None
    assert confirmed.confirmation.confirmed_by == "综治专干刘某"
    assert confirmed.locked
    assert watch.new() == [("duty_log", stored.meta.uuid, 2, "confirm")]


def test_create_many_writes_one_outbox_row_per_record(services: StationServices) -> None:
    watch = OutboxWatch(services)
    n = services.consultations.create_many([consultation(name=f"甲{i}") for i in range(3)])
    assert n == 3
    new = watch.new()
    assert [r[0] for r in new] == ["consultation"] * 3
    assert [r[3] for r in new] == ["create"] * 3
    assert len({r[1] for r in new}) == 3


def test_error_mid_transaction_leaves_neither_record_nor_outbox(
    services: StationServices,
) -> None:
    before = (table_count(services, "consultation"), len(outbox_rows(services)))
    stamp = services.ctx.stamp()
    clean = consultation(question="回滚测试专用内容").validated(services.ctx.clock.today())
    with pytest.raises(Boom), services.store.write() as session:
        repo = LedgerRepository(session, CONSULTATION)
        repo.add(clean, stamp)
        assert session.execute(text("SELECT count(*) FROM consultation")).scalar() == before[0] + 1
        # Inside the transaction, the record and its outbox row exist …
        assert session.execute(text("SELECT count(*) FROM outbox")).scalar() == before[1] + 1
        raise Boom
    # … and after the error neither does, nor its search text.
    assert (table_count(services, "consultation"), len(outbox_rows(services))) == before
    assert table_count(services, "consultation_fts") == 0
    assert search(services, "回滚测试") == []


def test_a_batch_of_several_chunks_is_found_by_its_own_text_not_by_text_left_over(
    services: StationServices,
) -> None:
    """Search text a past fault left under ids not yet used is cleared when records take those
    ids; every chunk of a large batch (here 3 of 2) is found by its own words."""
    next_id = int(scalar(services, "SELECT coalesce(max(id), 0) + 1 FROM consultation"))
    with services.store.write() as session:  # as if a crash had kept only the index's rows
        for offset in (0, 3, 5):
            session.execute(
                text("INSERT INTO consultation_fts (rowid, body) VALUES (:id, :body)"),
                {"id": next_id + offset, "body": "残留 留文 文字 字"},
            )
    drafts = [consultation(question=f"第{'一二三四五六'[i]}批次专用问题") for i in range(6)]
    assert services.consultations.create_many(drafts, chunk=2) == 6

    assert search(services, "残留文字") == []
    for i, draft in enumerate(drafts):
        assert search(services, draft.question) == [next_id + i]
    assert table_count(services, "consultation_fts") == table_count(services, "consultation")


def test_create_many_with_a_bad_draft_last_writes_nothing(services: StationServices) -> None:
    services.consultations.create(consultation())
    before = (table_count(services, "consultation"), len(outbox_rows(services)))
    drafts = [consultation(name="甲"), consultation(name="乙"), consultation(receiver=None)]
    with pytest.raises(ValidationError) as info:
        services.consultations.create_many(drafts)
    assert [e.field for e in info.value.errors] == ["receiver"]
    assert (table_count(services, "consultation"), len(outbox_rows(services))) == before
    assert services.consultations.count() == 1


def test_create_many_with_unknown_village_last_writes_nothing(services: StationServices) -> None:
    before = (table_count(services, "consultation"), len(outbox_rows(services)))
    with pytest.raises(ValidationError):
        services.consultations.create_many([consultation(), consultation(village_id=9999)])
    assert (table_count(services, "consultation"), len(outbox_rows(services))) == before


def test_failed_mediation_batch_does_not_use_up_case_numbers(services: StationServices) -> None:
    with pytest.raises(ValidationError):
        services.mediation.create_many([mediation(), mediation(), mediation(dispute_type="88")])
    assert services.mediation.count() == 0
    stored = services.mediation.create(mediation())
    assert stored.data.case_number == "（2026）龙兴调字第0001号"


# -- revisions, voids, conflicts and locks ----------------------------------------------------


def test_update_bumps_revision_and_replaces_data(services: StationServices) -> None:
    stored = services.consultations.create(consultation())
    assert stored.meta.revision == 1
    changed = services.consultations.update(
        stored.id, consultation(answer="建议先协商，再诉讼"), expected_revision=1
    )
    again = services.consultations.update(
        stored.id, consultation(answer="已当场解答"), expected_revision=2
    )
    assert (changed.meta.revision, again.meta.revision) == (2, 3)
    assert services.consultations.get(stored.id).data.answer == "已当场解答"


def test_update_with_stale_revision_is_a_conflict(services: StationServices) -> None:
    stored = services.consultations.create(consultation())
    services.consultations.update(stored.id, consultation(answer="第一版"), expected_revision=1)
    watch = OutboxWatch(services)
    with pytest.raises(ConflictError) as info:
        services.consultations.update(stored.id, consultation(answer="第二版"), expected_revision=1)
    assert CJK.search(str(info.value))
    current = services.consultations.get(stored.id)
    assert current.data.answer == "第一版"
    assert current.meta.revision == 2
    assert watch.new() == []


def test_void_with_stale_revision_is_a_conflict(services: StationServices) -> None:
    stored = services.consultations.create(consultation())
    services.consultations.update(stored.id, consultation(answer="改"), expected_revision=1)
    with pytest.raises(ConflictError):
        services.consultations.void(stored.id, "录错", expected_revision=1)
    assert not services.consultations.get(stored.id).meta.voided


def test_void_keeps_a_tombstone_hidden_from_lists(services: StationServices) -> None:
    keep = services.consultations.create(consultation(name="留下"))
    gone = services.consultations.create(consultation(name="作废"))
    services.consultations.void(gone.id, "  重复录入  ")

    tomb = services.consultations.get(gone.id)
    assert tomb.meta.voided
    assert tomb.meta.void_reason == "重复录入"
    assert tomb.locked
    assert tomb.data.name == "作废"  # the data stays
    assert table_count(services, "consultation") == 2

    assert [s.id for s in services.consultations.page().items] == [keep.id]
    assert services.consultations.page().total == 1
    assert services.consultations.count() == 1
    assert services.consultations.ids() == [keep.id]
    every = LedgerQuery(include_voided=True)
    assert services.consultations.count(every) == 2
    assert {s.id for s in services.consultations.page(every).items} == {keep.id, gone.id}


def test_voided_record_refuses_second_void_and_edits(services: StationServices) -> None:
    stored = services.consultations.create(consultation())
    services.consultations.void(stored.id, "录错")
    watch = OutboxWatch(services)
    with pytest.raises(LockedError):
        services.consultations.void(stored.id, "再次作废")
    with pytest.raises(LockedError):
        services.consultations.update(stored.id, consultation(name="改名"), expected_revision=2)
    current = services.consultations.get(stored.id)
    assert current.meta.void_reason == "录错"
    assert current.data.name == "王某某"
    assert current.meta.revision == 2
    assert watch.new() == []


@pytest.mark.parametrize("reason", ["", "   "])
def test_void_without_reason_is_refused(services: StationServices, reason: str) -> None:
    stored = services.consultations.create(consultation())
    watch = OutboxWatch(services)
    with pytest.raises(ValidationError) as info:
        services.consultations.void(stored.id, reason)
    assert [e.field for e in info.value.errors] == ["void_reason"]
    assert info.value.errors[0].label == "作废原因"
    assert not services.consultations.get(stored.id).meta.voided
    assert watch.new() == []


def test_unknown_record_is_not_found(services: StationServices) -> None:
    with pytest.raises(NotFoundError):
        services.consultations.get(424242)
    with pytest.raises(NotFoundError):
        services.consultations.update(424242, consultation(), expected_revision=1)
    with pytest.raises(NotFoundError):
        services.consultations.void(424242, "原因")


def test_confirmed_duty_log_is_locked(services: StationServices) -> None:
    stored = services.duty_logs.create(duty())
    services.duty_logs.confirm(stored.id, "综治专干刘某")
    watch = OutboxWatch(services)
    with pytest.raises(LockedError) as info:
        services.duty_logs.update(stored.id, duty(lawyer_name="改名律师"), expected_revision=2)
    assert CJK.search(str(info.value))
    with pytest.raises(LockedError):
        services.duty_logs.confirm(stored.id, "另一人")
    current = services.duty_logs.get(stored.id)
    assert current.data.lawyer_name == "周律师"
    assert current.data.items == duty().items
    assert current.confirmation is not None
    assert current.confirmation.confirmed_by == "综治专干刘某"
    assert current.confirmation.confirmed_on == date(2026, 11, 25)  # default: today
    assert current.meta.revision == 2
    assert watch.new() == []


def test_voided_duty_log_cannot_be_confirmed(services: StationServices) -> None:
    stored = services.duty_logs.create(duty())
    services.duty_logs.void(stored.id, "律师未到岗")
    with pytest.raises(LockedError):
        services.duty_logs.confirm(stored.id, "刘某")
    assert services.duty_logs.get(stored.id).confirmation is None


def test_confirmation_before_the_duty_day_is_refused(services: StationServices) -> None:
    stored = services.duty_logs.create(duty())
    with pytest.raises(ValidationError) as info:
        services.duty_logs.confirm(stored.id, "刘某", date(2026, 11, 17))
    assert [e.field for e in info.value.errors] == ["confirmed_on"]
    assert services.duty_logs.get(stored.id).confirmation is None
    # Still editable, since it was not confirmed.
    services.duty_logs.update(stored.id, duty(note="补记"), expected_revision=1)


def test_unconfirmed_duty_log_can_be_edited(services: StationServices) -> None:
    stored = services.duty_logs.create(duty())
    extra = ServiceItemDraft(
        service_type=DutyServiceType.LECTURE, served="村民", content="民法典讲座"
    )
    updated = services.duty_logs.update(
        stored.id, duty(items=(*duty().items, extra)), expected_revision=1
    )
    assert len(updated.data.items) == 2
    assert updated.data.items[1] == extra
    assert table_count(services, "duty_service_item") == 2


# -- mediation case numbers -------------------------------------------------------------------


def test_case_numbers_count_up_per_year_and_restart(services: StationServices) -> None:
    first = services.mediation.create(mediation())
    second = services.mediation.create(mediation())
    last_year = services.mediation.create(mediation(accepted_on=date(2025, 12, 30)))
    third = services.mediation.create(mediation())
    assert first.data.case_number == "（2026）龙兴调字第0001号"
    assert second.data.case_number == "（2026）龙兴调字第0002号"
    assert last_year.data.case_number == "（2025）龙兴调字第0001号"
    assert third.data.case_number == "（2026）龙兴调字第0003号"


def test_explicit_number_moves_the_counter_past_it(services: StationServices) -> None:
    services.mediation.create(mediation())
    imported = services.mediation.create(mediation(case_number="(2026)龙兴调字第12号"))
    assert imported.data.case_number == "（2026）龙兴调字第0012号"
    assert services.mediation.create(mediation()).data.case_number == "（2026）龙兴调字第0013号"
    # A lower explicit number fills a gap but does not move the counter back.
    low = services.mediation.create(mediation(case_number="（2026）龙兴调字第0005号"))
    assert low.data.case_number == "（2026）龙兴调字第0005号"
    assert services.mediation.create(mediation()).data.case_number == "（2026）龙兴调字第0014号"


def test_explicit_number_in_a_new_year_starts_that_years_counter(
    services: StationServices,
) -> None:
    services.mediation.create(
        mediation(accepted_on=date(2024, 5, 1), case_number="（2024）龙兴调字第0040号")
    )
    stored = services.mediation.create(mediation(accepted_on=date(2024, 6, 1)))
    assert stored.data.case_number == "（2024）龙兴调字第0041号"


def test_duplicate_explicit_number_is_refused(services: StationServices) -> None:
    services.mediation.create(mediation(case_number="（2026）龙兴调字第0007号"))
    before = (services.mediation.count(), len(outbox_rows(services)))
    for spelling in ("（2026）龙兴调字第0007号", "(2026)龙兴调字第7号"):
        with pytest.raises(ValidationError) as info:
            services.mediation.create(mediation(case_number=spelling))
        assert [e.field for e in info.value.errors] == ["case_number"]
        assert info.value.errors[0].label == "案号"
    assert (services.mediation.count(), len(outbox_rows(services))) == before


def test_batch_numbers_cases_in_order(services: StationServices) -> None:
    drafts = [mediation(summary=f"纠纷{i}") for i in range(3)]
    drafts.append(mediation(summary="去年", accepted_on=date(2025, 3, 1)))
    assert services.mediation.create_many(drafts) == 4
    numbers = {s.data.summary: s.data.case_number for s in services.mediation.page().items}
    assert numbers == {
        "纠纷0": "（2026）龙兴调字第0001号",
        "纠纷1": "（2026）龙兴调字第0002号",
        "纠纷2": "（2026）龙兴调字第0003号",
        "去年": "（2025）龙兴调字第0001号",
    }


def test_batch_with_explicit_then_automatic_number(services: StationServices) -> None:
    drafts = [mediation(case_number="（2026）龙兴调字第0005号", summary="导入"), mediation()]
    services.mediation.create_many(drafts)
    numbers = sorted(s.data.case_number for s in services.mediation.page().items)
    assert numbers == ["（2026）龙兴调字第0005号", "（2026）龙兴调字第0006号"]


def test_duplicate_number_within_one_batch_is_a_validation_error(
    services: StationServices,
) -> None:
    """An import whose rows repeat a 案号 must be refused like any other invalid row."""
    number = "（2026）龙兴调字第0009号"
    before = len(outbox_rows(services))
    with pytest.raises(ValidationError) as info:
        services.mediation.create_many(
            [mediation(case_number=number), mediation(case_number=number)]
        )
    assert [e.field for e in info.value.errors] == ["case_number"]
    assert services.mediation.count() == 0
    assert len(outbox_rows(services)) == before


def test_batch_explicit_number_taken_by_an_earlier_automatic_one(
    services: StationServices,
) -> None:
    with pytest.raises(ValidationError) as info:
        services.mediation.create_many(
            [mediation(), mediation(case_number="（2026）龙兴调字第0001号")]
        )
    assert [e.field for e in info.value.errors] == ["case_number"]
    assert services.mediation.count() == 0


def test_auto_number_is_refused_as_explicit_duplicate(services: StationServices) -> None:
    services.mediation.create(mediation())
    with pytest.raises(ValidationError):
        services.mediation.create(mediation(case_number="（2026）龙兴调字第0001号"))


def test_update_keeps_the_case_number_and_replaces_children(services: StationServices) -> None:
    stored = services.mediation.create(mediation())
    parties = (
        PartyDraft(role=PartyRole.APPLICANT, name="张甲"),
        PartyDraft(role=PartyRole.RESPONDENT, name="李乙"),
        PartyDraft(role=PartyRole.RESPONDENT, name="王丙"),
    )
    updated = services.mediation.update(
        stored.id,
        mediation(
            parties=parties,
            result=MediationResult.SUCCESS,
            closed_on=date(2026, 10, 20),
            agreement_form=AgreementForm.ORAL,
        ),
        expected_revision=1,
    )
    assert updated.data.case_number == stored.data.case_number
    assert updated.data.parties == parties
    assert table_count(services, "mediation_party") == 3
    assert services.mediation.create(mediation()).data.case_number.endswith("第0002号")


def test_update_to_a_number_already_taken_is_refused(services: StationServices) -> None:
    first = services.mediation.create(mediation())
    services.mediation.create(mediation())
    with pytest.raises(ValidationError) as info:
        services.mediation.update(
            first.id, mediation(case_number="（2026）龙兴调字第0002号"), expected_revision=1
        )
    assert [e.field for e in info.value.errors] == ["case_number"]
    assert services.mediation.get(first.id).data.case_number == "（2026）龙兴调字第0001号"


def test_unknown_dispute_type_is_refused(services: StationServices) -> None:
    with pytest.raises(ValidationError) as info:
        services.mediation.create(mediation(dispute_type="88"))
    assert [e.field for e in info.value.errors] == ["dispute_type"]
    assert info.value.errors[0].label == "纠纷类型"
    assert services.mediation.count() == 0
    assert table_count(services, "case_number_counter") == 0


@pytest.mark.parametrize("ledger", ["consultations", "mediation", "duty_logs", "publicity"])
def test_unknown_village_is_refused(services: StationServices, ledger: str) -> None:
    drafts = {
        "consultations": consultation(village_id=9999),
        "mediation": mediation(village_id=9999),
        "duty_logs": duty(village_id=9999),
        "publicity": PublicityEventDraft(
            held_on=date(2026, 11, 4),
            village_id=9999,
            form=PublicityForm.LECTURE,
            topic="法治讲座",
            attendees=30,
        ),
    }
    service = getattr(services, ledger)
    watch = OutboxWatch(services)
    with pytest.raises(ValidationError) as info:
        service.create(drafts[ledger])
    assert [e.field for e in info.value.errors] == ["village_id"]
    assert CJK.search(info.value.errors[0].label)
    assert service.count() == 0
    assert watch.new() == []


def test_known_village_is_accepted_and_can_be_changed(services: StationServices) -> None:
    qingshi = village_id(services, "青石村")
    stored = services.consultations.create(consultation(village_id=qingshi))
    assert stored.data.village_id == qingshi
    with pytest.raises(ValidationError):
        services.consultations.update(stored.id, consultation(village_id=9999), expected_revision=1)
    assert services.consultations.get(stored.id).data.village_id == qingshi


# -- search -----------------------------------------------------------------------------------


@pytest.fixture
def searchable(services: StationServices) -> dict[str, int]:
    c = services.consultations
    return {
        "zhang": c.create(
            consultation(name="张三丰", question="借款纠纷对方不还钱", receiver="李四")
        ).id,
        "wang": c.create(
            consultation(name="王五", question="离婚后子女抚养费问题", answer="可以起诉")
        ).id,
        "zhao": c.create(
            consultation(name="赵六", question="土地承包合同到期", note="ABC合作社 2026年")
        ).id,
    }


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("张", {"zhang"}),  # one character
        ("丰", {"zhang"}),  # one character, last of its field
        ("张三", {"zhang"}),  # two
        ("三丰", {"zhang"}),
        ("借款纠纷", {"zhang"}),  # three and more
        ("抚养费", {"wang"}),
        ("子女抚养费问题", {"wang"}),
        ("起诉", {"wang"}),  # in the answer
        ("李四", {"zhang"}),  # in the receiver
        ("合作社", {"zhao"}),  # in the note
        ("abc", {"zhao"}),
        ("2026", {"zhao"}),
        ("问题", {"wang"}),
        ("款纠", {"zhang"}),
        ("对方不还钱了", set()),
        ("离婚案件", set()),
    ],
)
def test_search_finds_chinese_substrings(
    services: StationServices, searchable: dict[str, int], words: str, expected: set[str]
) -> None:
    ids = {name for name, i in searchable.items() if i in search(services, words)}
    assert ids == expected
    assert services.consultations.count(LedgerQuery(text=words)) == len(expected)


def test_search_does_not_match_across_field_boundaries(
    services: StationServices, searchable: dict[str, int]
) -> None:
    # name "张三丰" is followed by question "借款…"; question ends "还钱", receiver is "李四".
    assert search(services, "丰借") == []
    assert search(services, "张三丰借款") == []
    assert search(services, "钱李") == []


def test_records_sharing_a_text_are_each_found_by_it_and_by_their_own(
    services: StationServices,
) -> None:
    """A stock answer or a receiver repeats from record to record (its tokens are built once):
    each record is found by it, and by its own words only."""
    shared = "已告知相关法律规定及维权途径"
    first, second = (
        services.consultations.create(consultation(name=name, answer=shared)).id
        for name in ("周一鸣", "吴二妹")
    )
    assert sorted(search(services, "维权途径")) == [first, second]
    assert search(services, "一鸣") == [first]
    assert search(services, "鸣已") == []  # the name's end and the answer's start: two fields


def test_search_terms_are_anded(services: StationServices, searchable: dict[str, int]) -> None:
    assert search(services, "张三 还钱") == [searchable["zhang"]]
    assert search(services, "张三　还钱") == [searchable["zhang"]]  # full-width space
    assert search(services, "张三 离婚") == []
    assert set(search(services, "问题 王五")) == {searchable["wang"]}


def test_search_follows_edits_and_voids(
    services: StationServices, searchable: dict[str, int]
) -> None:
    zhang = searchable["zhang"]
    services.consultations.update(
        zhang,
        consultation(name="张三丰", question="工伤赔偿怎么计算", receiver="李四"),
        expected_revision=1,
    )
    assert search(services, "借款") == []
    assert search(services, "工伤赔偿") == [zhang]
    assert search(services, "张三丰") == [zhang]

    services.consultations.void(searchable["wang"], "录错")
    assert search(services, "抚养费") == []
    assert search(services, "抚养费", include_voided=True) == [searchable["wang"]]


def test_search_mediation_by_party_case_number_and_session(services: StationServices) -> None:
    stored = services.mediation.create(
        mediation(sessions=(SessionDraft(held_on=date(2026, 10, 9), notes="双方同意分期赔偿"),))
    )
    other = services.mediation.create(
        mediation(
            summary="噪音扰民",
            parties=(
                PartyDraft(role=PartyRole.APPLICANT, name="钱七"),
                PartyDraft(role=PartyRole.RESPONDENT, name="孙八"),
            ),
        )
    )

    def found(words: str) -> list[int]:
        return [s.id for s in services.mediation.page(LedgerQuery(text=words)).items]

    assert found("李乙") == [stored.id]
    assert found("分期赔偿") == [stored.id]
    assert found("调字第0001") == [stored.id]
    assert found("排水沟") == [stored.id]
    assert found("孙八") == [other.id]
    assert found("陈调解") == [other.id, stored.id]


def test_search_duty_log_by_service_item(services: StationServices) -> None:
    stored = services.duty_logs.create(duty())
    services.duty_logs.create(duty(lawyer_name="吴律师"))
    hits = services.duty_logs.page(LedgerQuery(text="经营权流转 周律师")).items
    assert [s.id for s in hits] == [stored.id]


def test_punctuation_only_search_finds_nothing(
    services: StationServices, searchable: dict[str, int]
) -> None:
    assert search(services, "，。！") == []
    # An empty query is no filter at all.
    assert len(search(services, "  ")) == 3


# -- filters, paging, order -------------------------------------------------------------------


def test_filter_by_date_range_inclusive(services: StationServices) -> None:
    days = [date(2026, 10, 31), date(2026, 11, 1), date(2026, 11, 15), date(2026, 11, 25)]
    ids = {}
    for d in days:
        ids[d] = services.consultations.create(consultation(consulted_on=d)).id
    q = LedgerQuery(date_from=date(2026, 11, 1), date_to=date(2026, 11, 15))
    assert set(services.consultations.ids(q)) == {ids[date(2026, 11, 1)], ids[date(2026, 11, 15)]}
    assert services.consultations.count(LedgerQuery(date_from=date(2026, 11, 2))) == 2
    assert services.consultations.count(LedgerQuery(date_to=date(2026, 10, 31))) == 1


def test_filter_by_village_including_the_station(services: StationServices) -> None:
    qingshi = village_id(services, "青石村")
    binjiang = village_id(services, "滨江社区")
    a = services.consultations.create(consultation(village_id=qingshi)).id
    b = services.consultations.create(consultation(village_id=binjiang)).id
    s = services.consultations.create(consultation(village_id=None)).id

    def ids(villages: frozenset[int | None] | None) -> set[int]:
        return set(services.consultations.ids(LedgerQuery(villages=villages)))

    assert ids(None) == {a, b, s}
    assert ids(frozenset({qingshi})) == {a}
    assert ids(frozenset({None})) == {s}
    assert ids(frozenset({qingshi, None})) == {a, s}
    assert ids(frozenset({qingshi, binjiang})) == {a, b}
    assert ids(frozenset()) == set()
    assert services.consultations.count(LedgerQuery(villages=frozenset())) == 0


def test_filter_by_kind(services: StationServices) -> None:
    lend = services.consultations.create(consultation()).id
    family = services.consultations.create(
        consultation(category=ConsultCategory.MARRIAGE_FAMILY)
    ).id
    assert services.consultations.ids(LedgerQuery(kind="婚姻家庭")) == [family]
    assert services.consultations.ids(LedgerQuery(kind="借贷")) == [lend]
    assert services.consultations.ids(LedgerQuery(kind="刑事")) == []


def test_duty_log_kind_filter_is_confirmation_state(services: StationServices) -> None:
    done = services.duty_logs.create(duty()).id
    open_ = services.duty_logs.create(duty()).id
    services.duty_logs.confirm(done, "刘某")
    assert services.duty_logs.ids(LedgerQuery(kind="已确认")) == [done]
    assert services.duty_logs.ids(LedgerQuery(kind="待确认")) == [open_]


def test_filters_combine(services: StationServices) -> None:
    qingshi = village_id(services, "青石村")
    hit = services.consultations.create(
        consultation(village_id=qingshi, consulted_on=date(2026, 11, 3), question="宅基地边界")
    ).id
    services.consultations.create(consultation(village_id=None, question="宅基地边界"))
    services.consultations.create(
        consultation(village_id=qingshi, consulted_on=date(2026, 9, 3), question="宅基地边界")
    )
    q = LedgerQuery(
        villages=frozenset({qingshi}), date_from=date(2026, 11, 1), text="宅基地", kind="借贷"
    )
    assert services.consultations.ids(q) == [hit]


def test_paging_and_order_date_desc_then_id_desc(services: StationServices) -> None:
    days = [1, 3, 3, 2, 5, 3, 30]
    made = []
    for d in days:
        when = date(2026, 10, 30) if d == 30 else date(2026, 11, d)
        made.append((when, services.consultations.create(consultation(consulted_on=when)).id))
    expected = [i for _, i in sorted(made, key=lambda t: (t[0], t[1]), reverse=True)]

    pages = [services.consultations.page(offset=o, limit=3) for o in (0, 3, 6)]
    assert [len(p.items) for p in pages] == [3, 3, 1]
    assert all(p.total == 7 for p in pages)
    assert [(p.offset, p.limit) for p in pages] == [(0, 3), (3, 3), (6, 3)]
    assert [s.id for p in pages for s in p.items] == expected
    assert services.consultations.ids() == expected
    assert services.consultations.page(offset=7, limit=3).items == []
    # Same day: the later entry comes first.
    same_day = [i for w, i in made if w == date(2026, 11, 3)]
    positions = [expected.index(i) for i in same_day]
    assert positions == sorted(positions, reverse=True)

    ascending = services.consultations.ids(LedgerQuery(descending=False))
    assert ascending == list(reversed(expected))


def test_page_limit_is_clamped(services: StationServices) -> None:
    services.consultations.create_many([consultation() for _ in range(3)])
    assert services.consultations.page(limit=0).limit == 1
    assert len(services.consultations.page(limit=0).items) == 1
    assert services.consultations.page(limit=10**6).limit == 1000


# -- identity and history ---------------------------------------------------------------------


def test_uuids_unique_and_stamps_set(services: StationServices) -> None:
    device = scalar(services, "SELECT uuid FROM device")
    assert device
    stored = [services.consultations.create(consultation()) for _ in range(5)]
    stored.append(services.mediation.create(mediation()))
    uuids = [s.meta.uuid for s in stored]
    assert len(set(uuids)) == len(uuids)
    for u in uuids:
        assert str(uuid_module.UUID(u)) == u
    for s in stored:
        assert s.meta.created_at == s.meta.updated_at
        assert s.meta.created_at.date() == date(2026, 11, 25)
        assert s.meta.voided_at is None
    for table in ("consultation", "mediation_case"):
        devices = {r for r in _column(services, table, "origin_device")}
        assert devices == {device}


def _column(services: StationServices, table: str, column: str) -> list[Any]:
    with services.store.engine.connect() as conn:
        return list(conn.execute(text(f"SELECT {column} FROM {table}")).scalars())


def test_update_moves_updated_at_not_created_at(services: StationServices) -> None:
    stored = services.consultations.create(consultation())
    updated = services.consultations.update(stored.id, consultation(note="补"), expected_revision=1)
    assert updated.meta.uuid == stored.meta.uuid
    assert updated.meta.created_at == stored.meta.created_at
    assert updated.meta.updated_at > stored.meta.updated_at
    voided = services.consultations.void(stored.id, "录错")
    assert voided.meta.voided_at is not None
    assert voided.meta.updated_at > updated.meta.updated_at


def test_get_by_uuid(services: StationServices) -> None:
    stored = services.consultations.create(consultation())
    assert services.consultations.get_by_uuid(stored.meta.uuid).id == stored.id
    with pytest.raises(NotFoundError):
        services.consultations.get_by_uuid(str(uuid_module.uuid4()))


def test_stored_data_round_trips(services: StationServices) -> None:
    draft = consultation(
        phone="023-1234567", id_number="11010519491231002x", age=77, answer="已解答"
    )
    stored = services.consultations.create(draft)
    again = services.consultations.reveal(stored.id).data
    assert again == draft.validated(date(2026, 11, 25))
    assert again.id_number == "11010519491231002X"
    shown = services.consultations.get(stored.id).data  # what lists and forms get
    assert (shown.id_number, shown.phone) == ("110105********002X", "023-****4567")


# -- SQLite settings --------------------------------------------------------------------------


def test_pragmas_on_a_store_connection(services: StationServices) -> None:
    with services.store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2


def test_void_reason_has_a_length_limit(services: StationServices) -> None:
    stored = services.consultations.create(consultation())
    with pytest.raises(ValidationError) as err:
        services.consultations.void(stored.id, "因" * 201)
    assert "作废原因" in str(err.value)
    assert not services.consultations.get(stored.id).meta.voided
