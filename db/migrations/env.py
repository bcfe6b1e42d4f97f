"""Alembic environment: run by :func:`db.engine.init_db` with an open connection in ``config.attributes``.

Offline mode (SQL scripts) is supported for DBAs: ``alembic -c db/alembic.ini upgrade head --sql``.
"""
from __future__ import annotations

from alembic import context

from db.schema import metadata

config = context.config


def run_offline() -> None:
    from db.engine import database_url
    context.configure(url=config.get_main_option("sqlalchemy.url") or database_url(), target_metadata=metadata,
                      literal_binds=True, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        from db.engine import get_engine
        with get_engine(config.get_main_option("sqlalchemy.url") or None).connect() as conn:
            _run(conn)
            conn.commit()
        return
    _run(connection)


def _run(connection) -> None:
    context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_offline()
else:
    run_online()
