#!/usr/bin/env bash
# Probes at Belgium scale: a synthetic catalog (guichet synth, no observations) whose online channels' URLs are
# pointed at a local page server reached as HOSTS distinct hosts (127.0.0.1 … 127.0.0.HOSTS, one port), then
# `guichet probe` rounds at concurrency 8 and 32 with no host delay (URLs probed per second), and the resident
# memory of a server with probes on after its first round, against the same server with probes off.
# Loopback only. Usage: bench/probes.sh [PROCEDURES]   (default 14700: about 10,000 online channels with a URL)
#        GUICHET_BIN=path/to/guichet to use a binary already built (default: cargo build --release).
set -euo pipefail
cd "$(dirname "$0")/.."
procedures=${1:-14700}
hosts=${HOSTS:-64}
tport=${TARGET_PORT:-18340}
port=${PORT:-18341}
work=$(mktemp -d)
if [ -z "${GUICHET_BIN:-}" ]; then
    cargo build -q --release
    GUICHET_BIN=${CARGO_TARGET_DIR:-target}/release/guichet
fi
cp "$GUICHET_BIN" "$work/guichet"
bin=$work/guichet
target= server=
trap '[ -n "$target" ] && kill $target 2>/dev/null; [ -n "$server" ] && kill $server 2>/dev/null; rm -rf "$work"' EXIT
export GUICHET_LOG=${GUICHET_LOG:-warn}

# The pages: guichet's own fixed answer (GUICHET_BENCH=1), 4 KiB, on every loopback address.
GUICHET_DATABASE_URL=sqlite://$work/target.sqlite3 GUICHET_BIND=0.0.0.0:$tport GUICHET_BENCH=1 "$bin" serve & target=$!
for _ in $(seq 1 300); do curl -sf -o /dev/null "http://127.0.0.1:$tport/readyz" && break; sleep 0.1; done

db=$work/probes.sqlite3
GUICHET_DATABASE_URL=sqlite://$db "$bin" synth --communes 581 --procedures "$procedures" --observations 0 >/dev/null 2>&1
python3 - "$db" "$hosts" "$tport" <<'PY'
import sqlite3, sys
db, hosts, port = sys.argv[1], int(sys.argv[2]), sys.argv[3]
c = sqlite3.connect(db)
c.execute("UPDATE channels SET url = 'http://127.0.0.' || ((id % ?) + 1) || ':' || ? || '/bench/ceiling?bytes=4096' "
          "WHERE kind = 'online' AND url IS NOT NULL", (hosts, port))
c.commit()
n = c.execute("SELECT count(*) FROM channels WHERE kind = 'online' AND url IS NOT NULL AND withdrawn_at IS NULL").fetchone()[0]
print(f"== {n} online channels with a URL, {hosts} hosts")
PY
export GUICHET_DATABASE_URL=sqlite://$db GUICHET_OUTBOUND_ALLOW=loopback GUICHET_PROBE_HOST_DELAY_MS=0
for c in 8 32; do
    out=$(GUICHET_PROBE_CONCURRENCY=$c "$bin" probe | tail -2 | tr '\n' ' ')
    echo "concurrency $c: $out"
done

rss() { awk '/VmRSS/ {print $2 / 1024 " MiB"}' "/proc/$1/status"; }
GUICHET_BIND=127.0.0.1:$port GUICHET_PROBES=off "$bin" serve & server=$!
for _ in $(seq 1 600); do curl -sf -o /dev/null "http://127.0.0.1:$port/readyz" && break; sleep 0.1; done
echo "server, probes off: $(rss $server)"
kill $server; wait $server 2>/dev/null || true; server=
GUICHET_BIND=127.0.0.1:$port GUICHET_PROBES=on GUICHET_PROBE_CONCURRENCY=32 GUICHET_LOG=guichet=info \
    "$bin" serve >"$work/serve.log" 2>&1 & server=$!
for _ in $(seq 1 1200); do grep -q "probe round done" "$work/serve.log" && break; sleep 0.5; done
grep "probe round done" "$work/serve.log" | sed 's/\x1b\[[0-9;]*m//g' | tail -1
echo "server, probes on, after its first round: $(rss $server)"
