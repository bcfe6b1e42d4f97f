"""Verification visits (ทวนสอบ): one visit per area and year with its dates, its audit team and its findings per
indicator; a level is verified only on a visit that meets data/verification_rules.csv.

Revision ID: 0008_visits
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008_visits"
down_revision = "0007_submissions"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "visits",
        sa.Column("area_id", sa.String(32), primary_key=True),
        sa.Column("year", sa.Integer, primary_key=True),
        sa.Column("start_on", sa.Date, nullable=False),
        sa.Column("end_on", sa.Date, nullable=False),
        sa.Column("lead_auditor", sa.String(64), nullable=False),
        sa.Column("note", sa.Text, nullable=False, server_default=""),
        sa.Column("recorded_by", sa.String(64), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(64), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("demo", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.CheckConstraint("end_on >= start_on", name="ck_visits_dates"),
    )
    op.create_table(
        "visit_team",
        sa.Column("area_id", sa.String(32), primary_key=True),
        sa.Column("year", sa.Integer, primary_key=True),
        sa.Column("position", sa.Integer, primary_key=True),
        sa.Column("username", sa.String(64)),
        sa.Column("name", sa.Text, nullable=False),
        sa.ForeignKeyConstraint(["area_id", "year"], ["visits.area_id", "visits.year"], ondelete="CASCADE",
                                name="fk_visit_team_visit"),
    )
    op.create_table(
        "visit_findings",
        sa.Column("area_id", sa.String(32), primary_key=True),
        sa.Column("year", sa.Integer, primary_key=True),
        sa.Column("indicator_id", sa.String(32), primary_key=True),
        sa.Column("finding", sa.String(16), nullable=False),
        sa.Column("note", sa.Text, nullable=False, server_default=""),
        sa.Column("updated_by", sa.String(64), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["area_id", "year"], ["visits.area_id", "visits.year"], ondelete="CASCADE",
                                name="fk_visit_findings_visit"),
        sa.CheckConstraint("finding IN ('conforms', 'minor', 'major')", name="ck_visit_findings_finding"),
    )


def downgrade() -> None:
    op.drop_table("visit_findings")
    op.drop_table("visit_team")
    op.drop_table("visits")
