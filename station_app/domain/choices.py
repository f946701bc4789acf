"""Closed value lists of the ledgers, exactly as `shared/spec/ledger-template.md` spells them.

Values are stored as the Chinese text: the store stays readable in any SQLite browser and the
Excel layout needs no mapping. Dispute types are *not* here: they are county reference data.
"""

from __future__ import annotations

from enum import StrEnum


class Gender(StrEnum):
    MALE = "男"
    FEMALE = "女"


class SpecialGroup(StrEnum):
    ELDERLY = "老年人"
    DISABLED = "残疾人"
    MIGRANT_WORKER = "农民工"
    WOMAN = "妇女"
    MINOR = "未成年人"
    SERVICE_FAMILY = "军人军属"
    VETERAN = "退役军人"
    LOW_INCOME = "低收入群体"


class ConsultChannel(StrEnum):
    VISIT = "来访"
    PHONE = "电话"
    HOTLINE_12348 = "12348热线"
    LETTER = "来信"
    WECHAT_QQ = "微信/QQ"
    HOME_VISIT = "上门"
    OTHER = "其他"


class ConsultCategory(StrEnum):
    MARRIAGE_FAMILY = "婚姻家庭"
    INHERITANCE = "继承"
    LABOUR = "劳动争议"
    LAND_CONTRACT = "土地承包"
    HOMESTEAD = "宅基地"
    HOUSING = "房屋"
    CONTRACT = "合同"
    LENDING = "借贷"
    TORT = "侵权损害"
    TRAFFIC = "交通事故"
    MEDICAL = "医疗"
    PROPERTY_MGMT = "物业"
    CONSUMER = "消费"
    ADMINISTRATIVE = "行政事务"
    CRIMINAL = "刑事"
    OTHER = "其他"


class ConsultOutcome(StrEnum):
    """处理结果: anything but ANSWERED is a referral (转介)."""

    ANSWERED = "当场解答"
    TO_LAWYER = "转介律师"
    TO_LEGAL_AID = "转法律援助"
    TO_MEDIATION = "转人民调解"
    TO_NOTARY = "转公证"
    TO_APPRAISAL = "转司法鉴定"
    TO_OTHER_DEPT = "转其他部门"


class DisputeSource(StrEnum):
    PARTY_REQUEST = "当事人申请"
    OWN_INITIATIVE = "主动调解"
    COURT = "法院委托移送"
    PROCURATORATE = "检察院委托移送"
    POLICE = "公安机关委托移送"
    PETITIONS = "信访部门委托移送"
    OTHER_DEPT = "其他部门委托移送"


class MediationResult(StrEnum):
    IN_PROGRESS = "调解中"
    SUCCESS = "调解成功"
    FAILED = "调解不成功"
    TERMINATED = "终止调解"


class RetentionPeriod(StrEnum):
    """保管期限 of a bound case file (卷宗), set when the file is closed (立卷)."""

    PERMANENT = "永久"
    LONG = "长期"
    SHORT = "短期"


class AgreementForm(StrEnum):
    WRITTEN = "书面"
    ORAL = "口头"


class Performance(StrEnum):
    IN_PROGRESS = "履行中"
    DONE = "已履行"
    PARTIAL = "部分履行"
    NOT_DONE = "未履行"


class JudicialConfirmation(StrEnum):
    NOT_APPLIED = "未申请"
    APPLIED = "已申请"
    CONFIRMED = "已确认"
    REFUSED = "不予确认"


class FollowUpMethod(StrEnum):
    """回访方式: how a mediator followed up a settled case."""

    PHONE = "电话"
    HOME_VISIT = "上门"
    VISIT = "来访"
    OTHER = "其他"


class Satisfaction(StrEnum):
    """满意度 given at a follow-up or after a consultation; not recorded = not rated."""

    SATISFIED = "满意"
    FAIRLY_SATISFIED = "基本满意"
    DISSATISFIED = "不满意"

    @property
    def is_satisfied(self) -> bool:
        """Counts toward 满意率 (满意 and 基本满意)."""
        return self is not Satisfaction.DISSATISFIED


class PartyRole(StrEnum):
    APPLICANT = "申请人"
    RESPONDENT = "被申请人"
    THIRD_PARTY = "第三人"


class DutyServiceType(StrEnum):
    CONSULTATION = "法律咨询"
    MEDIATION = "参与调解"
    LECTURE = "法治讲座"
    CONTRACT_REVIEW = "合同审查"
    LEGAL_OPINION = "法律意见"
    PETITION = "信访接待"
    OTHER = "其他"


class PublicityForm(StrEnum):
    LECTURE = "法治讲座"
    CAMPAIGN = "集中宣传"
    CASE_EXPLAINED = "以案释法"
    SCHOOL = "法律进校园"
    OTHER = "其他"


class AidMatter(StrEnum):
    WAGES = "追索劳动报酬"
    WORK_INJURY = "工伤"
    MAINTENANCE = "赡养费抚养费扶养费"
    LAND_CONTRACT = "土地承包"
    TRAFFIC = "交通事故"
    MARRIAGE_FAMILY = "婚姻家庭"
    MEDICAL = "医疗损害"
    CRIMINAL_DEFENCE = "刑事辩护"
    OTHER = "其他"


class HardshipBasis(StrEnum):
    SUBSISTENCE = "低保"
    EXTREME_POVERTY = "特困供养"
    DISABLED = "残疾人"
    WAGE_CLAIM_EXEMPT = "追索劳动报酬免审"
    OTHER_PROOF = "其他证明"


class AidOpinion(StrEnum):
    FORWARD = "符合条件转送"
    INELIGIBLE = "不符合条件"
    NEED_MATERIALS = "补充材料"


class AidDecision(StrEnum):
    """The county legal-aid center's answer to a forwarded application."""

    GRANTED = "给予援助"
    REFUSED = "不予援助"
    WITHDRAWN = "申请人撤回"


class UnitKind(StrEnum):
    """A village of a town (镇) or a community of a street (街道): sets the minimum hours."""

    TOWN = "town"
    STREET = "street"

    @property
    def label(self) -> str:
        return "镇" if self is UnitKind.TOWN else "街道"


class Role(StrEnum):
    STATION_HEAD = "station_head"
    STATION_CLERK = "station_clerk"
    VILLAGE_OFFICER = "village_officer"
    DUTY_LAWYER = "duty_lawyer"

    @property
    def label(self) -> str:
        return _ROLE_LABELS[self]


_ROLE_LABELS = {
    Role.STATION_HEAD: "站长",
    Role.STATION_CLERK: "工作站工作人员",
    Role.VILLAGE_OFFICER: "综治专干",
    Role.DUTY_LAWYER: "值班律师",
}
