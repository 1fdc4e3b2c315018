#!/usr/bin/env bash
# Cold start: exec → first 200 from /api/v1/procedures, on an empty SQLite database (migrations + catalog import) and on an existing one.
set -u
cd "$(dirname "$0")/.." && cargo build --release -q
bin=target/release/guichet
db=$(mktemp -d)/guichet.sqlite3
for run in empty existing; do
  start=$(date +%s%N)
  GUICHET_DATABASE_URL=$db GUICHET_BIND=127.0.0.1:18181 GUICHET_LOG=warn $bin & pid=$!
  until curl -sf -o /dev/null http://127.0.0.1:18181/api/v1/procedures; do sleep 0.005; done
  end=$(date +%s%N)
  rss=$(awk '/VmRSS/{print $2}' /proc/$pid/status)
  for i in $(seq 1 200); do curl -sf -o /dev/null "http://127.0.0.1:18181/api/v1/procedures?q=carte"; done
  rss2=$(awk '/VmRSS/{print $2}' /proc/$pid/status)
  echo "$run database: ready in $(( (end-start)/1000000 )) ms; RSS $((rss/1024)) MiB at start, $((rss2/1024)) MiB after 200 searches"
  kill -TERM $pid; wait $pid 2>/dev/null
done
