#!/usr/bin/env bash
# apt_install.sh WHY PACKAGE...: install Debian packages a test needs, as root with apt-get, without starting any
# service; otherwise say how to get them and exit 1. Used by install_chromium.sh and install_services.sh.
set -euo pipefail
why="$1"; shift
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
  echo "[setup] missing for $why: sudo apt-get install -y $*" >&2
  exit 1
fi
echo "[setup] installing $* with apt-get ($why)"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# policy-rc.d answering 101 keeps the packages' post-install scripts from starting system-wide services
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
  chmod +x /usr/sbin/policy-rc.d
  trap 'rm -f /usr/sbin/policy-rc.d' EXIT
fi
apt-get install -y -qq "$@" >/dev/null
