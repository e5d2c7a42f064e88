#!/usr/bin/env bash
# Set everything up on a fresh machine and materialize all assets headless:
# corpus/ -> outputs/parquet/*.parquet and outputs/warehouse.duckdb.
set -euo pipefail
source "$(dirname "$0")/setup.sh"
python -m pipeline run "$@"
