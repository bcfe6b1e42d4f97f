"""Data layer: loading and validating the versioned data files (no streamlit here)."""
