"""Realistic, varied demo ledgers for trying the app and for benchmarks.

Everything goes through the services, so demo records are validated, numbered, indexed and
queued for sync exactly like typed ones. Names, IDs and phone numbers are made up.
"""

from __future__ import annotations

import random
from bisect import bisect
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, time, timedelta
from decimal import Decimal
from enum import Enum
from functools import cache
from itertools import accumulate
from typing import TypeVar

from stdnum.cn import ric

from station_app.domain.choices import (
    AgreementForm,
    AidMatter,
    AidOpinion,
    ConsultCategory,
    ConsultChannel,
    ConsultOutcome,
    DisputeSource,
    DutyServiceType,
    Gender,
    HardshipBasis,
    JudicialConfirmation,
    MediationResult,
    PartyRole,
    Performance,
    PublicityForm,
    SpecialGroup,
)
from station_app.domain.consultation import ConsultationDraft
from station_app.domain.duty_log import DutyLogDraft, ServiceItemDraft
from station_app.domain.ledger_query import LedgerQuery
from station_app.domain.legal_aid_review import LegalAidReviewDraft
from station_app.domain.mediation_case import MediationCaseDraft, PartyDraft, SessionDraft
from station_app.domain.publicity_event import PublicityEventDraft
from station_app.services.station_services import StationServices
from station_app.storage.ledger_specs import UNCONFIRMED
from station_app.tools.demo_follow_ups import decided_review, followed_up_case, rated_consultation

E = TypeVar("E", bound=Enum)
T = TypeVar("T")

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余"
    "杜叶程苏魏吕丁任沈姚卢姜崔谭廖范汪陆金石戴贾韦夏邱方侯邹熊孟秦白江阎薛尹段雷黎史"
    "龙陶贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
GIVEN = (
    "秀英桂兰玉华建国志强明德光荣红梅丽娟海燕春生永福伟勇军平刚杰涛超磊静敏霞芳兴旺富"
    "贵长林淑珍德明小红德华成文家宝天佑思远"
)
AREA_CODES = ("500112", "500105", "500106", "500108", "510104", "500101", "500231")
FIRMS = ("重庆渝北律师事务所", "重庆两江律师事务所", "重庆嘉陵律师事务所", "重庆巴渝律师事务所")
QUESTIONS = {
    ConsultCategory.MARRIAGE_FAMILY: "离婚后孩子抚养费怎么计算，对方拒不支付怎么办",
    ConsultCategory.INHERITANCE: "父亲去世未留遗嘱，老房子怎么继承，兄弟姐妹如何分配",
    ConsultCategory.LABOUR: "在工地干活被拖欠三个月工资，老板不见人，怎么讨薪",
    ConsultCategory.LAND_CONTRACT: "承包地被村里调整给别人，是否合法，怎么维权",
    ConsultCategory.HOMESTEAD: "宅基地和邻居界址不清，对方建房占了我家地",
    ConsultCategory.HOUSING: "买的安置房迟迟办不了产权证",
    ConsultCategory.CONTRACT: "签了装修合同，装修公司中途停工，定金能否退还",
    ConsultCategory.LENDING: "借给亲戚五万元只有微信转账记录，没有借条，能否起诉",
    ConsultCategory.TORT: "家里的狗被邻居打伤，能否要求赔偿",
    ConsultCategory.TRAFFIC: "骑电动车被小轿车撞伤，保险公司赔偿标准是什么",
    ConsultCategory.MEDICAL: "在镇卫生院输液后出现过敏，医院有没有责任",
    ConsultCategory.PROPERTY_MGMT: "物业费上涨没有开业主大会，可以拒交吗",
    ConsultCategory.CONSUMER: "网购的农机质量有问题，商家拒绝退货",
    ConsultCategory.ADMINISTRATIVE: "低保被取消了，向哪个部门申请复核",
    ConsultCategory.CRIMINAL: "儿子因打架被拘留，家属可以做什么",
    ConsultCategory.OTHER: "村里修路占用了自留地，补偿标准如何确定",
}
DISPUTES = {
    "01": "夫妻感情不和，女方要求离婚并分割共同财产",
    "02": "两户因排水沟堵塞发生争吵，一方院墙被水浸泡",
    "03": "兄弟二人因老宅翻建界址发生争执",
    "04": "农资买卖合同货款未结清",
    "05": "合伙养殖散伙后利润分配不均",
    "06": "村民在院坝摔伤，要求房主赔偿医疗费",
    "07": "林地界址不清，双方砍伐树木引发纠纷",
    "08": "征地补偿款在家庭成员之间分配不均",
    "09": "养猪场臭气影响周边住户",
    "10": "建筑工地拖欠农民工工资",
    "11": "农家乐游客与经营者因收费发生争执",
    "12": "购买的电动车电池存在质量问题",
    "13": "在诊所拔牙后感染，要求赔偿",
    "14": "摩托车与三轮车相撞，双方均有受伤",
    "15": "小区业主与物业公司因停车收费发生纠纷",
    "16": "土特产商标被他人使用",
    "17": "网络直播带货收款后未发货",
    "99": "红白喜事借用场地损坏物品赔偿",
}


