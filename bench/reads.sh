#!/usr/bin/env bash
# Throughput and latency of the read path at 64 connections — orientation, a procedure's detail, a search — on the
# Brussels catalog and on a Belgium-scale synthetic one, each beside the same server's fixed pre-serialised response
# of the same size (the ceiling of this machine's HTTP stack), in the same run: cache hits (the same request again)
# and misses (the same request with `Cache-Control: no-cache`, which the response cache answers afresh and stores:
# what an answer costs to make). Loopback only; bounded by wrk's duration.
# Usage: bench/reads.sh [SECONDS] [brussels|both]   (prints Markdown tables, plus start-up time and memory)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-10}
scales=${2:-both}
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
cargo build --release -q
bin=${CARGO_TARGET_DIR:-$PWD/target}/release/guichet
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

wrk_run() { wrk -t2 -c64 -d"${seconds}s" --latency "$@"; }
rps_of() { awk '/Requests\/sec/{printf "%.0f", $2}'; }
p99_of() { awk '$1=="99%"{print $2}'; }
non2xx_of() { awk '/Non-2xx/{print $5}'; }

measure() {
    local label=$1 path=$2 url="http://127.0.0.1:$port$2"
    local size=$(curl -sf "$url" | wc -c)
    # The request is a hit from its second time on (an entry lasts while the minute does).
    curl -sf -o /dev/null "$url"
    local state=$(curl -sf -o /dev/null -D - "$url" | awk -F': ' 'tolower($1)=="x-cache"{print $2}' | tr -d '\r')
    [ "$state" = hit ] || echo "warning: $path answered X-Cache: ${state:-none} on a repeat" >&2
    local hit=$(wrk_run "$url")
    local miss=$(wrk_run -H 'Cache-Control: no-cache' "$url")
    local ceil=$(wrk_run "http://127.0.0.1:$port/bench/ceiling?bytes=$size")
    local hrps=$(echo "$hit" | rps_of) mrps=$(echo "$miss" | rps_of) crps=$(echo "$ceil" | rps_of)
    local errors=$(( $(echo "$hit" | non2xx_of) + $(echo "$miss" | non2xx_of) + 0 ))
    local share=$(python3 -c "print(f'{$hrps/$crps:.2f} × / {$mrps/$crps:.2f} ×')")
    echo "| $label | $size | $hrps | $(echo "$hit" | p99_of) | $mrps | $(echo "$miss" | p99_of) | ${errors} | $crps | $(echo "$ceil" | p99_of) | $share |"
}

header() {
    echo
    echo "### $1"
    echo
    echo "| request | bytes | hit req/s | hit p99 | miss req/s | miss p99 | non-2xx | ceiling req/s | ceiling p99 | hit / miss over ceiling |"
    echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
}

start_server "sqlite://$work/brussels.sqlite3"
header "Brussels catalog (shipped)"
measure "orientation (study grant, 1030, no internet, ar)" "/api/v1/orientation?need=bourse&postcode=1030&no_internet=true&lang=ar"
measure "procedure detail" "/api/v1/procedures/fwb-study-grant"
measure "search q=carte" "/api/v1/procedures?q=carte"
stop_server
[ "$scales" = both ] || exit 0

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
