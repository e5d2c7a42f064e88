"""DuckDB views for the questions analysts ask most (created with the warehouse)."""

VIEWS: dict[str, str] = {
    # Who acts on whom, overall: cooperation vs conflict per actor pair across all years.
    "v_actor_pairs": """
        SELECT name_a, name_b, actor_a, actor_b, sum(n_events) AS n_events,
               sum(n_verbal_cooperation + n_material_cooperation) AS n_cooperation,
               sum(n_verbal_conflict + n_material_conflict) AS n_conflict,
               round(sum(cooperation_score * n_events) / nullif(sum(n_events), 0), 2) AS cooperation_score,
               sum(n_event_clusters) AS n_event_clusters
        FROM dyad_years GROUP BY ALL ORDER BY n_events DESC, name_a, name_b""",
    # Events per year and quad class (the classic event-data trend line); an event whose text gives no date
    # counts in the year it was reported.
    "v_events_per_year": """
        SELECT coalesce(year, TRY_CAST(left(reported_date, 4) AS INTEGER)) AS year, quad_class,
               count(*) AS n_events, count(DISTINCT event_cluster_id) AS n_real_events
        FROM timeline WHERE modality = 'asserted' GROUP BY ALL ORDER BY year NULLS LAST, quad_class""",
    # What was denied, threatened, demanded or only possible, but not reported as done.
    "v_events_not_done": """
        SELECT modality, event_date, event_type, source_names, target_names, title, evidence
        FROM timeline WHERE modality IN ('negated', 'hypothetical')
        ORDER BY event_date NULLS LAST, event_type""",
    # Who holds which position on what, with the sentence.
    "v_stance_positions": """
        SELECT coalesce(h.name, CASE WHEN s.holder_kind = 'author' THEN 'author' END) AS holder,
               coalesce(t.name, s.target_topic, s.target_text) AS target, s.polarity, s.attributed, s.cue,
               d.title, s.evidence
        FROM stances s
        LEFT JOIN actors h ON h.actor_id = s.holder_actor_id
        LEFT JOIN actors t ON t.actor_id = s.target_actor_id
        JOIN documents d USING (doc_id)""",
    # Every figure with its actors, year and source sentence.
    "v_metric_series": """
        SELECT measure, unit, reference_year, value, value_high, status, approximate,
               array_to_string(actor_names, ', ') AS actors, title, evidence
        FROM claims ORDER BY measure, reference_year NULLS LAST""",
    # Where events happened, on a map: one row per event with its place, coordinates and how exact they are.
    "v_events_geo": """
        SELECT e.event_id, e.event_date, e.event_type, e.quad_class, e.modality, p.name AS place, p.feature_class,
               p.country_code, p.admin1, p.latitude, p.longitude, e.location_precision, e.location_source,
               e.location AS location_text, d.title, e.evidence
        FROM events e JOIN places p USING (place_id) JOIN documents d USING (doc_id)
        ORDER BY e.event_date NULLS LAST, e.event_id""",
    # Every extracted row traced back to the words that produced it.
    "v_evidence": """
        SELECT 'event' AS kind, event_id AS id, doc_id, sentence_id, char_start, char_end, trigger AS span, evidence
        FROM events
        UNION ALL SELECT 'metric', metric_id, doc_id, sentence_id, char_start, char_end, surface, evidence FROM metrics
        UNION ALL SELECT 'stance', stance_id, doc_id, sentence_id, char_start, char_end, cue, evidence FROM stances""",
}
