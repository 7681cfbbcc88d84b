#!/usr/bin/env bash
# Make sure Debian's Chromium is available for the browser tests.
# Playwright's own `playwright install` downloads a browser build and cannot work offline,
# so the e2e tests drive the system chromium instead.
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "chromium not found: installing Debian's chromium package (apt-get)..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null
  command -v chromium >/dev/null && exit 0
fi
echo "ERROR: the browser tests need Chromium. Install it with 'sudo apt-get install chromium'" >&2
echo "       (Debian/Ubuntu) and run 'make test' again." >&2
exit 1
