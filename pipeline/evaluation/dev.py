"""Developer shorthand: `python -m pipeline.evaluation.dev [TABLE ...] [eval options]`.

Same as `python -m pipeline eval --tables TABLE ...`: runs the real pipeline on the gold documents (per-document
caches make re-runs fast) and scores the chosen tables.
"""

from __future__ import annotations

import sys

from pipeline.cli import main as cli_main
from pipeline.evaluation.scorer import SCORED_TABLES


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    tables = [a for a in argv if a in SCORED_TABLES]
    options = [a for a in argv if a not in SCORED_TABLES]
    return cli_main(["eval", *options, *(["--tables", *tables] if tables else [])])


if __name__ == "__main__":
    raise SystemExit(main())
