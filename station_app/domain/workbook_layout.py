"""The ledger workbook (台账工作簿) layout, declared once for the import and the export.

Transcribes ``shared/spec/ledger-template.md``: the sheet names, each column's header, whether it
is required (always, or when another cell of the same row says so), its kind (how a cell is read
and written), the draft field it fills, and for choice columns the closed value list.

Import reads cells by kind and fills drafts by ``target``/``field``; export walks the same columns
in order and writes each draft field back in the same form, so an exported workbook imports back
to the same records. Nothing here touches a file or the store.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import StrEnum

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
from station_app.domain.organisation import STATION_ITSELF

#: Separator of multi-choice values and of name lists, as the spec writes them.
LIST_SEPARATOR = "、"
#: Separators clerks also type in old workbooks: the import accepts them, the export writes
#: only LIST_SEPARATOR.
LIST_SEPARATORS_ACCEPTED: tuple[str, ...] = ("、", "，", ",", "；", ";")

#: 是/否 columns: the text for True and for False.
YES, NO = "是", "否"

#: Dates are written by the export in this form; the import also takes the other two forms.
DATE_TEXT_FORMS: tuple[str, ...] = ("YYYY-MM-DD", "YYYY/M/D", "YYYY年M月D日")
TIME_TEXT_FORM = "HH:MM"

#: The header row is searched for within this many rows at the top (title rows above it).
HEADER_SEARCH_ROWS = 10


class ColumnKind(StrEnum):
    """How a cell is read and written."""

    DATE = "date"  # Excel date, text in DATE_TEXT_FORMS, or an Excel 1900 date serial
    TIME = "time"  # Excel time or text HH:MM
    INT = "int"  # Excel number or text digits (full-width accepted)
    DECIMAL = "decimal"  # amount in yuan, up to 2 decimals
    CHOICE = "choice"  # exactly one value of ``choices``
    MULTI_CHOICE = "multi_choice"  # values of ``choices`` joined by LIST_SEPARATOR
    NAMES = "names"  # one or more names joined by LIST_SEPARATOR
    TEXT = "text"  # free text (a number typed into it is read as its digits)
    LINES = "lines"  # a numbered list, one item a line (export numbers them: "1. …")
    VILLAGE = "village"  # a village/community name of the station, or STATION_ITSELF (本站)
    DISPUTE_TYPE = "dispute_type"  # a name of the county's dispute-type list, ± the suffix 纠纷
    YES_NO = "yes_no"  # YES or NO; empty = ``default``
    ID_NUMBER = "id_number"  # resident ID, kept as text (18 digits overflow Excel numbers)
    PHONE = "phone"  # mobile or landline, kept as text
    CASE_NUMBER = "case_number"  # （2026）龙兴调字第0012号


class Target(StrEnum):
    """Which part of a record a column fills."""

    RECORD = "record"  # a field of the ledger's draft (ConsultationDraft, MediationCaseDraft …)
    PARTIES = "parties"  # 申请人/被申请人 names: one PartyDraft per name, with ``role``
    LAST_SESSION = "last_session"  # SessionDraft.held_on of the (last) mediation session
    ITEM = "item"  # 律师值班: one row is one ServiceItemDraft of its visit (一事一记)
    CONFIRMATION = "confirmation"  # 律师值班: DutyConfirmation, applied after the visit is created
    PARTY = "party"  # 调解当事人 sheet: a PartyDraft field
    FOLLOW_UP = "follow_up"  # 调解回访 sheet: a FollowUpDraft field
    INVESTIGATION = "investigation"  # 调解调查 sheet: an InvestigationDraft field
    LINK = "link"  # 调解当事人/调解回访/调解调查 sheet: the 案号 of the case the row belongs to


@dataclass(frozen=True)
class Condition:
    """A test on another cell of the same row: ``column`` holds one of ``values``.

    With ``values`` empty the test is "``column`` is filled"; ``negate`` turns it round
    ("is not one of"). ``text`` says it in Chinese, for reports and the template's notes.
    """

    column: str
    values: tuple[str, ...] = ()
    negate: bool = False
    text: str = ""

    def holds(self, cell: str | None) -> bool:
        """``cell``: the deciding cell's text (stripped), or None when empty."""
        value = (cell or "").strip()
        if not value:
            return False
        hit = not self.values or value in self.values
        return not hit if self.negate else hit


