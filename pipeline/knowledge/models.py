"""Learned layers as data: small linear models (logistic regression weights in JSON) that decide which
candidates the rules propose are real, with a calibrated probability.

A model is trained by `python -m pipeline train` on the tune split of the gold (never the check split) and
shipped in pipeline/knowledge/models/; scoring is a dot product over named binary or numeric features, in pure
Python, so the extractors need no machine-learning library at run time. When a model file is absent the rules
decide alone.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.knowledge import knowledge_file

MODELS_DIR = knowledge_file("models")


@dataclass(frozen=True)
class LinearModel:
    """P(real | features) = sigmoid(bias + sum of weight * value), kept when >= `threshold`."""

    weights: dict[str, float]
    bias: float
    threshold: float
    meta: dict[str, Any] = field(default_factory=dict, compare=False)

    def probability(self, features: dict[str, float]) -> float:
        score = self.bias + sum(self.weights.get(name, 0.0) * value for name, value in features.items())
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, score))))

    @property
    def decides(self) -> bool:
        """Whether the model keeps candidates (it beat the rules in training) or only gives their confidence."""
        return bool(self.meta.get("decides", True))

    def keeps(self, features: dict[str, float]) -> tuple[bool, float]:
        """(whether the model keeps the candidate, its probability)."""
        p = self.probability(features)
        return p >= self.threshold, p

    @classmethod
    def load(cls, path: Path) -> LinearModel | None:
        """The model in `path`, or None when there is none."""
        if not path.is_file():
            return None
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(
            weights={str(k): float(v) for k, v in data["weights"].items()},
            bias=float(data["bias"]),
            threshold=float(data["threshold"]),
            meta=dict(data.get("meta") or {}),
        )

    def dump(self, path: Path) -> None:
        data = {"bias": self.bias, "threshold": self.threshold, "meta": self.meta, "weights": self.weights}
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8")


@dataclass(frozen=True)
class ClassModel:
    """A multinomial logistic regression choosing one label (e.g. a PLOVER type): the label with the highest
    score bias + sum of weight * value. `decides` says whether it beat the rules' label in training."""

    weights: dict[str, dict[str, float]]  # label -> feature -> weight
    biases: dict[str, float]
    meta: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def decides(self) -> bool:
        return bool(self.meta.get("decides", True))

    def label(self, features: dict[str, float]) -> str:
        def score(label: str) -> float:
            weights = self.weights.get(label, {})
            return self.biases[label] + sum(weights.get(n, 0.0) * v for n, v in features.items())

        return max(sorted(self.biases), key=score)

    @classmethod
    def load(cls, path: Path) -> ClassModel | None:
        if not path.is_file():
            return None
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(
            weights={str(k): {str(f): float(w) for f, w in v.items()} for k, v in data["weights"].items()},
            biases={str(k): float(v) for k, v in data["biases"].items()},
            meta=dict(data.get("meta") or {}),
        )

    def dump(self, path: Path) -> None:
        data = {"biases": self.biases, "meta": self.meta, "weights": self.weights}
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8")
