"""Throughput, memory and incremental-cost benchmark of the whole pipeline against bare spaCy.

    .venv/bin/python benchmarks/run_benchmark.py                  # default sizes (a few minutes on 2 cores)
    .venv/bin/python benchmarks/run_benchmark.py --docs 1000 10000 --n-process 4
    .venv/bin/python benchmarks/run_benchmark.py --docs 10000 50000 --paragraphs 1   # short articles

For each corpus size it generates a corpus from the paragraphs of corpus/ (benchmarks/corpus_gen.py) and runs,
each in a fresh process so that peak memory is measured per run:

1. bare spaCy: `nlp.pipe` over the same texts with the same model and n_process (the ceiling);
2. the whole pipeline (every asset and check, in-process, cold caches), timed per Dagster step;
3. the same run again with nothing changed (fixed overhead), then after adding one document (incremental).

It prints documents/s and words/s per stage, the pipeline/bare-spaCy throughput ratio, peak RSS (and the main
process's peak per stage, sampled every SAMPLE_S seconds) and the incremental costs as a share of the full run.
`--paragraphs N` gives every article exactly N paragraphs instead of 3-12 (about 95 words each): the same
per-document work with less parsing, for corpus sizes that would otherwise take hours. Nothing is asserted:
this is a measurement, not a test.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
# Phases import the code snapshot the driver made (see snapshot_code); run by hand, the working tree.
sys.path[:0] = [str(HERE), os.environ.get("GEOEVENTS_BENCH_CODE", str(ROOT))]

from corpus_gen import write_corpus  # noqa: E402

# Dagster step key -> stage label, in pipeline order; every other step (asset checks, reports) is "other steps".
STAGES = {
    "ingest_corpus_asset": "ingest (decode, clean, parse)",
    "actor_assets": "actors",
    "analysis_assets": "events, metrics, stances",
    "integrated_assets": "integrate",
    "warehouse": "publish",
    "evaluation": "evaluation",
}
OTHER = "other steps (checks, reports)"
SAMPLE_S = 0.2  # how often the main process's resident memory is sampled during a pipeline run


# --- phases (each runs in its own process) ---------------------------------------------------------------


def _peak_rss_mb() -> dict[str, float]:
    """Peak resident memory of this process and of its largest child (kB on Linux)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"peak_rss_mb": round(own, 1), "peak_child_rss_mb": round(children, 1)}


class RssSampler(threading.Thread):
    """Samples this process's resident memory (MB) every SAMPLE_S seconds, with the time, until stopped."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.samples: list[tuple[float, float]] = []
        self.done = threading.Event()

    def run(self) -> None:
        page_mb = os.sysconf("SC_PAGE_SIZE") / 2**20
        while not self.done.wait(SAMPLE_S):
            resident = int(Path("/proc/self/statm").read_text().split()[1])
            self.samples.append((time.time(), resident * page_mb))

    def peak_between(self, start: float, end: float) -> float:
        return max((mb for t, mb in self.samples if start <= t <= end), default=0.0)


def _cpu_seconds() -> float:
    """CPU time (user + system) this process has used so far."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def phase_bare(corpus: Path, n_process: int) -> dict:
    """Bare spaCy over the raw texts: the throughput ceiling for anything built on this model."""
    from pipeline.ingest.discover import discover
    from pipeline.nlp.parse import load_nlp

    texts = [f.path.read_text(encoding="utf-8") for f in discover(corpus)]
    nlp = load_nlp()
    start, cpu = time.perf_counter(), _cpu_seconds()
    n_tokens = sum(len(doc) for doc in nlp.pipe(texts, batch_size=8, n_process=n_process))
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "main_cpu": _cpu_seconds() - cpu, "tokens": n_tokens, **_peak_rss_mb()}


def phase_pipeline(corpus: Path, outputs: Path, n_process: int) -> dict:
    """One headless run of every asset; per-step durations from the Dagster instance's step stats."""
    import dagster as dg

    from pipeline.execute import run_pipeline
    from pipeline.resources import PipelineConfig

    config = PipelineConfig(
        corpus_dir=str(corpus),
        outputs_dir=str(outputs),
        gold_dir=str(ROOT / "eval" / "gold"),
        n_process=n_process,
    )
    sampler = RssSampler()
    sampler.start()
    start, cpu = time.perf_counter(), _cpu_seconds()
    result = run_pipeline(config)
    wall, main_cpu = time.perf_counter() - start, _cpu_seconds() - cpu
    sampler.done.set()
    sampler.join()
    steps: dict[str, float] = {}
    step_rss: dict[str, float] = {}
    for stat in dg.DagsterInstance.get().get_run_step_stats(result.run_id):
        label = STAGES.get(stat.step_key, OTHER)
        steps[label] = steps.get(label, 0.0) + (stat.end_time or 0) - (stat.start_time or 0)
        peak = sampler.peak_between(stat.start_time or 0, stat.end_time or 0)
        step_rss[label] = max(step_rss.get(label, 0.0), peak)
    return {"seconds": wall, "main_cpu": main_cpu, "steps": steps, "step_rss_mb": step_rss, **_peak_rss_mb()}