@dataclass(frozen=True)
class ColumnSpec:
    """One column of a sheet.

    ``required``: the header must be present and the cell filled (a missing required column is
    an error for the whole sheet). ``required_when``: the header may be absent, but the cell is
    required when the condition holds. ``blank_ok_when``: a required cell may stay empty when
    this holds (咨询人姓名 when the person declined to give identity). Every rule is also enforced
    by the drafts' ``validated``; these fields say so in the layout, for headers, templates and
    the "already present" match (a row matches a record on all its required columns).
    """

    header: str
    kind: ColumnKind
    field: str  # the field of the ``target`` draft (see Target)
    required: bool = False
    target: Target = Target.RECORD
    choices: type[StrEnum] | None = None  # CHOICE / MULTI_CHOICE only
    required_when: Condition | None = None
    blank_ok_when: Condition | None = None
    role: PartyRole | None = None  # Target.PARTIES: the role of the names in this column
    default: str | None = None  # what an empty cell means, when it means something
    visit_key: bool = False  # 律师值班: rows equal on all visit-key columns are one visit
    #: Printed in the PDF register (台账) too; False for what only the documents (文书) need.
    in_register: bool = True
    note: str = ""  # the value rule in the spec's words, for templates and help

    @property
    def choice_values(self) -> tuple[str, ...]:
        return tuple(e.value for e in self.choices) if self.choices is not None else ()


@dataclass(frozen=True)
class SheetLayout:
    """One sheet: its name (exactly the ledger's label), its columns in the export's order."""

    name: str
    entity: str | None  # the ledger (LedgerSpec.entity); None for a detail sheet
    columns: tuple[ColumnSpec, ...]
    parent: str | None = None  # detail sheet: the sheet whose rows it details
    link_header: str | None = None  # detail sheet: the column naming the parent row (案号)
    note: str = ""
    _by_header: dict[str, ColumnSpec] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_header", {c.header: c for c in self.columns})
        if len(self._by_header) != len(self.columns):
            raise ValueError(f"duplicate header in sheet {self.name}")

    @property
    def headers(self) -> tuple[str, ...]:
        return tuple(c.header for c in self.columns)

    @property
    def required_headers(self) -> tuple[str, ...]:
        return tuple(c.header for c in self.columns if c.required)

    def column(self, header: str) -> ColumnSpec:
        return self._by_header[header]

    def find(self, header: str) -> ColumnSpec | None:
        return self._by_header.get(header)

    def column_for_field(self, name: str, target: Target = Target.RECORD) -> ColumnSpec | None:
        """The column a draft field comes from: maps a FieldError back to its header."""
        return next((c for c in self.columns if c.field == name and c.target is target), None)


def _village(header: str = "村(居)") -> ColumnSpec:
    return ColumnSpec(
        header,
        ColumnKind.VILLAGE,
        "village_id",
        required=True,
        note=f"村(居)名称或{STATION_ITSELF}",
    )


def _choice(
    header: str,
    field_name: str,
    enum: type[StrEnum],
    *,
    required: bool = False,
    target: Target = Target.RECORD,
    required_when: Condition | None = None,
    default: str | None = None,
) -> ColumnSpec:
    return ColumnSpec(
        header,
        ColumnKind.CHOICE,
        field_name,
        required=required,
        target=target,
        choices=enum,
        required_when=required_when,
        default=default,
    )


CONSULTATION_SHEET = SheetLayout(
    name="法律咨询",
    entity="consultation",
    columns=(
        ColumnSpec("日期", ColumnKind.DATE, "consulted_on", required=True),
        _village(),
        _choice("咨询方式", "channel", ConsultChannel, required=True),
        ColumnSpec(
            "咨询人姓名",
            ColumnKind.TEXT,
            "name",
            required=True,
            blank_ok_when=Condition(
                "拒绝提供身份信息", (YES,), text="拒绝提供身份信息为“是”时可空"
            ),
        ),
        _choice("性别", "gender", Gender),
        ColumnSpec("年龄", ColumnKind.INT, "age", note="0-120"),
        ColumnSpec("联系电话", ColumnKind.PHONE, "phone"),
        ColumnSpec("身份证号", ColumnKind.ID_NUMBER, "id_number"),
        ColumnSpec("拒绝提供身份信息", ColumnKind.YES_NO, "declined_identity", default=NO),
        ColumnSpec("特殊群体", ColumnKind.MULTI_CHOICE, "special_groups", choices=SpecialGroup),
        _choice("问题类别", "category", ConsultCategory, required=True),
        ColumnSpec("咨询内容", ColumnKind.TEXT, "question", required=True),
        ColumnSpec("解答内容", ColumnKind.TEXT, "answer"),
        ColumnSpec("接待人", ColumnKind.TEXT, "receiver", required=True),
        _choice("处理结果", "outcome", ConsultOutcome, required=True),
        _choice("满意度", "satisfaction", Satisfaction),
        ColumnSpec("核实情况", ColumnKind.TEXT, "verification", note="不满意时核实或纠正的情况"),
        ColumnSpec("备注", ColumnKind.TEXT, "note"),
    ),
)

