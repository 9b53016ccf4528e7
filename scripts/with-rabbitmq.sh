#!/usr/bin/env bash
# Run a command with a fresh RabbitMQ node: scripts/with-rabbitmq.sh CMD [ARGS...]
#
# Starts a node in a new state dir (scripts/rabbitmq.sh), exports LANGNGHE_TEST_AMQP_URL (its AMQP
# URL) and LANGNGHE_TEST_RABBITMQ_STATE (for tests that restart it), runs CMD, then stops the node
# and deletes its state even when CMD fails or is interrupted; exits with CMD's status.
# LANGNGHE_SKIP_RABBITMQ=1 runs CMD without a node (the RabbitMQ tests then skip, loudly).
set -euo pipefail

(($#)) || { echo "usage: $0 CMD [ARGS...]" >&2; exit 2; }
HERE="$(cd "$(dirname "$0")" && pwd)"

if [[ "${LANGNGHE_SKIP_RABBITMQ:-}" == 1 ]]; then
    echo "!!! LANGNGHE_SKIP_RABBITMQ=1: no RabbitMQ node; RABBITMQ TESTS ARE SKIPPED" >&2
    unset LANGNGHE_TEST_AMQP_URL
    exec "$@"
fi

STATE="$(mktemp -d "${TMPDIR:-/tmp}/langnghe-rabbitmq-run.XXXXXX")"
chmod 755 "$STATE"  # the node runs as the rabbitmq user, in a folder inside it
cleanup() { "$HERE/rabbitmq.sh" clean --state "$STATE/node" >/dev/null 2>&1 || true; rm -rf "$STATE"; }
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

LANGNGHE_TEST_AMQP_URL="$("$HERE/rabbitmq.sh" start --state "$STATE/node")"
export LANGNGHE_TEST_AMQP_URL LANGNGHE_TEST_RABBITMQ_STATE="$STATE/node"
status=0
"$@" || status=$?
exit "$status"
