"""Evidence files of a verification visit's findings.

Revision ID: 0009_finding_evidence
Revises: 0008_visits
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009_finding_evidence"
down_revision = "0008_visits"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "finding_evidence",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("area_id", sa.String(32), nullable=False),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("indicator_id", sa.String(32), nullable=False),
        sa.Column("filename", sa.Text, nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("content_type", sa.String(80), nullable=False),
        sa.Column("size_bytes", sa.BigInteger, nullable=False),
        sa.Column("username", sa.String(64), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["area_id", "year", "indicator_id"],
                                ["visit_findings.area_id", "visit_findings.year", "visit_findings.indicator_id"],
                                ondelete="CASCADE", name="fk_finding_evidence_finding"),
    )
    op.create_index("ix_finding_evidence_visit", "finding_evidence", ["area_id", "year"])


def downgrade() -> None:
    op.drop_index("ix_finding_evidence_visit", table_name="finding_evidence")
    op.drop_table("finding_evidence")
