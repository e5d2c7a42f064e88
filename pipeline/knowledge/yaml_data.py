"""Read the YAML knowledge files with libyaml's C parser when PyYAML has it (several times faster than the
pure-Python one, same data), so that a process extracting one new document does not spend its time parsing."""

from __future__ import annotations

import yaml

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(text: str) -> object:
    """The data of a YAML document (safe subset: no arbitrary Python objects)."""
    return yaml.load(text, Loader=_LOADER)
