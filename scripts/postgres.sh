#!/usr/bin/env bash
# A real, throw-away PostgreSQL server on 127.0.0.1 for tests and development (the distributed mode).
#
#   scripts/postgres.sh start   [--state DIR]   start (or restart) a server, print its SQLAlchemy URL
#   scripts/postgres.sh stop    [--state DIR]   stop it (fast shutdown); its data stays for a restart
#   scripts/postgres.sh restart [--state DIR]   stop then start on the same port (a restart mid-run)
#   scripts/postgres.sh status  [--state DIR]   "running URL" (exit 0) or "stopped" (exit 3)
#   scripts/postgres.sh clean   [--state DIR]   stop, then delete the whole state dir
#
# The server is Debian's (apt-get install postgresql), run from its binaries in a data directory
# of the state dir (initdb on first start), on a free port, listening on loopback only, with a
# database and a trusted user both named langnghe. No system service is used or touched. The
# server refuses to run as root: as root it runs as the `postgres` user the package creates,
# and the state dir is handed to that user.
set -euo pipefail

STATE="${LANGNGHE_PG_STATE:-${TMPDIR:-/tmp}/langnghe-postgres}"
PYTHON="${PYTHON:-python3}"
START_TIMEOUT="${LANGNGHE_PG_START_TIMEOUT:-60}"

die() { echo "postgres.sh: $*" >&2; exit 1; }
usage() { sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }

bin_dir() {
    if [[ -n "${LANGNGHE_PG_BIN:-}" ]]; then echo "$LANGNGHE_PG_BIN"; return; fi
    local found
    found="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1 || true)"
    if [[ -z "$found" && "$(id -u)" == 0 ]] && command -v apt-get >/dev/null 2>&1; then
        echo "postgres.sh: installing Debian's postgresql (apt-get install postgresql)" >&2
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2 || true
        found="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1 || true)"
    fi
    [[ -n "$found" && -x "$found/postgres" ]] || die "PostgreSQL is not installed.
  Install it on Debian/Ubuntu:  sudo apt-get install postgresql   (or set LANGNGHE_PG_BIN to its bin folder)"
    echo "$found"
}

as_owner() {  # run a server binary as the data's owner (postgres when we are root)
    if [[ "$(id -u)" == 0 ]]; then
        id postgres >/dev/null 2>&1 || die "running as root needs the postgres user (apt-get install postgresql creates it)"
        setpriv --reuid=postgres --regid=postgres --init-groups -- "$@"
    else
        "$@"
    fi
}

free_port() { "$PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
url() { echo "postgresql+psycopg://langnghe@127.0.0.1:$(cat "$STATE/port")/langnghe"; }
running() { [[ -f "$STATE/port" ]] && as_owner "$(bin_dir)/pg_ctl" -D "$STATE/data" status >/dev/null 2>&1; }

start() {
    local bin
    bin="$(bin_dir)"
    if running; then url; return; fi
    mkdir -p "$STATE"
    if [[ "$(id -u)" == 0 ]]; then
        chown postgres: "$STATE" && chmod 700 "$STATE"
        as_owner test -w "$STATE" || die "the postgres user cannot reach $STATE: every folder above it must be searchable (chmod o+x)"
    fi
    if [[ ! -f "$STATE/data/PG_VERSION" ]]; then
        as_owner "$bin/initdb" -D "$STATE/data" -U langnghe --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$STATE/initdb.log" 2>&1 \
            || die "initdb failed: see $STATE/initdb.log"
    fi
    [[ -f "$STATE/port" ]] || free_port >"$STATE/port"
    mkdir -p "$STATE/socket" && [[ "$(id -u)" == 0 ]] && chown postgres: "$STATE/socket"
    as_owner "$bin/pg_ctl" -D "$STATE/data" -l "$STATE/server.log" -w -t "$START_TIMEOUT" \
        -o "-p $(cat "$STATE/port") -c listen_addresses=127.0.0.1 -k $STATE/socket -c fsync=off -c max_connections=200" \
        start >/dev/null || die "the server did not start: see $STATE/server.log"
    if ! as_owner "$bin/psql" -h 127.0.0.1 -p "$(cat "$STATE/port")" -U langnghe -d postgres -tAc \
            "SELECT 1 FROM pg_database WHERE datname = 'langnghe'" | grep -q 1; then
        as_owner "$bin/createdb" -h 127.0.0.1 -p "$(cat "$STATE/port")" -U langnghe langnghe
    fi
    url
}

stop() {
    running || return 0
    as_owner "$(bin_dir)/pg_ctl" -D "$STATE/data" -m fast -w -t 30 stop >/dev/null
}

command="${1:-}"
shift || true
while (($#)); do
    case "$1" in
        --state) STATE="$2"; shift 2 ;;
        *) usage ;;
    esac
done
case "$command" in
    start) start ;;
    stop) stop ;;
    restart) stop; start ;;
    status) if running; then echo "running $(url)"; else echo stopped; exit 3; fi ;;
    clean) stop; rm -rf "$STATE" ;;
    *) usage ;;
esac
