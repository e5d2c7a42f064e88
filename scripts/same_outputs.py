"""Show that a code change leaves the published tables byte-identical: run the pipeline of a git revision and of
the working tree on the same corpora and compare every published Parquet file.

    .venv/bin/python scripts/same_outputs.py --base HEAD~3 corpus ../shared/eval/dev_articles ../shared/eval/pool

`lineage.parquet` records the code and knowledge versions of each table, which change with any code change by
design; it is compared without those two columns (row counts, content hashes, upstream tables and corpus hash
must still be equal). Exit status 0 when every table is the same, 1 otherwise.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import polars as pl

ROOT = Path(__file__).resolve().parent.parent
VERSION_COLUMNS = ("code_version", "extractor_versions")


def run(code: Path, corpus: Path, outputs: Path) -> None:
    """`python -m pipeline run` with the code in `code` (a checkout), caches cold, one process."""
    env = {**os.environ, "PYTHONPATH": str(code), "GEOEVENTS_N_PROCESS": "1", "GEOEVENTS_LOG_LEVEL": "ERROR"}
    env.setdefault("DAGSTER_HOME", tempfile.mkdtemp(prefix="same-outputs-home-"))
    command = [sys.executable, "-m", "pipeline", "run", "--corpus", str(corpus), "--outputs", str(outputs)]
    subprocess.run(command, cwd=code, env=env, check=True, stdout=subprocess.DEVNULL)


def differences(before: Path, after: Path) -> list[str]:
    """One line per published table that differs between two outputs folders."""
    names = sorted({p.name for p in (before / "parquet").glob("*.parquet")} | {p.name for p in (after / "parquet").glob("*.parquet")})
    found = []
    for name in names:
        old, new = before / "parquet" / name, after / "parquet" / name
        if not old.exists() or not new.exists():
            found.append(f"{name}: only in {'after' if new.exists() else 'before'}")
        elif name == "lineage.parquet":
            if not pl.read_parquet(old).drop(VERSION_COLUMNS).equals(pl.read_parquet(new).drop(VERSION_COLUMNS)):
                found.append(f"{name}: row counts, content hashes or upstream tables differ")
        elif old.read_bytes() != new.read_bytes():
            found.append(f"{name}: bytes differ")
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpora", nargs="+", type=Path, help="corpus folders to run both versions on")
    parser.add_argument("--base", default="HEAD", help="git revision to compare the working tree with")
    args = parser.parse_args(argv)
    failed = False
    with tempfile.TemporaryDirectory(prefix="same-outputs-") as tmp:
        base = Path(tmp) / "base"
        subprocess.run(["git", "worktree", "add", "--detach", "-q", str(base), args.base], cwd=ROOT, check=True)
        try:
            for i, corpus in enumerate(args.corpora):
                corpus = corpus.resolve()
                before, after = Path(tmp) / f"before{i}", Path(tmp) / f"after{i}"
                run(base, corpus, before)
                run(ROOT, corpus, after)
                found = differences(before, after)
                n_tables = len(list((after / "parquet").glob("*.parquet")))
                print(f"{corpus}: " + ("; ".join(found) if found else f"all {n_tables} tables identical"))
                failed |= bool(found)
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(base)], cwd=ROOT, check=False)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
