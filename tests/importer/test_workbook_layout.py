"""The declared workbook layout agrees with the drafts and with the spec's sheet names."""

from __future__ import annotations

import dataclasses

from station_app.domain.duty_log import DutyConfirmation, ServiceItemDraft
from station_app.domain.mediation_case import (
    FollowUpDraft,
    InvestigationDraft,
    PartyDraft,
    SessionDraft,
)
from station_app.domain.workbook_layout import (
    MEDIATION_SHEET,
    SHEET_BY_ENTITY,
    SHEETS,
    ColumnKind,
    Target,
)
from station_app.storage.ledger_specs import LEDGER_BY_ENTITY, LEDGERS

_TARGET_DRAFTS = {
    Target.PARTIES: PartyDraft,
    Target.PARTY: PartyDraft,
    Target.LAST_SESSION: SessionDraft,
    Target.FOLLOW_UP: FollowUpDraft,
    Target.INVESTIGATION: InvestigationDraft,
    Target.ITEM: ServiceItemDraft,
    Target.CONFIRMATION: DutyConfirmation,
}


def test_every_ledger_has_a_sheet_named_as_its_label() -> None:
    assert [s.name for s in SHEETS if s.entity] == [spec.label for spec in LEDGERS]
    assert set(SHEET_BY_ENTITY) == set(LEDGER_BY_ENTITY)


def test_every_column_fills_a_real_field_of_its_draft() -> None:
    for sheet in SHEETS:
        record_draft = LEDGER_BY_ENTITY[sheet.entity].draft_type if sheet.entity else None
        for column in sheet.columns:
            if column.target is Target.LINK:
                continue
            draft = (
                record_draft if column.target is Target.RECORD else _TARGET_DRAFTS[column.target]
            )
            assert draft is not None, (sheet.name, column.header)
            names = {f.name for f in dataclasses.fields(draft)}
            assert column.field in names, (sheet.name, column.header)


def test_choice_columns_carry_their_value_list_and_only_they_do() -> None:
    for sheet in SHEETS:
        for column in sheet.columns:
            has_list = column.kind in (ColumnKind.CHOICE, ColumnKind.MULTI_CHOICE)
            assert (column.choices is not None) == has_list, (sheet.name, column.header)
    assert MEDIATION_SHEET.column("调解结果").choice_values == (
        "调解中",
        "调解成功",
        "调解不成功",
        "终止调解",
    )


def test_conditional_requirements_follow_the_spec() -> None:
    closed = MEDIATION_SHEET.column("结案日期").required_when
    assert closed is not None and not MEDIATION_SHEET.column("结案日期").required
    assert closed.holds("调解成功") and closed.holds("终止调解")
    assert not closed.holds("调解中") and not closed.holds(None)
    agreement = MEDIATION_SHEET.column("协议形式").required_when
    assert (
        agreement is not None and agreement.holds("调解成功") and not agreement.holds("调解不成功")
    )
    confirm = SHEET_BY_ENTITY["duty_log"].column("确认日期").required_when
    assert confirm is not None and confirm.holds("李专干") and not confirm.holds("  ")
