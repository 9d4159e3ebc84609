"""SMS opt-outs, so a STOP outlives a restart of the bot.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24

One row per phone number that texted STOP, keyed by a keyed hash of the number
(`bot/storage/phone_hash.py`), never the number itself.
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sms_opt_outs",
        sa.Column("number_hash", sa.String(length=64), nullable=False),
        sa.Column("opted_out_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("number_hash", name=op.f("pk_sms_opt_outs")),
    )


def downgrade() -> None:
    op.drop_table("sms_opt_outs")
