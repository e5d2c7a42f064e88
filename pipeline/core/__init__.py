"""Infrastructure every stage uses: the data model (`model`), content hashes for cache keys (`versions`),
atomic file writes (`files`), per-document result snapshots (`snapshot`) and cache pruning, table validation
against the Pandera schemas (`tables`), referential integrity (`integrity`), the worker pool (`workers`) and
the run's ownership of the outputs folder (`locks`).

May import only pipeline.knowledge (and the top-level `schemas` package); every other package may import it.
"""
