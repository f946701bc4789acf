"""follow-ups, satisfaction, the legal-aid center's decision

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30 06:40:00

A mediation case gets any number of follow-ups (回访: date, method, who, 履行情况 as found,
satisfaction, 核实情况); its 回访日期 stays as the date of the latest one. Every 回访日期 a
store already holds becomes one follow-up of method 其他 whose satisfaction is NULL, which
means "not rated": it counts as a follow-up, never as a rated service. A consultation gets
an optional satisfaction and 核实情况; a legal-aid review the center's decision and its date.
Partial indexes serve the work queue's daily look-ups (不满意待核实, 待回访, 法援待反馈, and the
unconfirmed duty visits, grouped from a covering index).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

UNVERIFIED = "satisfaction = '不满意' AND verification IS NULL"


def upgrade() -> None:
    op.create_table(
        "mediation_follow_up",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("followed_up_on", sa.Date(), nullable=False),
        sa.Column("method", sa.String(length=30), nullable=False),
        sa.Column("followed_up_by", sa.String(length=100), nullable=True),
        sa.Column("performance", sa.String(length=30), nullable=True),
        sa.Column("satisfaction", sa.String(length=30), nullable=True),
        sa.Column("verification", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["mediation_case.id"],
            name=op.f("fk_mediation_follow_up_case_id_mediation_case"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mediation_follow_up")),
    )
    op.create_index(
        op.f("ix_mediation_follow_up_case_id"), "mediation_follow_up", ["case_id"], unique=False
    )
    op.create_index(
        "ix_mediation_follow_up_date", "mediation_follow_up", ["followed_up_on"], unique=False
    )
    op.create_index(
        "ix_mediation_follow_up_unverified",
        "mediation_follow_up",
        ["case_id"],
        sqlite_where=sa.text(UNVERIFIED),
    )
    op.execute(
        "INSERT INTO mediation_follow_up (case_id, position, followed_up_on, method) "
        "SELECT id, 0, follow_up_on, '其他' FROM mediation_case WHERE follow_up_on IS NOT NULL"
    )

    # Added columns only: SQLite adds them in place, so no table is copied and the partial
    # indexes made by earlier migrations keep their conditions.
    op.add_column("consultation", sa.Column("satisfaction", sa.String(length=30), nullable=True))
    op.add_column("consultation", sa.Column("verification", sa.Text(), nullable=True))
    op.add_column(
        "legal_aid_review", sa.Column("aid_decision", sa.String(length=30), nullable=True)
    )
    op.add_column("legal_aid_review", sa.Column("decided_on", sa.Date(), nullable=True))

    op.create_index(
        "ix_consultation_unverified",
        "consultation",
        ["consulted_on", "id"],
        sqlite_where=sa.text(f"voided_at IS NULL AND {UNVERIFIED}"),
    )
    op.create_index(
        "ix_mediation_case_not_followed_up",
        "mediation_case",
        ["closed_on", "id"],
        sqlite_where=sa.text(
            "voided_at IS NULL AND result = '调解成功' AND follow_up_on IS NULL"
        ),
    )
    op.create_index(
        "ix_legal_aid_review_awaiting_decision",
        "legal_aid_review",
        ["forwarded_on", "id"],
        sqlite_where=sa.text(
            "voided_at IS NULL AND opinion = '符合条件转送' AND aid_decision IS NULL"
        ),
    )
    op.create_index(
        "ix_duty_log_unconfirmed_visits",
        "duty_log",
        ["duty_on", "village_id", "lawyer_name"],
        sqlite_where=sa.text("voided_at IS NULL AND confirmed_on IS NULL"),
    )
    op.execute("ANALYZE")


def downgrade() -> None:
    op.drop_index("ix_duty_log_unconfirmed_visits", table_name="duty_log")
    op.drop_index("ix_legal_aid_review_awaiting_decision", table_name="legal_aid_review")
    op.drop_index("ix_mediation_case_not_followed_up", table_name="mediation_case")
    op.drop_index("ix_consultation_unverified", table_name="consultation")
    with op.batch_alter_table("legal_aid_review") as batch:
        batch.drop_column("decided_on")
        batch.drop_column("aid_decision")
    with op.batch_alter_table("consultation") as batch:
        batch.drop_column("verification")
        batch.drop_column("satisfaction")
    op.drop_index("ix_mediation_follow_up_unverified", table_name="mediation_follow_up")
    op.drop_index("ix_mediation_follow_up_date", table_name="mediation_follow_up")
    op.drop_index(op.f("ix_mediation_follow_up_case_id"), table_name="mediation_follow_up")
    op.drop_table("mediation_follow_up")
