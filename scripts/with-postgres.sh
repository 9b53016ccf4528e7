#!/usr/bin/env bash
# Run a command with a fresh PostgreSQL server: scripts/with-postgres.sh CMD [ARGS...]
#
# Starts a server in a new state dir (scripts/postgres.sh), exports LANGNGHE_TEST_DB_URL (its
# SQLAlchemy URL) and LANGNGHE_TEST_PG_STATE (for tests that restart it), runs CMD, then stops the
# server and deletes its state even when CMD fails or is interrupted; exits with CMD's status.
# LANGNGHE_SKIP_PG=1 runs CMD without a server (the PostgreSQL tests then skip, loudly).
set -euo pipefail

(($#)) || { echo "usage: $0 CMD [ARGS...]" >&2; exit 2; }
HERE="$(cd "$(dirname "$0")" && pwd)"

if [[ "${LANGNGHE_SKIP_PG:-}" == 1 ]]; then
    echo "!!! LANGNGHE_SKIP_PG=1: no PostgreSQL server; POSTGRESQL TESTS ARE SKIPPED" >&2
    unset LANGNGHE_TEST_DB_URL
    exec "$@"
fi

STATE="$(mktemp -d "${TMPDIR:-/tmp}/langnghe-pg-run.XXXXXX")"
cleanup() { "$HERE/postgres.sh" clean --state "$STATE" >/dev/null 2>&1 || true; }
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

LANGNGHE_TEST_DB_URL="$("$HERE/postgres.sh" start --state "$STATE")"
export LANGNGHE_TEST_DB_URL LANGNGHE_TEST_PG_STATE="$STATE"
status=0
"$@" || status=$?
exit "$status"
