"""Summary plots as inline SVG: events per year by quad class, the actor network weighted by cooperation and
conflict, and metric series by year with their sources. Each function takes published tables, returns markup."""

from __future__ import annotations

import math
from collections import defaultdict

import polars as pl

from pipeline.integrate.joins import event_year, year_of
from pipeline.report.layout import force_layout
from pipeline.report.svg import (
    INK,
    MUTED,
    QUAD_COLOURS,
    QUAD_ORDER,
    diverging,
    el,
    esc,
    linear,
    nice_ticks,
    short_number,
    svg,
    svg_markdown,
    text,
)

UNDATED = "n.d."


def _empty(message: str) -> str:
    return f'<p class="empty">{esc(message)}</p>'


def _legend(x: float, y: float, items: list[tuple[str, str]]) -> list[str]:
    parts = []
    for label, colour in items:
        parts.append(el("rect", x=x, y=y - 9, width=10, height=10, fill=colour))
        parts.append(text(x + 14, y, label, fill=INK))
        x += 22 + 6.2 * len(label)
    return parts


def event_year_counts(events: pl.DataFrame) -> dict[str, dict[str, int]]:
    """{year or 'n.d.': {quad_class: count}}, years as strings in order, undated last. An event whose text
    gives no date counts in the year it was reported when the table says so (the timeline's reported_date)."""
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    year = event_year() if "reported_date" in events.columns else year_of("event_date")
    years = events.select(year.alias("year"), "quad_class")
    for year, quad in years.iter_rows():
        counts[UNDATED if year is None else str(year)][quad] += 1
    dated = sorted(int(y) for y in counts if y != UNDATED)
    if dated and dated[-1] - dated[0] <= 40:
        dated = list(range(dated[0], dated[-1] + 1))
    ordered = [str(y) for y in dated] + ([UNDATED] if UNDATED in counts else [])
    return {y: dict(counts.get(y, {})) for y in ordered}


def events_per_year(events: pl.DataFrame) -> str:
    """Stacked bars: events per year (undated apart), coloured by quad class."""
    counts = event_year_counts(events)
    if not counts:
        return _empty("No events were extracted.")
    width, height, left, right, top, bottom = 760, 270, 40, 10, 12, 58
    top_value = max(sum(c.values()) for c in counts.values())
    ticks = nice_ticks(top_value)
    y = linear((0, ticks[-1]), (height - bottom, top))
    slot = (width - left - right) / len(counts)
    body = []
    for tick in ticks:
        body.append(el("line", x1=left, x2=width - right, y1=y(tick), y2=y(tick), stroke="#e5e5e5"))
        body.append(text(left - 6, y(tick) + 4, f"{tick:g}", text_anchor="end", fill=MUTED))
    label_every = max(1, math.ceil(len(counts) / 25))
    for i, (year, by_quad) in enumerate(counts.items()):
        x0, base = left + i * slot, 0
        for quad in QUAD_ORDER:
            n = by_quad.get(quad, 0)
            if n:
                tip = f"{year}: {n} {quad.replace('_', ' ')} event{'s' if n > 1 else ''}"
                body.append(
                    el(
                        "rect",
                        title=tip,
                        x=x0 + slot * 0.12,
                        y=y(base + n),
                        width=slot * 0.76,
                        height=y(base) - y(base + n),
                        fill=QUAD_COLOURS[quad],
                        class_="bar",
                    )
                )
                base += n
        if i % label_every == 0 or year == UNDATED:
            body.append(text(x0 + slot / 2, height - bottom + 14, year, text_anchor="middle", fill=INK))
    body.extend(_legend(left, height - 14, [(q.replace("_", " "), c) for q, c in QUAD_COLOURS.items()]))
    return svg(width, height, body, "Events per year by quad class")


def dyad_totals(dyad_years: pl.DataFrame) -> pl.DataFrame:
    """One row per actor pair over all years: events, stances, event-weighted cooperation score."""
    return (
        dyad_years.with_columns(
            (
                pl.col("a_supports_b")
                + pl.col("a_opposes_b")
                + pl.col("b_supports_a")
                + pl.col("b_opposes_a")
            ).alias("n_stances"),
            (pl.col("cooperation_score") * pl.col("n_events")).alias("_weighted"),
            pl.when(pl.col("cooperation_score").is_not_null())
            .then(pl.col("n_events"))
            .otherwise(0)
            .alias("_scored"),
        )
        .group_by("actor_a", "actor_b", "name_a", "name_b")
        .agg(
            pl.col("n_events").sum(),
            pl.col("n_stances").sum(),
            (pl.col("n_verbal_cooperation") + pl.col("n_material_cooperation")).sum().alias("n_cooperation"),
            (pl.col("n_verbal_conflict") + pl.col("n_material_conflict")).sum().alias("n_conflict"),
            pl.col("_weighted").sum(),
            pl.col("_scored").sum(),
        )
        .with_columns(
            pl.when(pl.col("_scored") > 0).then(pl.col("_weighted") / pl.col("_scored")).alias("score"),
            (pl.col("n_events") + pl.col("n_stances")).alias("weight"),
        )
        .filter(pl.col("weight") > 0)
        .drop("_weighted", "_scored")
        .sort("weight", "actor_a", "actor_b", descending=[True, False, False])
    )


