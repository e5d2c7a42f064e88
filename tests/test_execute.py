"""run_pipeline executes the asset job as `execute_in_process` does, without holding every output in memory."""

from pathlib import Path

import dagster as dg

from pipeline.definitions import build_definitions
from pipeline.resources import PipelineConfig
from tests.small_runs import published_tables, run, write_articles


def test_a_run_keeps_no_output_values_and_publishes_what_execute_in_process_publishes(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    write_articles(corpus, range(3))
    ours = run(corpus, tmp_path / "ours")
    # private attribute on purpose: a Dagster upgrade that changes how outputs are captured must fail here
    assert ours.success and ours._output_capture == {}

    plain_outputs = tmp_path / "plain"
    config = PipelineConfig(
        corpus_dir=str(corpus), outputs_dir=str(plain_outputs), gold_dir=str(plain_outputs / "no-gold")
    )
    job = build_definitions(config).resolve_implicit_global_asset_job_def()
    plain = job.execute_in_process(instance=dg.DagsterInstance.ephemeral())
    assert plain.success and len(plain._output_capture) >= 10  # what the public API keeps: every table
    assert published_tables(tmp_path / "ours") == published_tables(plain_outputs)
