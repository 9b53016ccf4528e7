#!/usr/bin/env bash
# A real, throw-away RabbitMQ node on 127.0.0.1 for tests and development (the distributed mode).
#
#   scripts/rabbitmq.sh start   [--state DIR]   start (or restart) a node, print its AMQP URL
#   scripts/rabbitmq.sh stop    [--state DIR]   stop it; its queues and messages stay for a restart
#   scripts/rabbitmq.sh restart [--state DIR]   stop then start on the same ports (a restart mid-run)
#   scripts/rabbitmq.sh status  [--state DIR]   "running URL" (exit 0) or "stopped" (exit 3)
#   scripts/rabbitmq.sh clean   [--state DIR]   stop, then delete the whole state dir
#
# The node is Debian's rabbitmq-server (apt-get install rabbitmq-server), started without systemd
# through its own wrapper, which runs it as the rabbitmq user. Its name, ports, database, logs,
# feature flags and plugins all point into the state dir (handed to that user), so nodes never
# share anything and no system service is touched. The name is tied to "localhost", not to the
# machine's host name, so a renamed machine still finds its node's data.
set -euo pipefail

STATE="${LANGNGHE_RABBITMQ_STATE:-${TMPDIR:-/tmp}/langnghe-rabbitmq}"
PYTHON="${PYTHON:-python3}"
START_TIMEOUT="${LANGNGHE_RABBITMQ_START_TIMEOUT:-90}"

die() { echo "rabbitmq.sh: $*" >&2; exit 1; }
usage() { sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }

require() {
    if ! command -v rabbitmq-server >/dev/null 2>&1 && [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null 2>&1; then
        echo "rabbitmq.sh: installing Debian's rabbitmq-server (apt-get install rabbitmq-server)" >&2
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq rabbitmq-server >&2 || true
    fi
    command -v rabbitmq-server >/dev/null 2>&1 || die "RabbitMQ is not installed.
  Install it on Debian/Ubuntu:  sudo apt-get install rabbitmq-server"
}

free_port() { "$PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

environment() {  # the node's settings, all inside the state dir
    export RABBITMQ_NODENAME="langnghe$(cat "$STATE/port")@localhost"
    export RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 RABBITMQ_NODE_PORT="$(cat "$STATE/port")"
    export RABBITMQ_DIST_PORT="$(cat "$STATE/dist_port")"
    export RABBITMQ_MNESIA_BASE="$STATE/mnesia" RABBITMQ_LOG_BASE="$STATE/log"
    export RABBITMQ_FEATURE_FLAGS_FILE="$STATE/feature_flags" RABBITMQ_ENABLED_PLUGINS_FILE="$STATE/enabled_plugins"
    export RABBITMQ_CONFIG_FILE="$STATE/rabbitmq" RABBITMQ_PID_FILE="$STATE/pid"
}

url() { echo "amqp://guest:guest@127.0.0.1:$(cat "$STATE/port")/%2F"; }
running() { [[ -f "$STATE/port" ]] && environment && rabbitmqctl -q -n "$RABBITMQ_NODENAME" status >/dev/null 2>&1; }

start() {
    require
    if running; then url; return; fi
    mkdir -p "$STATE/log"
    [[ -f "$STATE/port" ]] || free_port >"$STATE/port"
    [[ -f "$STATE/dist_port" ]] || free_port >"$STATE/dist_port"
    [[ -f "$STATE/enabled_plugins" ]] || echo "[]." >"$STATE/enabled_plugins"
    # consumer_timeout: long enrich batches ack late; the workers also heartbeat while they work
    [[ -f "$STATE/rabbitmq.conf" ]] || printf '%s\n' "consumer_timeout = 3600000" "vm_memory_high_watermark.relative = 0.6" \
        "disk_free_limit.absolute = 200MB" >"$STATE/rabbitmq.conf"
    if [[ "$(id -u)" == 0 ]]; then chown -R rabbitmq: "$STATE"; fi
    environment
    # Erlang's port mapper, shared by the nodes of the machine: started here with its output closed,
    # or the first node would start it holding the caller's stdout open for ever.
    epmd -daemon </dev/null >/dev/null 2>&1 || true
    rm -f "$STATE/pid"  # a stale one would make `wait` below watch the previous, stopped process
    rabbitmq-server -detached </dev/null >>"$STATE/log/start.log" 2>&1 || die "the node did not start: see $STATE/log"
    # `wait` waits for the pid file, then for the node to have started (bounded)
    rabbitmqctl -q -n "$RABBITMQ_NODENAME" wait "$STATE/pid" --timeout "$START_TIMEOUT" </dev/null >>"$STATE/log/start.log" 2>&1 \
        || die "the node did not answer within ${START_TIMEOUT}s: see $STATE/log"
    url
}

stop() {
    running || return 0
    rabbitmqctl -q -n "$RABBITMQ_NODENAME" stop "$STATE/pid" >/dev/null 2>&1 || true
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