# --- driver ------------------------------------------------------------------------------------------------


def snapshot_code(workdir: Path) -> Path:
    """Copy pipeline/ and schemas/ (code and knowledge files) into workdir/code: every phase runs the same
    versions even if the working tree is edited meanwhile (an edit would, correctly, invalidate the caches)."""
    code = workdir / "code"
    for package in ("pipeline", "schemas"):
        shutil.copytree(
            ROOT / package, code / package, ignore=shutil.ignore_patterns("__pycache__"), dirs_exist_ok=True
        )
    return code


def run_phase(workdir: Path, *args: str) -> dict:
    """Run one phase in a fresh interpreter (clean peak-memory figures) on the code snapshot; log in workdir."""
    env = {
        **os.environ,
        "DAGSTER_HOME": str(workdir / "dagster_home"),
        "DAGSTER_DISABLE_TELEMETRY": "1",
        "GEOEVENTS_BENCH_CODE": str(workdir / "code"),
        # worker processes too import the snapshot, not the (editable-installed) working tree
        "PYTHONPATH": os.pathsep.join(filter(None, [str(workdir / "code"), os.environ.get("PYTHONPATH")])),
    }
    with (workdir / "benchmark.log").open("a") as log:
        done = subprocess.run(
            [sys.executable, __file__, "--phase", *args],
            env=env,
            stdout=subprocess.PIPE,
            stderr=log,
            check=False,
        )
    if done.returncode:
        raise SystemExit(f"phase {args[0]} failed (exit {done.returncode}); see {workdir / 'benchmark.log'}")
    return json.loads(done.stdout.decode().strip().splitlines()[-1])


def benchmark_size(workdir: Path, n_docs: int, n_process: int, source: Path, paragraphs: int | None) -> dict:
    suffix = f"_p{paragraphs}" if paragraphs else ""
    corpus, outputs = workdir / f"corpus_{n_docs}{suffix}", workdir / f"outputs_{n_docs}{suffix}"
    files = write_corpus(corpus, n_docs, source, n_paragraphs=paragraphs)
    words = sum(len(p.read_text(encoding="utf-8").split()) for p in files)
    common = ["--corpus", str(corpus), "--n-process", str(n_process)]
    bare = run_phase(workdir, "bare", *common)
    full = run_phase(workdir, "pipeline", *common, "--outputs", str(outputs))
    noop = run_phase(workdir, "pipeline", *common, "--outputs", str(outputs))
    write_corpus(corpus, 1, source, start=n_docs, n_paragraphs=paragraphs)  # one new article
    plus_one = run_phase(workdir, "pipeline", *common, "--outputs", str(outputs))
    return {"docs": n_docs, "words": words, "bare": bare, "full": full, "noop": noop, "plus_one": plus_one}


def _rate(count: float, seconds: float) -> str:
    return f"{count / seconds:,.0f}" if seconds > 0 else "-"


def format_size(r: dict) -> str:
    docs, words, full, bare = r["docs"], r["words"], r["full"], r["bare"]
    lines = [
        f"\n{docs:,} documents, {words:,} words",
        f"{'stage':<34}{'seconds':>9}{'docs/s':>10}{'words/s':>12}",
        f"{'bare spaCy nlp.pipe':<34}{bare['seconds']:>9.1f}{_rate(docs, bare['seconds']):>10}"
        f"{_rate(words, bare['seconds']):>12}",
    ]
    for label in [*STAGES.values(), OTHER]:
        seconds = full["steps"].get(label, 0.0)
        lines.append(f"  {label:<32}{seconds:>9.1f}{_rate(docs, seconds):>10}{_rate(words, seconds):>12}")
    overhead = full["seconds"] - sum(full["steps"].values())
    lines.append(f"  {'between steps (Dagster, setup)':<32}{overhead:>9.1f}")
    lines.append(
        f"{'whole pipeline (wall, cold)':<34}{full['seconds']:>9.1f}{_rate(docs, full['seconds']):>10}"
        f"{_rate(words, full['seconds']):>12}"
    )
    lines += [
        f"pipeline / bare spaCy throughput: {bare['seconds'] / full['seconds']:.0%}",
        f"peak RSS: pipeline {full['peak_rss_mb']:,.0f} MB (spaCy workers {full['peak_child_rss_mb']:,.0f} MB), "
        f"bare spaCy {bare['peak_rss_mb']:,.0f} MB",
        "main-process peak RSS by stage (MB): "
        + ", ".join(f"{label.split(' (')[0]} {mb:,.0f}" for label, mb in full.get("step_rss_mb", {}).items()),
        f"CPU of the main process (the workers do the parsing): pipeline {full['main_cpu']:.1f} s "
        f"({full['main_cpu'] / full['seconds']:.0%} of the wall time), bare spaCy {bare['main_cpu']:.1f} s",
        f"re-run, nothing changed: {r['noop']['seconds']:.1f} s = {r['noop']['seconds'] / full['seconds']:.1%} "
        "of the full run",
        f"re-run after adding 1 document: {r['plus_one']['seconds']:.1f} s = "
        f"{r['plus_one']['seconds'] / full['seconds']:.1%} of the full run",
        f"  no-change re-run by stage: {_breakdown(r['noop'])}",
        f"  +1 document re-run by stage: {_breakdown(r['plus_one'])}",
    ]
    return "\n".join(lines)


