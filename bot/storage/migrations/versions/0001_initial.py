"""The first schema: screenings, red flags, staff users, notes and the audit log.

Revision ID: 0001
Revises:
Create Date: 2026-11-24

The audit log gets database triggers that refuse UPDATE, DELETE and TRUNCATE, so no
code path (ours, the staff app's, a hand-typed query) can rewrite history; see
`bot/storage/audit.py`.
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

APPEND_ONLY_POSTGRESQL = (
    """
    CREATE FUNCTION audit_log_append_only() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION 'audit_log is append-only: % is not allowed', TG_OP;
    END
    $$
    """,
    """
    CREATE TRIGGER audit_log_append_only
    BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()
    """,
)
APPEND_ONLY_SQLITE = tuple(
    f"""
    CREATE TRIGGER audit_log_no_{operation.lower()}
    BEFORE {operation} ON audit_log
    BEGIN
        SELECT RAISE(ABORT, 'audit_log is append-only: {operation} is not allowed');
    END
    """
    for operation in ("UPDATE", "DELETE")
)
APPEND_ONLY = {"postgresql": APPEND_ONLY_POSTGRESQL, "sqlite": APPEND_ONLY_SQLITE}


def upgrade() -> None:
    _create_staff_users()
    _create_screenings()
    _create_red_flags()
    _create_notes()
    _create_audit_log()


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER audit_log_append_only ON audit_log")
        op.execute("DROP FUNCTION audit_log_append_only()")
    for table in (
        "audit_log",
        "screening_notes",
        "screening_red_flags",
        "screenings",
        "staff_users",
    ):
        op.drop_table(table)


def _timestamp(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def _create_staff_users() -> None:
    op.create_table(
        "staff_users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("active", sa.Boolean(), server_default=sa.true(), nullable=False),
        _timestamp("created_at"),
        sa.CheckConstraint(
            "role IN ('admin', 'reviewer')", name=op.f("ck_staff_users_role")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_staff_users")),
        sa.UniqueConstraint("username", name=op.f("uq_staff_users_username")),
    )


def _create_screenings() -> None:
    op.create_table(
        "screenings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("conversation_id", sa.String(length=255), nullable=False),
        sa.Column("channel", sa.String(length=64), nullable=False),
        _timestamp("started_at"),
        _timestamp("completed_at"),
        sa.Column("ruleset_version", sa.String(length=64), nullable=False),
        sa.Column("triage", sa.String(length=32), nullable=False),
        sa.Column("booking_link_offered", sa.Boolean(), nullable=False),
        sa.Column("booking_reference", sa.String(length=64), nullable=True),
        sa.Column("criteria", sa.JSON(), nullable=False),
        sa.Column("symptoms", sa.JSON(), nullable=False),
        sa.Column("age", sa.Integer(), nullable=True),
        sa.Column("onset", sa.String(length=16), nullable=True),
        sa.Column("advice", sa.Text(), nullable=True),
        sa.Column("reviewed", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("reviewed_by_id", sa.Integer(), nullable=True),
        _timestamp("reviewed_at", nullable=True),
        sa.ForeignKeyConstraint(
            ["reviewed_by_id"],
            ["staff_users.id"],
            name=op.f("fk_screenings_reviewed_by_id_staff_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_screenings")),
        sa.UniqueConstraint(
            "conversation_id",
            "started_at",
            name=op.f("uq_screenings_conversation_started"),
        ),
    )
    for column in ("completed_at", "conversation_id", "triage"):
        op.create_index(op.f(f"ix_screenings_{column}"), "screenings", [column])


def _create_red_flags() -> None:
    op.create_table(
        "screening_red_flags",
        sa.Column("screening_id", sa.Integer(), nullable=False),
        sa.Column("flag", sa.String(length=64), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["screening_id"],
            ["screenings.id"],
            name=op.f("fk_screening_red_flags_screening_id_screenings"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "screening_id", "flag", name=op.f("pk_screening_red_flags")
        ),
    )
    op.create_index(
        op.f("ix_screening_red_flags_flag"), "screening_red_flags", ["flag"]
    )


def _create_notes() -> None:
    op.create_table(
        "screening_notes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("screening_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        _timestamp("created_at"),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["staff_users.id"],
            name=op.f("fk_screening_notes_author_id_staff_users"),
        ),
        sa.ForeignKeyConstraint(
            ["screening_id"],
            ["screenings.id"],
            name=op.f("fk_screening_notes_screening_id_screenings"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_screening_notes")),
    )
    op.create_index(
        op.f("ix_screening_notes_screening_id"), "screening_notes", ["screening_id"]
    )


def _create_audit_log() -> None:
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        _timestamp("at"),
        sa.Column("actor", sa.String(length=128), nullable=False),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("target", sa.String(length=512), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    op.create_index(op.f("ix_audit_log_at"), "audit_log", ["at"])
    for statement in APPEND_ONLY[op.get_bind().dialect.name]:
        op.execute(statement)
