"""The owner (operator) of a factory, as the registry names it (Ministry of Industry open data ONAME), so that a
factory can be found by its owner.

Revision ID: 0010_factory_owner
Revises: 0009_finding_evidence
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010_factory_owner"
down_revision = "0009_finding_evidence"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("factories", sa.Column("owner", sa.Text))     # no table copy: factories are referenced


def downgrade() -> None:
    op.drop_column("factories", "owner")     # ALTER TABLE ... DROP COLUMN (SQLite 3.35 and later)
