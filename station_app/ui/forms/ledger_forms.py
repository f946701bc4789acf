"""The field lists of the five ledger forms, in the order a clerk fills them in."""

from __future__ import annotations

from datetime import time
from typing import Any

from station_app.domain import (
    consultation,
    duty_log,
    legal_aid_review,
    mediation_case,
    publicity_event,
)
from station_app.domain.choices import (
    AgreementForm,
    AidDecision,
    AidMatter,
    AidOpinion,
    ConsultCategory,
    ConsultChannel,
    ConsultOutcome,
    DisputeSource,
    DutyServiceType,
    FollowUpMethod,
    Gender,
    HardshipBasis,
    JudicialConfirmation,
    MediationResult,
    PartyRole,
    Performance,
    PublicityForm,
    RetentionPeriod,
    Satisfaction,
    SpecialGroup,
)
from station_app.domain.consultation import ConsultationDraft
from station_app.domain.duty_log import DutyLogDraft, ServiceItemDraft
from station_app.domain.legal_aid_review import LegalAidReviewDraft
from station_app.domain.mediation_case import (
    FollowUpDraft,
    InvestigationDraft,
    MediationCaseDraft,
    PartyDraft,
    SessionDraft,
)
from station_app.domain.organisation import STATION_ITSELF
from station_app.domain.publicity_event import PublicityEventDraft
from station_app.ui.forms.editors import (
    CheckEditor,
    ChoiceEditor,
    DateEditor,
    IdNumberEditor,
    IntEditor,
    LinesEditor,
    LongTextEditor,
    MoneyEditor,
    MultiChoiceEditor,
    NamesEditor,
    TextEditor,
    TimeEditor,
    enum_choice,
)
from station_app.ui.forms.record_dialog import ChildSpec, FieldSpec, FormContext, FormSpec
from station_app.ui.i18n import QT_TRANSLATE_NOOP, tr


def _date(ctx: FormContext) -> DateEditor:
    return DateEditor(optional=False, today=ctx.today)


def _optional_date(ctx: FormContext) -> DateEditor:
    return DateEditor(optional=True, today=ctx.today)


def _village(ctx: FormContext) -> ChoiceEditor:
    items: list[tuple[str, Any]] = [(v.name, v.id) for v in ctx.station.villages]
    items.append((STATION_ITSELF, None))
    if ctx.villages is not None:  # a village officer: their own village only, already chosen
        items = [item for item in items if item[1] in ctx.villages]
    editor = ChoiceEditor(items, optional=False)
    return editor


def _dispute_type(ctx: FormContext) -> ChoiceEditor:
    return ChoiceEditor([(name, code) for code, name in ctx.dispute_types], optional=True)


def _choice(enum: Any, *, optional: bool = False) -> Any:
    return lambda _ctx: enum_choice(enum, optional=optional)


def _text(max_len: int = 100) -> Any:
    return lambda _ctx: TextEditor(max_len)


def _long(_ctx: FormContext) -> LongTextEditor:
    return LongTextEditor()


def _age(_ctx: FormContext) -> IntEditor:
    editor = IntEditor(0, 120)
    editor.setMaximumWidth(editor.fontMetrics().horizontalAdvance("0000") + 24)
    return editor


def _id_number(_ctx: FormContext) -> IdNumberEditor:
    return IdNumberEditor()


def _count(_ctx: FormContext) -> IntEditor:
    return IntEditor(0, 1_000_000)


def _copies(_ctx: FormContext) -> IntEditor:
    return IntEditor(0, 99)


def _ethnicity(_ctx: FormContext) -> TextEditor:
    editor = TextEditor(20)
    # room for four Chinese characters (鄂伦春族), each about two digits wide
    editor.setMaximumWidth(editor.fontMetrics().horizontalAdvance("0" * 8) + 24)
    return editor


def _lines(_ctx: FormContext) -> LinesEditor:
    return LinesEditor()


def _check(text: str) -> Any:
    return lambda _ctx: CheckEditor(tr(text))


CONSULTATION_FORM = FormSpec(
    entity="consultation",
    title=QT_TRANSLATE_NOOP("", "法律咨询"),
    draft_type=ConsultationDraft,
    labels=consultation.LABELS,
    fields=(
        FieldSpec("consulted_on", _date, required=True),
        FieldSpec("village_id", _village, required=True),
        FieldSpec("channel", _choice(ConsultChannel, optional=True), required=True),
        FieldSpec("name", _text(), required=True),
        FieldSpec("gender", _choice(Gender, optional=True)),
        FieldSpec("age", _age),
        FieldSpec("phone", _text(20), hint=QT_TRANSLATE_NOOP("", "手机号或 区号-号码")),
        FieldSpec("id_number", _id_number, hint=QT_TRANSLATE_NOOP("", "18位，末位可为X")),
        FieldSpec("declined_identity", _check(QT_TRANSLATE_NOOP("", "咨询人拒绝提供身份信息"))),
        FieldSpec("special_groups", lambda _c: MultiChoiceEditor(SpecialGroup), wide=True),
        FieldSpec("category", _choice(ConsultCategory, optional=True), required=True),
        FieldSpec("outcome", _choice(ConsultOutcome), required=True),
        FieldSpec("question", _long, required=True, wide=True),
        FieldSpec("answer", _long, wide=True),
        FieldSpec("receiver", _text(), required=True),
        FieldSpec("satisfaction", _choice(Satisfaction, optional=True)),
        FieldSpec(
            "verification",
            _text(400),
            hint=QT_TRANSLATE_NOOP("", "不满意时，核实或纠正的情况"),
        ),
        FieldSpec("note", _text(200)),
    ),
    keep_on_new=("consulted_on", "village_id", "channel", "receiver"),
)

