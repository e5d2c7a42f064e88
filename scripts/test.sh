#!/usr/bin/env bash
# Set everything up on a fresh machine, lint, and run the whole test suite.
set -euo pipefail
source "$(dirname "$0")/setup.sh"
ruff check .
lint-imports
bash scripts/install_chromium.sh || echo "[setup] tests/test_browser.py will fail without Chromium" >&2
bash scripts/install_services.sh || echo "[setup] tests/test_distributed.py is skipped without redis-server and PostgreSQL" >&2
python -m pytest "$@"
