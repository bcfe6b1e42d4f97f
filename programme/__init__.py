"""The programme's versioned files in ``data/``: the area registry, provinces, levels, targets, criteria in use,
the demo record files and their provenance, each validated on load."""
