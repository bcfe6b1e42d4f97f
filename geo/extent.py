"""Thailand's bounding box, in one place: the latitude and longitude ranges every coordinate check (the factory
and symbiosis imports, the demo's records) and every whole-country map view use."""
from __future__ import annotations

#: Decimal degrees north and east; the whole country, islands included, lies within.
LAT_RANGE: tuple[float, float] = (5.5, 20.5)
LON_RANGE: tuple[float, float] = (97.3, 105.7)
#: The box as a map's bounds: [[south, west], [north, east]].
BOUNDS: list[list[float]] = [[LAT_RANGE[0], LON_RANGE[0]], [LAT_RANGE[1], LON_RANGE[1]]]


def in_thailand(lat: float, lon: float) -> bool:
    return LAT_RANGE[0] <= lat <= LAT_RANGE[1] and LON_RANGE[0] <= lon <= LON_RANGE[1]
