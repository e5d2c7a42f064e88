"""Evidence report: spans cut and highlighted exactly, corpus text escaped, plots drawn from the tables, the
asset and the `report` command write one self-contained file."""

from __future__ import annotations

import base64
import io
import json
import math
import random
import re
import sys
from html import unescape
from pathlib import Path

import dagster as dg
import polars as pl
import pytest

from pipeline import progress
from pipeline.cli import main
from pipeline.publish.release import read_published
from pipeline.report import REPORT_FILE, page, render_report
from pipeline.report.highlights import Highlight, segment
from pipeline.report.layout import force_layout
from pipeline.report.page import load_published
from pipeline.report.pieces import PieceCache
from pipeline.report.plots import actor_network, event_year_counts, metric_series, plot_markdown
from pipeline.report.worldmap import event_map, outline_path

EVIL = '<script>alert("x")</script>'
TEXT = f"Russia and China signed a deal. Trade hit $5 billion. {EVIL} & more </script>"


def _h(start: int, end: int, kind: str = "actor") -> Highlight:
    return Highlight(kind, "d", start, end, "k", {})


def test_segments_cover_the_text_and_know_every_overlapping_highlight() -> None:
    highlights = [_h(0, 10), _h(5, 15, "event"), _h(20, 20), _h(25, 40, "stance")]
    segments = segment(30, highlights)
    assert [(s.start, s.end) for s in segments] == [(0, 5), (5, 10), (10, 15), (15, 25), (25, 30)]
    assert [s.covering for s in segments] == [(0,), (0, 1), (1,), (), (3,)]


def _tables() -> dict[str, pl.DataFrame]:
    trade = TEXT.index("$5 billion")
    evil = TEXT.index(EVIL)
    return {
        "documents": pl.DataFrame(
            {
                "doc_id": ["d1"],
                "source_path": ["a/<b>.txt"],
                "title": [f"Title {EVIL}"],
                "authors": [["Ann <i>Author</i>"]],
                "published_date": ["2019-08"],
                "text": [TEXT],
            }
        ),
        "actors": pl.DataFrame(
            {
                "actor_id": ["RUS", "CHN", "x:evil"],
                "name": ["Russia", "China", EVIL],
                "actor_type": ["country", "country", "group"],
            }
        ),
        "mentions": pl.DataFrame(
            {
                "doc_id": ["d1", "d1", "d1"],
                "actor_id": ["RUS", "CHN", "x:evil"],
                "char_start": [0, 11, evil],
                "char_end": [6, 16, evil + len(EVIL)],
                "mention_kind": ["name", "name", "name"],
                "extractor": ["actors/1"] * 3,
            }
        ),
        "events": pl.DataFrame(
            {
                "event_id": ["e1"],
                "doc_id": ["d1"],
                "char_start": [17],
                "char_end": [23],
                "event_type": ["AGREE"],
                "quad_class": ["verbal_cooperation"],
                "event_date": ["2019-08-09"],
                "location": [None],
                "place_id": ["geonames:524901"],
                "modality": ["asserted"],
                "confidence": [0.9],
                "extractor": ["events/1"],
            },
            schema_overrides={"location": pl.String},
        ),
        "places": pl.DataFrame(
            {
                "place_id": ["geonames:524901"],
                "name": [f"Moscow {EVIL}"],
                "feature_class": ["city"],
                "latitude": [55.75],
                "longitude": [37.62],
            }
        ),
        "event_participants": pl.DataFrame(
            {"event_id": ["e1", "e1"], "actor_id": ["RUS", "CHN"], "role": ["source", "target"]}
        ),
        "metrics": pl.DataFrame(
            {
                "metric_id": ["m1"],
                "doc_id": ["d1"],
                "char_start": [trade],
                "char_end": [trade + len("$5 billion")],
                "value": [5e9],
                "value_high": [None],
                "unit": ["USD"],
                "measure": [f"trade {EVIL}"],
                "reference_year": [2019],
                "status": ["actual"],
                "approximate": [False],
                "extractor": ["metrics/1"],
            },
            schema_overrides={"value_high": pl.Float64},
        ),
        "metric_actors": pl.DataFrame({"metric_id": ["m1", "m1"], "actor_id": ["RUS", "CHN"]}),
        "stances": pl.DataFrame(
            {
                "doc_id": ["d1"],
                "char_start": [17],
                "char_end": [30],
                "holder_actor_id": ["RUS"],
                "target_actor_id": ["CHN"],
                "target_topic": [None],
                "target_text": ["China"],
                "polarity": ["support"],
                "attributed": [False],
                "cue": ["signed"],
                "confidence": [0.7],
                "extractor": ["stances/1"],
            },
            schema_overrides={"target_topic": pl.String},
        ),
        "dyad_years": pl.DataFrame(
            {
                "actor_a": ["CHN"],
                "actor_b": ["RUS"],
                "name_a": ["China"],
                "name_b": ["Russia"],
                "year": [2019],
                "n_events": [1],
                "n_verbal_cooperation": [1],
                "n_material_cooperation": [0],
                "n_verbal_conflict": [0],
                "n_material_conflict": [0],
                "cooperation_score": [4.0],
                "a_supports_b": [0],
                "a_opposes_b": [0],
                "b_supports_a": [1],
                "b_opposes_a": [0],
            }
        ),
        "claims": pl.DataFrame(
            {
                "metric_id": ["m1"],
                "measure": [f"trade {EVIL}"],
                "value": [5e9],
                "unit": ["USD"],
                "reference_year": [2019],
                "status": ["actual"],
                "surface": ["$5 billion"],
                "doc_id": ["d1"],
                "title": [f"Title {EVIL}"],
                "evidence": [f"Trade hit $5 billion. {EVIL}"],
            }
        ),
    }


