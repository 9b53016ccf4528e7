#!/usr/bin/env bash
# Import langnghe's Kibana data view and dashboard (deploy/kibana/langnghe.ndjson) through Kibana's
# saved objects API, replacing earlier copies of the same objects (POST /api/saved_objects/_import
# ?overwrite=true). Waits until Kibana answers. The compose file runs it once as the kibana-objects
# service; by hand:
#   KIBANA_URL=http://127.0.0.1:5601 KIBANA_IMPORT_PASSWORD=... scripts/kibana-import.sh [FILE]
# KIBANA_IMPORT_USER defaults to "elastic" (kibana_system may not import); KIBANA_WAIT_S (300) bounds
# the wait, asking every KIBANA_POLL_S (5) seconds; KIBANA_CA_CERT, when set, checks Kibana's HTTPS certificate against that CA.
set -euo pipefail

file=${1:-"$(dirname "$0")/../deploy/kibana/langnghe.ndjson"}
url=${KIBANA_URL:-http://127.0.0.1:5601}
user=${KIBANA_IMPORT_USER:-elastic}
password=${KIBANA_IMPORT_PASSWORD:?set KIBANA_IMPORT_PASSWORD (the password of $user)}
wait_s=${KIBANA_WAIT_S:-300}
poll_s=${KIBANA_POLL_S:-5}
[ -r "$file" ] || { echo "kibana-import: cannot read $file" >&2; exit 2; }

curl_args=(--silent --show-error --user "$user:$password")
[ -n "${KIBANA_CA_CERT:-}" ] && curl_args+=(--cacert "$KIBANA_CA_CERT")

# Kibana answers 503 while it starts and 200 once it is available.
deadline=$((SECONDS + wait_s))
until [ "$(curl "${curl_args[@]}" --output /dev/null --write-out '%{http_code}' "$url/api/status" || true)" = 200 ]; do
  if [ "$SECONDS" -ge "$deadline" ]; then
    echo "kibana-import: Kibana at $url did not answer within ${wait_s}s" >&2
    exit 1
  fi
  sleep "$poll_s"
done

response=$(curl "${curl_args[@]}" --header 'kbn-xsrf: langnghe' --form "file=@$file" \
  "$url/api/saved_objects/_import?overwrite=true")
if ! grep -Eq '"success" *: *true' <<<"$response"; then
  echo "kibana-import: Kibana refused $file: $response" >&2
  exit 1
fi
count=$(grep -Eo '"successCount" *: *[0-9]+' <<<"$response" | grep -Eo '[0-9]+$' || true)
echo "kibana-import: imported ${count:-the} saved objects of $file into $url"