def place_labels(
    nodes: list[tuple[tuple[float, float, float], str]], width: float, char_w: float = 6.2, line_h: float = 12
) -> list[tuple[float, float, str]]:
    """Greedy label placement: for each (x, y, radius) node in order, the first side (right, left, below,
    above) whose text box overlaps no node and no label placed so far and stays on the canvas; else the least
    overlapping.
    Returns (x, y, text-anchor) per node."""
    # node discs count as obstacles too; leaving the canvas costs more than any overlap
    placed: list[tuple[float, float, float, float]] = [(x - r, y - r, x + r, y + r) for (x, y, r), _ in nodes]

    def overlap(box: tuple[float, float, float, float]) -> float:
        x0, y0, x1, y1 = box
        penalty = 1e6 * (max(0.0, -x0) + max(0.0, x1 - width))
        for a0, b0, a1, b1 in placed:
            penalty += max(0.0, min(x1, a1) - max(x0, a0)) * max(0.0, min(y1, b1) - max(y0, b0))
        return penalty

    out = []
    for (x, y, r), name in nodes:
        w = char_w * len(name)
        candidates = [
            (x + r + 3, y + 4, "start", (x + r + 3, y - 8, x + r + 3 + w, y + 4)),
            (x - r - 3, y + 4, "end", (x - r - 3 - w, y - 8, x - r - 3, y + 4)),
            (x, y + r + line_h, "middle", (x - w / 2, y + r, x + w / 2, y + r + line_h)),
            (x, y - r - 3, "middle", (x - w / 2, y - r - line_h - 1, x + w / 2, y - r - 1)),
        ]
        best = min(candidates, key=lambda c: (overlap(c[3]) > 0, overlap(c[3])))
        placed.append(best[3])
        out.append((best[0], best[1], best[2]))
    return out


def actor_network(dyad_years: pl.DataFrame, max_nodes: int = 36) -> str:
    """The actor co-occurrence network: edge width = events + stances between the pair, edge colour = mean
    cooperation score (red conflict, green cooperation); the most connected actors only."""
    pairs = dyad_totals(dyad_years)
    if pairs.is_empty():
        return _empty("No actor pairs with events or stances.")
    strength: dict[str, float] = defaultdict(float)
    names: dict[str, str] = {}
    for r in pairs.iter_rows(named=True):
        for side in ("a", "b"):
            strength[r[f"actor_{side}"]] += r["weight"]
            names[r[f"actor_{side}"]] = r[f"name_{side}"]
    keep = sorted(strength, key=lambda a: (-strength[a], a))[:max_nodes]
    kept = set(keep)
    edges = [r for r in pairs.iter_rows(named=True) if r["actor_a"] in kept and r["actor_b"] in kept]
    pos = force_layout(keep, [(r["actor_a"], r["actor_b"], float(r["weight"])) for r in edges])
    width, height, pad = 760, 520, 60
    px = linear((0, 1), (pad + 40, width - pad - 40))
    py = linear((0, 1), (pad, height - pad))
    top_edge = max(r["weight"] for r in edges) if edges else 1
    top_node = max(strength[a] for a in keep)
    body = []
    for r in sorted(edges, key=lambda r: r["weight"]):
        (xa, ya), (xb, yb) = pos[r["actor_a"]], pos[r["actor_b"]]
        score = "n/a" if r["score"] is None else f"{r['score']:+.1f}"
        tip = (
            f"{r['name_a']} – {r['name_b']}: {r['n_events']} events ({r['n_cooperation']} cooperation, "
            f"{r['n_conflict']} conflict), cooperation score {score}, {r['n_stances']} stances"
        )
        body.append(
            el(
                "line",
                title=tip,
                x1=px(xa),
                y1=py(ya),
                x2=px(xb),
                y2=py(yb),
                stroke=diverging(r["score"]),
                stroke_width=1 + 6 * math.sqrt(r["weight"] / top_edge),
                stroke_opacity=0.75,
                class_="edge",
            )
        )
    centres = {a: (px(pos[a][0]), py(pos[a][1]), 4 + 9 * math.sqrt(strength[a] / top_node)) for a in keep}
    labels = place_labels([(centres[a], names[a]) for a in keep], width)
    for actor, (x_text, y_text, anchor) in zip(keep, labels, strict=True):
        x, y, radius = centres[actor]
        circle = el("circle", cx=x, cy=y, r=radius, fill="#4a90d9", stroke="#fff", stroke_width=1.5)
        label = text(x_text, y_text, names[actor], fill=INK, class_="label", text_anchor=anchor)
        body.append(
            el(
                "g",
                circle + label,
                title=f"{names[actor]} ({actor}) — click to show its evidence",
                class_="node",
                data_fk="actor",
                data_fv=actor,
            )
        )
    body.extend(
        _legend(
            12,
            height - 12,
            [
                ("conflict (score −10)", diverging(-10)),
                ("neutral / no events", diverging(None)),
                ("cooperation (score +10)", diverging(10)),
            ],
        )
    )
    return svg(width, height, body, "Actor network weighted by cooperation and conflict")