PARTY_ROWS = ChildSpec(
    name="parties",
    title=QT_TRANSLATE_NOOP("", "当事人"),
    draft_type=PartyDraft,
    labels=mediation_case.PARTY_LABELS,
    fields=(
        FieldSpec("role", _choice(PartyRole), required=True),
        FieldSpec("name", _text(), required=True),
        FieldSpec("gender", _choice(Gender, optional=True)),
        FieldSpec("ethnicity", _ethnicity),
        FieldSpec("age", _age),
        FieldSpec("occupation", _text()),
        FieldSpec("phone", _text(20)),
        FieldSpec("id_number", _id_number),
        FieldSpec("address", _text(200), wide=True, hint=QT_TRANSLATE_NOOP("", "单位或住址")),
    ),
    add_text=QT_TRANSLATE_NOOP("", "添加当事人"),
    new_row=lambda i: (
        PartyDraft(role=PartyRole.APPLICANT if i == 0 else PartyRole.RESPONDENT) if i < 2 else None
    ),
)

SESSION_ROWS = ChildSpec(
    name="sessions",
    title=QT_TRANSLATE_NOOP("", "调解记录"),
    draft_type=SessionDraft,
    labels=mediation_case.SESSION_LABELS,
    fields=(
        FieldSpec("held_on", _date, required=True),
        FieldSpec("place", _text()),
        FieldSpec("mediators", _text()),
        FieldSpec("subject", _text(200)),
        FieldSpec("attendees", _text(200)),
        FieldSpec("record", _long, wide=True),
        FieldSpec("notes", _text(400), wide=True),
    ),
    add_text=QT_TRANSLATE_NOOP("", "添加调解记录"),
)

INVESTIGATION_ROWS = ChildSpec(
    name="investigations",
    title=QT_TRANSLATE_NOOP("", "调查记录"),
    draft_type=InvestigationDraft,
    labels=mediation_case.INVESTIGATION_LABELS,
    fields=(
        FieldSpec("investigated_on", _date, required=True),
        FieldSpec("place", _text()),
        FieldSpec("attendees", _text(200)),
        FieldSpec("interviewee", _text(), required=True),
        FieldSpec("record", _long, wide=True),
    ),
    add_text=QT_TRANSLATE_NOOP("", "添加调查记录"),
)

FOLLOW_UP_ROWS = ChildSpec(
    name="follow_ups",
    title=QT_TRANSLATE_NOOP("", "回访记录"),
    draft_type=FollowUpDraft,
    labels=mediation_case.FOLLOW_UP_LABELS,
    fields=(
        FieldSpec("followed_up_on", _date, required=True),
        FieldSpec("method", _choice(FollowUpMethod), required=True),
        FieldSpec("followed_up_by", _text()),
        FieldSpec("performance", _choice(Performance, optional=True)),
        FieldSpec("satisfaction", _choice(Satisfaction, optional=True)),
        FieldSpec("verification", _text(400)),
    ),
    add_text=QT_TRANSLATE_NOOP("", "添加回访记录"),
)

MEDIATION_FORM = FormSpec(
    entity="mediation_case",
    title=QT_TRANSLATE_NOOP("", "人民调解案件"),
    draft_type=MediationCaseDraft,
    labels=mediation_case.LABELS,
    fields=(
        FieldSpec("accepted_on", _date, required=True),
        FieldSpec("village_id", _village, required=True),
        FieldSpec("case_number", _text(40), hint=QT_TRANSLATE_NOOP("", "留空则自动编号")),
        FieldSpec("source", _choice(DisputeSource, optional=True), required=True),
        FieldSpec("dispute_type", _dispute_type, required=True),
        FieldSpec(
            "mediators",
            lambda _c: NamesEditor(200),
            required=True,
            hint=QT_TRANSLATE_NOOP("", "多人用、分隔"),
        ),
        FieldSpec("recorder", _text()),
        FieldSpec("summary", _long, required=True, wide=True),
        FieldSpec("requests", _lines, wide=True, hint=QT_TRANSLATE_NOOP("", "一行一项，不必编号")),
        FieldSpec("dispute_facts", _long, wide=True),
        FieldSpec("result", _choice(MediationResult), required=True),
        FieldSpec("closed_on", _optional_date),
        FieldSpec("agreement_form", _choice(AgreementForm, optional=True)),
        FieldSpec("amount", lambda _c: MoneyEditor()),
        FieldSpec(
            "agreement_terms", _lines, wide=True, hint=QT_TRANSLATE_NOOP("", "一行一条，不必编号")
        ),
        FieldSpec("performance_method", _text()),
        FieldSpec("performance_place", _text()),
        FieldSpec("performance_due", _text()),
        FieldSpec("copies", _copies, hint=QT_TRANSLATE_NOOP("", "留空：当事人数加一")),
        FieldSpec("persons_involved", _count),
        FieldSpec("performance", _choice(Performance, optional=True)),
        FieldSpec("judicial_confirmation", _choice(JudicialConfirmation)),
        FieldSpec("filed_by", _text()),
        FieldSpec("filed_on", _optional_date),
        FieldSpec("retention", _choice(RetentionPeriod, optional=True)),
        FieldSpec("note", _text(200), wide=True),
    ),
    children=(PARTY_ROWS, SESSION_ROWS, INVESTIGATION_ROWS, FOLLOW_UP_ROWS),
    keep_on_new=("accepted_on", "village_id"),
)

