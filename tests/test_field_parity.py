"""Each ledger's fields are declared by its domain draft; every place that names them by name
(forms, tables, the workbook layout, the list columns) must name the draft's fields.

A form field its draft lacks used to vanish silently at every save; a table column the draft
lacks is never filled; a workbook column whose field the draft lacks fails every import row.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime
from typing import Any

import pytest

from station_app.domain import (
    consultation,
    duty_log,
    legal_aid_review,
    mediation_case,
    publicity_event,
)
from station_app.domain.choices import UnitKind
from station_app.domain.consultation import ConsultationDraft
from station_app.domain.duty_log import DutyConfirmation, ServiceItemDraft
from station_app.domain.mediation_case import (
    FollowUpDraft,
    InvestigationDraft,
    MediationCaseDraft,
    PartyDraft,
    SessionDraft,
)
from station_app.domain.records import RecordMeta, Stored
from station_app.domain.workbook_layout import SHEET_BY_ENTITY, SHEETS, SheetLayout, Target
from station_app.reports.columns import COLUMNS as REPORT_COLUMNS
from station_app.reports.quarterly_table import TableRow
from station_app.services.organisation_service import StationInfo, VillageInfo
from station_app.storage.base import SyncedRecord
from station_app.storage.ledger_specs import LEDGER_BY_ENTITY, LEDGERS, LedgerSpec
from station_app.ui.forms.ledger_forms import FORMS
from station_app.ui.forms.record_dialog import ChildSpec, FieldSpec, FormSpec
from station_app.ui.ledger_columns import COLUMNS as LIST_COLUMNS

#: Draft fields deliberately not offered on a form, with the reason. Keep it short: a field
#: the clerk cannot enter is a field that stays empty.
NOT_ON_FORM: dict[tuple[type[Any], str], str] = {
    (MediationCaseDraft, "follow_up_on"): "derived: the latest follow-up's date (回访记录)",
}

#: Table columns that are no draft field: the record's identity and history (SyncedRecord),
#: and the duty visit's confirmation, which DutyConfirmation carries, not the draft.
BOOKKEEPING = frozenset(SyncedRecord.__annotations__)
NOT_DRAFT_COLUMNS: dict[str, frozenset[str]] = {
    "duty_log": frozenset({"confirmed_by", "confirmed_on", "confirmed_by_user"}),
}
#: A child table's own columns: its key, its parent's key and its place in the list.
CHILD_KEYS = frozenset({"id", "position", "case_id", "duty_log_id"})

#: Labels that name no draft field: the duty visit's confirmation (DutyConfirmation).
DOMAIN_LABELS: dict[str, tuple[dict[str, str], frozenset[str]]] = {
    "consultation": (consultation.LABELS, frozenset()),
    "mediation_case": (mediation_case.LABELS, frozenset()),
    "duty_log": (duty_log.LABELS, frozenset({"confirmed_by", "confirmed_on"})),
    "publicity_event": (publicity_event.LABELS, frozenset()),
    "legal_aid_review": (legal_aid_review.LABELS, frozenset()),
}


def _names(draft_type: type[Any]) -> set[str]:
    return {f.name for f in dataclasses.fields(draft_type)}


def _child_drafts(spec: LedgerSpec) -> dict[str, type[Any]]:
    return {child.field: child.draft_type for child in spec.children}


def _grids() -> dict[str, tuple[type[Any], list[str], set[str]]]:
    """Every form and child grid by name: its draft type, the fields it shows in order, and
    the draft's lists it edits in child grids."""
    out = {}
    for form in FORMS.values():
        shown = [f.name for f in form.fields]
        out[form.entity] = (form.draft_type, shown, {c.name for c in form.children})
        for child in form.children:
            out[f"{form.entity}.{child.name}"] = (
                child.draft_type,
                [f.name for f in child.fields],
                set(),
            )
    return out


GRIDS = _grids()


# -- forms ---------------------------------------------------------------------------------


def test_every_ledger_has_a_form_over_its_own_draft() -> None:
    assert set(FORMS) == set(LEDGER_BY_ENTITY)
    for entity, form in FORMS.items():
        spec = LEDGER_BY_ENTITY[entity]
        assert form.draft_type is spec.draft_type, entity
        assert {c.name: c.draft_type for c in form.children} == _child_drafts(spec), entity


@pytest.mark.parametrize("where", sorted(GRIDS))
def test_a_form_names_only_fields_of_its_draft(where: str) -> None:
    draft_type, shown, lists = GRIDS[where]
    assert set(shown) - _names(draft_type) == set()
    assert lists - _names(draft_type) == set()
    assert len(shown) == len(set(shown)), "a field shown twice"


@pytest.mark.parametrize("where", sorted(GRIDS))
def test_every_draft_field_is_on_its_form_or_left_off_on_purpose(where: str) -> None:
    draft_type, shown, lists = GRIDS[where]
    left_off = {name for (t, name) in NOT_ON_FORM if t is draft_type}
    assert _names(draft_type) - set(shown) - lists - left_off == set()
    assert left_off & set(shown) == set(), "an exclusion for a field the form shows"


def test_exclusions_name_real_fields_and_say_why() -> None:
    for (draft_type, name), reason in NOT_ON_FORM.items():
        assert name in _names(draft_type)
        assert reason.strip()


