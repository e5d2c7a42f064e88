"""End to end in a real browser: `dagster dev` on loopback with its own DAGSTER_HOME and copies of the corpus,
headless Chromium opens the asset graph, launches *Materialize all* from the UI, waits for the run to succeed
and checks the published files; then opens the evidence report and checks that the highlights render and react.

Screenshots land in outputs/screenshots/. Needs Debian's Chromium (scripts/install_chromium.sh, run by
scripts/test.sh, installs it as root) and the `playwright` Python package (dev extra) — never `playwright
install`. GEOEVENTS_CHROMIUM points to another Chromium binary.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from pipeline.report import REPORT_FILE
from schemas import TABLES
from tests.conftest import CORPUS, GOLD, ROOT
from tests.processes import MARK, marked, watching, workers_of

CHROMIUM = Path(os.environ.get("GEOEVENTS_CHROMIUM", "/usr/bin/chromium"))
SCREENSHOTS = ROOT / "outputs" / "screenshots"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SERVER_START_S = 240  # dagster dev: webserver, daemon and code server on a slow CI machine
RUN_S = 600  # the whole pipeline, launched from the UI
UI_S = 120_000  # ms, for elements of a page that is still loading definitions


def _chromium() -> Path:
    if not CHROMIUM.exists():
        subprocess.run(["bash", str(ROOT / "scripts" / "install_chromium.sh")], check=False, timeout=900)
    if not CHROMIUM.exists():
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: run scripts/install_chromium.sh as root, or set GEOEVENTS_CHROMIUM"
        )
    return CHROMIUM


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    """A fresh headless Chromium (new profile, no network features) driven by Playwright."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("the playwright package is missing: pip install -e '.[dev]'")
    executable = _chromium()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")),
            executable_path=str(executable),
            args=CHROMIUM_ARGS,
            headless=True,
            viewport={"width": 1440, "height": 900},
        )
        context.set_default_timeout(30_000)
        try:
            yield context
        finally:
            context.close()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str, timeout: float = 5) -> bytes:
    with urllib.request.urlopen(url, timeout=timeout) as response:  # loopback only
        return response.read()


class Server:
    def __init__(self, url: str, outputs: Path, log: Path, mark: str) -> None:
        self.url, self.outputs, self.log, self.mark = url, outputs, log, mark

    def graphql(self, query: str, variables: dict | None = None) -> dict:
        body = json.dumps({"query": query, "variables": variables or {}}).encode()
        request = urllib.request.Request(
            f"{self.url}/graphql", data=body, headers={"Content-Type": "application/json"}
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.loads(response.read())["data"]

    def log_tail(self, lines: int = 40) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """`dagster dev` on 127.0.0.1 and a free port, with a private DAGSTER_HOME (telemetry off), a copy of the
    corpus and an empty outputs folder; stopped (its whole process group) afterwards."""
    base, mark = tmp_path_factory.mktemp("ui"), uuid.uuid4().hex
    home, corpus, outputs, log = (
        base / "dagster_home",
        base / "corpus",
        base / "outputs",
        base / "dagster_dev.log",
    )
    home.mkdir()
    (home / "dagster.yaml").write_text("telemetry:\n  enabled: false\n")
    shutil.copytree(CORPUS, corpus)
    port = _free_port()
    env = {
        **os.environ,
        "DAGSTER_HOME": str(home),
        "DAGSTER_DISABLE_TELEMETRY": "1",
        "GEOEVENTS_CORPUS_DIR": str(corpus),
        "GEOEVENTS_OUTPUTS_DIR": str(outputs),
        "GEOEVENTS_GOLD_DIR": str(GOLD),
        "GEOEVENTS_N_PROCESS": "2",  # the five articles go through the worker pool
        MARK: mark,
    }
    command = [sys.executable, "-m", "dagster", "dev", "-w", str(ROOT / "workspace.yaml")]
    command += ["-h", "127.0.0.1", "-p", str(port)]
    with log.open("wb") as sink:
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=sink, stderr=subprocess.STDOUT, start_new_session=True
        )
    server = Server(f"http://127.0.0.1:{port}", outputs, log, mark)
    try:
        deadline = time.monotonic() + SERVER_START_S
        while True:
            if process.poll() is not None:
                pytest.fail(f"dagster dev exited with {process.returncode}:\n{server.log_tail()}")
            try:
                _get(f"{server.url}/server_info")
                break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail(f"dagster dev did not answer within {SERVER_START_S}s:\n{server.log_tail()}")
                time.sleep(1)
        yield server
    finally:
        _stop(process)