_IN_PROGRESS = MediationResult.IN_PROGRESS.value

_LINES_NOTE = "一行一项，可带编号"
_AGREEMENT = "调解不成功或终止调解的案件不填"
_FILING = "结案后立卷时填写；立卷人、立卷日期、保管期限同时填写"


def _document_columns() -> tuple[ColumnSpec, ...]:
    """人民调解's columns for the documents (文书) only: optional, and left out of the register."""
    columns = (
        ColumnSpec("当事人申请事项", ColumnKind.LINES, "requests", note=_LINES_NOTE),
        ColumnSpec("纠纷主要事实、争议事项", ColumnKind.TEXT, "dispute_facts"),
        ColumnSpec(
            "协议内容", ColumnKind.LINES, "agreement_terms", note=f"{_LINES_NOTE}；{_AGREEMENT}"
        ),
        ColumnSpec("履行方式", ColumnKind.TEXT, "performance_method", note=_AGREEMENT),
        ColumnSpec("履行地点", ColumnKind.TEXT, "performance_place", note=_AGREEMENT),
        ColumnSpec("履行期限", ColumnKind.TEXT, "performance_due", note=_AGREEMENT),
        ColumnSpec("协议份数", ColumnKind.INT, "copies", note="2-20；空：当事人数加一"),
        ColumnSpec("记录人", ColumnKind.TEXT, "recorder"),
        ColumnSpec("立卷人", ColumnKind.TEXT, "filed_by", note=_FILING),
        ColumnSpec("立卷日期", ColumnKind.DATE, "filed_on", note=f"{_FILING}；不早于结案日期"),
        _choice("保管期限", "retention", RetentionPeriod),
    )
    return tuple(replace(c, in_register=False) for c in columns)


MEDIATION_SHEET = SheetLayout(
    name="人民调解",
    entity="mediation_case",
    note="一案一行；当事人详细信息见“调解当事人”表",
    columns=(
        ColumnSpec(
            "案号",
            ColumnKind.CASE_NUMBER,
            "case_number",
            note="如（2026）龙兴调字第0012号；空则自动编号",
        ),
        ColumnSpec("受理日期", ColumnKind.DATE, "accepted_on", required=True),
        _village(),
        _choice("纠纷来源", "source", DisputeSource, required=True),
        ColumnSpec(
            "纠纷类型",
            ColumnKind.DISPUTE_TYPE,
            "dispute_type",
            required=True,
            note="纠纷类型目录中的名称，可带或不带“纠纷”二字",
        ),
        ColumnSpec(
            "申请人",
            ColumnKind.NAMES,
            "name",
            required=True,
            target=Target.PARTIES,
            role=PartyRole.APPLICANT,
        ),
        ColumnSpec(
            "被申请人",
            ColumnKind.NAMES,
            "name",
            required=True,
            target=Target.PARTIES,
            role=PartyRole.RESPONDENT,
        ),
        ColumnSpec("纠纷简要情况", ColumnKind.TEXT, "summary", required=True),
        ColumnSpec("调解员", ColumnKind.NAMES, "mediators", required=True),
        ColumnSpec(
            "调解日期",
            ColumnKind.DATE,
            "held_on",
            target=Target.LAST_SESSION,
            note="最后一次调解的日期",
        ),
        _choice("调解结果", "result", MediationResult, required=True),
        ColumnSpec(
            "结案日期",
            ColumnKind.DATE,
            "closed_on",
            required_when=Condition(
                "调解结果", (_IN_PROGRESS,), negate=True, text="调解结果不是“调解中”时必填"
            ),
            note="不早于受理日期",
        ),
        _choice(
            "协议形式",
            "agreement_form",
            AgreementForm,
            required_when=Condition(
                "调解结果", (MediationResult.SUCCESS.value,), text="调解成功时必填"
            ),
        ),
        ColumnSpec("涉及金额(元)", ColumnKind.DECIMAL, "amount", note="不小于0，最多两位小数"),
        ColumnSpec("涉及人数", ColumnKind.INT, "persons_involved", note="不小于2"),
        _choice("履行情况", "performance", Performance),
        *_document_columns(),
        ColumnSpec(
            "回访日期",
            ColumnKind.DATE,
            "follow_up_on",
            note="最近一次回访的日期；无“调解回访”表时记为一次回访（方式“其他”）",
        ),
        _choice(
            "司法确认",
            "judicial_confirmation",
            JudicialConfirmation,
            default=JudicialConfirmation.NOT_APPLIED.value,
        ),
        ColumnSpec("备注", ColumnKind.TEXT, "note"),
    ),
)

