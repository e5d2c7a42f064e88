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
# project defaults (telemetry off, one run at a time, dead runs failed by run monitoring): an older file gets
# each top-level section of deploy/dagster.yaml that it lacks appended, and keeps its own
[ -f "$DAGSTER_HOME/dagster.yaml" ] || cp deploy/dagster.yaml "$DAGSTER_HOME/dagster.yaml"
for section in concurrency run_launcher run_monitoring; do
  grep -q "^$section:" "$DAGSTER_HOME/dagster.yaml" ||
    awk -v head="$section:" '$0 == head { on = 1; print; next } /^[^ ]/ { on = 0 } on' deploy/dagster.yaml \
      >> "$DAGSTER_HOME/dagster.yaml"
done
# end of project defaults
export PATH="$ROOT/.venv/bin:$PATH"
