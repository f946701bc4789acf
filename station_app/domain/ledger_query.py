"""What a ledger list asks for: its filters and order, as the UI, CLI and reports state them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from station_app.domain.errors import DomainError

#: The station itself, as a member of ``LedgerQuery.villages``.
STATION = None


class QueryCancelled(DomainError):
    """A list read stopped part-way: a newer query superseded it (nobody waits for it)."""


@dataclass(frozen=True)
class LedgerQuery:
    """Filters of a ledger list; everything optional, all combined with AND."""

    date_from: date | None = None
    date_to: date | None = None
    villages: frozenset[int | None] | None = None  # None: all; {None}: the station itself
    kind: str | None = None
    text: str | None = None
    include_voided: bool = False
    lawyer_name: str | None = None  # a duty lawyer's own visits (duty logs only)
    sort: str | None = None  # a column name; default the ledger's date
    descending: bool = True