PARTY_SHEET = SheetLayout(
    name="调解当事人",
    entity=None,
    parent=MEDIATION_SHEET.name,
    link_header="案号",
    note="当事人详细信息，按案号对应“人民调解”表中的案件；案件行中列出而此处没有的姓名，视为未登记详细信息的当事人",
    columns=(
        ColumnSpec(
            "案号", ColumnKind.CASE_NUMBER, "case_number", required=True, target=Target.LINK
        ),
        _choice("角色", "role", PartyRole, required=True, target=Target.PARTY),
        ColumnSpec("姓名", ColumnKind.TEXT, "name", required=True, target=Target.PARTY),
        _choice("性别", "gender", Gender, target=Target.PARTY),
        ColumnSpec("民族", ColumnKind.TEXT, "ethnicity", target=Target.PARTY),
        ColumnSpec("年龄", ColumnKind.INT, "age", target=Target.PARTY, note="0-120"),
        ColumnSpec("职业或职务", ColumnKind.TEXT, "occupation", target=Target.PARTY),
        ColumnSpec("联系电话", ColumnKind.PHONE, "phone", target=Target.PARTY),
        ColumnSpec("身份证号", ColumnKind.ID_NUMBER, "id_number", target=Target.PARTY),
        ColumnSpec("住址", ColumnKind.TEXT, "address", target=Target.PARTY),
    ),
)

FOLLOW_UP_SHEET = SheetLayout(
    name="调解回访",
    entity=None,
    parent=MEDIATION_SHEET.name,
    link_header="案号",
    note="一次回访一行，按案号对应“人民调解”表中的案件",
    columns=(
        ColumnSpec(
            "案号", ColumnKind.CASE_NUMBER, "case_number", required=True, target=Target.LINK
        ),
        ColumnSpec(
            "回访日期", ColumnKind.DATE, "followed_up_on", required=True, target=Target.FOLLOW_UP
        ),
        _choice("回访方式", "method", FollowUpMethod, required=True, target=Target.FOLLOW_UP),
        ColumnSpec("回访人", ColumnKind.TEXT, "followed_up_by", target=Target.FOLLOW_UP),
        _choice("履行情况", "performance", Performance, target=Target.FOLLOW_UP),
        _choice("满意度", "satisfaction", Satisfaction, target=Target.FOLLOW_UP),
        ColumnSpec(
            "核实情况",
            ColumnKind.TEXT,
            "verification",
            target=Target.FOLLOW_UP,
            note="不满意时核实或纠正的情况",
        ),
    ),
)

INVESTIGATION_SHEET = SheetLayout(
    name="调解调查",
    entity=None,
    parent=MEDIATION_SHEET.name,
    link_header="案号",
    note="一次调查一行（人民调解调查记录），按案号对应“人民调解”表中的案件",
    columns=(
        ColumnSpec(
            "案号", ColumnKind.CASE_NUMBER, "case_number", required=True, target=Target.LINK
        ),
        ColumnSpec(
            "调查日期",
            ColumnKind.DATE,
            "investigated_on",
            required=True,
            target=Target.INVESTIGATION,
            note="不早于受理日期",
        ),
        ColumnSpec("地点", ColumnKind.TEXT, "place", target=Target.INVESTIGATION),
        ColumnSpec("参加人", ColumnKind.TEXT, "attendees", target=Target.INVESTIGATION),
        ColumnSpec(
            "被调查人", ColumnKind.TEXT, "interviewee", required=True, target=Target.INVESTIGATION
        ),
        ColumnSpec("记录", ColumnKind.TEXT, "record", target=Target.INVESTIGATION),
    ),
)

