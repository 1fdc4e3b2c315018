#!/usr/bin/env bash
# Runs schemathesis (pinned) with every check against the committed spec (openapi/openapi.json) and the debug
# binary on a loopback port, on a fresh database: every operation with an editor token; then the operations whose
# answer depends on the role again with a reporter token (observations and complaints: a reporter may report but
# not move a complaint on) and with an admin token (the reporters' and editors' endpoints). Exits non-zero on any failure.
# Bounded: each run is stopped at RUN_TIMEOUT seconds (a timeout is a failure); about 3 minutes in all at the
# default MAX_EXAMPLES on two shared cores.
#
#   scripts/schemathesis.sh [DATABASE_URL]
#     no argument          a new SQLite file in a temporary folder
#     postgres://…/NAME    a PostgreSQL server: a fresh database `guichet_schemathesis_<pid>` is created on it (with
#                          psql, through the server's `postgres` database) and dropped at the end
#
#   PORT                 loopback port (default 18232)
#   MAX_EXAMPLES         examples per operation and phase (default 15)
#   RUN_TIMEOUT          seconds each run may take (default 300: a bound, not a target)
#   SEED                 schemathesis seed (default: a new one each time, printed)
#   CARGO_TARGET_DIR     honoured: the binary is ${CARGO_TARGET_DIR:-target}/debug/guichet
#   GUICHET_BIN          a binary already built (default: cargo build, debug)
#   SCHEMATHESIS_VENV    where schemathesis is installed (default /tmp/guichet-schemathesis-venv)
#
# scripts/schemathesis.toml holds what the schema cannot say (see its comments): the 422 a schema-valid body
# gets for a rule between fields or against the catalog, on the operations that document that 422.
set -euo pipefail
cd "$(dirname "$0")/.."
version=4.32.5
port=${PORT:-18232}
examples=${MAX_EXAMPLES:-15}
venv=${SCHEMATHESIS_VENV:-/tmp/guichet-schemathesis-venv}
if ! "$venv/bin/schemathesis" --version 2>/dev/null | grep -q "$version"; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet "schemathesis==$version"
fi
if [ -z "${GUICHET_BIN:-}" ]; then
    cargo build -q --bin guichet
    GUICHET_BIN="${CARGO_TARGET_DIR:-target}/debug/guichet"
fi
bin=$GUICHET_BIN
work=$(mktemp -d)
server=
dropdb=
cleanup() {
    [ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
    [ -n "$dropdb" ] && psql -q "$dropdb" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1
    rm -rf "$work"
}
trap cleanup EXIT
case "${1:-}" in
    "") url="$work/guichet.sqlite3"; backend=SQLite ;;
    postgres://* | postgresql://*)
        db="guichet_schemathesis_$$"
        admin="${1%/*}/postgres"
        psql -q "$admin" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "CREATE DATABASE $db" >/dev/null
        dropdb=$admin
        url="${1%/*}/$db"
        backend=PostgreSQL
        ;;
    *) echo "usage: $0 [postgres://…]"; exit 2 ;;
esac
export GUICHET_DATABASE_URL="$url" GUICHET_BIND="127.0.0.1:$port" GUICHET_LOG=error
"$bin" migrate >/dev/null
"$bin" import >/dev/null
token() { "$bin" token create --org "schemathesis $1" --role "$1" --commune schaerbeek 2>/dev/null; }
reporter=$(token reporter)
editor=$(token editor)
admin=$(token admin)
"$bin" serve &
server=$!
for _ in $(seq 100); do
    curl -fs "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break
    sleep 0.2
done
status=0
summary=
for role in editor reporter admin; do
    token=${!role}
    case $role in
        editor) args=() ;;
        reporter) args=(--include-tag observations --include-tag complaints) ;;
        admin) args=(--include-tag reporters --include-tag editors) ;;
    esac
    printf '\n== schemathesis on %s with the %s token\n' "$backend" "$role"
    out="$work/$role.txt"
    rc=0
    (cd "$work" && timeout "${RUN_TIMEOUT:-300}" "$venv/bin/schemathesis" --config-file "$OLDPWD/scripts/schemathesis.toml" run \
        "$OLDPWD/openapi/openapi.json" --url "http://127.0.0.1:$port" --checks all --max-examples "$examples" \
        ${SEED:+--seed "$SEED"} -H "Authorization: Bearer $token" "${args[@]}") >"$out" 2>&1 || rc=$?
    grep -E "^(Seed:|  [0-9]+ generated|=+ .*(passed|failure|error))" "$out" || true
    if [ "$rc" != 0 ]; then
        cat "$out"
        [ "$rc" = 124 ] && echo "schemathesis: the $role run took more than ${RUN_TIMEOUT:-300} s"
        status=$rc
    fi
    summary+="$role: $(grep -E '^  [0-9]+ generated' "$out" | sed 's/^ *//') (exit $rc); "
done
printf '\nschemathesis %s on %s: %s\n' "$version" "$backend" "$summary"
exit "$status"
