#!/usr/bin/env bash
# Make sure Debian's Chromium is there for the browser tests (tests/web/browser): installs the
# `chromium` package with apt-get when it is missing. Never `playwright install`: the tests launch
# the system's Chromium by its path, and deployments may have no access to Playwright's CDN.
#
# LANGNGHE_CHROMIUM names another executable (default /usr/bin/chromium). Exits 0 when Chromium is
# there (already or after installing), 1 with a line saying why when it cannot be installed.
set -euo pipefail

CHROMIUM="${LANGNGHE_CHROMIUM:-/usr/bin/chromium}"
say() { echo "ensure-chromium: $*" >&2; }

if [[ -x "$CHROMIUM" ]]; then
    exit 0
fi
if [[ -n "${LANGNGHE_CHROMIUM:-}" ]]; then
    say "LANGNGHE_CHROMIUM=$CHROMIUM is not an executable; fix the path or unset it to use Debian's /usr/bin/chromium"
    exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
    say "$CHROMIUM is missing and this system has no apt-get: install Chromium yourself and set LANGNGHE_CHROMIUM to its path"
    exit 1
fi
SUDO=()
if [[ "$(id -u)" != 0 ]]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
        SUDO=(sudo -n)
    else
        say "$CHROMIUM is missing and installing it needs root: run 'sudo apt-get install chromium', then make test again"
        exit 1
    fi
fi
say "$CHROMIUM is missing: installing Debian's chromium package with apt-get (the browser tests need it)"
if ! "${SUDO[@]}" apt-get update -qq \
    || ! "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium; then
    say "apt-get could not install chromium (no package source reachable?); install it by hand, then make test again"
    exit 1
fi
if [[ ! -x "$CHROMIUM" ]]; then
    say "apt-get installed chromium but $CHROMIUM is still missing; set LANGNGHE_CHROMIUM to where it went"
    exit 1
fi
say "installed $("$CHROMIUM" --version 2>/dev/null || echo chromium)"
