"""The pipeline's code location for a cluster: the document-batch partitions and jobs, every step sent to
Celery workers (dagster-celery). The broker and result backend come from GEOEVENTS_CELERY_BROKER and
GEOEVENTS_CELERY_BACKEND (default: Redis on localhost). See docs/distributed.md.

    dagster job backfill -m deploy.celery_definitions -j document_batch_actors_job --noprompt --all
"""

import os

import dagster as dg
from dagster_celery import celery_executor

from pipeline.definitions import build_definitions

BROKER = os.environ.get("GEOEVENTS_CELERY_BROKER", "redis://localhost:6379/0")
BACKEND = os.environ.get("GEOEVENTS_CELERY_BACKEND", "redis://localhost:6379/1")

defs = dg.Definitions.merge(
    build_definitions(document_batches=True),
    dg.Definitions(executor=celery_executor.configured({"broker": BROKER, "backend": BACKEND})),
)