def test_corpus_text_never_becomes_markup() -> None:
    html = render_report(_tables())
    assert "<script>alert" not in html
    assert "<i>Author" not in html and "<b>.txt" not in html
    # exactly our two script elements: the JSON rows and the behaviour
    assert len(re.findall(r"<script\b", html)) == 2
    assert len(re.findall(r"</script>", html)) == 2
    rows = re.search(r'<script type="application/json" id="rows">(.*?)</script>', html, re.DOTALL)
    assert rows is not None and "<" not in rows.group(1)
    assert any(EVIL in value for r in json.loads(rows.group(1)) for value in r["f"].values())


def test_report_is_self_contained() -> None:
    html = render_report(_tables())
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)
    assert "<link" not in html and "@import" not in html and "url(" not in html


def _marks(html: str) -> list[tuple[str, str, str]]:
    """(classes, ids, text) of every highlight."""
    return [
        (c, i, unescape(t))
        for c, i, t in re.findall(r'<mark class="h ([^"]*)" data-h="([^"]*)">(.*?)</mark>', html)
    ]


def test_every_row_is_highlighted_at_its_span() -> None:
    html = render_report(_tables())
    marks = _marks(html)
    texts_by_class = {}
    for classes, _, text in marks:
        for cls in classes.split():
            texts_by_class[cls] = texts_by_class.get(cls, "") + text
    assert texts_by_class["k-actor"] == "RussiaChina" + EVIL
    assert texts_by_class["k-event"] == "signed"
    assert texts_by_class["k-metric"] == "$5 billion"
    assert texts_by_class["k-stance"] == "signed a deal"
    # the whole text survives, in order, once the markup is removed
    article = re.search(r'<div class="text">(.*?)</div></article>', html, re.DOTALL).group(1)
    assert unescape(re.sub(r"</?mark[^>]*>", "", article)) == TEXT


def test_plots_are_drawn_from_the_tables() -> None:
    t = _tables()
    assert event_year_counts(t["events"]) == {"2019": {"verbal_cooperation": 1}}
    undated = t["events"].with_columns(event_date=pl.lit(None, pl.String), reported_date=pl.lit("2021-03-04"))
    assert event_year_counts(undated) == {"2021": {"verbal_cooperation": 1}}  # dated by its report
    network = actor_network(t["dyad_years"])
    assert network.count('class="node"') == 2 and 'data-fv="RUS"' in network
    assert "cooperation score +4.0" in network
    [series] = metric_series(t["claims"])
    assert series["unit"] == "USD" and len(series["points"]) == 1
    image = plot_markdown("dyad_years", t["dyad_years"])
    svg = base64.b64decode(image.split("base64,", 1)[1].rstrip(")")).decode()
    assert svg.startswith("<svg") and "Russia" in svg
    assert plot_markdown("documents", t["documents"]) is None


