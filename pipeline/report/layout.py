"""Deterministic force-directed layout (Fruchterman-Reingold) for small graphs, no dependencies."""

from __future__ import annotations

import math
from functools import lru_cache


def force_layout(
    nodes: list[str], edges: list[tuple[str, str, float]], iterations: int = 300, gravity: float = 0.08
) -> dict[str, tuple[float, float]]:
    """Positions in [0, 1]² for `nodes`; `edges` are (a, b, weight). Same input, same output (nodes start on a
    circle in the given order, no randomness), so the result is memoised: the network drawn for the Dagster UI
    and for the evidence report is laid out once per run."""
    return dict(_layout(tuple(nodes), tuple(edges), iterations, gravity))


@lru_cache(maxsize=8)
def _layout(
    nodes: tuple[str, ...], edges: tuple[tuple[str, str, float], ...], iterations: int, gravity: float
) -> dict[str, tuple[float, float]]:
    n = len(nodes)
    if n == 0:
        return {}
    if n == 1:
        return {nodes[0]: (0.5, 0.5)}
    xs = [math.cos(2 * math.pi * i / n) for i in range(n)]
    ys = [math.sin(2 * math.pi * i / n) for i in range(n)]
    k = 1.3 * math.sqrt(4.0 / n)
    top = max((w for _, _, w in edges), default=1.0) or 1.0
    index = {v: i for i, v in enumerate(nodes)}
    springs = [(index[a], index[b], 0.15 + 0.35 * math.sqrt(w / top)) for a, b, w in edges]
    temperature = 0.2
    for _ in range(iterations):
        fx, fy = _repulsion(xs, ys, k * k)
        _attraction(xs, ys, fx, fy, springs, k)
        for v in range(n):
            # gravity keeps disconnected parts on the canvas
            dx, dy = fx[v] - xs[v] * gravity, fy[v] - ys[v] * gravity
            length = max(math.hypot(dx, dy), 1e-9)
            step = min(length, temperature)
            xs[v] += dx / length * step
            ys[v] += dy / length * step
        temperature = max(temperature * 0.97, 0.005)
    lo_x, lo_y = min(xs), min(ys)
    span_x, span_y = (max(xs) - lo_x) or 1.0, (max(ys) - lo_y) or 1.0
    return {v: ((x - lo_x) / span_x, (y - lo_y) / span_y) for v, x, y in zip(nodes, xs, ys, strict=True)}


# The two force loops below are the hot path: plain lists and locals, and every node's forces are summed in the
# same order as a naive double loop over node pairs, so the layout (and the report) stays bit for bit the same
# (tests/test_report.py compares it with a straightforward version).


def _repulsion(xs: list[float], ys: list[float], kk: float) -> tuple[list[float], list[float]]:
    """Forces pushing every pair of nodes apart (k² / distance)."""
    n, hypot = len(xs), math.hypot
    fx, fy = [0.0] * n, [0.0] * n
    for i in range(n):
        xi, yi, sx, sy = xs[i], ys[i], fx[i], fy[i]
        for j in range(i + 1, n):
            dx, dy = xi - xs[j], yi - ys[j]
            dist = hypot(dx, dy)
            if dist < 1e-3:  # max(dist, 1e-3) without a call
                dist = 1e-3
            push = kk / dist
            px, py = dx / dist * push, dy / dist * push
            sx += px
            sy += py
            fx[j] -= px
            fy[j] -= py
        fx[i], fy[i] = sx, sy
    return fx, fy


def _attraction(
    xs: list[float],
    ys: list[float],
    fx: list[float],
    fy: list[float],
    springs: list[tuple[int, int, float]],
    k: float,
) -> None:
    """Add to `fx`, `fy` the pull of every edge (a, b, strength) on its two ends (distance² / k × strength)."""
    for a, b, strength in springs:
        dx, dy = xs[a] - xs[b], ys[a] - ys[b]
        dist = max(math.hypot(dx, dy), 1e-3)
        pull = dist * dist / k * strength
        px, py = dx / dist * pull, dy / dist * pull
        fx[a] -= px
        fy[a] -= py
        fx[b] += px
        fy[b] += py