def metric_series(claims: pl.DataFrame, max_series: int = 4) -> list[dict]:
    """The best-documented measures (same measure and unit, with a reference year), most years first:
    [{"measure", "unit", "points": [claims rows]}]."""
    dated = claims.filter(pl.col("reference_year").is_not_null() & pl.col("measure").is_not_null())
    if dated.is_empty():
        return []
    measures = {m: m.strip().lower() for m in dated["measure"].unique().to_list()}
    dated = dated.with_columns(pl.col("measure").replace_strict(measures).alias("_measure"))
    sizes = dated.group_by("_measure", "unit").agg(pl.col("reference_year").n_unique(), pl.len())
    # most years, then most figures, then by name
    ranked = sorted(sizes.iter_rows(), key=lambda r: (-r[2], -r[3], r[0], r[1]))
    out = []
    for measure, unit, _, _ in ranked[:max_series]:
        group = dated.filter((pl.col("_measure") == measure) & pl.col("unit").eq_missing(unit)).drop(
            "_measure"
        )
        rows = sorted(group.iter_rows(named=True), key=lambda r: (r["reference_year"], r["value"]))
        out.append({"measure": measure, "unit": unit, "points": rows})
    return out


def series_chart(series: dict) -> str:
    """Points of one metric series by year; the line joins the yearly means; hover names the source."""
    width, height, left, right, top, bottom = 360, 190, 52, 12, 14, 28
    points = series["points"]
    years = [r["reference_year"] for r in points]
    values = [r["value"] for r in points]
    lo_year, hi_year = min(years), max(years)
    x = linear((lo_year - 0.5, hi_year + 0.5), (left, width - right))
    ticks = nice_ticks(max(max(values), 0))
    y = linear((min(0.0, min(values)), ticks[-1] or 1.0), (height - bottom, top))
    body = []
    for tick in ticks:
        body.append(el("line", x1=left, x2=width - right, y1=y(tick), y2=y(tick), stroke="#e5e5e5"))
        body.append(text(left - 5, y(tick) + 4, short_number(tick), text_anchor="end", fill=MUTED))
    year_ticks = sorted(set(years)) if hi_year - lo_year > 12 else range(lo_year, hi_year + 1)
    for year in year_ticks:
        body.append(text(x(year), height - bottom + 14, year, text_anchor="middle", fill=INK))
    by_year: dict[int, list[float]] = defaultdict(list)
    for r in points:
        by_year[r["reference_year"]].append(r["value"])
    if len(by_year) > 1:
        coords = " ".join(f"{x(yr):.1f},{y(sum(v) / len(v)):.1f}" for yr, v in sorted(by_year.items()))
        body.append(el("polyline", points=coords, fill="none", stroke="#4a90d9", stroke_width=1.5))
    for r in points:
        tip = f"{r['reference_year']}: {r['surface']} ({r['status']}) — {r['title'] or r['doc_id']}"
        actual = r["status"] == "actual"
        body.append(
            el(
                "circle",
                title=tip,
                cx=x(r["reference_year"]),
                cy=y(r["value"]),
                r=4.5,
                fill="#1f5fa8" if actual else "#fff",
                stroke="#1f5fa8",
                stroke_width=2,
                class_="pt",
            )
        )
    label = f"{series['measure']} ({series['unit']})"
    return svg(width, height, body, label)


def plot_markdown(table: str, df: pl.DataFrame) -> str | None:
    """A Markdown image plotting an integrated table (for the Dagster UI), or None when it has no plot."""
    if table == "dyad_years" and not df.is_empty():
        return svg_markdown(actor_network(df), "actor network")
    if table == "timeline" and not df.is_empty():
        return svg_markdown(events_per_year(df), "events per year by quad class")
    if table == "claims" and (series := metric_series(df, max_series=1)):
        return svg_markdown(series_chart(series[0]), f"{series[0]['measure']} by year")
    return None
