#!/usr/bin/env bash
# Make sure Debian's Chromium is there for the browser test (tests/test_browser.py): installed with apt-get when
# it is missing and we are root; otherwise say how to get it. Never downloads browsers any other way.
set -euo pipefail
CHROMIUM="${GEOEVENTS_CHROMIUM:-/usr/bin/chromium}"
[ -x "$CHROMIUM" ] && exit 0
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
  echo "[setup] $CHROMIUM is missing: install it (sudo apt-get install -y chromium) or set GEOEVENTS_CHROMIUM" >&2
  exit 1
fi
echo "[setup] installing chromium with apt-get (for the browser test)"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq chromium >/dev/null
