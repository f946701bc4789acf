"""search index: one FTS5 table of character bigrams per ledger

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 11:30:00

The tables are created empty and flagged stale; the store fills them at start-up with the
app's current tokenizer, so this script never imports the app's ORM classes.
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

LEDGERS = ("consultation", "mediation_case", "duty_log", "publicity_event", "legal_aid_review")


def upgrade() -> None:
    for ledger in LEDGERS:
        op.execute(
            f"CREATE VIRTUAL TABLE {ledger}_fts USING fts5("
            "body, tokenize = 'unicode61 remove_diacritics 0')"
        )
    op.execute("INSERT OR REPLACE INTO setting (key, value) VALUES ('search_index_stale', 'true')")


def downgrade() -> None:
    for ledger in LEDGERS:
        op.execute(f"DROP TABLE IF EXISTS {ledger}_fts")
    op.execute("DELETE FROM setting WHERE key = 'search_index_stale'")
