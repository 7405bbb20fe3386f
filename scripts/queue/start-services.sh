#!/usr/bin/env bash
# Starts a throwaway Redis and PostgreSQL on 127.0.0.1 for n8n queue mode (no systemd: both run as
# plain daemons from one state folder) and prints the connection environment n8n needs, one
# KEY=value per line on stdout (progress goes to stderr):
#
#   set -a; eval "$(scripts/queue/start-services.sh)"; set +a
#
# Options: --dir DIR (default ${TMPDIR:-/tmp}/n8n-queue-services; the name must start with n8n-queue-),
# --redis-port N, --pg-port N (default: free ports, remembered in DIR/state). Idempotent: run again with
# the same DIR and it starts only what is not running and prints the same environment. Installs
# redis-server/postgresql first if they are missing (install-services.sh). Stop with stop-services.sh.
#
# PostgreSQL: a fresh cluster in DIR/pg/data, TCP on 127.0.0.1 only with scram-sha-256 passwords,
# database n8n owned by role n8n. fsync is off: the cluster is thrown away after the test.
# Redis: no persistence, a password (requirepass) from DIR/redis/redis.conf.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=scripts/queue/lib.sh
source "$here/lib.sh"

DIR=${N8N_QUEUE_SERVICES_DIR:-${TMPDIR:-/tmp}/n8n-queue-services}
REDIS_PORT=''
PG_PORT=''
while [[ $# -gt 0 ]]; do
	case $1 in
		--dir) DIR=$2; shift 2 ;;
		--redis-port) REDIS_PORT=$2; shift 2 ;;
		--pg-port) PG_PORT=$2; shift 2 ;;
		-h | --help) sed -n '2,17p' "$0"; exit 0 ;;
		*) die "unknown argument '$1' (see --help)" ;;
	esac
done
for port in "$REDIS_PORT" "$PG_PORT"; do
	[[ -z $port || ( $port =~ ^[0-9]{1,5}$ && $port -ge 1024 && $port -le 65535 ) ]] || die "bad port '$port'"
done
check_dir_name "$DIR"

bash "$here/install-services.sh"
PG_BIN=$(pg_bin_dir)

random_hex() { od -An -N16 -tx1 /dev/urandom | tr -d ' \n'; }
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
free_port() {
	local port
	for _ in $(seq 200); do
		port=$((20000 + RANDOM % 30000))
		if ! port_in_use "$port"; then
			echo "$port"
			return 0
		fi
	done
	die "no free port found"
}

# --- state folder ---------------------------------------------------------------------------------
if [[ -e $DIR ]]; then
	[[ -d $DIR && -f $DIR/$MARKER_NAME ]] || die "$DIR exists and is not a state folder of this script"
else
	mkdir -p "$DIR"
	touch "$DIR/$MARKER_NAME"
fi
chmod 755 "$DIR" # the postgres user must reach DIR/pg

if [[ -f $DIR/state ]]; then
	wanted_redis=$REDIS_PORT wanted_pg=$PG_PORT
	read_state "$DIR/state"
	[[ -z $wanted_redis || $wanted_redis == "$REDIS_PORT" ]] || die "$DIR already uses Redis port $REDIS_PORT"
	[[ -z $wanted_pg || $wanted_pg == "$PG_PORT" ]] || die "$DIR already uses PostgreSQL port $PG_PORT"
else
	REDIS_PORT=${REDIS_PORT:-$(free_port)}
	PG_PORT=${PG_PORT:-$(free_port)}
	[[ $REDIS_PORT != "$PG_PORT" ]] || die "Redis and PostgreSQL need different ports"
	REDIS_PASSWORD=$(random_hex)
	PG_PASSWORD=$(random_hex)
	(
		umask 077
		printf 'REDIS_PORT=%s\nPG_PORT=%s\nREDIS_PASSWORD=%s\nPG_PASSWORD=%s\n' \
			"$REDIS_PORT" "$PG_PORT" "$REDIS_PASSWORD" "$PG_PASSWORD" >"$DIR/state"
	)
fi

# --- Redis ----------------------------------------------------------------------------------------
redis_dir=$DIR/redis
mkdir -p "$redis_dir"
chmod 700 "$redis_dir"
redis_ping() { REDISCLI_AUTH=$REDIS_PASSWORD redis-cli -h 127.0.0.1 -p "$REDIS_PORT" --no-auth-warning ping 2>/dev/null; }
if redis_pid "$redis_dir/redis.pid" >/dev/null && [[ $(redis_ping) == PONG ]]; then
	log "redis already running on 127.0.0.1:$REDIS_PORT"
