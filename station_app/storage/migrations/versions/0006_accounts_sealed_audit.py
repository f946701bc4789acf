"""accounts, sealed personal numbers, audit trail

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-25 14:10:00

ID and phone numbers become sealed text (the values themselves are sealed by the app right
after this migration, with the data key the migration cannot see: storage.sealing). Accounts
learn lock-out; the append-only, hash-chained audit trail appears, with triggers that refuse
any UPDATE or DELETE of its rows.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

SEALED_COLUMNS = {
    "consultation": ("phone", "id_number"),
    "mediation_party": ("phone", "id_number"),
    "legal_aid_review": ("phone", "id_number"),
    "lawyer": ("phone",),
}
LIVE_INDEXES = {
    "consultation": "consulted_on",
    "legal_aid_review": "applied_on",
}
LOOKUP = "substr(id_number, 4, 32)"


def upgrade() -> None:
    for table, columns in SEALED_COLUMNS.items():
        with op.batch_alter_table(table, recreate="always") as batch:
            for column in columns:
                batch.alter_column(column, type_=sa.Text(), existing_nullable=True)
    # A rebuilt table loses the partial "live" indexes' condition: make them again.
    for table, day in LIVE_INDEXES.items():
        op.execute(f"DROP INDEX IF EXISTS ix_{table}_live")
        op.create_index(
            f"ix_{table}_live", table, [day, "id"], sqlite_where=sa.text("voided_at IS NULL")
        )
    for table in ("consultation", "mediation_party", "legal_aid_review"):
        op.execute(f"CREATE INDEX ix_{table}_id_lookup ON {table} ({LOOKUP})")

    with op.batch_alter_table("user_account") as batch:
        batch.add_column(
            sa.Column("failed_sign_ins", sa.Integer(), nullable=False, server_default="0")
        )
        batch.add_column(sa.Column("locked_until", sa.DateTime(), nullable=True))
        batch.add_column(
            sa.Column("must_change_password", sa.Boolean(), nullable=False, server_default="0")
        )

    op.create_table(
        "audit_log",
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor_uuid", sa.String(length=36), nullable=True),
        sa.Column("actor_name", sa.String(length=30), nullable=False),
        sa.Column("action", sa.String(length=30), nullable=False),
        sa.Column("entity", sa.String(length=40), nullable=True),
        sa.Column("record_uuid", sa.String(length=36), nullable=True),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_audit_log")),
        sqlite_autoincrement=True,
    )
    for verb in ("UPDATE", "DELETE"):
        op.execute(
            f"CREATE TRIGGER audit_log_no_{verb.lower()} BEFORE {verb} ON audit_log "
            "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END"
        )


def downgrade() -> None:
    for verb in ("update", "delete"):
        op.execute(f"DROP TRIGGER IF EXISTS audit_log_no_{verb}")
    op.drop_table("audit_log")
    with op.batch_alter_table("user_account") as batch:
        batch.drop_column("must_change_password")
        batch.drop_column("locked_until")
        batch.drop_column("failed_sign_ins")
    for table in ("consultation", "mediation_party", "legal_aid_review"):
        op.execute(f"DROP INDEX IF EXISTS ix_{table}_id_lookup")