def _breakdown(run: dict) -> str:
    """Seconds per stage of a run, largest first, plus the time between steps."""
    steps = sorted(run["steps"].items(), key=lambda kv: -kv[1])
    between = run["seconds"] - sum(run["steps"].values())
    return (
        ", ".join(f"{label.split(' (')[0]} {sec:.1f}" for label, sec in steps)
        + f", between steps {between:.1f}"
    )


def format_summary(results: list[dict]) -> str:
    head = (
        f"{'docs':>7}{'words':>11}{'bare w/s':>10}{'pipe w/s':>10}{'ratio':>7}{'main MB':>9}{'worker MB':>10}"
        f"{'no-op':>8}{'+1 doc':>8}"
    )
    rows = [head]
    for r in results:
        full, bare = r["full"], r["bare"]
        rows.append(
            f"{r['docs']:>7,}{r['words']:>11,}{_rate(r['words'], bare['seconds']):>10}"
            f"{_rate(r['words'], full['seconds']):>10}{bare['seconds'] / full['seconds']:>7.0%}"
            f"{full['peak_rss_mb']:>9,.0f}{full['peak_child_rss_mb']:>10,.0f}"
            f"{r['noop']['seconds'] / full['seconds']:>8.1%}{r['plus_one']['seconds'] / full['seconds']:>8.1%}"
        )
    return "\n".join(rows)


def machine() -> str:
    model = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if "model name" in line
        ),
        platform.processor() or "unknown CPU",
    )
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (
        f"{model}, {os.cpu_count()} cores, {memory:.0f} GiB RAM, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}, load average at start {load_average()}"
    )


def load_average() -> str:
    """1, 5 and 15-minute load averages: other jobs on the machine make every figure slower."""
    if not hasattr(os, "getloadavg"):
        return "unknown"
    return " / ".join(f"{x:.2f}" for x in os.getloadavg()) + " (1/5/15 min)"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--docs", type=int, nargs="+", default=[100, 300], help="corpus sizes (default 100 300)"
    )
    parser.add_argument(
        "--n-process", type=int, default=os.cpu_count() or 1, help="spaCy processes (default: cores)"
    )
    parser.add_argument(
        "--source", type=Path, default=ROOT / "corpus", help="corpus whose paragraphs are reused"
    )
    parser.add_argument(
        "--workdir", type=Path, help="where corpora and outputs go (default: a temporary folder)"
    )
    parser.add_argument(
        "--paragraphs", type=int, help="paragraphs per generated article (default: 3-12, about 95 words each)"
    )
    parser.add_argument("--phase", choices=["bare", "pipeline"], help=argparse.SUPPRESS)
    parser.add_argument("--corpus", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--outputs", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.phase == "bare":
        print(json.dumps(phase_bare(args.corpus, args.n_process)))
        return 0
    if args.phase == "pipeline":
        print(json.dumps(phase_pipeline(args.corpus, args.outputs, args.n_process)))
        return 0

    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="geoevents-bench-"))
    (workdir / "dagster_home").mkdir(parents=True, exist_ok=True)
    (workdir / "dagster_home" / "dagster.yaml").write_text("telemetry:\n  enabled: false\n")
    snapshot_code(workdir)
    length = f"{args.paragraphs} paragraph(s)" if args.paragraphs else "3-12 paragraphs"
    print(
        f"machine: {machine()}\nn_process={args.n_process}; articles of {length}; work folder {workdir}",
        flush=True,
    )
    results = []
    for n_docs in args.docs:
        results.append(benchmark_size(workdir, n_docs, args.n_process, args.source, args.paragraphs))
        print(format_size(results[-1]), flush=True)
        (workdir / "results.json").write_text(json.dumps(results, indent=1))
    print("\nsummary (ratio = pipeline/bare spaCy throughput; no-op and +1 doc as a share of the full run)")
    print(format_summary(results))
    print(f"load average at the end: {load_average()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
