"""Initial schema: factories and their history/checklist, assessments, certifications, imports, users, meta.

Revision ID: 0001_initial
Revises:
Create Date: 2025-10-01
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001_initial"
down_revision = None
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "factories",
        sa.Column("registration_no", sa.String(64), primary_key=True),
        sa.Column("fid", sa.String(32)),
        sa.Column("name_th", sa.Text),
        sa.Column("name_en", sa.Text),
        sa.Column("factory_class", sa.Integer),
        sa.Column("category", sa.String(32)),
        sa.Column("isic", sa.String(16)),
        sa.Column("province_code", sa.String(2)),
        sa.Column("district_code", sa.String(4)),
        sa.Column("subdistrict_code", sa.String(6)),
        sa.Column("area_id", sa.String(32)),
        sa.Column("lat", sa.Float),
        sa.Column("lon", sa.Float),
        sa.Column("status", sa.Integer),
        sa.Column("workers", sa.Integer),
        sa.Column("gi_level", sa.Integer, nullable=False, server_default="0"),
        sa.Column("eco_factory_year", sa.Integer),
        sa.Column("csr_diw_year", sa.Integer),
        sa.Column("developed", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("developed_year", sa.Integer),
        sa.Column("data_as_of", sa.String(10)),
    )
    op.create_index("ix_factories_area_id", "factories", ["area_id"])
    op.create_table(
        "factory_history",
        sa.Column("registration_no", sa.String(64),
                  sa.ForeignKey("factories.registration_no", ondelete="CASCADE"), primary_key=True),
        sa.Column("year", sa.Integer, primary_key=True),
        sa.Column("compliance", sa.String(16), nullable=False),
        sa.Column("inspections", sa.Integer, nullable=False, server_default="0"),
        sa.Column("complaints", sa.Integer, nullable=False, server_default="0"),
    )
    op.create_table(
        "factory_checklist",
        sa.Column("registration_no", sa.String(64),
                  sa.ForeignKey("factories.registration_no", ondelete="CASCADE"), primary_key=True),
        sa.Column("item_id", sa.String(32), primary_key=True),
        sa.Column("result", sa.String(8), nullable=False),
        sa.Column("checked_on", sa.String(10), nullable=False),
    )
    op.create_table(
        "assessments",
        sa.Column("area_id", sa.String(32), primary_key=True),
        sa.Column("year", sa.Integer, primary_key=True),
        sa.Column("indicator_id", sa.String(32), primary_key=True),
        sa.Column("criteria_version", sa.String(64), nullable=False),
        sa.Column("value", sa.Float),
        sa.Column("evidence", sa.Text),
    )
    op.create_table(
        "certifications",
        sa.Column("area_id", sa.String(32), primary_key=True),
        sa.Column("year", sa.Integer, primary_key=True),
        sa.Column("level", sa.Integer, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("drafted_by", sa.String(64)),
        sa.Column("drafted_at", TS),
        sa.Column("verified_by", sa.String(64)),
        sa.Column("verified_at", TS),
        sa.Column("certified_by", sa.String(64)),
        sa.Column("certified_at", TS),
        sa.Column("note", sa.Text, nullable=False, server_default=""),
        sa.CheckConstraint("status IN ('draft', 'verified', 'certified')", name="ck_certifications_status"),
        sa.CheckConstraint("level BETWEEN 1 AND 5", name="ck_certifications_level"),
    )
    op.create_table(
        "certification_log",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("area_id", sa.String(32), nullable=False),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("level", sa.Integer, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("previous_status", sa.String(16)),
        sa.Column("previous_level", sa.Integer),
        sa.Column("username", sa.String(64), nullable=False),
        sa.Column("at", TS, nullable=False),
        sa.Column("note", sa.Text, nullable=False, server_default=""),
    )
    op.create_index("ix_certification_log_area_year", "certification_log", ["area_id", "year"])
    op.create_table(
        "imports",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("filename", sa.Text, nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("stored_path", sa.Text),
        sa.Column("size_bytes", sa.BigInteger, nullable=False),
        sa.Column("username", sa.String(64), nullable=False),
        sa.Column("started_at", TS, nullable=False),
        sa.Column("finished_at", TS),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("skip_invalid", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("rows_total", sa.Integer, nullable=False, server_default="0"),
        sa.Column("rows_inserted", sa.Integer, nullable=False, server_default="0"),
        sa.Column("rows_updated", sa.Integer, nullable=False, server_default="0"),
        sa.Column("rows_unchanged", sa.Integer, nullable=False, server_default="0"),
        sa.Column("rows_skipped", sa.Integer, nullable=False, server_default="0"),
        sa.Column("n_errors", sa.Integer, nullable=False, server_default="0"),
        sa.Column("n_warnings", sa.Integer, nullable=False, server_default="0"),
        sa.Column("note", sa.Text, nullable=False, server_default=""),
        sa.CheckConstraint("kind IN ('factories', 'assessments')", name="ck_imports_kind"),
        sa.CheckConstraint("status IN ('landed', 'rejected')", name="ck_imports_status"),
    )
    op.create_table(
        "users",
        sa.Column("username", sa.String(64), primary_key=True),
        sa.Column("password_hash", sa.Text, nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("active", sa.Boolean, nullable=False, server_default=sa.true()),
        sa.Column("created_at", TS, nullable=False),
        sa.CheckConstraint("role IN ('viewer', 'staff', 'admin')", name="ck_users_role"),
    )
    op.create_table(
        "meta",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )


def downgrade() -> None:
    for name in ("meta", "users", "imports", "certification_log", "certifications", "assessments",
                 "factory_checklist", "factory_history", "factories"):
        op.drop_table(name)
