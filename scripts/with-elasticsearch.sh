#!/usr/bin/env bash
# Run a command with a fresh Elasticsearch node: scripts/with-elasticsearch.sh CMD [ARGS...]
#
# Starts a node in a new state dir (scripts/elasticsearch.sh), exports LANGNGHE_TEST_ES_URL, runs
# CMD, then stops the node and deletes its state even when CMD fails or is interrupted; exits with
# CMD's status. LANGNGHE_SKIP_ES=1 runs CMD without a node (the Elasticsearch tests then skip, loudly).
set -euo pipefail

(($#)) || { echo "usage: $0 CMD [ARGS...]" >&2; exit 2; }
HERE="$(cd "$(dirname "$0")" && pwd)"

banner() {
    local line="!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"
    printf '%s\n!!! %s\n%s\n' "$line" "$1" "$line" >&2
}

if [[ "${LANGNGHE_SKIP_ES:-}" == 1 ]]; then
    banner "LANGNGHE_SKIP_ES=1: no Elasticsearch node; ELASTICSEARCH TESTS ARE SKIPPED"
    unset LANGNGHE_TEST_ES_URL
    exec "$@"
fi

STATE="$(mktemp -d "${TMPDIR:-/tmp}/langnghe-es-run.XXXXXX")"
cleanup() { "$HERE/elasticsearch.sh" clean --state "$STATE" >/dev/null 2>&1 || true; }
# EXIT covers errors and normal ends; INT/TERM exit through it (128+signal, as a shell would).
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

LANGNGHE_TEST_ES_URL="$("$HERE/elasticsearch.sh" start --state "$STATE")"
export LANGNGHE_TEST_ES_URL
status=0
"$@" || status=$?
exit "$status"
