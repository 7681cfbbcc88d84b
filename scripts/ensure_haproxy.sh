#!/usr/bin/env bash
# Make sure Debian's HAProxy is available for `make serve` / `make balance` and the serving tests.
# Installed from Debian's package with apt-get when missing and running as root; otherwise a
# clear message says how to install it (like scripts/ensure_chromium.sh does for Chromium).
set -euo pipefail
have_haproxy() {
  command -v haproxy >/dev/null 2>&1 || [ -x /usr/sbin/haproxy ] || [ -x /usr/local/sbin/haproxy ]
}
if have_haproxy; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "haproxy not found: installing Debian's haproxy package (apt-get)..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq haproxy >/dev/null
  have_haproxy && exit 0
fi
echo "ERROR: serving a class needs HAProxy. Install it with 'sudo apt-get install haproxy'" >&2
echo "       (Debian/Ubuntu) and run the command again." >&2
exit 1
