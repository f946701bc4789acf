"""The child process of tests/storage/test_crash_safety.py: writes bursts of records until it
is killed.

Run as ``python tests/crash_writer.py DATA_DIR SEED TAG``, or as ``--fork-server`` to fork one
writer per request (see ``fork_server``); it acts as the station head. After
each save *returns* it prints one line (then flushes), the proof the parent holds the save to:

    C <entity> <uuid> <revision>     a single create
    U <entity> <uuid> <revision>     an update
    V <entity> <uuid> <revision>     a void
    F duty_log <uuid> <revision>     a confirmation
    M <entity> <tag> <count>         a create_many batch; its records carry notes <tag>-0 .. -n

Only ids, uuids, tags and revisions are printed, never a field of a record. Any exception ends
the process with its type name alone on stderr (a traceback could show a record's values).
"""

from __future__ import annotations

import os
import random
import sys
from collections.abc import Callable
from datetime import date, time, timedelta
from decimal import Decimal
from pathlib import Path

from station_app.domain.choices import (
    AgreementForm,
    AidMatter,
    AidOpinion,
    ConsultCategory,
    ConsultChannel,
    ConsultOutcome,
    DisputeSource,
    DutyServiceType,
    HardshipBasis,
    MediationResult,
    PartyRole,
    Performance,
    PublicityForm,
    Role,
)
from station_app.domain.consultation import ConsultationDraft
from station_app.domain.duty_log import DutyLogDraft, ServiceItemDraft
from station_app.domain.errors import DomainError
from station_app.domain.legal_aid_review import LegalAidReviewDraft
from station_app.domain.mediation_case import MediationCaseDraft, PartyDraft
from station_app.domain.publicity_event import PublicityEventDraft
from station_app.services.station_services import StationServices

#: A valid resident ID (check digit correct) that belongs to nobody in the tests' world.
RESIDENT_ID = "11010519491231002X"


class Writer:
    def __init__(self, services: StationServices, rng: random.Random, tag: str) -> None:
        self.s = services
        self.rng = rng
        self.tag = tag
        self.batches = 0
        self.today = services.ctx.clock.today()
        station = services.organisation.require_station()
        self.villages: list[int | None] = [v.id for v in station.villages] + [None]
        self.codes = [code for code, _ in services.organisation.dispute_types()]

    def day(self) -> date:
        return self.today - timedelta(days=self.rng.randrange(1, 60))

    def consultation(self, note: str | None = None) -> ConsultationDraft:
        return ConsultationDraft(
            consulted_on=self.day(),
            village_id=self.rng.choice(self.villages),
            channel=ConsultChannel.VISIT,
            name="测试来访人",
            phone="13800000000",
            id_number=RESIDENT_ID if self.rng.random() < 0.5 else None,
            category=self.rng.choice(list(ConsultCategory)),
            question="崩溃测试咨询内容",
            receiver="测试站员",
            outcome=ConsultOutcome.ANSWERED,
            note=note,
        )

    def publicity(self, note: str | None = None) -> PublicityEventDraft:
        return PublicityEventDraft(
            held_on=self.day(),
            village_id=self.rng.choice(self.villages),
            form=PublicityForm.LECTURE,
            topic="民法典进农村",
            attendees=self.rng.randrange(5, 200),
            note=note,
        )

    def legal_aid(self) -> LegalAidReviewDraft:
        return LegalAidReviewDraft(
            applied_on=self.day(),
            village_id=self.rng.choice(self.villages),
            name="测试申请人",
            phone="023-62000000",
            matter=AidMatter.WAGES,
            hardship_basis=HardshipBasis.WAGE_CLAIM_EXEMPT,
            opinion=AidOpinion.FORWARD,
            forwarded_on=self.today,
        )

    def duty_log(self) -> DutyLogDraft:
        return DutyLogDraft(
            duty_on=self.day(),
            village_id=self.rng.choice(self.villages),
            lawyer_name="测试律师",
            law_firm="测试律师事务所",
            start_time=time(9, 0),
            end_time=time(11, 30),
            items=(ServiceItemDraft(DutyServiceType.CONSULTATION, "村民", "土地承包咨询", None),),
        )

    def mediation(self) -> MediationCaseDraft:
        accepted = self.day()
        return MediationCaseDraft(
            accepted_on=accepted,
            village_id=self.rng.choice(self.villages),
            source=DisputeSource.PARTY_REQUEST,
            dispute_type=self.rng.choice(self.codes),
            summary="相邻关系纠纷",
            mediators=("测试调解员",),
            parties=(
                PartyDraft(PartyRole.APPLICANT, "测试甲", id_number=RESIDENT_ID),
                PartyDraft(PartyRole.RESPONDENT, "测试乙", phone="13900000000"),
            ),
            result=MediationResult.SUCCESS,
            closed_on=accepted,
            agreement_form=AgreementForm.WRITTEN,
            amount=Decimal("1200.50"),
            performance=Performance.DONE,
        )

    # -- the operations -------------------------------------------------------------------

    def create(self) -> None:
        entity, make = self.rng.choice(
            [
                ("consultation", self.consultation),
                ("publicity_event", self.publicity),
                ("legal_aid_review", self.legal_aid),
                ("duty_log", self.duty_log),
                ("mediation_case", self.mediation),
            ]
        )
        stored = self.s.ledger(entity).create(make())  # type: ignore[operator]
        say("C", entity, stored.meta.uuid, stored.meta.revision)

    def create_many(self) -> None:
        entity, make = self.rng.choice(
            [("consultation", self.consultation), ("publicity_event", self.publicity)]
        )
        self.batches += 1
        tag = f"{self.tag}b{self.batches}"
        n = self.rng.randrange(2, 25)
        drafts = [make(f"{tag}-{k}") for k in range(n)]  # type: ignore[operator]
        added = self.s.ledger(entity).create_many(drafts)
        say("M", entity, tag, added)

    def _pick(self, entity: str) -> int | None:
        ids = self.s.ledger(entity).ids(limit=200)
        return self.rng.choice(ids) if ids else None

    def update(self) -> None:
        entity = self.rng.choice(["consultation", "publicity_event"])
        service = self.s.ledger(entity)
        record_id = self._pick(entity)
        if record_id is None:
            return
        current = service.get(record_id)
        make: Callable[[str | None], object] = (
            self.consultation if entity == "consultation" else self.publicity
        )
        note = current.data.note  # type: ignore[attr-defined]
        stored = service.update(record_id, make(note), expected_revision=current.meta.revision)
        say("U", entity, stored.meta.uuid, stored.meta.revision)

    def void(self) -> None:
        entity = self.rng.choice(["consultation", "legal_aid_review", "mediation_case"])
        record_id = self._pick(entity)
        if record_id is None:
            return
        stored = self.s.ledger(entity).void(record_id, "崩溃测试作废")
        say("V", entity, stored.meta.uuid, stored.meta.revision)

    def confirm(self) -> None:
        for record_id in self.s.duty_logs.ids(limit=50):
            if self.s.duty_logs.get(record_id).confirmation is None:
                stored = self.s.duty_logs.confirm(record_id, "测试专干")
                say("F", "duty_log", stored.meta.uuid, stored.meta.revision)
                return

    def burst(self) -> None:
        op = self.rng.choices(
            [self.create, self.create_many, self.update, self.void, self.confirm],
            weights=(35, 20, 20, 10, 15),
        )[0]
        op()


