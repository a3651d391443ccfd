#!/bin/sh
# Browser-test set-up (ctest fixture): checks Node.js and Chromium, then installs the pinned
# playwright-core from package-lock.json into tests/browser/node_modules unless it is already
# there. Never downloads a browser: the tests drive Debian's /usr/bin/chromium.
set -eu
cd "$(dirname "$0")"
chromium="${DATELINE_CHROMIUM:-/usr/bin/chromium}"

fail() {
    echo "browser tests: $*" >&2
    exit 1
}

command -v node >/dev/null 2>&1 || fail "node is missing: run 'sh .ci/setup' (Node.js 20 or newer is needed)"
command -v npm >/dev/null 2>&1 || fail "npm is missing: run 'sh .ci/setup'"
major=$(node -p 'process.versions.node.split(".")[0]')
[ "$major" -ge 20 ] || fail "Node.js $(node --version) is too old: playwright-core needs 20 or newer"
[ -x "$chromium" ] || fail "Chromium is missing at $chromium: run 'sh .ci/setup' (installs Debian's chromium)"

wanted=$(node -p 'require("./package-lock.json").packages["node_modules/playwright-core"].version')
installed=$(node -p 'try { require("./node_modules/playwright-core/package.json").version } catch { "" }')
if [ "$installed" = "$wanted" ]; then
    echo "browser tests: playwright-core $installed is installed; Chromium: $("$chromium" --version 2>/dev/null || echo "$chromium")"
    exit 0
fi
echo "browser tests: installing playwright-core $wanted (npm ci)"
PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error
