"""The leaf package every other one may import: errors, CSV tables, Buddhist-era years, settings. It imports
nothing of the project."""
