"""geoevents: a Dagster pipeline turning geopolitical articles into validated tables of actors, events,
metrics and stances, published as Parquet and DuckDB with lineage.

Data flows one way, and so do imports (import-linter contracts in pyproject.toml, run by scripts/test.sh):
knowledge -> core -> ingest | nlp -> extract -> integrate -> publish -> report | evaluation -> resources | checks
| monitoring -> assets | sensors -> definitions -> execute -> evaluate | progress -> cli. A package imports only
the ones before it; the four extractors (extract.actors/events/metrics/stances) never import each other.
"""
