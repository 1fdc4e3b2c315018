#!/usr/bin/env bash
# Sustained rate of accepted observations (POST /api/v1/observations) with 16 concurrent clients, durability on:
# SQLite with GUICHET_SQLITE_SYNC=full (every commit flushed to disk) and with the default `normal`, then a
# throwaway PostgreSQL started with `fsync=on` and `synchronous_commit=on` (a commit is acknowledged once its
# write-ahead log is on disk). Loopback only; each run is bounded by wrk's duration.
# Usage: bench/observations.sh [SECONDS]   (the release binary is built in $CARGO_TARGET_DIR, default target/)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/pg-temp.sh
seconds=${1:-20}
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
pg_temp_install
cargo build --release -q
bin=${CARGO_TARGET_DIR:-$PWD/target}/release/guichet
port=18282
work=$(mktemp -d)
server=
trap '[ -n "$server" ] && kill $server 2>/dev/null; pg_temp_stop; rm -rf "$work"' EXIT

run() {
    local name=$1 url=$2 durability=$3
    export GUICHET_DATABASE_URL=$url GUICHET_BIND=127.0.0.1:$port GUICHET_LOG=warn
    $bin serve & server=$!
    until curl -sf -o /dev/null http://127.0.0.1:$port/readyz; do sleep 0.1; done
    TOKEN=$($bin token create --org "bench-$name" --role reporter 2>/dev/null)
    CHANNELS=$(curl -sf "http://127.0.0.1:$port/api/v1/procedures?per_page=100" | python3 -c '
import json, sys, urllib.request
slugs = [p["slug"] for p in json.load(sys.stdin)["items"]]
ids = []
for s in slugs:
    d = json.load(urllib.request.urlopen("http://127.0.0.1:'$port'/api/v1/procedures/" + s))
    ids += [str(c["id"]) for c in d["channels"]]
print(",".join(ids))')
    export TOKEN CHANNELS AT=$(date -u -d '1 hour ago' +%Y-%m-%dT%H:%M:%SZ)
    echo "== $name ($durability): $(echo "$CHANNELS" | tr ',' '\n' | wc -l) channels, 16 connections, ${seconds}s"
    wrk -t2 -c16 -d"${seconds}s" --latency -s bench/observation.lua "http://127.0.0.1:$port/api/v1/observations" \
        | grep -E "Requests/sec|Non-2xx|50%|90%|99%|requests in"
    stored=$(curl -sf "http://127.0.0.1:$port/api/v1/stats/monitoring?org=bench-$name" | python3 -c 'import json,sys; print(json.load(sys.stdin)["total"])')
    echo "stored observations: $stored"
    curl -sf "http://127.0.0.1:$port/metrics" | awk '/^guichet_observation_groups_total /{g=$2} /^guichet_observation_group_reports_total /{r=$2}
        END {if (g > 0) printf "group commits: %d, mean group %.1f reports\n", g, r / g}'
    kill -TERM $server; wait $server 2>/dev/null || true; server=
}

GUICHET_SQLITE_SYNC=full run sqlite-full "sqlite://$work/full.sqlite3" "WAL, synchronous=FULL: every commit flushed"
GUICHET_SQLITE_SYNC=normal run sqlite-normal "sqlite://$work/normal.sqlite3" "WAL, synchronous=NORMAL: flushed at checkpoints"
pg_temp_start 54339 durable
settings=$("$PG_TEMP_BIN/psql" "$PG_TEMP_URL" -Atc "SELECT string_agg(name || '=' || setting, ', ' ORDER BY name) FROM pg_settings WHERE name IN ('fsync', 'synchronous_commit', 'wal_sync_method', 'full_page_writes')")
run postgres "$PG_TEMP_URL" "PostgreSQL $("$PG_TEMP_BIN/postgres" --version | awk '{print $3}'): $settings"