_QUESTION_TEXTS = tuple(QUESTIONS.values())


@cache
def _members(enum: type[E]) -> tuple[E, ...]:
    """An enum's members once, not a new list per draft (the same picks for a seed)."""
    return tuple(enum)


#: Running totals of the weights ``_Maker._weighted`` is given (a handful of fixed tuples).
_CUMULATIVE: dict[tuple[int, ...], list[int]] = {}


@dataclass
class _Maker:
    rng: random.Random
    today: date
    first_day: date
    village_ids: list[int | None]
    officers: list[str]
    mediators: list[str]
    lawyers: list[tuple[str, str]]
    dispute_codes: list[str]

    # Python's own random.Random picks, with the same draws from the same generator (so a
    # seed still gives the same records), without two or three calls of Python per pick:
    # the draws were a third of a demo fill's time.

    def _below(self, n: int) -> int:
        """``rng.randrange(n)`` for n > 0: Random._randbelow_with_getrandbits, inline."""
        getrandbits = self.rng.getrandbits
        k = n.bit_length()
        r = getrandbits(k)
        while r >= n:
            r = getrandbits(k)
        return r

    def _pick(self, seq: Sequence[T]) -> T:
        """``rng.choice(seq)``."""
        if not seq:
            raise IndexError("Cannot choose from an empty sequence")
        return seq[self._below(len(seq))]

    def _range(self, start: int, stop: int | None = None) -> int:
        """``rng.randrange(start, stop)`` (step 1)."""
        if stop is None:
            start, stop = 0, start
        if stop <= start:
            raise ValueError("empty range for randrange")
        return start + self._below(stop - start)

    def _weighted(self, population: Sequence[T], weights: tuple[int, ...]) -> T:
        """``rng.choices(population, weights=weights)[0]``, the running totals worked out once."""
        cum = _CUMULATIVE.get(weights)
        if cum is None:
            cum = _CUMULATIVE[weights] = list(accumulate(weights))
        if len(cum) != len(population):
            raise ValueError("The number of weights does not match the population")
        return population[bisect(cum, self.rng.random() * (cum[-1] + 0.0), 0, len(cum) - 1)]

    def name(self) -> str:
        given = self._pick(GIVEN) + (self._pick(GIVEN) if self.rng.random() < 0.7 else "")
        return self._pick(SURNAMES) + given

    def day(self, earliest: date | None = None) -> date:
        start = earliest or self.first_day
        return start + timedelta(days=self._range((self.today - start).days + 1))

    def village(self) -> int | None:
        return self._pick(self.village_ids)

    def phone(self) -> str | None:
        if self.rng.random() < 0.3:
            return None
        if self.rng.random() < 0.85:
            return f"1{self._pick('3456789')}{self._range(10**9):09d}"
        return f"023-{self._range(6000_0000, 6999_9999)}"

    def person(self) -> tuple[Gender, int, str | None]:
        gender = self._pick(_members(Gender))
        age = self._range(18, 86)
        if self.rng.random() < 0.4:
            return gender, age, None
        birth = self.today.replace(year=self.today.year - age) - timedelta(days=self._range(1, 360))
        seq = self._range(0, 99) * 10 + (
            self._pick((1, 3, 5, 7, 9)) if gender is Gender.MALE else self._pick((0, 2, 4, 6, 8))
        )
        first17 = f"{self._pick(AREA_CODES)}{birth:%Y%m%d}{seq:03d}"
        return gender, age, first17 + ric.calc_check_digit(first17 + "0")

    def groups(self, age: int) -> tuple[SpecialGroup, ...]:
        groups = [SpecialGroup.ELDERLY] if age >= 60 else []
        if self.rng.random() < 0.15:
            groups.append(self._pick(_members(SpecialGroup)))
        return tuple(dict.fromkeys(groups))

    def consultation(self) -> ConsultationDraft:
        gender, age, id_number = self.person()
        category = self._pick(_members(ConsultCategory))
        declined = self.rng.random() < 0.05
        return ConsultationDraft(
            consulted_on=self.day(),
            village_id=self.village(),
            channel=self._pick(_members(ConsultChannel)),
            name=None if declined else self.name(),
            gender=gender,
            age=age,
            phone=None if declined else self.phone(),
            id_number=None if declined else id_number,
            declined_identity=declined,
            special_groups=self.groups(age),
            category=category,
            question=QUESTIONS[category],
            answer="已告知相关法律规定及维权途径" if self.rng.random() < 0.8 else None,
            receiver=self._pick(self.officers),
            outcome=self._weighted(_members(ConsultOutcome), (60, 12, 8, 10, 4, 2, 4)),
            note=None,
        )

    def mediation(self) -> MediationCaseDraft:
        accepted = self.day()
        code = self._pick(self.dispute_codes)
        result = self._weighted(_members(MediationResult), (15, 65, 15, 5))
        if accepted > self.today - timedelta(days=3):
            result = MediationResult.IN_PROGRESS
        closed = None
        if result is not MediationResult.IN_PROGRESS:
            closed = min(self.today, accepted + timedelta(days=self._range(1, 40)))
        success = result is MediationResult.SUCCESS
        parties = []
        for role in (PartyRole.APPLICANT, PartyRole.RESPONDENT):
            for _ in range(1 if self.rng.random() < 0.8 else 2):
                gender, age, id_number = self.person()
                parties.append(
                    PartyDraft(role, self.name(), gender, age, self.phone(), id_number, None)
                )
        sessions = tuple(
            SessionDraft(self.day(accepted), "村委会调解室", None, "双方陈述意见，调解员释法说理")
            for _ in range(self._range(0, 3))
        )
        mediators = tuple(
            self.rng.sample(self.mediators, k=min(len(self.mediators), self._range(1, 3)))
        )
        return MediationCaseDraft(
            accepted_on=accepted,
            village_id=self.village(),
            source=self._weighted(_members(DisputeSource), (60, 20, 6, 1, 7, 4, 2)),
            dispute_type=code,
            summary=DISPUTES.get(code, "其他纠纷"),
            mediators=mediators,
            parties=tuple(parties),
            sessions=tuple(sorted(sessions, key=lambda s: s.held_on or accepted)),
            result=result,
            closed_on=closed,
            agreement_form=self._pick(_members(AgreementForm)) if success else None,
            amount=Decimal(self._range(0, 20000000)) / 100 if self.rng.random() < 0.6 else None,
            persons_involved=len(parties) + self._range(0, 4),
            performance=self._pick(_members(Performance)) if success else None,
            follow_up_on=None,
            judicial_confirmation=(
                self._weighted(_members(JudicialConfirmation), (80, 5, 14, 1))
                if success
                else JudicialConfirmation.NOT_APPLIED
            ),
        )

    def duty_log(self) -> DutyLogDraft:
        lawyer, firm = self._pick(self.lawyers)
        start = self._pick((8, 9, 14))
        items = tuple(
            ServiceItemDraft(
                self._weighted(_members(DutyServiceType), (50, 15, 8, 10, 8, 5, 4)),
                self.name() if self.rng.random() < 0.8 else "村民委员会",
                self._pick(_QUESTION_TEXTS),
                "已解答" if self.rng.random() < 0.8 else None,
            )
            for _ in range(self._range(1, 4))
        )
        return DutyLogDraft(
            duty_on=self.day(),
            village_id=self.village(),
            lawyer_name=lawyer,
            law_firm=firm,
            start_time=time(start, self._pick((0, 30))),
            end_time=time(start + self._range(1, 4), 0),
            items=items,
        )

    def publicity(self) -> PublicityEventDraft:
        form = self._pick(_members(PublicityForm))
        topics = (
            "民法典进农村",
            "防范电信诈骗",
            "宪法宣传日",
            "农民工工资支付条例解读",
            "反家庭暴力法宣传",
            "未成年人保护",
        )
        return PublicityEventDraft(
            held_on=self.day(),
            village_id=self.village(),
            form=form,
            topic=self._pick(topics),
            speaker=self._pick(self.lawyers)[0] if form is PublicityForm.LECTURE else None,
            attendees=self._range(10, 300),
            materials=self._range(0, 500) if self.rng.random() < 0.7 else None,
        )

    def legal_aid(self) -> LegalAidReviewDraft:
        gender, age, id_number = self.person()
        applied = self.day()
        opinion = self._weighted(_members(AidOpinion), (70, 15, 15))
        matter = self._pick(_members(AidMatter))
        return LegalAidReviewDraft(
            applied_on=applied,
            village_id=self.village(),
            name=self.name(),
            gender=gender,
            age=age,
            phone=self.phone(),
            id_number=id_number,
            special_groups=self.groups(age),
            matter=matter,
            hardship_basis=(
                HardshipBasis.WAGE_CLAIM_EXEMPT
                if matter is AidMatter.WAGES
                else self._pick(_members(HardshipBasis))
            ),
            opinion=opinion,
            forwarded_on=(
                min(self.today, applied + timedelta(days=self._range(0, 7)))
                if opinion is AidOpinion.FORWARD
                else None
            ),
        )


