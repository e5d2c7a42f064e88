"""Tiny SVG writer: escaped elements, linear scales, colours. Every string that reaches the markup goes through
`esc`, so corpus text (names, measures, titles) can never inject markup."""

from __future__ import annotations

import base64
import html
import math
from collections.abc import Iterable

QUAD_COLOURS = {
    "verbal_cooperation": "#8fd18f",
    "material_cooperation": "#2e8b57",
    "verbal_conflict": "#f4a261",
    "material_conflict": "#c0392b",
}
QUAD_ORDER = tuple(QUAD_COLOURS)
INK = "#333"
MUTED = "#888"


def esc(value: object) -> str:
    return html.escape(str(value), quote=True)


def attrs(**values: object) -> str:
    """Attribute string; `class_` -> class, `data_x` -> data-x; None values are left out."""
    parts = []
    for name, value in values.items():
        if value is None:
            continue
        key = name.rstrip("_").replace("_", "-")
        if isinstance(value, float):
            value = f"{value:.1f}"
        parts.append(f'{key}="{esc(value)}"')
    return " ".join(parts)


def el(tag: str, body: str = "", title: str | None = None, **values: object) -> str:
    """One element; `title` becomes a <title> child (the browser's hover tooltip)."""
    inner = (f"<title>{esc(title)}</title>" if title else "") + body
    return f"<{tag} {attrs(**values)}>{inner}</{tag}>" if inner else f"<{tag} {attrs(**values)}/>"


def text(x: float, y: float, content: object, **values: object) -> str:
    return f"<text {attrs(x=x, y=y, **values)}>{esc(content)}</text>"


def svg(width: int, height: int, body: Iterable[str], label: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" role="img" aria-label="{esc(label)}" font-family="system-ui, sans-serif" '
        f'font-size="11">{"".join(body)}</svg>'
    )


def linear(domain: tuple[float, float], span: tuple[float, float]):
    """A linear scale from `domain` onto `span` (a degenerate domain maps to the middle)."""
    (d0, d1), (r0, r1) = domain, span

    def scale(v: float) -> float:
        if d1 == d0:
            return (r0 + r1) / 2
        return r0 + (v - d0) * (r1 - r0) / (d1 - d0)

    return scale


def nice_ticks(top: float, count: int = 4) -> list[float]:
    """Round tick values from 0 to at least `top`."""
    if top <= 0:
        return [0.0]
    raw = top / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    return [i * step for i in range(math.ceil(top / step) + 1)]


def diverging(score: float | None) -> str:
    """Colour for a cooperation score in [-10, 10]: red (conflict) - grey - green (cooperation)."""
    if score is None or math.isnan(score):
        return "#b0b0b0"
    t = max(-1.0, min(1.0, score / 10))
    grey, red, green = (176, 176, 176), (192, 57, 43), (46, 139, 87)
    far = green if t > 0 else red
    rgb = [round(g + (f - g) * min(1.0, abs(t) * 2.5)) for g, f in zip(grey, far, strict=True)]
    return "#{:02x}{:02x}{:02x}".format(*rgb)


def short_number(value: float) -> str:
    for limit, suffix in ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "k")):
        if abs(value) >= limit:
            return f"{value / limit:.3g}{suffix}"
    return f"{value:.3g}"


def svg_markdown(markup: str, alt: str) -> str:
    """A Markdown image of an SVG as a data URI (rendered by the Dagster UI's Markdown metadata)."""
    encoded = base64.b64encode(markup.encode("utf-8")).decode("ascii")
    return f"![{alt}](data:image/svg+xml;base64,{encoded})"
