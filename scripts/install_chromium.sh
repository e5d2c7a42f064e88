#!/usr/bin/env bash
# Make sure Debian's Chromium is there for the browser test (tests/test_browser.py): installed with apt-get when
# it is missing and we are root; otherwise say how to get it (or set GEOEVENTS_CHROMIUM). Never downloads
# browsers any other way.
set -euo pipefail
CHROMIUM="${GEOEVENTS_CHROMIUM:-/usr/bin/chromium}"
[ -x "$CHROMIUM" ] && exit 0
bash "$(dirname "$0")/apt_install.sh" "the browser test, or set GEOEVENTS_CHROMIUM" chromium
