"""Geometry and map building for the EIT dashboard (no Streamlit here)."""
