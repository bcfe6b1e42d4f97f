"""Plotly figures (no Streamlit): the same figures serve the pages and, later, exports."""
from __future__ import annotations

import math

import plotly.graph_objects as go


def radar(labels: list[str], current: list[float], previous: list[float], name_now: str, name_prev: str,
          title: str = "") -> go.Figure:
    """Dimension scores 0–100 this year against the year before (a missing year is left out)."""
    fig = go.Figure()
    closed = labels + labels[:1]

    def usable(values):
        return values and not all(v is None or (isinstance(v, float) and math.isnan(v)) for v in values)

    if usable(previous):
        fig.add_trace(go.Scatterpolar(r=previous + previous[:1], theta=closed, name=name_prev, fill="toself",
                                      line={"color": "#969696", "dash": "dash"}, opacity=0.6))
    if usable(current):
        fig.add_trace(go.Scatterpolar(r=current + current[:1], theta=closed, name=name_now, fill="toself",
                                      line={"color": "#1b6e4f"}))
    fig.update_layout(polar={"radialaxis": {"range": [0, 100], "tickvals": [20, 40, 60, 80, 100]}},
                      showlegend=True, legend={"orientation": "h", "y": -0.12}, title=title or None,
                      margin={"l": 40, "r": 40, "t": 40 if title else 20, "b": 20}, height=380,
                      font={"family": "Sarabun, sans-serif", "size": 14})
    return fig


def level_history(years: list[str], levels: list[int], colours: list[str], y_title: str) -> go.Figure:
    fig = go.Figure(go.Bar(x=years, y=levels, marker_color=colours, text=levels, textposition="outside"))
    fig.update_layout(yaxis={"range": [0, 5.6], "dtick": 1, "title": y_title}, height=260,
                      margin={"l": 40, "r": 10, "t": 10, "b": 30}, font={"family": "Sarabun, sans-serif", "size": 14})
    return fig


# Every chart can be saved as PNG from its toolbar (drawn in the browser: works with no internet).
PLOTLY_CONFIG = {"displaylogo": False, "toImageButtonOptions": {"format": "png", "scale": 2}}
