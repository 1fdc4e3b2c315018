#!/usr/bin/env bash
# Runs schemathesis (pinned) with every check against the committed spec, on a fresh SQLite database and the
# debug binary, on a loopback port; bounded (a few minutes at most). Not part of .ci/run (yet).
#
#   PORT                 loopback port (default 18232)
#   MAX_EXAMPLES         examples per operation (default 30)
#   CARGO_TARGET_DIR     honoured: the binary is ${CARGO_TARGET_DIR:-target}/debug/guichet
#   SCHEMATHESIS_VENV    where schemathesis is installed (default /tmp/guichet-schemathesis-venv)
set -euo pipefail
cd "$(dirname "$0")/.."
version=4.32.5
port=${PORT:-18232}
examples=${MAX_EXAMPLES:-30}
venv=${SCHEMATHESIS_VENV:-/tmp/guichet-schemathesis-venv}
if ! "$venv/bin/schemathesis" --version 2>/dev/null | grep -q "$version"; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet "schemathesis==$version"
fi
cargo build --bin guichet
bin="${CARGO_TARGET_DIR:-target}/debug/guichet"
work=$(mktemp -d)
export GUICHET_DATABASE_URL="$work/guichet.sqlite3" GUICHET_BIND="127.0.0.1:$port" GUICHET_LOG=warn
"$bin" migrate >/dev/null
"$bin" import >/dev/null
token=$("$bin" token create --org "schemathesis" --role editor --commune schaerbeek 2>/dev/null)
"$bin" serve &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 100); do
    curl -fs "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break
    sleep 0.2
done
status=0
timeout 240 "$venv/bin/schemathesis" run openapi/openapi.json --url "http://127.0.0.1:$port" --checks all \
    --max-examples "$examples" -H "Authorization: Bearer $token" || status=$?
exit "$status"