#: Share of each ledger in a demo store, roughly as stations report them.
MIX = (
    ("consultation", 0.45),
    ("mediation_case", 0.15),
    ("duty_log", 0.2),
    ("publicity_event", 0.1),
    ("legal_aid_review", 0.1),
)


def fill_demo(
    services: StationServices,
    records: int,
    *,
    seed: int = 2026,
    quarters: int = 4,
    batch: int = 1000,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, int]:
    """Add about ``records`` records spread over the last ``quarters`` quarters; returns counts."""
    station = services.organisation.require_station()
    today = services.ctx.clock.today()
    rng = random.Random(seed)
    first_day = date(today.year, 1 + 3 * ((today.month - 1) // 3), 1)
    for _ in range(quarters - 1):
        first_day = (first_day - timedelta(days=1)).replace(day=1)
        first_day = first_day.replace(month=1 + 3 * ((first_day.month - 1) // 3))
    maker = _Maker(
        rng=rng,
        today=today,
        first_day=first_day,
        village_ids=[v.id for v in station.villages] + [None],
        officers=[_fixed_name(rng) for _ in range(4)],
        mediators=[_fixed_name(rng) for _ in range(5)],
        lawyers=[(_fixed_name(rng), rng.choice(FIRMS)) for _ in range(6)],
        dispute_codes=[code for code, _ in services.organisation.dispute_types()],
    )
    extra = random.Random(seed + 16)  # follow-ups, ratings, decisions: their own stream
    makers: dict[str, Callable[[], object]] = {
        "consultation": lambda: rated_consultation(maker.consultation(), extra, today),
        "mediation_case": lambda: followed_up_case(maker.mediation(), extra, today),
        "duty_log": maker.duty_log,
        "publicity_event": maker.publicity,
        "legal_aid_review": lambda: decided_review(maker.legal_aid(), extra, today),
    }
    counts = {entity: round(records * share) for entity, share in MIX}
    counts["consultation"] += records - sum(counts.values())
    done = 0
    for entity, wanted in counts.items():
        service = services.ledger(entity)
        for size in _chunks(wanted, batch):
            service.create_many(makers[entity]() for _ in range(size))
            done += size
            if progress is not None:
                progress(done, records)
    _confirm_some(services, rng)
    return {services.ledger(e).label: n for e, n in counts.items()}


def _confirm_some(services: StationServices, rng: random.Random) -> None:
    """Most visits are confirmed by the officer; some wait, as in real ledgers."""
    ids = services.duty_logs.ids(LedgerQuery(kind=UNCONFIRMED), limit=2000)
    chosen = [record_id for record_id in ids if rng.random() < 0.75]
    officer_names = random.Random(7)  # apart from ``rng``: the same visits stay confirmed
    officers: dict[int | None, str] = {}  # each village's officer signs with their name

    def officer(village: int | None) -> str:
        if village not in officers:
            officers[village] = _fixed_name(officer_names)
        return officers[village]

    # One transaction, not one fsync'd save per visit: the same entries as confirming each.
    with services.unit_of_work() as unit:
        unit.confirm_visits(chosen, officer)


def _fixed_name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN)


def _chunks(total: int, size: int) -> Iterator[int]:
    while total > 0:
        yield min(size, total)
        total -= size