def test_a_form_naming_a_field_its_draft_lacks_is_refused_when_declared() -> None:
    with pytest.raises(TypeError, match="nmae"):
        FormSpec(
            entity="consultation",
            title="法律咨询",
            draft_type=ConsultationDraft,
            labels=consultation.LABELS,
            fields=(FieldSpec("nmae", lambda _c: None),),
        )
    with pytest.raises(TypeError, match="telephone"):
        ChildSpec(
            name="parties",
            title="当事人",
            draft_type=PartyDraft,
            labels=mediation_case.PARTY_LABELS,
            fields=(FieldSpec("telephone", lambda _c: None),),
            add_text="添加当事人",
        )
    with pytest.raises(TypeError, match="attendants"):  # a child grid the draft has no list for
        FormSpec(
            entity="mediation_case",
            title="人民调解",
            draft_type=MediationCaseDraft,
            labels=mediation_case.LABELS,
            fields=(),
            children=(
                ChildSpec("attendants", "", SessionDraft, {}, (FieldSpec("held_on", print),), ""),
            ),
        )
    with pytest.raises(TypeError, match="date"):  # kept for the next entry: a field too
        FormSpec(
            entity="consultation",
            title="法律咨询",
            draft_type=ConsultationDraft,
            labels=consultation.LABELS,
            fields=(),
            keep_on_new=("date",),
        )


@pytest.mark.parametrize("entity", sorted(DOMAIN_LABELS))
def test_every_draft_field_has_a_label_and_every_label_a_field(entity: str) -> None:
    labels, not_draft = DOMAIN_LABELS[entity]
    fields = _names(LEDGER_BY_ENTITY[entity].draft_type)
    assert fields - set(labels) == set()
    assert set(labels) - fields == not_draft
    assert not_draft <= _names(DutyConfirmation)


@pytest.mark.parametrize("where", sorted(GRIDS))
def test_every_field_a_form_shows_has_its_label(where: str) -> None:
    """The dialog heads each field with its draft's label (a KeyError when one is missing)."""
    labels = {form.entity: form.labels for form in FORMS.values()} | {
        f"{form.entity}.{child.name}": child.labels
        for form in FORMS.values()
        for child in form.children
    }
    _draft_type, shown, lists = GRIDS[where]
    assert set(shown) | lists <= set(labels[where])


# -- tables --------------------------------------------------------------------------------


@pytest.mark.parametrize("spec", LEDGERS, ids=lambda s: s.entity)
def test_table_columns_are_the_drafts_fields_one_to_one(spec: LedgerSpec) -> None:
    """The repository copies draft fields to columns by name, both ways."""
    children = _child_drafts(spec)
    record_fields = _names(spec.draft_type) - set(children)
    columns = {c.name for c in spec.row_type.__table__.columns}  # type: ignore[attr-defined]
    assert record_fields - columns == set(), "draft fields no column holds"
    extra = columns - record_fields - BOOKKEEPING
    assert extra == NOT_DRAFT_COLUMNS.get(spec.entity, frozenset()), "columns no field fills"
    for child in spec.children:
        child_columns = {c.name for c in child.row_type.__table__.columns}
        assert child_columns - CHILD_KEYS == _names(child.draft_type), child.field
        assert hasattr(spec.row_type, child.field), child.field


# -- the workbook ---------------------------------------------------------------------------


def _target_draft(layout: SheetLayout, target: Target) -> type[Any]:
    """The draft a column of ``target`` fills, as importer.record_builders reads it."""
    parent = (
        layout if layout.entity is not None else next(s for s in SHEETS if s.name == layout.parent)
    )
    spec = LEDGER_BY_ENTITY[parent.entity or ""]
    return {
        Target.RECORD: spec.draft_type,
        Target.LINK: spec.draft_type,  # the 案号 of the case
        Target.PARTIES: PartyDraft,
        Target.PARTY: PartyDraft,
        Target.LAST_SESSION: SessionDraft,
        Target.FOLLOW_UP: FollowUpDraft,
        Target.INVESTIGATION: InvestigationDraft,
        Target.ITEM: ServiceItemDraft,
        Target.CONFIRMATION: DutyConfirmation,
    }[target]


@pytest.mark.parametrize("layout", SHEETS, ids=lambda s: s.entity or "party_sheet")
def test_workbook_columns_fill_fields_their_drafts_have(layout: SheetLayout) -> None:
    for column in layout.columns:
        draft_type = _target_draft(layout, column.target)
        assert column.field in _names(draft_type), f"{layout.name}/{column.header}"


@pytest.mark.parametrize("spec", LEDGERS, ids=lambda s: s.entity)
def test_every_plain_draft_field_has_a_workbook_column(spec: LedgerSpec) -> None:
    """Export writes and import reads each field of the record itself (lists have sheets or
    columns of their own), so an exported workbook imports back to the same records."""
    layout = SHEET_BY_ENTITY[spec.entity]
    in_sheet = {c.field for c in layout.columns if c.target is Target.RECORD}
    assert _names(spec.draft_type) - set(_child_drafts(spec)) - in_sheet == set()


# -- list columns and the statistics table --------------------------------------------------


@pytest.mark.parametrize("spec", LEDGERS, ids=lambda s: s.entity)
def test_list_columns_sort_by_real_columns_and_read_real_fields(spec: LedgerSpec) -> None:
    station = StationInfo(
        "u",
        "龙兴镇",
        "渝北区",
        UnitKind.TOWN,
        "龙兴",
        (VillageInfo(1, "v", "青石村", UnitKind.TOWN, 0),),
    )
    now = datetime(2026, 11, 25, 8, 0)
    record = Stored(RecordMeta(1, "r", 1, now, now, None, None, None, None), spec.draft_type())
    for column in LIST_COLUMNS[spec.entity]:
        if column.sort_field is not None:
            assert hasattr(spec.row_type, column.sort_field), column.header
            assert column.sort_field not in _child_drafts(spec), column.header
        column.value(record, station, {})  # AttributeError: the column reads a missing field


def test_statistics_columns_are_the_table_rows_fields() -> None:
    keys = [c.key for c in REPORT_COLUMNS]
    assert set(keys) == _names(TableRow) - {"kind"}
    assert len(keys) == len(set(keys))
