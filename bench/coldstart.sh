#!/usr/bin/env bash
# Cold start: exec → first 200 from /api/v1/procedures, and resident memory, at both scales on SQLite:
# - the Brussels catalog on an empty database (migrations + catalog import) and on an existing one;
# - a Belgium-scale synthetic database (`guichet synth --communes 581 --procedures 20000 --observations 1000000`),
#   restarted RUNS times (default 3).
# Usage: bench/coldstart.sh [RUNS]   (the release binary is built in $CARGO_TARGET_DIR, default target/)
set -u
cd "$(dirname "$0")/.." && cargo build --release -q
bin=${CARGO_TARGET_DIR:-$PWD/target}/release/guichet
runs=${1:-3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Prints "ready in N ms; RSS M MiB at ready, K MiB after 200 searches" for one start on $1.
start() {
  local db=$1 start end pid rss rss2
  start=$(date +%s%N)
  GUICHET_DATABASE_URL=$db GUICHET_BIND=127.0.0.1:18181 GUICHET_LOG=warn $bin & pid=$!
  until curl -sf -o /dev/null http://127.0.0.1:18181/api/v1/procedures; do sleep 0.005; done
  end=$(date +%s%N)
  rss=$(awk '/VmRSS/{print $2}' /proc/$pid/status)
  for i in $(seq 1 200); do curl -sf -o /dev/null "http://127.0.0.1:18181/api/v1/procedures?q=carte"; done
  rss2=$(awk '/VmRSS/{print $2}' /proc/$pid/status)
  echo "ready in $(( (end-start)/1000000 )) ms; RSS $((rss/1024)) MiB at ready, $((rss2/1024)) MiB after 200 searches"
  kill -TERM $pid; wait $pid 2>/dev/null
}

echo "Brussels catalog, empty database: $(start "sqlite://$work/brussels.sqlite3")"
echo "Brussels catalog, existing database: $(start "sqlite://$work/brussels.sqlite3")"
GUICHET_DATABASE_URL="sqlite://$work/belgium.sqlite3" GUICHET_LOG=warn \
  $bin synth --communes 581 --procedures 20000 --observations 1000000 >"$work/synth.log" 2>&1 \
  || { cat "$work/synth.log"; exit 1; }
for run in $(seq 1 "$runs"); do
  echo "Belgium scale, run $run: $(start "sqlite://$work/belgium.sqlite3")"
done