def test_map_puts_each_located_event_at_its_place() -> None:
    t = _tables()
    drawn = event_map(t["events"], t["places"])
    assert drawn == event_map(t["events"], t["places"])  # deterministic
    [circle] = re.findall(r"<circle [^>]*>", drawn)
    x, y = (float(v) for v in re.search(r'cx="([\d.]+)" cy="([\d.]+)"', circle).groups())
    assert abs(x - (37.62 + 180) / 360 * 760) < 0.1 and abs(y - (90 - 55.75) / 180 * 380) < 0.1
    assert 'fill="#8fd18f"' in circle  # verbal cooperation
    assert "<script>" not in drawn and "Moscow &lt;script&gt;" in drawn  # names are escaped
    assert "1 of 1 events located" in drawn and len(outline_path()) > 10_000  # the countries are drawn
    unlocated = t["events"].with_columns(place_id=pl.lit(None, pl.String))
    assert "<circle" not in event_map(unlocated, t["places"]) and "0 of 1 events" in event_map(unlocated, t["places"])


def test_layout_is_deterministic_and_in_the_unit_square() -> None:
    nodes = ["a", "b", "c", "d"]
    edges = [("a", "b", 3.0), ("b", "c", 1.0)]
    first = force_layout(nodes, edges)
    assert first == force_layout(nodes, edges)
    assert all(0 <= x <= 1 and 0 <= y <= 1 for x, y in first.values())


def _plain_layout(nodes: list[str], edges: list[tuple[str, str, float]], iterations: int) -> dict:
    """Fruchterman-Reingold written plainly: the optimised force_layout must match it bit for bit."""
    n, gravity = len(nodes), 0.08
    pos = {v: [math.cos(2 * math.pi * i / n), math.sin(2 * math.pi * i / n)] for i, v in enumerate(nodes)}
    k = 1.3 * math.sqrt(4.0 / n)
    top = max((w for _, _, w in edges), default=1.0) or 1.0
    temperature = 0.2
    for _ in range(iterations):
        disp = {v: [0.0, 0.0] for v in nodes}
        pairs = [(a, b, None) for i, a in enumerate(nodes) for b in nodes[i + 1 :]]
        for a, b, weight in pairs + list(edges):
            dx, dy = pos[a][0] - pos[b][0], pos[a][1] - pos[b][1]
            dist = max(math.hypot(dx, dy), 1e-3)
            # repulsion between every pair pushes apart, springs along edges pull together
            force = k * k / dist if weight is None else -dist * dist / k * (0.15 + 0.35 * math.sqrt(weight / top))
            disp[a][0] += dx / dist * force
            disp[a][1] += dy / dist * force
            disp[b][0] -= dx / dist * force
            disp[b][1] -= dy / dist * force
        for v in nodes:
            d = [disp[v][axis] - pos[v][axis] * gravity for axis in (0, 1)]
            length = max(math.hypot(*d), 1e-9)
            for axis in (0, 1):
                pos[v][axis] += d[axis] / length * min(length, temperature)
        temperature = max(temperature * 0.97, 0.005)
    lo = [min(p[axis] for p in pos.values()) for axis in (0, 1)]
    span = [(max(p[axis] for p in pos.values()) - lo[axis]) or 1.0 for axis in (0, 1)]
    return {v: tuple((p[axis] - lo[axis]) / span[axis] for axis in (0, 1)) for v, p in pos.items()}


def test_fast_layout_matches_the_plain_algorithm_exactly() -> None:
    rng = random.Random(7)
    for n in (2, 3, 12, 30):
        nodes = [f"n{i}" for i in range(n)]
        edges = [(*rng.sample(nodes, 2), float(rng.randint(1, 40))) for _ in range(2 * n)]
        assert force_layout(nodes, edges, iterations=40) == _plain_layout(nodes, edges, iterations=40)


