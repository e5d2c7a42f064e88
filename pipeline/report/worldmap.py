"""A world map of located events as inline SVG: country outlines from the `countryinfo` package (Natural Earth
shapes, simplified here to a few hundred points each), equirectangular projection, one circle per place and quad
class (area: number of events), labelled for the places with the most events. Drawn offline, deterministic."""

from __future__ import annotations

import json
import math
from functools import cache

import polars as pl

from pipeline.knowledge import package_file
from pipeline.report.svg import INK, MUTED, QUAD_COLOURS, QUAD_ORDER, el, esc, svg, text

WIDTH, HEIGHT = 760, 380
STEP = 1.0  # degrees: outline points closer than this to the previous one are dropped
LABELLED = 8  # places named on the map


def _xy(lon: float, lat: float) -> tuple[float, float]:
    return (lon + 180) / 360 * WIDTH, (90 - lat) / 180 * HEIGHT


def _rings(geometry: dict) -> list[list[list[float]]]:
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"][0]]
    if geometry["type"] == "MultiPolygon":
        return [polygon[0] for polygon in geometry["coordinates"]]
    return []


def _ring_path(ring: list[list[float]]) -> str:
    kept: list[tuple[float, float]] = []
    for lon, lat in ring:
        if not kept or abs(lon - kept[-1][0]) + abs(lat - kept[-1][1]) >= STEP:
            kept.append((lon, lat))
    if len(kept) < 3:
        return ""
    points = " L".join(f"{x:.0f},{y:.0f}" for x, y in (_xy(lon, lat) for lon, lat in kept))
    return f"M{points}Z"


@cache
def outline_path() -> str:
    """The path of every country outline (one `d` attribute), computed once per process from countryinfo's
    per-country data files."""
    paths = []
    for path in sorted(package_file("countryinfo", "data").glob("*.json")):
        shape = json.loads(path.read_text(encoding="utf-8")).get("geoJSON") or {}
        for feature in shape.get("features", []):
            paths.extend(_ring_path(ring) for ring in _rings(feature["geometry"]))
    return " ".join(p for p in paths if p)


def located_events(events: pl.DataFrame, places: pl.DataFrame) -> pl.DataFrame:
    """Events per place and quad class with the place's name and point, most events first."""
    return (
        events.filter(pl.col("place_id").is_not_null())
        .group_by("place_id", "quad_class")
        .agg(n_events=pl.len())
        .join(places.select("place_id", "name", "latitude", "longitude", "feature_class"), on="place_id")
        .sort(["n_events", "place_id", "quad_class"], descending=[True, False, False])
    )


def event_map(events: pl.DataFrame, places: pl.DataFrame) -> str:
    """The map: outlines, graticule, circles by quad class, the busiest places named."""
    located = located_events(events, places)
    body = [
        el("rect", x=0, y=0, width=WIDTH, height=HEIGHT, fill="#f4f8fb"),
        el("path", d=outline_path(), fill="#e4e4e4", stroke="#bdbdbd", stroke_width=0.5),
    ]
    for lat in (-60, -30, 0, 30, 60):
        y = _xy(0, lat)[1]
        body.append(el("line", x1=0, x2=WIDTH, y1=y, y2=y, stroke="#d9e2ea", stroke_width=0.5))
    order = {quad: i for i, quad in enumerate(QUAD_ORDER)}
    for row in sorted(located.iter_rows(named=True), key=lambda r: (-r["n_events"], order[r["quad_class"]])):
        x, y = _xy(row["longitude"], row["latitude"])
        n = row["n_events"]
        tip = f"{row['name']} ({row['feature_class']}): {n} {row['quad_class'].replace('_', ' ')} event{'s' * (n > 1)}"
        body.append(el("circle", title=tip, cx=x, cy=y, r=2.5 + 2.5 * math.sqrt(n), fill=QUAD_COLOURS[row["quad_class"]],
                       fill_opacity=0.75, stroke="#fff", stroke_width=0.6))  # fmt: skip
    totals = located.group_by("place_id", "name", "latitude", "longitude").agg(pl.col("n_events").sum())
    for row in (
        totals.sort(["n_events", "place_id"], descending=[True, False]).head(LABELLED).iter_rows(named=True)
    ):
        x, y = _xy(row["longitude"], row["latitude"])
        body.append(text(x + 6, y - 6, row["name"], fill=INK, font_size=10))
    shown = int(located["n_events"].sum()) if located.height else 0
    body.append(text(8, HEIGHT - 8, f"{shown} of {events.height} events located", fill=MUTED))
    return svg(WIDTH, HEIGHT, body, f"World map of {shown} located events by quad class")


def legend() -> str:
    """The quad-class colours, as HTML."""
    return " ".join(
        f'<span class="muted"><svg width="10" height="10"><circle cx="5" cy="5" r="5" fill="{c}"/></svg> '
        f"{esc(q.replace('_', ' '))}</span>"
        for q, c in QUAD_COLOURS.items()
    )
