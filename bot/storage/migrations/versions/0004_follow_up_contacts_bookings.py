"""Staff follow-up, call-back contact details and bookings (issue 17).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-06

- `screenings.follow_up_status` (to_call, called, no_answer, booked, closed) and
  `assignee_id`; `screening_follow_ups`, the history of each change.
- `screening_contacts`: the name and phone number of a call-back request, each a
  Fernet token (`bot/storage/contact_crypto.py`), never readable text.
- `screenings.booking_clicks`, `booking_clicked_at` (the /book/<ref> redirect) and
  `booked_at` (the booking system's webhook or CSV import).
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

STATUSES = "('to_call', 'called', 'no_answer', 'booked', 'closed')"


def upgrade() -> None:
    with op.batch_alter_table("screenings") as batch:
        batch.add_column(sa.Column("follow_up_status", sa.String(16), nullable=True))
        batch.add_column(sa.Column("assignee_id", sa.Integer(), nullable=True))
        batch.add_column(
            sa.Column(
                "booking_clicks",
                sa.Integer(),
                server_default=sa.text("0"),
                nullable=False,
            )
        )
        batch.add_column(
            sa.Column("booking_clicked_at", sa.DateTime(timezone=True), nullable=True)
        )
        batch.add_column(
            sa.Column("booked_at", sa.DateTime(timezone=True), nullable=True)
        )
        batch.create_foreign_key(
            op.f("fk_screenings_assignee_id_staff_users"),
            "staff_users",
            ["assignee_id"],
            ["id"],
        )
    op.create_table(
        "screening_follow_ups",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("screening_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("assignee", sa.String(64), nullable=True),
        sa.Column("changed_by", sa.String(128), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            f"status IN {STATUSES}", name=op.f("ck_screening_follow_ups_status")
        ),
        sa.ForeignKeyConstraint(
            ["screening_id"],
            ["screenings.id"],
            name=op.f("fk_screening_follow_ups_screening_id_screenings"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_screening_follow_ups")),
    )
    op.create_index(
        op.f("ix_screening_follow_ups_screening_id"),
        "screening_follow_ups",
        ["screening_id"],
    )
    op.create_table(
        "screening_contacts",
        sa.Column("screening_id", sa.Integer(), nullable=False),
        sa.Column("name_token", sa.Text(), nullable=True),
        sa.Column("phone_token", sa.Text(), nullable=True),
        sa.Column("phone_source", sa.String(16), nullable=True),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["screening_id"],
            ["screenings.id"],
            name=op.f("fk_screening_contacts_screening_id_screenings"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("screening_id", name=op.f("pk_screening_contacts")),
    )


def downgrade() -> None:
    op.drop_table("screening_contacts")
    op.drop_index(
        op.f("ix_screening_follow_ups_screening_id"), table_name="screening_follow_ups"
    )
    op.drop_table("screening_follow_ups")
    with op.batch_alter_table("screenings") as batch:
        batch.drop_constraint(
            op.f("fk_screenings_assignee_id_staff_users"), type_="foreignkey"
        )
        for column in (
            "booked_at",
            "booking_clicked_at",
            "booking_clicks",
            "assignee_id",
            "follow_up_status",
        ):
            batch.drop_column(column)
