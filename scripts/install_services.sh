#!/usr/bin/env bash
# Make sure redis-server and PostgreSQL (initdb, pg_ctl) are there for the distributed test
# (tests/test_distributed.py, which starts throwaway instances on loopback): installed with apt-get when they
# are missing and we are root; otherwise say how to get them. Installing never starts a service.
set -euo pipefail
have_postgres() { command -v initdb >/dev/null || compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null; }
command -v redis-server >/dev/null && have_postgres && exit 0
bash "$(dirname "$0")/apt_install.sh" "the distributed test" redis-server postgresql
