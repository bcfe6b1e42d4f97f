"""Alembic migrations of the EIT database (configured in code by :func:`store.db.alembic_config`)."""
