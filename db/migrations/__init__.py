"""Alembic migrations of the EIT database (configured in code by :func:`db.engine.alembic_config`)."""
