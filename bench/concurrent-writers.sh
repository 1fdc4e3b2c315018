#!/usr/bin/env bash
# Concurrent writers: WRITERS clients (default 6) post observations for SECONDS (default 20), each with its own
# Idempotency-Key, all on the same few channels and alternating outcomes so that the observed state keeps
# changing. Prints the count of each response status, checks that every 201 is stored once and that the
# observed-state history never repeats a state. Loopback only; bounded by SECONDS.
# Usage: bench/concurrent-writers.sh [SECONDS] [DATABASE_URL]   (default: a new SQLite file)
#        GUICHET_BIN=path/to/guichet to use a binary already built (default: cargo build, debug).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-20}
writers=${WRITERS:-6}
port=${PORT:-18230}
work=$(mktemp -d)
url=${2:-sqlite://$work/writers.sqlite3}
if [ -z "${GUICHET_BIN:-}" ]; then
    cargo build -q
    GUICHET_BIN=${CARGO_TARGET_DIR:-target}/debug/guichet
fi
# A copy: a shared target folder may be rebuilt meanwhile.
cp "$GUICHET_BIN" "$work/guichet"
bin=$work/guichet
server=
trap '[ -n "$server" ] && kill $server 2>/dev/null; rm -rf "$work"' EXIT
export GUICHET_DATABASE_URL=$url GUICHET_BIND=127.0.0.1:$port GUICHET_LOG=${GUICHET_LOG:-warn}
"$bin" serve & server=$!
for _ in $(seq 1 300); do curl -sf -o /dev/null "http://127.0.0.1:$port/readyz" && break; sleep 0.1; done
TOKEN=$("$bin" token create --org "writers-$$" --role reporter 2>/dev/null)
echo "== $writers writers, ${seconds}s, $(echo "$url" | cut -d: -f1)"
python3 - "$port" "$TOKEN" "$seconds" "$writers" <<'PY'
import collections, datetime, http.client, json, sys, threading, time, uuid
port, token, seconds, writers = int(sys.argv[1]), sys.argv[2], float(sys.argv[3]), int(sys.argv[4])
def get(path):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    c.request("GET", path)
    r = c.getresponse()
    return json.loads(r.read())
slugs = [p["slug"] for p in get("/api/v1/procedures?per_page=100")["items"]][:2]
channels = [c["id"] for s in slugs for c in get("/api/v1/procedures/" + s)["channels"]][:3]
at = (datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
statuses, created, lock = collections.Counter(), [], threading.Lock()
deadline = time.monotonic() + seconds
def writer(w):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    n = 0
    while time.monotonic() < deadline:
        n += 1
        ok = (n // 3 + w) % 2 == 0
        body = {"channel_id": channels[n % len(channels)], "occurred_at": at, "minutes_spent": 5, "on_behalf": True,
                "outcome": "completed" if ok else "not_completed"}
        if not ok:
            body["failure_reason"] = "no_answer"
        headers = {"Content-Type": "application/json", "Authorization": "Bearer " + token,
                   "Idempotency-Key": str(uuid.uuid4())}
        try:
            c.request("POST", "/api/v1/observations", json.dumps(body), headers)
            r = c.getresponse()
            data = r.read()
            with lock:
                statuses[r.status] += 1
                if r.status == 201:
                    created.append(json.loads(data)["observation"]["id"])
        except Exception as e:
            with lock:
                statuses[type(e).__name__] += 1
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
threads = [threading.Thread(target=writer, args=(w,)) for w in range(writers)]
for t in threads: t.start()
for t in threads: t.join()
print("statuses:", dict(sorted(statuses.items(), key=str)))
print("201 with distinct ids:", len(set(created)), "of", len(created))
print("5xx:", sum(v for k, v in statuses.items() if isinstance(k, int) and k >= 500))
PY
# The history of each channel, as the feed of transitions shows it, through the database itself.
python3 - "$url" <<'PY' || true
import sqlite3, sys
url = sys.argv[1]
if not url.startswith("sqlite://"):
    print("history check: SQLite only in this script (the API test covers PostgreSQL)"); sys.exit(0)
db = sqlite3.connect(url[len("sqlite://"):])
rows = db.execute("SELECT channel_id, state FROM observed_transitions ORDER BY id").fetchall()
last, repeats = {}, 0
for channel, state in rows:
    repeats += last.get(channel) == state
    last[channel] = state
print("transitions stored:", len(rows), "repeated consecutive states:", repeats)
print("observations stored:", db.execute("SELECT count(*) FROM observations").fetchone()[0])
PY
