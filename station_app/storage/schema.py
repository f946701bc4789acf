"""Every table of the store, gathered so alembic and the tests see one metadata."""

from __future__ import annotations

from station_app.storage import (
    audit_table,
    ledger_tables,
    organisation_tables,
    outbox_table,
    report_submission_table,
    sync_state_table,
)
from station_app.storage.base import Base

metadata = Base.metadata

#: FTS5 tables (one per ledger, rowid = the ledger row's id) made by the migrations.
SEARCH_TABLES = {
    "consultation": "consultation_fts",
    "mediation_case": "mediation_case_fts",
    "duty_log": "duty_log_fts",
    "publicity_event": "publicity_event_fts",
    "legal_aid_review": "legal_aid_review_fts",
}

__all__ = [
    "SEARCH_TABLES",
    "audit_table",
    "ledger_tables",
    "metadata",
    "organisation_tables",
    "outbox_table",
    "report_submission_table",
    "sync_state_table",
]
