"""report submission: each station's 已上报 marks per quarter, first and latest

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30 09:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "report_submission",
        sa.Column("station_id", sa.Integer(), nullable=False),
        sa.Column("quarter", sa.String(length=7), nullable=False),
        sa.Column("first_on", sa.Date(), nullable=False),
        sa.Column("first_at", sa.DateTime(), nullable=False),
        sa.Column("latest_on", sa.Date(), nullable=False),
        sa.Column("latest_at", sa.DateTime(), nullable=False),
        sa.Column("reported_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["station_id"], ["station.id"], name=op.f("fk_report_submission_station_id_station")
        ),
        sa.PrimaryKeyConstraint("station_id", "quarter", name=op.f("pk_report_submission")),
    )


def downgrade() -> None:
    op.drop_table("report_submission")
