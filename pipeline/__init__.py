"""geoevents: a Dagster pipeline turning geopolitical articles into validated tables of actors, events,
metrics and stances, published as Parquet and DuckDB with lineage.

Data flows one way, and so do imports (import-linter contracts in pyproject.toml, run by scripts/test.sh):
knowledge -> core -> ingest | nlp -> extract -> integrate -> publish -> report | evaluation -> resources | checks
| monitoring -> assets | sensors -> definitions -> execute -> evaluate | progress -> cli. A package imports only
the ones before it; the four extractors (extract.actors/events/metrics/stances) never import each other.
"""

import os

# Polars' allocator (jemalloc) keeps the pages a step frees (polars sets 0.5 s, then 1 s more as "muzzy" pages,
# still resident), so a step's transient copies stayed resident while the next ones were made and the process's
# peak grew with the corpus. Return them after 0.1 s (measured on the tables of 50,000 articles: resident memory
# after validation 597 MB instead of 789, time +10 %). Polars appends this to its own setting when it loads, so it
# is set before any polars import; a value the user set wins.
os.environ.setdefault("_RJEM_MALLOC_CONF", "dirty_decay_ms:100,muzzy_decay_ms:0")

# pyarrow's default allocator (mimalloc) kept the memory of every Parquet file read or written (staging,
# publishing, the report) resident after the step; the C library's allocator gives it back to release_freed_memory
# (pipeline/core/memory.py). Measured on 50,000 one-paragraph articles: the main process's peak in the publish step
# 937 -> 840 MB and in the report 923 -> 798 MB, no step slower. Set before pyarrow makes its pool; a value the
# user set wins.
os.environ.setdefault("ARROW_DEFAULT_MEMORY_POOL", "system")
