"""The demo: the deterministic generator of ``data/demo`` (``scripts/make_demo_data.py``) and the seeding of a demo
database."""
