#!/usr/bin/env bash
# A real, throw-away Elasticsearch node on 127.0.0.1 for tests and development.
#
#   scripts/elasticsearch.sh start  [--state DIR]   start (or restart) a node, print its URL
#   scripts/elasticsearch.sh stop   [--state DIR] [--wipe]   stop it; --wipe also deletes its data
#   scripts/elasticsearch.sh status [--state DIR]   "running URL" (exit 0) or "stopped" (exit 3)
#   scripts/elasticsearch.sh url    [--state DIR]   the URL only (exit 3 when stopped)
#   scripts/elasticsearch.sh clean  [--state DIR]   stop, then delete the whole state dir
#
# The distribution is Elasticsearch's own integ-test zip from Maven Central (no bundled JDK, no
# x-pack ILM/ML), fetched once with Maven into ${LANGNGHE_CACHE:-~/.cache/langnghe} and run on the
# JDK found on PATH (or ES_JAVA_HOME). Everything a node writes (config copy, data, logs, pid, tmp)
# lives in its state dir, so two nodes never share anything and `stop` keeps the data for a restart.
#
# Elasticsearch refuses to run as root (an unconditional check in 8.x, no escape hatch). As root the
# node runs in a fresh user namespace mapping root to uid 65534 (`unshare --user --map-user=65534`):
# it sees itself as non-root so the check passes, while the kernel still grants file access as the
# real owner. The mapping must be explicit: with an unmapped uid the JVM cannot self-attach the
# entitlement agent ES 8.18+ loads at boot. Where user namespaces are forbidden (some containers)
# it falls back to `setpriv` as nobody, which needs a cache nobody can read (LANGNGHE_CACHE).
set -euo pipefail

ES_VERSION="${LANGNGHE_ES_VERSION:-8.19.21}"
ES_ARTIFACT="org.elasticsearch.distribution.integ-test-zip:elasticsearch:${ES_VERSION}:zip"
CACHE_DIR="${LANGNGHE_CACHE:-${HOME:-/tmp}/.cache/langnghe}/elasticsearch/${ES_VERSION}"
ES_HOME="$CACHE_DIR/elasticsearch-${ES_VERSION}"
START_TIMEOUT="${LANGNGHE_ES_START_TIMEOUT:-120}"
STOP_TIMEOUT=30
PYTHON="${PYTHON:-python3}"

die() { echo "elasticsearch.sh: $*" >&2; exit 1; }
log() { echo "elasticsearch.sh: $*" >&2; }

usage() {
    sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2
}

# --- requirements -----------------------------------------------------------------------------

