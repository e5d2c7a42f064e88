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
    pos = {v: [math.cos(2 * math.pi * i / n), math.sin(2 * math.pi * i / n)] for i, v in enumerate(nodes)}
    k = 1.3 * math.sqrt(4.0 / n)
    top = max((w for _, _, w in edges), default=1.0) or 1.0
    temperature = 0.2
    for _ in range(iterations):
        disp = {v: [0.0, 0.0] for v in nodes}
        for i, a in enumerate(nodes):
            for b in nodes[i + 1 :]:
                dx, dy = pos[a][0] - pos[b][0], pos[a][1] - pos[b][1]
                dist = max(math.hypot(dx, dy), 1e-3)
                push = k * k / dist
                disp[a][0] += dx / dist * push
                disp[a][1] += dy / dist * push
                disp[b][0] -= dx / dist * push
                disp[b][1] -= dy / dist * push
        for a, b, w in edges:
            dx, dy = pos[a][0] - pos[b][0], pos[a][1] - pos[b][1]
            dist = max(math.hypot(dx, dy), 1e-3)
            pull = dist * dist / k * (0.15 + 0.35 * math.sqrt(w / top))
            disp[a][0] -= dx / dist * pull
            disp[a][1] -= dy / dist * pull
            disp[b][0] += dx / dist * pull
            disp[b][1] += dy / dist * pull
        for v in nodes:
            # gravity keeps disconnected parts on the canvas
            disp[v][0] -= pos[v][0] * gravity
            disp[v][1] -= pos[v][1] * gravity
            length = max(math.hypot(*disp[v]), 1e-9)
            step = min(length, temperature)
            pos[v][0] += disp[v][0] / length * step
            pos[v][1] += disp[v][1] / length * step
        temperature = max(temperature * 0.97, 0.005)
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    span_x, span_y = (max(xs) - min(xs)) or 1.0, (max(ys) - min(ys)) or 1.0
    return {v: ((p[0] - min(xs)) / span_x, (p[1] - min(ys)) / span_y) for v, p in pos.items()}
