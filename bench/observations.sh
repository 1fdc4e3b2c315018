#!/usr/bin/env bash
# Sustained rate of accepted observations (POST /api/v1/observations) with concurrent clients, on SQLite and on a
# throwaway PostgreSQL. Loopback only; each run is bounded by wrk's duration. Usage: bench/observations.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/pg-temp.sh
seconds=${1:-20}
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
pg_temp_install
cargo build --release -q
bin=target/release/guichet
port=18282
work=$(mktemp -d)
trap 'kill $server 2>/dev/null || true; pg_temp_stop; rm -rf "$work"' EXIT

run() {
    local name=$1 url=$2
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
    echo "== $name: $(echo "$CHANNELS" | tr ',' '\n' | wc -l) channels, 16 connections, ${seconds}s"
    wrk -t2 -c16 -d"${seconds}s" --latency -s bench/observation.lua "http://127.0.0.1:$port/api/v1/observations" \
        | grep -E "Requests/sec|Non-2xx|50%|99%|requests in"
    stored=$(curl -sf "http://127.0.0.1:$port/api/v1/stats/monitoring?org=bench-$name" | python3 -c 'import json,sys; print(json.load(sys.stdin)["total"])')
    echo "stored observations: $stored"
    kill -TERM $server; wait $server 2>/dev/null || true
}

run sqlite "sqlite://$work/bench.sqlite3"
pg_temp_start 54339
run postgres "$PG_TEMP_URL"