ITEM_ROWS = ChildSpec(
    name="items",
    title=QT_TRANSLATE_NOOP("", "服务事项（一事一记）"),
    draft_type=ServiceItemDraft,
    labels=duty_log.ITEM_LABELS,
    fields=(
        FieldSpec("service_type", _choice(DutyServiceType), required=True),
        FieldSpec("served", _text(200), required=True),
        FieldSpec("content", _text(400), required=True, wide=True),
        FieldSpec("result", _text(400), wide=True),
    ),
    add_text=QT_TRANSLATE_NOOP("", "添加服务事项"),
    new_row=lambda i: (
        ServiceItemDraft(service_type=DutyServiceType.CONSULTATION) if i == 0 else None
    ),
)

DUTY_LOG_FORM = FormSpec(
    entity="duty_log",
    title=QT_TRANSLATE_NOOP("", "律师值班记录"),
    draft_type=DutyLogDraft,
    labels=duty_log.LABELS,
    fields=(
        FieldSpec("duty_on", _date, required=True),
        FieldSpec("village_id", _village, required=True),
        FieldSpec("lawyer_name", _text(), required=True),
        FieldSpec("law_firm", _text(), required=True),
        FieldSpec("start_time", lambda _c: TimeEditor(time(9, 0)), required=True),
        FieldSpec("end_time", lambda _c: TimeEditor(time(12, 0)), required=True),
        FieldSpec("note", _text(200), wide=True),
    ),
    children=(ITEM_ROWS,),
    keep_on_new=("duty_on", "village_id", "lawyer_name", "law_firm", "start_time", "end_time"),
)

PUBLICITY_FORM = FormSpec(
    entity="publicity_event",
    title=QT_TRANSLATE_NOOP("", "法治宣传活动"),
    draft_type=PublicityEventDraft,
    labels=publicity_event.LABELS,
    fields=(
        FieldSpec("held_on", _date, required=True),
        FieldSpec("village_id", _village, required=True),
        FieldSpec("form", _choice(PublicityForm, optional=True), required=True),
        FieldSpec("speaker", _text()),
        FieldSpec("topic", _text(200), required=True, wide=True),
        FieldSpec("attendees", _count, required=True),
        FieldSpec("materials", _count),
        FieldSpec("note", _text(200), wide=True),
    ),
    keep_on_new=("held_on", "village_id"),
)

LEGAL_AID_FORM = FormSpec(
    entity="legal_aid_review",
    title=QT_TRANSLATE_NOOP("", "法律援助初审"),
    draft_type=LegalAidReviewDraft,
    labels=legal_aid_review.LABELS,
    fields=(
        FieldSpec("applied_on", _date, required=True),
        FieldSpec("village_id", _village, required=True),
        FieldSpec("name", _text(), required=True),
        FieldSpec("gender", _choice(Gender, optional=True)),
        FieldSpec("age", _age),
        FieldSpec("phone", _text(20), hint=QT_TRANSLATE_NOOP("", "手机号或 区号-号码")),
        FieldSpec("id_number", _id_number, hint=QT_TRANSLATE_NOOP("", "18位，末位可为X")),
        FieldSpec("matter", _choice(AidMatter, optional=True), required=True),
        FieldSpec("special_groups", lambda _c: MultiChoiceEditor(SpecialGroup), wide=True),
        FieldSpec("hardship_basis", _choice(HardshipBasis, optional=True), required=True),
        FieldSpec("opinion", _choice(AidOpinion, optional=True), required=True),
        FieldSpec("forwarded_on", _optional_date),
        FieldSpec("aid_decision", _choice(AidDecision, optional=True)),
        FieldSpec("decided_on", _optional_date),
        FieldSpec("note", _text(200)),
    ),
    keep_on_new=("applied_on", "village_id"),
)

FORMS = {
    f.entity: f
    for f in (CONSULTATION_FORM, MEDIATION_FORM, DUTY_LOG_FORM, PUBLICITY_FORM, LEGAL_AID_FORM)
}
