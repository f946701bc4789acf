"""What every page needs, gathered once at start-up and refreshed when the organisation changes."""

from __future__ import annotations

from dataclasses import dataclass, field

from station_app.domain.access import Principal, Right
from station_app.services.organisation_service import StationInfo
from station_app.services.station_services import StationServices
from station_app.ui.forms.record_dialog import FormContext
from station_app.ui.operations import OperationRunner


@dataclass
class AppContext:
    services: StationServices
    runner: OperationRunner
    station: StationInfo
    dispute_types: list[tuple[str, str]] = field(default_factory=list)

    @classmethod
    def load(cls, services: StationServices, runner: OperationRunner) -> AppContext:
        """For the account signed in (``services.accounts.sign_in``) on ``services``."""
        if services.ctx.principal.is_system:
            raise RuntimeError("sign in before opening the window")
        station = services.organisation.require_station()
        return cls(services, runner, station, services.organisation.dispute_types())

    @property
    def principal(self) -> Principal:
        """Who is signed in: what the pages show and allow follows from it."""
        return self.services.ctx.principal

    def may(self, right: Right) -> bool:
        return self.principal.has(right)

    @property
    def dispute_names(self) -> dict[str, str]:
        return dict(self.dispute_types)

    def form_context(self) -> FormContext:
        return FormContext(
            today=self.services.ctx.clock.today(),
            station=self.station,
            dispute_types=self.dispute_types,
            lawyers=self.services.organisation.lawyers(),
            may_reveal=self.may(Right.REVEAL),
            villages=self.principal.village_scope(),
        )
