"""Revocable staff sessions, shared login throttling, and no REPLACE of audit rows.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25

- `staff_users.session_version`: stored in each session at login; raising it ends
  every session of the account (`bot/staff/security.py`).
- `staff_login_failures`: failed-login counts in the database, so every process of
  the staff app sees them (`bot/staff/throttle.py`).
- SQLite's `INSERT OR REPLACE` deletes the row it replaces without firing DELETE
  triggers, so 0001's triggers let it rewrite an audit row. A BEFORE INSERT trigger
  now refuses any insert whose id is taken. In a BEFORE INSERT trigger SQLite gives
  an id it has yet to choose as -1, so a second trigger refuses ids below 1: no row
  can hold -1 and block every ordinary insert. (PostgreSQL's analogue, `INSERT ... ON
  CONFLICT DO UPDATE`, already fires 0001's UPDATE trigger and is refused.)

Downgrading on SQLite needs SQLite 3.35 or newer (ALTER TABLE ... DROP COLUMN).
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

NO_REPLACE_SQLITE = (
    """
    CREATE TRIGGER audit_log_no_replace
    BEFORE INSERT ON audit_log
    WHEN EXISTS (SELECT 1 FROM audit_log WHERE id = NEW.id)
    BEGIN
        SELECT RAISE(ABORT, 'audit_log is append-only: REPLACE is not allowed');
    END
    """,
    """
    CREATE TRIGGER audit_log_positive_id
    AFTER INSERT ON audit_log
    WHEN NEW.id < 1
    BEGIN
        SELECT RAISE(ABORT, 'audit_log is append-only: ids start at 1');
    END
    """,
)


def upgrade() -> None:
    op.add_column(
        "staff_users",
        sa.Column(
            "session_version", sa.Integer(), server_default=sa.text("0"), nullable=False
        ),
    )
    _create_login_failures()
    if op.get_bind().dialect.name == "sqlite":
        for statement in NO_REPLACE_SQLITE:
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER audit_log_positive_id")
        op.execute("DROP TRIGGER audit_log_no_replace")
    op.drop_table("staff_login_failures")
    op.drop_column("staff_users", "session_version")


def _create_login_failures() -> None:
    op.create_table(
        "staff_login_failures",
        sa.Column("key_hash", sa.String(length=64), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("last_failure_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("key_hash", name=op.f("pk_staff_login_failures")),
    )
    op.create_index(
        op.f("ix_staff_login_failures_last_failure_at"),
        "staff_login_failures",
        ["last_failure_at"],
    )
