"""Per-document extraction, one subpackage per table: `actors`, `events`, `metrics`, `stances`; plus what runs
them over a corpus with caching (`runner`), in worker processes (`parallel`), and a one-text helper
(`context.build_context`) for tests and scripts.

May import nlp, core and knowledge; never dagster, integrate, publish or anything above.
The four extractors never import each other (import-linter independence contract).
"""