require_tools() {
    local missing=()
    command -v java >/dev/null 2>&1 || [[ -n "${ES_JAVA_HOME:-}" ]] || missing+=("java (a JDK or JRE >= 17)")
    command -v mvn >/dev/null 2>&1 || [[ -d "$ES_HOME" ]] || missing+=("mvn (Apache Maven)")
    command -v unzip >/dev/null 2>&1 || [[ -d "$ES_HOME" ]] || missing+=("unzip")
    command -v "$PYTHON" >/dev/null 2>&1 || missing+=("$PYTHON")
    if ((${#missing[@]})); then
        die "cannot run Elasticsearch: missing ${missing[*]}.
  Install them, e.g. on Debian/Ubuntu:  sudo apt-get install openjdk-17-jre-headless maven unzip
  or skip the Elasticsearch tests explicitly with LANGNGHE_SKIP_ES=1."
    fi
}

java_home() {
    # ES 8 ignores JAVA_HOME and only reads ES_JAVA_HOME (the integ-test zip has no bundled JDK).
    if [[ -n "${ES_JAVA_HOME:-}" ]]; then echo "$ES_JAVA_HOME"; return; fi
    local java
    java="$(readlink -f "$(command -v java)")"
    dirname "$(dirname "$java")"
}

# --- distribution -----------------------------------------------------------------------------

fetch_distribution() {
    [[ -x "$ES_HOME/bin/elasticsearch" ]] && return
    mkdir -p "$CACHE_DIR"
    # Two test sessions may start at once: one downloads, the other waits for it.
    exec 9>"$CACHE_DIR/.lock"
    flock -w 600 9 || die "timed out waiting for the lock on $CACHE_DIR"
    if [[ ! -x "$ES_HOME/bin/elasticsearch" ]]; then
        log "downloading $ES_ARTIFACT with Maven (once, into $CACHE_DIR)"
        local tmp="$CACHE_DIR/tmp.$$"
        rm -rf "$tmp"
        mkdir -p "$tmp"
        # Maven prints its errors on stdout: keep them for a failure, hide them otherwise.
        mvn -q -B -Dstyle.color=never dependency:copy -Dartifact="$ES_ARTIFACT" -DoutputDirectory="$tmp" \
            >"$tmp/mvn.log" 2>&1 \
            || { cat "$tmp/mvn.log" >&2; die "Maven could not fetch $ES_ARTIFACT (is Maven Central reachable?)"; }
        unzip -q "$tmp/elasticsearch-${ES_VERSION}.zip" -d "$tmp"
        mv "$tmp/elasticsearch-${ES_VERSION}" "$ES_HOME"  # atomic: a half-unzipped tree is never used
        rm -rf "$tmp"
    fi
    flock -u 9
}

# --- state dir --------------------------------------------------------------------------------

free_port() {
    # SO_REUSEADDR as Elasticsearch binds, so a port in TIME_WAIT after a stop counts as free.
    "$PYTHON" - "$@" <<'EOF'
import socket, sys
wanted = [int(p) for p in sys.argv[1:]]
def bindable(port: int) -> bool:
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True
if wanted and all(bindable(p) for p in wanted):
    print(*wanted); sys.exit(0)
socks = []
for _ in range(2):
    s = socket.socket(); s.bind(("127.0.0.1", 0)); socks.append(s)
print(*(s.getsockname()[1] for s in socks))
EOF
}

http_port() { cut -d' ' -f1 "$STATE/ports" 2>/dev/null; }
node_url() { echo "http://127.0.0.1:$(http_port)"; }

write_config() {
    # The node keeps its ports (clients reconnect to the same URL after a restart) unless taken.
    local old="" ports
    [[ -f "$STATE/ports" ]] && old="$(cat "$STATE/ports")"
    # shellcheck disable=SC2086
    ports="$(free_port $old)"
    echo "$ports" >"$STATE/ports"
    local cluster
    cluster="$(cat "$STATE/cluster_name" 2>/dev/null || echo "langnghe-test-$(date +%s)-$$-$RANDOM")"
    echo "$cluster" >"$STATE/cluster_name"
    mkdir -p "$STATE/config" "$STATE/data" "$STATE/logs" "$STATE/tmp"
    cp "$ES_HOME/config/jvm.options" "$ES_HOME/config/log4j2.properties" "$STATE/config/"
    mkdir -p "$STATE/config/jvm.options.d"
    cat >"$STATE/config/elasticsearch.yml" <<EOF
# written by scripts/elasticsearch.sh; rewritten at every start
cluster.name: $cluster
node.name: langnghe-test
network.host: 127.0.0.1
http.port: ${ports% *}
transport.port: ${ports#* }
discovery.type: single-node
path.data: $STATE/data
path.logs: $STATE/logs
# a test machine's disk may be nearly full; never turn indices read-only because of it
cluster.routing.allocation.disk.threshold_enabled: false
action.destructive_requires_name: false
# the integ-test zip ships x-pack-security, enabled by default in 8.x: plain HTTP for tests
xpack.security.enabled: false
EOF
}

# --- process ----------------------------------------------------------------------------------

pid() { cat "$STATE/es.pid" 2>/dev/null || true; }
running() { local p; p="$(pid)"; [[ -n "$p" ]] && kill -0 "$p" 2>/dev/null; }

choose_runner() {
    # Sets RUNNER, the command prefix that runs Elasticsearch as non-root (see the header).
    RUNNER=()
    [[ "$(id -u)" != 0 ]] && return
    if unshare --user true 2>/dev/null; then
        RUNNER=(unshare --user --map-user=65534 --map-group=65534)
        return
    fi
    log "user namespaces unavailable; running Elasticsearch as nobody via setpriv"
    RUNNER=(setpriv --reuid=nobody --regid=nogroup --clear-groups)
    "${RUNNER[@]}" test -r "$ES_HOME/lib/elasticsearch-${ES_VERSION}.jar" \
        || die "as root, Elasticsearch must run as nobody, who cannot read $ES_HOME;
  set LANGNGHE_CACHE to a directory readable by all, or run as a non-root user"
    chown -R nobody "$STATE"
}

wait_healthy() {
    "$PYTHON" - "$(node_url)" "$START_TIMEOUT" <<'EOF'
import sys, time, urllib.request
url, timeout = sys.argv[1], float(sys.argv[2])
deadline = time.monotonic() + timeout
while time.monotonic() < deadline:
    try:
        with urllib.request.urlopen(url + "/_cluster/health?wait_for_status=yellow&timeout=5s", timeout=10) as r:
            if r.status == 200:
                sys.exit(0)
    except OSError:
        pass
    time.sleep(0.25)
sys.exit(1)
EOF
}

show_log() {
    local f
    f="$STATE/logs/$(cat "$STATE/cluster_name" 2>/dev/null).log"
    log "last lines of ${f}:"
    tail -n 40 "$f" >&2 2>/dev/null || true
    tail -n 20 "$STATE/logs/cli.out" >&2 2>/dev/null || true
}

cmd_start() {
    if running; then node_url; return; fi
    require_tools
    fetch_distribution
    mkdir -p "$STATE"
    write_config
    rm -f "$STATE/es.pid"
    choose_runner
    local t0=$SECONDS
    # -d returns once the node has started (or failed); timeout bounds a hung JVM.
    if ! ES_JAVA_HOME="$(java_home)" ES_PATH_CONF="$STATE/config" ES_TMPDIR="$STATE/tmp" \
        ES_JAVA_OPTS="${ES_JAVA_OPTS:--Xms512m -Xmx512m}" \
        "${RUNNER[@]}" timeout "$START_TIMEOUT" "$ES_HOME/bin/elasticsearch" -d -p "$STATE/es.pid" \
        >"$STATE/logs/cli.out" 2>&1; then
        show_log
        cmd_stop >/dev/null 2>&1 || true
        die "Elasticsearch failed to start (state dir $STATE)"
    fi
    if ! wait_healthy; then
        show_log
        cmd_stop >/dev/null 2>&1 || true
        die "Elasticsearch did not become healthy within ${START_TIMEOUT}s (state dir $STATE)"
    fi
    log "Elasticsearch $ES_VERSION up in $((SECONDS - t0))s at $(node_url) (state dir $STATE)"
    node_url
}

cmd_stop() {
    local p i
    p="$(pid)"
    if [[ -n "$p" ]] && kill -0 "$p" 2>/dev/null; then
        kill -TERM "$p"
        for ((i = 0; i < STOP_TIMEOUT * 10; i++)); do
            kill -0 "$p" 2>/dev/null || break
            sleep 0.1
        done
        if kill -0 "$p" 2>/dev/null; then
            log "node $p did not stop within ${STOP_TIMEOUT}s; killing it"
            kill -KILL "$p" 2>/dev/null || true
            sleep 0.5
        fi
    fi
    rm -f "$STATE/es.pid"
    if ((WIPE)); then rm -rf "$STATE/data" "$STATE/tmp"; fi
    echo "stopped"
}

cmd_status() {
    if running; then echo "running $(node_url)"; else echo "stopped"; exit 3; fi
}

cmd_url() {
    running || { log "no node running in $STATE"; exit 3; }
    node_url
}

cmd_clean() {
    WIPE=1 cmd_stop >/dev/null
    rm -rf "$STATE"
    echo "removed $STATE"
}

main() {
    (($#)) || usage
    local cmd="$1"
    shift
    STATE="${TMPDIR:-/tmp}/langnghe-es-$(id -u)"
    WIPE=0
    while (($#)); do
        case "$1" in
            --state) STATE="${2:?--state needs a directory}"; shift 2 ;;
            --wipe) WIPE=1; shift ;;
            *) usage ;;
        esac
    done
    STATE="$(realpath -m "$STATE")"  # the yml needs absolute paths
    case "$cmd" in
        start) cmd_start ;;
        stop) cmd_stop ;;
        status) cmd_status ;;
        url) cmd_url ;;
        clean) cmd_clean ;;
        *) usage ;;
    esac
}

main "$@"
