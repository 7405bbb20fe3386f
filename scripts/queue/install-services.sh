#!/usr/bin/env bash
# Installs Debian's redis-server and postgresql (with redis-cli and psql) for the queue-mode e2e test,
# unless they are there already. Idempotent; needs root (or sudo) only when something is missing.
# Debian's post-install scripts may start their own default instances (6379, 5432) where an init
# system allows it; start-services.sh never uses those, it runs its own on other loopback ports.
set -euo pipefail

have_all() {
	command -v redis-server >/dev/null 2>&1 &&
		command -v redis-cli >/dev/null 2>&1 &&
		command -v psql >/dev/null 2>&1 &&
		compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null &&
		compgen -G '/usr/lib/postgresql/*/bin/pg_ctl' >/dev/null
}

if have_all; then
	echo "[queue-services] redis-server and postgresql already installed" >&2
	exit 0
fi

if [[ $EUID -eq 0 ]]; then
	as_root=()
elif command -v sudo >/dev/null 2>&1; then
	as_root=(sudo)
else
	echo "[queue-services] redis-server/postgresql missing and not root (no sudo): install them with" >&2
	echo "  apt-get update && apt-get install -y --no-install-recommends redis-server postgresql" >&2
	exit 1
fi

started=$(date +%s)
echo "[queue-services] apt-get install redis-server postgresql" >&2
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 update -qq >&2
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq \
	--no-install-recommends redis-server postgresql >&2
have_all || { echo "[queue-services] install finished but a binary is still missing" >&2; exit 1; }
echo "[queue-services] installed in $(( $(date +%s) - started )) s" >&2
