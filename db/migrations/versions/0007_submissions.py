"""Submissions by the area working groups: the submission per area and year with who and when per step, its
values per indicator, the Eco Center's comments per indicator, evidence files kept by checksum, and the step log.

Revision ID: 0007_submissions
Revises: 0006_sessions
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_submissions"
down_revision = "0006_sessions"
branch_labels = None
depends_on = None

STATUS = "status IN ('draft', 'submitted', 'returned', 'resubmitted', 'accepted')"


def upgrade() -> None:
    tz = sa.DateTime(timezone=True)
    op.create_table(
        "submissions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("area_id", sa.String(32), nullable=False),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("criteria_version", sa.String(64), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("created_by", sa.String(64), nullable=False),
        sa.Column("created_at", tz, nullable=False),
        sa.Column("updated_by", sa.String(64), nullable=False),
        sa.Column("updated_at", tz, nullable=False),
        sa.Column("submitted_by", sa.String(64)),
        sa.Column("submitted_at", tz),
        sa.Column("returned_by", sa.String(64)),
        sa.Column("returned_at", tz),
        sa.Column("accepted_by", sa.String(64)),
        sa.Column("accepted_at", tz),
        sa.Column("rounds", sa.Integer, nullable=False, server_default="0"),
        sa.Column("demo", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.UniqueConstraint("area_id", "year", name="uq_submissions_area_year"),
        sa.CheckConstraint(STATUS, name="ck_submissions_status"),
    )
    op.create_table(
        "submission_values",
        sa.Column("submission_id", sa.Integer, sa.ForeignKey("submissions.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("indicator_id", sa.String(32), primary_key=True),
        sa.Column("value", sa.Float),
    )
    op.create_table(
        "submission_comments",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("submission_id", sa.Integer, sa.ForeignKey("submissions.id", ondelete="CASCADE"), nullable=False),
        sa.Column("round", sa.Integer, nullable=False),
        sa.Column("indicator_id", sa.String(32), nullable=False),
        sa.Column("comment", sa.Text, nullable=False),
        sa.Column("username", sa.String(64), nullable=False),
        sa.Column("at", tz, nullable=False),
    )
    op.create_index("ix_submission_comments_submission_id", "submission_comments", ["submission_id"])
    op.create_table(
        "evidence_files",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("submission_id", sa.Integer, sa.ForeignKey("submissions.id", ondelete="CASCADE"), nullable=False),
        sa.Column("indicator_id", sa.String(32), nullable=False),
        sa.Column("filename", sa.Text, nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("content_type", sa.String(80), nullable=False),
        sa.Column("size_bytes", sa.BigInteger, nullable=False),
        sa.Column("username", sa.String(64), nullable=False),
        sa.Column("at", tz, nullable=False),
    )
    op.create_index("ix_evidence_files_submission_id", "evidence_files", ["submission_id"])
    op.create_table(
        "submission_log",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("submission_id", sa.Integer, sa.ForeignKey("submissions.id", ondelete="CASCADE"), nullable=False),
        sa.Column("area_id", sa.String(32), nullable=False),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("step", sa.String(16), nullable=False),
        sa.Column("from_status", sa.String(16)),
        sa.Column("to_status", sa.String(16), nullable=False),
        sa.Column("username", sa.String(64), nullable=False),
        sa.Column("at", tz, nullable=False),
        sa.Column("note", sa.Text, nullable=False, server_default=""),
    )
    op.create_index("ix_submission_log_submission_id", "submission_log", ["submission_id"])


def downgrade() -> None:
    for table in ("submission_log", "evidence_files", "submission_comments", "submission_values", "submissions"):
        op.drop_table(table)
