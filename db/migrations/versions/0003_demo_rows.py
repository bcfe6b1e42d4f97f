"""Demo rows are marked: ``demo`` on certifications, certification_log and area_notes.

Seeding the demo and ``clear-demo`` delete only these rows, never a row a person wrote.  In a database that
already holds the demo (meta ``demo`` is true), the rows the demo loaded are recognised by what the demo writes
(note ``demo`` by the demo accounts; notes starting ``(ข้อมูลสาธิต)`` by ``demo-staff``); every other row stays
a person's row.

Revision ID: 0003_demo_rows
Revises: 0002_area_notes
Create Date: 2026-12-01
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_demo_rows"
down_revision = "0002_area_notes"
branch_labels = None
depends_on = None

TABLES = ("certifications", "certification_log", "area_notes")
DEMO_USERS = ("demo-staff", "demo-admin")


def upgrade() -> None:
    for table in TABLES:
        op.add_column(table, sa.Column("demo", sa.Boolean, nullable=False, server_default=sa.false()))
    conn = op.get_bind()
    meta = sa.table("meta", sa.column("key", sa.String), sa.column("value", sa.Text))
    if conn.execute(sa.select(meta.c.value).where(meta.c.key == "demo")).scalar() != "true":
        return
    certs = sa.table("certifications", sa.column("note", sa.Text), sa.column("drafted_by", sa.String),
                     sa.column("demo", sa.Boolean))
    log = sa.table("certification_log", sa.column("note", sa.Text), sa.column("username", sa.String),
                   sa.column("demo", sa.Boolean))
    notes = sa.table("area_notes", sa.column("problems", sa.Text), sa.column("updated_by", sa.String),
                     sa.column("demo", sa.Boolean))
    conn.execute(certs.update().where((certs.c.note == "demo") & (certs.c.drafted_by == "demo-staff"))
                 .values(demo=True))
    conn.execute(log.update().where((log.c.note == "demo") & log.c.username.in_(DEMO_USERS)).values(demo=True))
    conn.execute(notes.update().where((notes.c.updated_by == "demo-staff")
                                      & notes.c.problems.startswith("(ข้อมูลสาธิต)")).values(demo=True))


def downgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.drop_column("demo")
