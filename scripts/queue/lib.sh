# Shared by start-services.sh and stop-services.sh (sourced, not run).
# The services live in one state folder: <dir>/state (ports, passwords), <dir>/redis, <dir>/pg (owned by
# the user PostgreSQL runs as). Only a folder named n8n-queue-* with our marker file is ever touched.

MARKER_NAME=.n8n-queue-services

log() { echo "[queue-services] $*" >&2; }
die() { log "$*"; exit 1; }

# An absolute path of plain characters whose last part starts with n8n-queue-, and no symlink.
check_dir_name() {
	local dir=$1
	[[ $dir =~ ^/[A-Za-z0-9._/-]+$ ]] || die "refusing state folder '$dir': use an absolute path of letters, digits, . _ - /"
	[[ $dir != *..* ]] || die "refusing state folder '$dir': no '..'"
	[[ $(basename "$dir") =~ ^n8n-queue-[A-Za-z0-9._-]+$ ]] || die "refusing state folder '$dir': its name must start with n8n-queue-"
	[[ ! -L $dir ]] || die "refusing state folder '$dir': it is a symlink"
}

# PostgreSQL refuses to run as root: as root it runs as the postgres user Debian's package creates.
if [[ $EUID -eq 0 ]]; then
	PG_OS_USER=postgres
	as_pg() { runuser -u postgres -- "$@"; }
else
	PG_OS_USER=$(id -un)
	as_pg() { "$@"; }
fi

pg_bin_dir() {
	local dir
	dir=$(compgen -G '/usr/lib/postgresql/*/bin' | sort -V | tail -n 1 || true)
	[[ -n $dir && -x $dir/pg_ctl ]] || die "no PostgreSQL server binaries under /usr/lib/postgresql (run install-services.sh)"
	echo "$dir"
}

# key=value lines of <dir>/state, values checked against what we write there.
read_state() {
	local file=$1 key value
	while IFS='=' read -r key value; do
		case $key in
			REDIS_PORT | PG_PORT) [[ $value =~ ^[0-9]{1,5}$ ]] || die "bad $key in $file" ;;
			REDIS_PASSWORD | PG_PASSWORD) [[ $value =~ ^[0-9a-f]{32}$ ]] || die "bad $key in $file" ;;
			'') continue ;;
			*) die "unexpected key '$key' in $file" ;;
		esac
		printf -v "$key" '%s' "$value"
	done <"$file"
}

# The PID in redis' pidfile, if that process is a redis-server.
redis_pid() {
	local pidfile=$1 pid
	[[ -f $pidfile ]] || return 1
	pid=$(<"$pidfile")
	[[ $pid =~ ^[0-9]+$ ]] || return 1
	[[ -r /proc/$pid/comm && $(</proc/"$pid"/comm) == redis-server* ]] || return 1
	echo "$pid"
}
