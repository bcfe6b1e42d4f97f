"""External auditors of a verification visit recorded as people: their organisation and whether they agreed to
the visit's findings (table ``visit_team``).  An external auditor recorded before as "name (organisation)" gets
the organisation from the brackets; nobody's agreement is assumed, so under the rule that counts people an
external auditor counts once their agreement is recorded.

Revision ID: 0011_external_auditors
Revises: 0010_factory_owner
"""
from __future__ import annotations

import re

import sqlalchemy as sa
from alembic import op

revision = "0011_external_auditors"
down_revision = "0010_factory_owner"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("visit_team", sa.Column("organisation", sa.Text, nullable=False, server_default=""))
    op.add_column("visit_team", sa.Column("agreed", sa.Boolean, nullable=False, server_default=sa.false()))
    team = sa.table("visit_team", sa.column("area_id"), sa.column("year"), sa.column("position"),
                    sa.column("username"), sa.column("name"), sa.column("organisation"))
    conn = op.get_bind()
    for row in conn.execute(sa.select(team).where(team.c.username.is_(None))).all():
        m = re.match(r"^(.*?)\s*\(([^()]+)\)\s*$", row.name or "")
        if m and m.group(1):
            conn.execute(team.update().where((team.c.area_id == row.area_id) & (team.c.year == row.year)
                                             & (team.c.position == row.position))
                         .values(name=m.group(1), organisation=m.group(2).strip()))


def downgrade() -> None:
    with op.batch_alter_table("visit_team") as batch:
        batch.drop_column("agreed")
        batch.drop_column("organisation")
