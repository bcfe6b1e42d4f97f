"""Problems and recommendations per area and year (ปัญหา อุปสรรค และข้อเสนอแนะ).

Revision ID: 0002_area_notes
Revises: 0001_initial
Create Date: 2026-11-23
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_area_notes"
down_revision = "0001_initial"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "area_notes",
        sa.Column("area_id", sa.String(32), primary_key=True),
        sa.Column("year", sa.Integer, primary_key=True),
        sa.Column("problems", sa.Text, nullable=False, server_default=""),
        sa.Column("recommendations", sa.Text, nullable=False, server_default=""),
        sa.Column("updated_by", sa.String(64), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("area_notes")