DUTY_LOG_SHEET = SheetLayout(
    name="律师值班",
    entity="duty_log",
    note="一事一行；日期、地点、律师姓名、开始时间、结束时间相同的行为同一次值班（一次一记）",
    columns=(
        ColumnSpec("日期", ColumnKind.DATE, "duty_on", required=True, visit_key=True),
        ColumnSpec(
            "地点",
            ColumnKind.VILLAGE,
            "village_id",
            required=True,
            visit_key=True,
            note=f"{STATION_ITSELF}或村(居)名称",
        ),
        ColumnSpec("律师姓名", ColumnKind.TEXT, "lawyer_name", required=True, visit_key=True),
        ColumnSpec("律师事务所", ColumnKind.TEXT, "law_firm", required=True),
        ColumnSpec("开始时间", ColumnKind.TIME, "start_time", required=True, visit_key=True),
        ColumnSpec(
            "结束时间",
            ColumnKind.TIME,
            "end_time",
            required=True,
            visit_key=True,
            note="晚于开始时间，同一天内",
        ),
        _choice("服务类型", "service_type", DutyServiceType, required=True, target=Target.ITEM),
        ColumnSpec("服务对象", ColumnKind.TEXT, "served", required=True, target=Target.ITEM),
        ColumnSpec("服务内容", ColumnKind.TEXT, "content", required=True, target=Target.ITEM),
        ColumnSpec("服务结果", ColumnKind.TEXT, "result", target=Target.ITEM),
        ColumnSpec(
            "确认人",
            ColumnKind.TEXT,
            "confirmed_by",
            target=Target.CONFIRMATION,
            note="综治专干或站长；空表示未确认",
        ),
        ColumnSpec(
            "确认日期",
            ColumnKind.DATE,
            "confirmed_on",
            target=Target.CONFIRMATION,
            required_when=Condition("确认人", text="填写确认人时必填"),
        ),
        ColumnSpec("备注", ColumnKind.TEXT, "note"),
    ),
)

PUBLICITY_SHEET = SheetLayout(
    name="法治宣传",
    entity="publicity_event",
    columns=(
        ColumnSpec("日期", ColumnKind.DATE, "held_on", required=True),
        _village(),
        _choice("活动形式", "form", PublicityForm, required=True),
        ColumnSpec("主题", ColumnKind.TEXT, "topic", required=True),
        ColumnSpec("主讲人", ColumnKind.TEXT, "speaker"),
        ColumnSpec("参加人数", ColumnKind.INT, "attendees", required=True, note="不小于0"),
        ColumnSpec("发放资料(份)", ColumnKind.INT, "materials", note="不小于0"),
        ColumnSpec("备注", ColumnKind.TEXT, "note"),
    ),
)

LEGAL_AID_SHEET = SheetLayout(
    name="法律援助初审",
    entity="legal_aid_review",
    columns=(
        ColumnSpec("申请日期", ColumnKind.DATE, "applied_on", required=True),
        _village(),
        ColumnSpec("申请人姓名", ColumnKind.TEXT, "name", required=True),
        _choice("性别", "gender", Gender),
        ColumnSpec("年龄", ColumnKind.INT, "age", note="0-120"),
        ColumnSpec("联系电话", ColumnKind.PHONE, "phone"),
        ColumnSpec("身份证号", ColumnKind.ID_NUMBER, "id_number"),
        ColumnSpec("特殊群体", ColumnKind.MULTI_CHOICE, "special_groups", choices=SpecialGroup),
        _choice("事项类型", "matter", AidMatter, required=True),
        _choice("经济困难依据", "hardship_basis", HardshipBasis, required=True),
        _choice("初审意见", "opinion", AidOpinion, required=True),
        ColumnSpec(
            "转送日期",
            ColumnKind.DATE,
            "forwarded_on",
            required_when=Condition(
                "初审意见", (AidOpinion.FORWARD.value,), text="初审意见为“符合条件转送”时必填"
            ),
        ),
        _choice("法援中心决定", "aid_decision", AidDecision),
        ColumnSpec(
            "决定日期",
            ColumnKind.DATE,
            "decided_on",
            required_when=Condition("法援中心决定", text="填写法援中心决定时必填"),
            note="不早于转送日期",
        ),
        ColumnSpec("备注", ColumnKind.TEXT, "note"),
    ),
)

#: Every sheet, in the workbook's order (the navigation order, with the party and follow-up
#: sheets after cases).
SHEETS: tuple[SheetLayout, ...] = (
    CONSULTATION_SHEET,
    MEDIATION_SHEET,
    PARTY_SHEET,
    FOLLOW_UP_SHEET,
    INVESTIGATION_SHEET,
    DUTY_LOG_SHEET,
    PUBLICITY_SHEET,
    LEGAL_AID_SHEET,
)
SHEET_BY_NAME: dict[str, SheetLayout] = {s.name: s for s in SHEETS}
#: The ledger sheets by LedgerSpec.entity (the party sheet belongs to 人民调解).
SHEET_BY_ENTITY: dict[str, SheetLayout] = {s.entity: s for s in SHEETS if s.entity is not None}
