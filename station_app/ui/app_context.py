"""What every page needs, gathered once at start-up and refreshed when the organisation changes."""

from __future__ import annotations

from dataclasses import dataclass, field

from station_app.services.organisation_service import StationInfo, UserInfo
from station_app.services.station_services import StationServices
from station_app.ui.forms.record_dialog import FormContext
from station_app.ui.operations import OperationRunner


@dataclass
class AppContext:
    services: StationServices
    runner: OperationRunner
    station: StationInfo
    dispute_types: list[tuple[str, str]] = field(default_factory=list)
    user: UserInfo | None = None

    @classmethod
    def load(cls, services: StationServices, runner: OperationRunner) -> AppContext:
        station = services.organisation.require_station()
        users = services.organisation.users()
        # Until sign-in arrives (accounts issue), the window acts as the first station head.
        user = next(
            (u for u in users if u.role.value == "station_head"), users[0] if users else None
        )
        if user is not None:
            services.ctx.principal = services.accounts.principal(user.username)
        return cls(services, runner, station, services.organisation.dispute_types(), user)

    @property
    def dispute_names(self) -> dict[str, str]:
        return dict(self.dispute_types)

    def form_context(self) -> FormContext:
        return FormContext(
            today=self.services.ctx.clock.today(),
            station=self.station,
            dispute_types=self.dispute_types,
            lawyers=self.services.organisation.lawyers(),
        )
