#!/usr/bin/env bash
# Set everything up on a fresh machine, lint, and run the whole test suite.
set -euo pipefail
source "$(dirname "$0")/setup.sh"
ruff check pipeline schemas tests benchmarks
python -m pytest "$@"
