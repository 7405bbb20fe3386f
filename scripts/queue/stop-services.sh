#!/usr/bin/env bash
# Stops the Redis and PostgreSQL that start-services.sh started from a state folder and removes the
# folder (--keep leaves it, e.g. to read the logs). Idempotent: a folder that is gone is fine.
#
#   scripts/queue/stop-services.sh [--dir DIR] [--keep]
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=scripts/queue/lib.sh
source "$here/lib.sh"

DIR=${N8N_QUEUE_SERVICES_DIR:-${TMPDIR:-/tmp}/n8n-queue-services}
KEEP=0
while [[ $# -gt 0 ]]; do
	case $1 in
		--dir) DIR=$2; shift 2 ;;
		--keep) KEEP=1; shift ;;
		-h | --help) sed -n '2,5p' "$0"; exit 0 ;;
		*) die "unknown argument '$1' (see --help)" ;;
	esac
done
check_dir_name "$DIR"

if [[ ! -e $DIR ]]; then
	log "$DIR does not exist: nothing to stop"
	exit 0
fi
[[ -d $DIR && -f $DIR/$MARKER_NAME ]] || die "$DIR is not a state folder of start-services.sh: not touching it"

status=0

data=$DIR/pg/data
if [[ -f $data/PG_VERSION ]]; then
	PG_BIN=$(pg_bin_dir)
	if as_pg "$PG_BIN/pg_ctl" -D "$data" status >/dev/null 2>&1; then
		if as_pg "$PG_BIN/pg_ctl" -D "$data" -m fast -w -t 60 stop >/dev/null; then
			log "postgresql stopped"
		else
			log "postgresql did not stop"
			status=1
		fi
	fi
fi

if pid=$(redis_pid "$DIR/redis/redis.pid"); then
	kill -TERM "$pid" 2>/dev/null || true
	for _ in $(seq 100); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	if kill -0 "$pid" 2>/dev/null; then
		kill -KILL "$pid" 2>/dev/null || true
		sleep 0.2
	fi
	if kill -0 "$pid" 2>/dev/null; then
		log "redis (pid $pid) did not stop"
		status=1
	else
		log "redis stopped"
	fi
fi

if [[ $status -ne 0 ]]; then
	log "leaving $DIR in place: something is still running"
	exit "$status"
fi
if [[ $KEEP -eq 1 ]]; then
	log "kept $DIR"
else
	rm -rf -- "$DIR"
	log "removed $DIR"
fi
