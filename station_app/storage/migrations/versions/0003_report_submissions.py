"""report submissions: quarters marked as submitted (已上报), for late-amendment lists

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25 14:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "report_submission",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("quarter", sa.String(length=7), nullable=False),
        sa.Column("change_seq", sa.Integer(), nullable=False),
        sa.Column("submitted_on", sa.Date(), nullable=False),
        sa.Column("submitted_at", sa.DateTime(), nullable=False),
        sa.Column("submitted_by", sa.String(length=36), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_submission")),
    )
    with op.batch_alter_table("report_submission", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_report_submission_quarter"), ["quarter"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("report_submission", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_report_submission_quarter"))
    op.drop_table("report_submission")