def _stop(process: subprocess.Popen) -> None:
    """Ctrl-C to dagster dev's process group (it shuts its children down), then SIGKILL to what is left."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGINT)
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=30)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=30)


RUNS = "{ runsOrError { ... on Runs { results { runId status } } } }"
FAILURES = """query($runId: ID!) { logsForRun(runId: $runId) { ... on EventConnection { events {
  __typename ... on ExecutionStepFailureEvent { stepKey error { message causes { message stack } } } } } } }"""


def _describe(failure: dict) -> str:
    """A failed step with its root cause and where it was raised (the user's exception, not Dagster's)."""
    error = failure["error"]
    root = error["causes"][-1] if error.get("causes") else error
    where = "".join(root.get("stack", [])[-2:]).rstrip()
    return f"{failure['stepKey']}: {root['message'].strip()}\n{where}"


def _wait_for_run(server: Server) -> str:
    """The id of the run launched from the UI, once it has succeeded (fails with the step errors otherwise)."""
    deadline, runs = time.monotonic() + RUN_S, []
    while time.monotonic() < deadline:
        runs = server.graphql(RUNS)["runsOrError"]["results"]
        if runs and runs[0]["status"] in {"SUCCESS", "FAILURE", "CANCELED"}:
            break
        time.sleep(2)
    else:
        pytest.fail(f"no run finished within {RUN_S}s (runs: {runs}):\n{server.log_tail()}")
    run = runs[0]
    if run["status"] != "SUCCESS":
        events = server.graphql(FAILURES, {"runId": run["runId"]})["logsForRun"]["events"]
        errors = [_describe(e) for e in events if e.get("stepKey")]
        pytest.fail(f"run {run['runId']} ended {run['status']}:\n" + "\n".join(errors or [server.log_tail()]))
    return run["runId"]


def _workers_ended(mark: str, limit_s: float = 20) -> bool:
    """True once no pool worker or fork server of the run is alive (dagster dev's own processes stay)."""
    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline:
        processes = marked(mark)
        if not workers_of(processes) and not any("forkserver" in cmd for _, cmd in processes.values()):
            return True
        time.sleep(0.5)
    return False


def _screenshot(page, name: str) -> None:
    """Save a screenshot without the community dialog or a hover highlight in the way."""
    from playwright.sync_api import Error as PlaywrightError

    skip = page.get_by_role("button", name="Skip")
    if skip.is_visible():
        with contextlib.suppress(PlaywrightError):  # the page's locator handler may dismiss it first
            skip.click(timeout=5_000)
    page.mouse.move(5, 5)
    page.wait_for_timeout(500)
    page.screenshot(path=str(SCREENSHOTS / name))


def test_materialize_everything_from_the_dagster_ui(server: Server, browser) -> None:
    page = browser.new_page()
    # the UI greets a new profile with a "join the community" dialog; dismiss it whenever it shows up
    page.add_locator_handler(page.get_by_role("button", name="Skip"), lambda skip: skip.click())
    page.goto(f"{server.url}/asset-groups")
    materialize = page.get_by_role("button", name="Materialize all")
    materialize.wait_for(state="visible", timeout=UI_S)
    assert page.get_by_text("report", exact=True).first.is_visible(), "the asset graph shows no report group"
    assert server.graphql(RUNS)["runsOrError"]["results"] == []
    with watching(server.mark) as seen:
        materialize.click()
        run_id = _wait_for_run(server)
    assert len(workers_of(seen)) >= 2, "the run launched from the UI never used the worker pool"
    assert _workers_ended(server.mark), "worker processes left behind after the UI run"

    published = server.outputs
    for name in TABLES:
        assert (published / "parquet" / f"{name}.parquet").is_file(), f"{name}.parquet was not published"
    for name in ("warehouse.duckdb", "data_dictionary.md", "evaluation.json", REPORT_FILE):
        assert (published / name).is_file(), f"{name} was not written"

    page.goto(f"{server.url}/runs/{run_id}")
    page.get_by_text("Success", exact=False).first.wait_for(timeout=UI_S)
    page.wait_for_timeout(2000)  # let the step timeline draw
    _screenshot(page, "run_success.png")
    page.goto(f"{server.url}/asset-groups")
    materialize.wait_for(state="visible", timeout=UI_S)
    page.wait_for_timeout(2000)  # let the graph fit itself to the window
    _screenshot(page, "asset_graph.png")

    # the report group: the evidence_report asset downstream of the warehouse, materialized
    page.goto(f"{server.url}/locations/geoevents/asset-groups/report/lineage")
    page.get_by_text("Materialized").first.wait_for(timeout=UI_S)
    _screenshot(page, "asset_group_report.png")

    # the integrated tables carry a plot in their metadata, the evidence report the world map of events
    _open_metadata_image(page, server.url, "dyad_years", "plot", "asset_dyad_years.png")
    _open_metadata_image(page, server.url, "evidence_report", "event_map", "asset_evidence_report_map.png")
    page.close()


def _open_metadata_image(page, url: str, asset: str, label: str, screenshot: str) -> None:
    """Open the `label` metadata entry of `asset` in the UI; it must show as an inline SVG image."""
    page.goto(f"{url}/assets/{asset}")
    row = page.locator("tr", has=page.get_by_text(label, exact=True)).first
    row.wait_for(timeout=UI_S)
    row.get_by_text("[Show Markdown]").click()
    image = page.locator('[role=dialog] img[src^="data:image/svg+xml"]').first
    image.wait_for(state="visible", timeout=UI_S)
    assert image.evaluate("img => img.naturalWidth") > 0, f"the {label} of {asset} did not load as an image"
    page.screenshot(path=str(SCREENSHOTS / screenshot))


def test_evidence_report_highlights_render_and_react(published: Path, browser) -> None:
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto((published / REPORT_FILE).resolve().as_uri())
    for kind in ("actor", "event", "metric", "stance"):
        assert page.locator(f"mark.k-{kind}").count() > 0, f"no {kind} highlight rendered"
    actor = page.locator("mark.k-actor").first
    background = actor.evaluate("m => getComputedStyle(m).backgroundColor")
    assert background not in {"rgba(0, 0, 0, 0)", "transparent"}, "actor highlights have no colour"
    assert page.locator("svg[aria-label='Events per year by quad class'] rect.bar").count() > 0
    assert page.locator("#network g.node").count() > 1
    page.screenshot(path=str(SCREENSHOTS / "evidence_report.png"))
    world = page.locator("#map svg")
    assert world.locator("circle").count() > 0, "no located event on the map"
    world.scroll_into_view_if_needed()
    world.screenshot(path=str(SCREENSHOTS / "evidence_report_map.png"))

    event = page.locator("mark.k-event").first
    event.scroll_into_view_if_needed()
    event.hover()
    tip = page.locator("#tip")
    tip.wait_for(state="visible")
    assert "event" in tip.inner_text().lower()
    page.screenshot(path=str(SCREENSHOTS / "evidence_report_hover.png"))

    shown = page.locator("mark.h:not(.off)").count()
    actor.click()
    assert "showing rows about" in page.locator("#filter-status").inner_text()
    assert 0 < page.locator("mark.h:not(.off)").count() < shown, "clicking an actor did not filter"
    page.keyboard.press("Escape")
    assert page.locator("mark.h:not(.off)").count() == shown
    page.locator("input[data-kind='actor']").uncheck()
    assert page.locator("mark.k-actor").count() == 0, "unticking actor mentions left them highlighted"
    assert errors == [], f"the report's script raised: {errors}"
    page.close()
