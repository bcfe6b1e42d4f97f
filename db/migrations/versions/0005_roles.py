"""Roles for the programme's people (area working group, auditor, Eco Center staff, committee secretary, admin)
and the areas a working-group account may write.

Revision ID: 0005_roles
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_roles"
down_revision = "0004_symbiosis"
branch_labels = None
depends_on = None

NEW = "role IN ('viewer', 'working_group', 'auditor', 'staff', 'secretary', 'admin')"
OLD = "role IN ('viewer', 'staff', 'admin')"


def _roles(check: str) -> None:
    with op.batch_alter_table("users") as batch:
        batch.drop_constraint("ck_users_role", type_="check")
        batch.create_check_constraint("ck_users_role", check)


def upgrade() -> None:
    _roles(NEW)
    op.create_table(
        "account_areas",
        sa.Column("username", sa.String(64), sa.ForeignKey("users.username", ondelete="CASCADE"), primary_key=True),
        sa.Column("area_id", sa.String(32), primary_key=True),
    )


def downgrade() -> None:
    op.drop_table("account_areas")
    op.execute("UPDATE users SET role = 'staff' WHERE role IN ('working_group', 'auditor', 'secretary')")
    _roles(OLD)
