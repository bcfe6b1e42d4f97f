"""Sign-ins that last (table ``sessions``: a token kept only as its SHA-256) and the sign-in log (``auth_log``).

Revision ID: 0006_sessions
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_sessions"
down_revision = "0005_roles"
branch_labels = None
depends_on = None

EVENTS = "event IN ('signin', 'failure', 'lock', 'locked', 'signout', 'ended')"


def upgrade() -> None:
    op.create_table(
        "sessions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("token_hash", sa.String(64), unique=True),
        sa.Column("code_hash", sa.String(64), unique=True),
        sa.Column("code_expires_at", sa.DateTime(timezone=True)),
        sa.Column("username", sa.String(64), sa.ForeignKey("users.username", ondelete="CASCADE"), nullable=False),
        sa.Column("client", sa.String(64), nullable=False, server_default=""),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True)),
        sa.Column("revoked_by", sa.String(64)),
    )
    op.create_index("ix_sessions_username", "sessions", ["username"])
    op.create_table(
        "auth_log",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("event", sa.String(16), nullable=False),
        sa.Column("username", sa.String(64), nullable=False, server_default=""),
        sa.Column("client", sa.String(64), nullable=False, server_default=""),
        sa.Column("detail", sa.Text, nullable=False, server_default=""),
        sa.CheckConstraint(EVENTS, name="ck_auth_log_event"),
    )
    for col in ("at", "username", "client"):
        op.create_index(f"ix_auth_log_{col}", "auth_log", [col])


def downgrade() -> None:
    op.drop_table("auth_log")
    op.drop_index("ix_sessions_username", table_name="sessions")
    op.drop_table("sessions")
