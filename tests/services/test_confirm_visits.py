"""Confirming many visits in one transaction (the demo data's way) leaves what confirming
them one by one would: each locked with its confirmation, audited and queued for the county;
and all or nothing."""

from __future__ import annotations

import pytest

from station_app.domain.errors import LockedError
from station_app.services.station_services import StationServices
from tests.drafts import duty


def test_confirm_visits_audits_and_queues_each(services: StationServices) -> None:
    ids = [services.duty_logs.create(duty()).meta.id for _ in range(3)]
    with services.unit_of_work() as unit:
        assert unit.confirm_visits(ids, "综治专干") == 3
    for record_id in ids:
        stored = services.duty_logs.get(record_id)
        assert stored.confirmation is not None
        assert stored.confirmation.confirmed_on == stored.data.duty_on
        assert stored.meta.revision == 2
    uuids = {services.duty_logs.get(i).meta.uuid for i in ids}
    confirms = [r for r in services.audit.page() if r.action == "confirm"]
    assert {r.record_uuid for r in confirms} == uuids and len(confirms) == 3
    assert services.audit.verify() == []
    with pytest.raises(LockedError):  # locked, as a confirmed visit is
        services.duty_logs.update(ids[0], duty(), expected_revision=2)


def test_confirm_visits_is_all_or_nothing(services: StationServices) -> None:
    first = services.duty_logs.create(duty()).meta.id
    done = services.duty_logs.create(duty()).meta.id
    services.duty_logs.confirm(done, "综治专干")
    audited = len(services.audit.page())
    with pytest.raises(LockedError), services.unit_of_work() as unit:
        unit.confirm_visits([first, done], "综治专干")  # the second is confirmed already
    assert services.duty_logs.get(first).confirmation is None
    assert len(services.audit.page()) == audited
