"""One object that opens the store and offers every service: what the UI and CLI hold."""

from __future__ import annotations

from contextlib import AbstractContextManager
from pathlib import Path

from station_app.domain.access import SYSTEM, Principal
from station_app.domain.consultation import ConsultationDraft
from station_app.domain.legal_aid_review import LegalAidReviewDraft
from station_app.domain.publicity_event import PublicityEventDraft
from station_app.security.key_store import KeyStore
from station_app.services.account_service import AccountService
from station_app.services.audit_service import AuditService
from station_app.services.context import Clock, ServiceContext, SystemClock
from station_app.services.duty_log_service import DutyLogService
from station_app.services.key_service import KeyService
from station_app.services.ledger_service import LedgerService
from station_app.services.mediation_service import MediationService
from station_app.services.organisation_service import OrganisationService
from station_app.services.replication import ReplicationService
from station_app.services.report_service import ReportService
from station_app.services.settings_service import SettingsService
from station_app.services.stats_service import StatsService
from station_app.services.unit_of_work import UnitOfWork, unit_of_work
from station_app.services.work_queue_service import WorkQueueService
from station_app.storage.ledger_specs import CONSULTATION, LEGAL_AID, PUBLICITY
from station_app.storage.store import Store


class StationServices:
    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx
        self.organisation = OrganisationService(ctx)
        self.accounts = AccountService(ctx)
        self.audit = AuditService(ctx)
        self.keys = KeyService(ctx)
        self.consultations: LedgerService[ConsultationDraft] = LedgerService(ctx, CONSULTATION)
        self.mediation = MediationService(ctx)
        self.duty_logs = DutyLogService(ctx)
        self.publicity: LedgerService[PublicityEventDraft] = LedgerService(ctx, PUBLICITY)
        self.legal_aid: LedgerService[LegalAidReviewDraft] = LedgerService(ctx, LEGAL_AID)
        self.stats = StatsService(ctx)
        self.reports = ReportService(ctx)
        self.settings = SettingsService(ctx)
        self.replication = ReplicationService(ctx)
        self.work_queue = WorkQueueService(ctx)

    @classmethod
    def open(
        cls,
        data_dir: Path,
        *,
        clock: Clock | None = None,
        principal: Principal = SYSTEM,
        keys: KeyStore | None = None,
        background_check: bool = False,
    ) -> StationServices:
        """Open the store in ``data_dir``. The app itself acts until someone signs in
        (``accounts.sign_in``); the UI and the CLI let nothing through before that.
        ``background_check``: the desktop app's open (see ``Store.open``)."""
        store = Store.open(data_dir, keys=keys, background_check=background_check)
        return cls(ServiceContext(store=store, clock=clock or SystemClock(), principal=principal))

    @property
    def store(self) -> Store:
        return self.ctx.store

    def ledgers(self) -> list[LedgerService[object]]:
        """In the order of the navigation list and the workbook."""
        return [self.consultations, self.mediation, self.duty_logs, self.publicity, self.legal_aid]  # type: ignore[list-item]

    def unit_of_work(
        self, *, commit: bool = True, chunk: int = 500
    ) -> AbstractContextManager[UnitOfWork]:
        """Several ledgers written in one transaction (see ``services.unit_of_work``)."""
        return unit_of_work(self.ctx, self.ledger, commit=commit, chunk=chunk)

    def ledger(self, entity_or_label: str) -> LedgerService[object]:
        for service in self.ledgers():
            if entity_or_label in (service.spec.entity, service.spec.label):
                return service
        raise KeyError(entity_or_label)

    def close(self) -> None:
        self.ctx.store.close()