def say(*parts: object) -> None:
    # One write(2) per line: a pipe write under PIPE_BUF bytes is atomic, so a kill never
    # leaves half a report, and a forked writer's lines never mix with its server's.
    os.write(1, (" ".join(map(str, parts)) + "\n").encode())


def write_until_killed(data_dir: Path, seed: int, tag: str) -> int:
    rng = random.Random(seed)
    try:
        services = StationServices.open(data_dir)
        # Acts as the station head, as a signed-in head would (without typing the password).
        head = next(u for u in services.organisation.users() if u.role is Role.STATION_HEAD)
        services.ctx.principal = services.accounts.principal(head.username)
        writer = Writer(services, rng, tag)
        say("READY")
        while True:
            writer.burst()
    except DomainError as exc:
        # A refusal is a test-data bug, not a crash: still only the type goes out.
        print(f"refused: {type(exc).__name__}", file=sys.stderr, flush=True)
        return 3
    except Exception as exc:
        print(f"failed: {type(exc).__name__}", file=sys.stderr, flush=True)
        return 4


def fork_server() -> int:
    """Forks one writer per line read from stdin ("DATA_DIR<tab>SEED<tab>TAG"), so each starts
    with every module already imported (a fresh interpreter costs 1.5 s of CPU per kill and
    proves nothing about the store). The writer reports "PID n" first; once it has ended,
    this process reports "EXIT code" (-9 for a SIGKILL). Nothing here touches the store."""
    say("SERVING")
    for line in sys.stdin:
        data_dir, seed, tag = line.rstrip("\n").split("\t")
        pid = os.fork()
        if pid == 0:
            say("PID", os.getpid())
            os._exit(write_until_killed(Path(data_dir), int(seed), tag))
        _, status = os.waitpid(pid, 0)
        say("EXIT", os.waitstatus_to_exitcode(status))
    return 0


def main() -> int:
    if sys.argv[1:] == ["--fork-server"]:
        return fork_server()
    return write_until_killed(Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3])


if __name__ == "__main__":
    sys.exit(main())
