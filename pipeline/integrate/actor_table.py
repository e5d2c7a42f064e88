"""Corpus-level actors table: one row per canonical actor, aggregated from per-document results."""

from __future__ import annotations


def build_actor_rows(actor_records: list[dict], mentions: list[dict]) -> list[dict]:
    """Merge per-document actor records (first record per id wins, in sorted order) with mention statistics."""
    records: dict[str, dict] = {}
    for record in sorted(actor_records, key=lambda r: (r["actor_id"], r["name"])):
        records.setdefault(record["actor_id"], record)
    aliases: dict[str, set[str]] = {actor_id: set() for actor_id in records}
    docs: dict[str, set[str]] = {actor_id: set() for actor_id in records}
    counts: dict[str, int] = dict.fromkeys(records, 0)
    for mention in mentions:
        actor_id = mention["actor_id"]
        if actor_id not in records:
            continue
        aliases[actor_id].add(mention["text"])
        docs[actor_id].add(mention["doc_id"])
        counts[actor_id] += 1
    return [
        {
            "actor_id": actor_id,
            "name": record["name"],
            "actor_type": record["actor_type"],
            "country_code": record["country_code"],
            "aliases": sorted(aliases[actor_id]),
            "n_mentions": counts[actor_id],
            "n_documents": len(docs[actor_id]),
        }
        for actor_id, record in sorted(records.items())
    ]
