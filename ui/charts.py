"""Plotly figures (no Streamlit): the same figures serve the pages and, later, exports."""
from __future__ import annotations

import math

import plotly.graph_objects as go


def radar(labels: list[str], current: list[float], previous: list[float], name_now: str, name_prev: str,
          title: str = "", large: bool = False) -> go.Figure:
    """Dimension scores 0–100 this year against the year before (a missing year is left out). Readable at a
    distance: dimension labels at 18 px (22 px when ``large``), the scale's numbers between two axes (off the
    shape's corners), and a scale that starts just below the lowest score so that differences show."""
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
    lo = radar_floor(current + previous)
    ticks = [v for v in range(0, 101, 10 if lo >= 50 else 20) if v > lo]
    n = max(len(labels), 1)
    fig.update_layout(polar={"radialaxis": {"range": [lo, 100], "tickvals": ticks, "angle": 90 + 180 / n,
                                            "tickangle": 90 + 180 / n, "tickfont": {"size": 15 if large else 13},
                                            "gridcolor": "#d0d0d0"},
                             "angularaxis": {"rotation": 90, "direction": "clockwise",
                                             "tickfont": {"size": 22 if large else 18}}},
                      showlegend=True, legend={"orientation": "h", "y": -0.1, "font": {"size": 18 if large else 14}},
                      title=title or None, margin={"l": 150, "r": 110, "t": 40 if title else 35, "b": 20},
                      height=350 if large else 380, font={"family": "Sarabun, sans-serif", "size": 16})
    return fig


def radar_floor(values: list[float]) -> int:
    """Where the radar's scale starts: 20 below the lowest score, in steps of 10, never below 0 (all scores high:
    the scale shows 60–100 and differences of a few points are visible)."""
    seen = [v for v in values if v is not None and not (isinstance(v, float) and math.isnan(v))]
    if not seen:
        return 0
    return int(max(0, min(60, (min(seen) - 20) // 10 * 10)))


def level_history(years: list[str], levels: list[int], colours: list[str], y_title: str) -> go.Figure:
    fig = go.Figure(go.Bar(x=years, y=levels, marker_color=colours, text=levels, textposition="outside"))
    fig.update_layout(yaxis={"range": [0, 5.6], "dtick": 1, "title": y_title}, height=260,
                      margin={"l": 40, "r": 10, "t": 10, "b": 30}, font={"family": "Sarabun, sans-serif", "size": 14})
    return fig


# Every chart can be saved as PNG from its toolbar (drawn in the browser: works with no internet).
PLOTLY_CONFIG = {"displaylogo": False, "toImageButtonOptions": {"format": "png", "scale": 2}}
