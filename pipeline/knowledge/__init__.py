"""Knowledge as data: countries, IGOs, people, titles, PLOVER triggers, units, topics, stance cues (YAML/CSV).

The files are the knowledge; the Python here says where they are and reads them into typed lexicons (e.g.
`metrics.py`). Their content hash is part of every extraction stage's cache key (pipeline/core/versions.py).
Imports nothing from the pipeline outside this package.
"""

from pathlib import Path

KNOWLEDGE_DIR = Path(__file__).resolve().parent


def knowledge_file(name: str) -> Path:
    """The path of one knowledge file, e.g. `knowledge_file("topics.yaml")`."""
    return KNOWLEDGE_DIR / name
