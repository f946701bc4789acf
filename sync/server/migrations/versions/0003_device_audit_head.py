"""device audit head: where each device's audit trail ended at its latest sync, and rewinds

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30 07:00:00
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
        "device_audit_head",
        sa.Column("device_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("mark", sa.String(length=64), nullable=False),
        sa.Column("reported_at", sa.DateTime(), nullable=False),
        sa.Column("rewound_at", sa.DateTime(), nullable=True),
        sa.Column("rewound_from", sa.BigInteger(), nullable=True),
        sa.ForeignKeyConstraint(
            ["device_id"], ["device.id"], name=op.f("fk_device_audit_head_device_id_device")
        ),
        sa.PrimaryKeyConstraint("device_id", name=op.f("pk_device_audit_head")),
    )


def downgrade() -> None:
    op.drop_table("device_audit_head")
