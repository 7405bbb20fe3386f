#!/usr/bin/env bash
# Makes sure Debian's chromium is installed at /usr/bin/chromium for the e2e editor screenshots
# (playwright-core drives it; we never download a Playwright browser build).
set -eu

if [ -x /usr/bin/chromium ]; then
	exit 0
fi

if [ "$(id -u)" = 0 ]; then
	as_root=""
elif command -v sudo >/dev/null 2>&1; then
	as_root="sudo"
else
	echo "ensure-chromium: /usr/bin/chromium is missing and installing it needs root (or sudo)" >&2
	exit 1
fi

echo "[ensure-chromium] installing Debian chromium (apt-get)" >&2
$as_root apt-get update >&2
DEBIAN_FRONTEND=noninteractive $as_root apt-get install -y --no-install-recommends chromium >&2
/usr/bin/chromium --version >&2
