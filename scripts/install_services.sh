#!/usr/bin/env bash
# Make sure redis-server and PostgreSQL (initdb, pg_ctl) are there for the distributed test
# (tests/test_distributed.py, which starts throwaway instances on loopback): installed with apt-get when they
# are missing and we are root; otherwise say how to get them. Installing never starts a service.
set -euo pipefail
have_postgres() { command -v initdb >/dev/null || compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null; }
command -v redis-server >/dev/null && have_postgres && exit 0
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
  echo "[setup] redis-server or PostgreSQL is missing: sudo apt-get install -y redis-server postgresql" >&2
  exit 1
fi
echo "[setup] installing redis-server and postgresql with apt-get (for the distributed test)"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# policy-rc.d answering 101 keeps the packages' post-install scripts from starting system-wide services
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
  chmod +x /usr/sbin/policy-rc.d
  trap 'rm -f /usr/sbin/policy-rc.d' EXIT
fi
apt-get install -y -qq redis-server postgresql >/dev/null
