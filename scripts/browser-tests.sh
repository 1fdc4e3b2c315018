#!/usr/bin/env bash
# Browser tests of the HTML pages (tests/browser/): Debian's headless Chromium driven by playwright-core against
# the real binary, axe-core on every page, screenshots at 360 and 1280 px, the Arabic sheet printed to PDF.
# Installs what is missing (Chromium from Debian, the npm packages from the lock file), builds the debug binary,
# runs `node --test tests/browser/`. Exits non-zero when a test fails.
#   GUICHET_BROWSER_ARTIFACTS  where screenshots, PDF, axe results, page weights and the server log go
#                              (default tests/browser/artifacts; wiped first)
#   CARGO_TARGET_DIR           honoured: the binary is ${CARGO_TARGET_DIR:-target}/debug/guichet
#   CHROMIUM                   the browser (default /usr/bin/chromium)
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)

step() { printf '\n== %s\n' "$*"; }

step "browser tests: system packages"
chromium_bin=${CHROMIUM:-/usr/bin/chromium}
missing=()
[ -x "$chromium_bin" ] || missing+=(chromium)
# Arabic and Latin glyphs for the screenshots and the PDF.
[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing+=(fonts-dejavu-core)
command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)
if [ ${#missing[@]} -gt 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
fi
"$chromium_bin" --version 2>/dev/null || true
node --version

step "browser tests: npm ci"
(cd tests/browser && npm ci --no-audit --no-fund)

step "browser tests: cargo build"
cargo build --bin guichet
target_dir=${CARGO_TARGET_DIR:-target}
case "$target_dir" in /*) ;; *) target_dir="$repo/$target_dir" ;; esac
bin="$target_dir/debug/guichet"
[ -x "$bin" ] || { echo "no binary at $bin" >&2; exit 1; }

artifacts=${GUICHET_BROWSER_ARTIFACTS:-tests/browser/artifacts}
case "$artifacts" in /*) ;; *) artifacts="$repo/$artifacts" ;; esac
rm -rf "$artifacts"
mkdir -p "$artifacts"

step "browser tests: node --test tests/browser/"
status=0
GUICHET_BIN="$bin" GUICHET_BROWSER_ARTIFACTS="$artifacts" CHROMIUM="$chromium_bin" \
    node --test --test-reporter=spec tests/browser/ || status=$?

echo "browser artifacts (screenshots, PDF): $artifacts"
exit "$status"