def test_published_report_shows_every_extracted_row(published: Path) -> None:
    html = (published / REPORT_FILE).read_text(encoding="utf-8")
    read = {
        n: pl.read_parquet(published / "parquet" / f"{n}.parquet")
        for n in ("documents", "mentions", "events", "metrics", "stances")
    }
    assert html.count('<article class="doc"') == read["documents"].height
    rows = json.loads(re.search(r'id="rows">(.*?)</script>', html, re.DOTALL).group(1))
    kinds = {"actor": "mentions", "event": "events", "metric": "metrics", "stance": "stances"}
    for kind, table in kinds.items():
        assert sum(r["k"] == kind for r in rows) == read[table].height, kind
    # every event trigger's text is inside a highlight of kind event
    marked = "".join(t for c, _, t in _marks(html) if "k-event" in c.split())
    for trigger in read["events"]["trigger"].unique().to_list():
        assert trigger in marked


def test_report_reads_rows_only_of_the_documents_it_shows_and_draws_the_same_page(published: Path) -> None:
    everything = read_published(published, page.REPORT_TABLES)
    shown = page.shown_documents(everything, max_documents=1)["doc_id"].to_list()
    tables = load_published(published, max_documents=1)
    assert tables["documents"].height == everything["documents"].height  # counts cover the corpus
    assert tables["documents"].filter(pl.col("text").is_not_null())["doc_id"].to_list() == shown
    for name in ("mentions", "metrics", "stances"):
        assert set(tables[name]["doc_id"]) <= set(shown) and tables[name].height > 0, name
        assert tables[name].height < everything[name].height, name  # the other documents' rows were not read
    assert tables["events"].equals(everything["events"])  # plots cover every event
    assert page.build_report(tables, max_documents=1) == page.build_report(everything, max_documents=1)


def test_cached_pieces_give_the_same_page_and_only_changed_documents_are_rendered_again(
    published: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tables = load_published(published)
    rendered: list[str] = []
    real = page.render_piece
    monkeypatch.setattr(page, "render_piece", lambda doc, hs: rendered.append(doc["doc_id"]) or real(doc, hs))
    cache = PieceCache(tmp_path)
    expected = page.build_report(tables)
    assert len(rendered) == tables["documents"].height
    for _ in range(2):
        rendered.clear()
        assert page.build_report(tables, cache=cache) == expected
    assert rendered == []  # the second time every piece came from the cache

    # renaming an actor re-renders exactly the documents whose rows name it
    mentions = tables["mentions"]
    actor = mentions.group_by("actor_id").agg(pl.col("doc_id").n_unique().alias("n")).sort("n", "actor_id")[0, 0]
    renamed = {**tables, "actors": tables["actors"].with_columns(
        pl.when(pl.col("actor_id") == actor).then(pl.lit("Renamed")).otherwise(pl.col("name")).alias("name"))}  # fmt: skip
    rendered.clear()
    html = page.build_report(renamed, cache=cache).html
    assert rendered == mentions.filter(pl.col("actor_id") == actor)["doc_id"].unique().to_list()
    assert html == page.render_report(renamed)


def test_report_command_writes_the_file_and_explains_missing_outputs(
    published: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "r.html"
    assert main(["report", "--outputs", str(published), "--out", str(target)]) == 0
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert main(["report", "--outputs", str(tmp_path / "nothing")]) == 2
    assert "run `python -m pipeline run` first" in capsys.readouterr().err


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_only_on_a_terminal_and_it_counts_steps(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert not progress.wanted(io.StringIO())
    assert progress.wanted(_Terminal())  # DAGSTER_HOME is set by the session fixture

    @dg.asset
    def first() -> int:
        return 1

    @dg.asset
    def second(first: int) -> int:
        return first + 1

    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    log = tmp_path / "run.log"
    result = progress.with_step_progress(
        lambda: dg.materialize([first, second], instance=dg.DagsterInstance.get()), 2, log
    )
    assert result.success
    assert "materializing" in terminal.getvalue() and "2/2" in terminal.getvalue()
    assert "STEP_SUCCESS" in log.read_text()  # Dagster's log went to the file, not the terminal
    assert "STEP_SUCCESS" not in terminal.getvalue()
