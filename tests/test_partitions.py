"""Document-batch partitions fill the same caches as the unpartitioned assets: after every partition of both
batch assets, a normal run extracts nothing and publishes byte-identical Parquet to a plain run."""

from __future__ import annotations

from pathlib import Path

import dagster as dg
import pytest

from pipeline.assets.batches import BATCHES, batch_of, document_batch_actors, document_batches
from pipeline.definitions import resources_for
from pipeline.resources import PipelineConfig
from tests.small_runs import extracted_counts, published_tables, run, write_articles


def _config(corpus: Path, outputs: Path) -> PipelineConfig:
    return PipelineConfig(corpus_dir=str(corpus), outputs_dir=str(outputs), gold_dir=str(outputs / "no-gold"))


def _materialize(asset: dg.AssetsDefinition, key: str, config: PipelineConfig) -> dg.ExecuteInProcessResult:
    return dg.materialize([asset], partition_key=key, resources=resources_for(config), raise_on_error=False)


def _metadata(result: dg.ExecuteInProcessResult) -> dict[str, object]:
    [event] = result.get_asset_materialization_events()
    return {k: v.value for k, v in event.event_specific_data.materialization.metadata.items()}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    write_articles(folder, range(6))
    return folder


def test_batches_then_normal_run_equals_plain_run(corpus: Path, tmp_path: Path) -> None:
    plain = tmp_path / "plain"
    run(corpus, plain)
    batched = tmp_path / "batched"
    config = _config(corpus, batched)
    documents = 0
    for asset in (document_batch_actors, document_batches):
        for key in BATCHES.get_partition_keys():
            result = _materialize(asset, key, config)
            assert result.success, key
            metadata = _metadata(result)
            assert metadata["documents_extracted"] == metadata["documents"]
            documents += metadata["documents"] if asset is document_batches else 0
    doc_ids = [path.stem for path in (batched / ".cache" / "results" / "actors").rglob("*.json")]
    assert documents == len(doc_ids) == 6
    assert len({batch_of(doc_id) for doc_id in doc_ids}) > 1, "the test corpus should span several batches"

    counts = extracted_counts(run(corpus, batched))
    assert counts == {"documents": 0, "mentions": 0, "events": 0, "metrics": 0, "stances": 0}
    assert published_tables(batched) == published_tables(plain)


def test_extraction_batches_need_every_actor_batch(corpus: Path, tmp_path: Path) -> None:
    result = _materialize(document_batches, batch_of("any"), _config(corpus, tmp_path / "out"))
    assert not result.success
    [failure] = [e for e in result.all_events if e.is_step_failure]
    assert "materialize every partition of document_batch_actors first" in str(failure.event_specific_data)
