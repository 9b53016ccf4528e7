#!/usr/bin/env bash
# Vendor the web app's JavaScript from the npm registry into langnghe/web/static/vendor/
# (pinned versions, licences kept). The app never loads a script from a CDN: deployments may
# have no internet. Run it again after changing a version below; commit what it writes.
set -euo pipefail

HTMX_VERSION=2.0.11
ECHARTS_VERSION=6.1.0
SWAGGER_UI_VERSION=5.36.0  # the API's documentation page (/api/docs)

root=$(cd "$(dirname "$0")/.." && pwd)
dest="$root/langnghe/web/static/vendor"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

fetch() {  # package version, then pairs of file-in-package and target name
    local package=$1 version=$2
    shift 2
    mkdir -p "$work/$package"
    (cd "$work/$package" && npm pack --silent "$package@$version" >/dev/null && tar -xzf ./*.tgz)
    local unpacked="$work/$package/package"
    cp "$unpacked/LICENSE" "$dest/$package.LICENSE"
    if [ -f "$unpacked/NOTICE" ]; then cp "$unpacked/NOTICE" "$dest/$package.NOTICE"; fi
    while [ $# -gt 0 ]; do
        cp "$unpacked/$1" "$dest/$2"
        echo "$package $version $1 -> $2"
        shift 2
    done
}

command -v npm >/dev/null || { echo "vendor-js: npm is needed (Node.js)" >&2; exit 1; }
rm -rf "$dest"
mkdir -p "$dest"
{
    echo "# Vendored by scripts/vendor-js.sh from the npm registry; each file's licence beside it."
    fetch htmx.org "$HTMX_VERSION" dist/htmx.min.js htmx.min.js
    fetch echarts "$ECHARTS_VERSION" dist/echarts.min.js echarts.min.js
    fetch swagger-ui-dist "$SWAGGER_UI_VERSION" swagger-ui-bundle.js swagger-ui-bundle.js swagger-ui.css swagger-ui.css
} > "$dest/VERSIONS.txt"
cat "$dest/VERSIONS.txt"
