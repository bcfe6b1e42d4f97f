"""Industrial symbiosis: parties, material flows, exchanges and their status history; three more import kinds.

Revision ID: 0004_symbiosis
Revises: 0003_demo_rows
Create Date: 2026-12-01
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_symbiosis"
down_revision = "0003_demo_rows"
branch_labels = None
depends_on = None

OLD_KINDS = "kind IN ('factories', 'assessments')"
NEW_KINDS = "kind IN ('factories', 'assessments', 'parties', 'flows', 'exchanges')"


def _kinds(check: str) -> None:
    with op.batch_alter_table("imports") as batch:
        batch.drop_constraint("ck_imports_kind", type_="check")
        batch.create_check_constraint("ck_imports_kind", check)


def upgrade() -> None:
    op.create_table(
        "parties",
        sa.Column("party_id", sa.String(40), primary_key=True),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("name_th", sa.Text, nullable=False),
        sa.Column("name_en", sa.Text),
        sa.Column("area_id", sa.String(32)),
        sa.Column("lat", sa.Float),
        sa.Column("lon", sa.Float),
        sa.Column("note", sa.Text),
    )
    op.create_index("ix_parties_area_id", "parties", ["area_id"])
    op.create_table(
        "material_flows",
        sa.Column("party_id", sa.String(64), primary_key=True),
        sa.Column("year", sa.Integer, primary_key=True),
        sa.Column("direction", sa.String(16), primary_key=True),
        sa.Column("material_th", sa.String(200), primary_key=True),
        sa.Column("material_en", sa.Text),
        sa.Column("flow_class", sa.String(32), nullable=False),
        sa.Column("material_class", sa.String(32)),
        sa.Column("waste_code", sa.String(16)),
        sa.Column("quantity", sa.Float),
        sa.Column("unit", sa.String(16)),
        sa.Column("period", sa.String(16), nullable=False, server_default="year"),
    )
    op.create_table(
        "exchanges",
        sa.Column("exchange_id", sa.String(40), primary_key=True),
        sa.Column("from_party", sa.String(64), nullable=False),
        sa.Column("to_party", sa.String(64), nullable=False),
        sa.Column("area_id", sa.String(32)),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("category", sa.String(32), nullable=False),
        sa.Column("material_class", sa.String(32)),
        sa.Column("material_th", sa.Text, nullable=False),
        sa.Column("material_en", sa.Text),
        sa.Column("waste_code", sa.String(16)),
        sa.Column("quantity", sa.Float),
        sa.Column("unit", sa.String(16)),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("status_on", sa.String(10)),
        sa.Column("landfill_diverted_t", sa.Float),
        sa.Column("co2e_avoided_t", sa.Float),
        sa.Column("cost_saved_thb", sa.Float),
        sa.Column("water_saved_m3", sa.Float),
        sa.Column("virgin_saved_t", sa.Float),
        sa.Column("co2e_basis", sa.Text),
        sa.Column("source", sa.String(32)),
        sa.Column("visibility", sa.String(16), nullable=False, server_default="public"),
        sa.Column("note", sa.Text),
        sa.CheckConstraint("from_party <> to_party", name="ck_exchanges_two_parties"),
    )
    for col in ("from_party", "to_party", "area_id"):
        op.create_index(f"ix_exchanges_{col}", "exchanges", [col])
    op.create_table(
        "exchange_status_history",
        sa.Column("exchange_id", sa.String(40), sa.ForeignKey("exchanges.exchange_id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("status", sa.String(16), primary_key=True),
        sa.Column("changed_on", sa.String(10), nullable=False),
    )
    _kinds(NEW_KINDS)


def downgrade() -> None:
    op.execute("DELETE FROM imports WHERE kind IN ('parties', 'flows', 'exchanges')")
    _kinds(OLD_KINDS)
    op.drop_table("exchange_status_history")
    for col in ("from_party", "to_party", "area_id"):
        op.drop_index(f"ix_exchanges_{col}", table_name="exchanges")
    op.drop_table("exchanges")
    op.drop_table("material_flows")
    op.drop_index("ix_parties_area_id", table_name="parties")
    op.drop_table("parties")
