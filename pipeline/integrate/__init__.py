"""Joined analytical tables built from the extracted ones: dyad_years, actor_profiles, timeline and claims
(`joins`), the corpus-level actors table (`actor_table`) and column lineage.

May import extract, nlp, ingest, core and knowledge; never publish or anything above.
"""