else
	if port_in_use "$REDIS_PORT"; then die "port $REDIS_PORT is taken by something else"; fi
	(
		umask 077
		cat >"$redis_dir/redis.conf" <<-EOF
			bind 127.0.0.1
			port $REDIS_PORT
			protected-mode yes
			requirepass $REDIS_PASSWORD
			save ""
			appendonly no
			daemonize yes
			dir $redis_dir
			pidfile $redis_dir/redis.pid
			logfile $redis_dir/redis.log
		EOF
	)
	redis-server "$redis_dir/redis.conf"
	for _ in $(seq 100); do
		[[ $(redis_ping) == PONG ]] && break
		sleep 0.1
	done
	[[ $(redis_ping) == PONG ]] || die "redis did not answer on 127.0.0.1:$REDIS_PORT (log: $redis_dir/redis.log)"
	log "redis $(redis-server --version | grep -o 'v=[0-9.]*') on 127.0.0.1:$REDIS_PORT"
fi

# --- PostgreSQL -----------------------------------------------------------------------------------
pg_dir=$DIR/pg
data=$pg_dir/data
mkdir -p "$pg_dir"
chown "$PG_OS_USER" "$pg_dir"
chmod 700 "$pg_dir"
if [[ ! -f $data/PG_VERSION ]]; then
	pwfile=$pg_dir/superuser-password
	(umask 077; random_hex >"$pwfile")
	chown "$PG_OS_USER" "$pwfile"
	# Local (socket) logins by OS user, TCP logins by password only.
	as_pg "$PG_BIN/initdb" -D "$data" -U "$PG_OS_USER" -E UTF8 --locale=C \
		--auth-local=peer --auth-host=scram-sha-256 --pwfile="$pwfile" >"$pg_dir/initdb.log" 2>&1 ||
		die "initdb failed (log: $pg_dir/initdb.log)"
	rm -f "$pwfile"
	as_pg tee -a "$data/postgresql.conf" >/dev/null <<-EOF
		# n8n-queue-services: loopback only, sockets in the state folder, a throwaway cluster.
		listen_addresses = '127.0.0.1'
		port = $PG_PORT
		unix_socket_directories = '$pg_dir'
		fsync = off
		synchronous_commit = off
		full_page_writes = off
	EOF
fi
if as_pg "$PG_BIN/pg_ctl" -D "$data" status >/dev/null 2>&1; then
	log "postgresql already running on 127.0.0.1:$PG_PORT"
else
	if port_in_use "$PG_PORT"; then die "port $PG_PORT is taken by something else"; fi
	as_pg "$PG_BIN/pg_ctl" -D "$data" -l "$pg_dir/postgresql.log" -w -t 60 start >/dev/null ||
		die "postgresql did not start (log: $pg_dir/postgresql.log)"
	log "postgresql $("$PG_BIN/postgres" --version | grep -o '[0-9]\+\.[0-9]\+' | head -n 1) on 127.0.0.1:$PG_PORT"
fi
pg_admin() { as_pg psql -h "$pg_dir" -p "$PG_PORT" -U "$PG_OS_USER" -d postgres -v ON_ERROR_STOP=1 -Atq "$@"; }
if [[ $(pg_admin -c "SELECT 1 FROM pg_roles WHERE rolname = 'n8n'") != 1 ]]; then
	pg_admin -c "CREATE ROLE n8n LOGIN PASSWORD '$PG_PASSWORD'"
fi
if [[ $(pg_admin -c "SELECT 1 FROM pg_database WHERE datname = 'n8n'") != 1 ]]; then
	pg_admin -c "CREATE DATABASE n8n OWNER n8n"
fi
PGPASSWORD=$PG_PASSWORD psql -h 127.0.0.1 -p "$PG_PORT" -U n8n -d n8n -Atq -c 'SELECT 1' >/dev/null ||
	die "role n8n cannot log in over TCP"

cat <<EOF
N8N_QUEUE_SERVICES_DIR=$DIR
QUEUE_BULL_REDIS_HOST=127.0.0.1
QUEUE_BULL_REDIS_PORT=$REDIS_PORT
QUEUE_BULL_REDIS_PASSWORD=$REDIS_PASSWORD
DB_TYPE=postgresdb
DB_POSTGRESDB_HOST=127.0.0.1
DB_POSTGRESDB_PORT=$PG_PORT
DB_POSTGRESDB_DATABASE=n8n
DB_POSTGRESDB_USER=n8n
DB_POSTGRESDB_PASSWORD=$PG_PASSWORD
EOF
