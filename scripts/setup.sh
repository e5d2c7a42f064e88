# Sourced by run.sh and test.sh: create .venv with the pinned dependencies and a project-owned DAGSTER_HOME.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PYTHON="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  echo "[setup] creating .venv with $($PYTHON --version)"
  "$PYTHON" -m venv .venv
fi
STAMP=.venv/.installed-$(sha256sum pyproject.toml | cut -c1-16)
if [ ! -f "$STAMP" ]; then
  echo "[setup] installing pinned dependencies (first run takes a few minutes)"
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet -e '.[dev]'
  touch "$STAMP"
fi
export DAGSTER_HOME="$ROOT/.dagster"
mkdir -p "$DAGSTER_HOME"
# project defaults (telemetry off, one run at a time); an older file without a run limit gets it appended
[ -f "$DAGSTER_HOME/dagster.yaml" ] || cp deploy/dagster.yaml "$DAGSTER_HOME/dagster.yaml"
grep -q '^concurrency:' "$DAGSTER_HOME/dagster.yaml" ||
  printf 'concurrency:\n  runs:\n    max_concurrent_runs: 1\n' >> "$DAGSTER_HOME/dagster.yaml"
export PATH="$ROOT/.venv/bin:$PATH"
