"""What every page needs, gathered once at start-up and refreshed when the organisation changes."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from station_app.domain.access import Principal, Right
from station_app.domain.choices import Role
from station_app.services.organisation_service import StationInfo
from station_app.services.station_services import StationServices
from station_app.ui.forms.record_dialog import FormContext
from station_app.ui.operations import OperationRunner

#: Those who receive a visitor at the station or in the village: 接待人 defaults to them.
STAFF = frozenset({Role.STATION_HEAD, Role.STATION_CLERK, Role.VILLAGE_OFFICER})


@dataclass
class AppContext:
    services: StationServices
    runner: OperationRunner
    station: StationInfo
    dispute_types: list[tuple[str, str]] = field(default_factory=list)
    #: The village (None: 本站) of the record saved last in this session, if any.
    last_village: tuple[int | None] | None = None

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

    def remember(self, data: Any) -> None:
        """A record was saved: its village is the next new record's (村(居) follows the clerk)."""
        if hasattr(data, "village_id"):
            self.last_village = (data.village_id,)

    def new_record_defaults(self) -> dict[str, Any]:
        """接待人: the person signed in, if they work for the station (a duty lawyer is not a
        receiver); 村(居): their own village, or the one used last."""
        principal = self.principal
        defaults: dict[str, Any] = {}
        if principal.role in STAFF:
            defaults["receiver"] = principal.display_name
        if principal.village_id is not None:
            defaults["village_id"] = principal.village_id
        elif self.last_village is not None:
            defaults["village_id"] = self.last_village[0]
        return defaults

    def form_context(self) -> FormContext:
        return FormContext(
            today=self.services.ctx.clock.today(),
            station=self.station,
            dispute_types=self.dispute_types,
            lawyers=self.services.organisation.lawyers(),
            may_reveal=self.may(Right.REVEAL),
            villages=self.principal.village_scope(),
            defaults=self.new_record_defaults(),
            services=self.services,
        )
