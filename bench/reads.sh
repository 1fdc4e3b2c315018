#!/usr/bin/env bash
# Throughput and latency of the read path at 64 connections — orientation, a procedure's detail, a search — on the
# Brussels catalog and on a Belgium-scale synthetic one, each beside the same server's fixed pre-serialised response
# of the same size (the ceiling of this machine's HTTP stack). Loopback only; bounded by wrk's duration.
# Usage: bench/reads.sh [SECONDS]   (prints a Markdown table, plus start-up time and memory)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-10}
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
cargo build --release -q
bin=$PWD/target/release/guichet
port=18383
work=$(mktemp -d)
server=
trap '[ -n "$server" ] && kill $server 2>/dev/null; rm -rf "$work"' EXIT

start_server() {
    local db=$1
    local t0=$(date +%s%N)
    GUICHET_DATABASE_URL=$db GUICHET_BIND=127.0.0.1:$port GUICHET_LOG=warn GUICHET_BENCH=1 $bin serve & server=$!
    until curl -sf -o /dev/null http://127.0.0.1:$port/readyz; do sleep 0.02; done
    echo "start-up to ready: $(( ($(date +%s%N) - t0) / 1000000 )) ms; RSS $(( $(awk '/VmRSS/{print $2}' /proc/$server/status) / 1024 )) MiB" >&2
}

stop_server() { kill -TERM $server; wait $server 2>/dev/null || true; server=; }

measure() {
    local label=$1 path=$2
    local size=$(curl -sf "http://127.0.0.1:$port$path" | wc -c)
    local out=$(wrk -t2 -c64 -d"${seconds}s" --latency "http://127.0.0.1:$port$path")
    local ceil=$(wrk -t2 -c64 -d"${seconds}s" --latency "http://127.0.0.1:$port/bench/ceiling?bytes=$size")
    local rps=$(echo "$out" | awk '/Requests\/sec/{print $2}')
    local p50=$(echo "$out" | awk '$1=="50%"{print $2}')
    local p99=$(echo "$out" | awk '$1=="99%"{print $2}')
    local errors=$(echo "$out" | awk '/Non-2xx/{print $5}')
    local crps=$(echo "$ceil" | awk '/Requests\/sec/{print $2}')
    local cp99=$(echo "$ceil" | awk '$1=="99%"{print $2}')
    local share=$(python3 -c "print(f'{100*$rps/$crps:.0f}%')")
    echo "| $label | $size | $rps | $p50 | $p99 | ${errors:-0} | $crps | $cp99 | $share |"
}

header() {
    echo
    echo "### $1"
    echo
    echo "| request | bytes | req/s | p50 | p99 | non-2xx | ceiling req/s | ceiling p99 | share of ceiling |"
    echo "|---|---|---|---|---|---|---|---|---|"
}

start_server "sqlite://$work/brussels.sqlite3"
header "Brussels catalog (shipped)"
measure "orientation (study grant, 1030, no internet, ar)" "/api/v1/orientation?need=bourse&postcode=1030&no_internet=true&lang=ar"
measure "procedure detail" "/api/v1/procedures/fwb-study-grant"
measure "search q=carte" "/api/v1/procedures?q=carte"
stop_server

echo "generating the Belgium-scale catalog…" >&2
GUICHET_DATABASE_URL="sqlite://$work/belgium.sqlite3" GUICHET_LOG=warn $bin synth --communes 581 --procedures 20000 --observations 1000000 >&2
start_server "sqlite://$work/belgium.sqlite3"
# An identity-card procedure of a commune, and that commune's postcode: a need the orientation can answer.
read -r slug postcode < <(curl -sf "http://127.0.0.1:$port/api/v1/procedures?q=carte%20d%27identit%C3%A9&institution=synth-commune-0042-municipality&per_page=1" \
    | python3 -c 'import json,sys,urllib.request
p = json.load(sys.stdin)["items"][0]
i = json.load(urllib.request.urlopen("http://127.0.0.1:'$port'/api/v1/institutions/" + p["institution"]["slug"]))
print(p["slug"], i["commune"]["postcodes"][0])')
header "Belgium scale (guichet synth: 581 communes, 20,000 procedures, 1,000,000 observations)"
measure "orientation (carte d'identité, $postcode, no internet)" "/api/v1/orientation?need=carte%20d%27identit%C3%A9&postcode=$postcode&no_internet=true"
measure "procedure detail" "/api/v1/procedures/$slug"
measure "search q=carte" "/api/v1/procedures?q=carte"
echo "RSS after the runs: $(( $(awk '/VmRSS/{print $2}' /proc/$server/status) / 1024 )) MiB" >&2
stop_server
