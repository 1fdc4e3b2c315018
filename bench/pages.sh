#!/usr/bin/env bash
# Weight and render time of every web page, on the Brussels catalog, release build, loopback:
#   - transferred bytes with `Accept-Encoding: gzip` (what an old phone downloads, before images: there are none
#     besides the cached stylesheet and pictogram sprite, counted separately),
#   - server time: median and p95 of curl's time-to-first-byte over N sequential requests (the page is rendered
#     whole before its first byte is sent), and throughput at 16 connections with wrk.
# Usage: bench/pages.sh [REQUESTS]   (prints a Markdown table)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-200}
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
cargo build --release -q
bin=$PWD/target/release/guichet
port=18384
work=$(mktemp -d)
server=
trap '[ -n "$server" ] && kill $server 2>/dev/null; rm -rf "$work"' EXIT
base=http://127.0.0.1:$port

GUICHET_DATABASE_URL=$work/g.db $bin token create --org "Bench" > "$work/token" 2>/dev/null
GUICHET_DATABASE_URL=$work/g.db GUICHET_BIND=127.0.0.1:$port GUICHET_LOG=warn $bin serve & server=$!
until curl -sf -o /dev/null $base/readyz; do sleep 0.05; done

id=$(curl -sf $base/api/v1/procedures/schaerbeek-identity-card | python3 -c \
    "import json,sys; print([c['id'] for c in json.load(sys.stdin)['channels'] if c['key']=='appointment-thursday'][0])")
# A signed-in session for the report form.
jar=$work/jar
csrf=$(curl -sf -c "$jar" $base/fr/signin | sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p')
curl -sf -b "$jar" -c "$jar" -o /dev/null --data-urlencode "csrf=$csrf" --data-urlencode "token=$(cat "$work/token")" $base/fr/signin
session=$(awk '$6=="guichet_session"{print $7}' "$jar")
code=$(curl -s -o /dev/null -w '%{redirect_url}' -b "$jar" -d "csrf=$csrf&channel_id=$id&problem=other&description=bench" \
    $base/fr/complaints | sed 's#.*/complaints/##')

pages=(
    "home|/fr/"
    "search|/fr/search?q=carte+d%27identit%C3%A9&where=Schaerbeek"
    "procedure|/fr/procedures/schaerbeek-identity-card"
    "sheet (ar)|/ar/procedures/schaerbeek-identity-card/sheet/$id"
    "orientation|/fr/orientation?need=carte+d%27identit%C3%A9&postcode=1030&no_internet=true"
    "institution|/fr/institutions/commune-schaerbeek"
    "gaps dashboard|/fr/gaps"
    "sign-in|/fr/signin"
    "report form|/fr/report?channel=$id"
    "complaint form|/fr/complaints/new?channel=$id"
    "complaint tracking|/fr/complaints/$code"
    "stylesheet (cached 1 year)|/static/style.css"
    "pictograms (cached 1 year)|/static/icons.svg"
)

echo "| page | bytes (gzip) | bytes (raw) | TTFB median | TTFB p95 | req/s (16 conn.) |"
echo "|---|---:|---:|---:|---:|---:|"
for entry in "${pages[@]}"; do
    label=${entry%%|*}
    path=${entry#*|}
    gz=$(curl -sf -b "guichet_session=$session" -H 'Accept-Encoding: gzip' -o /dev/null -w '%{size_download}' "$base$path")
    raw=$(curl -sf -b "guichet_session=$session" -o /dev/null -w '%{size_download}' "$base$path")
    times=$(for _ in $(seq "$n"); do
        curl -sf -b "guichet_session=$session" -H 'Accept-Encoding: gzip' -o /dev/null -w '%{time_starttransfer}\n' "$base$path"
    done | sort -n)
    median=$(echo "$times" | awk -v n="$n" 'NR==int(n/2)+1{printf "%.2f ms", $1*1000}')
    p95=$(echo "$times" | awk -v n="$n" 'NR==int(n*0.95){printf "%.2f ms", $1*1000}')
    rps=$(wrk -t2 -c16 -d5s -H "Cookie: guichet_session=$session" -H 'Accept-Encoding: gzip' "$base$path" \
        | awk '/Requests\/sec/{printf "%.0f", $2}')
    echo "| $label | $gz | $raw | $median | $p95 | $rps |"
done
