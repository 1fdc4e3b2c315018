# Sourced by .ci/run and bench/: a throwaway PostgreSQL from the machine's Debian packages, in a temporary folder,
# on a loopback port. `pg_temp_start PORT [fast|durable]` exports PG_TEMP_URL; `pg_temp_stop` removes everything.
# `fast` (default, for the test suite, whose databases are thrown away): `fsync=off`, `synchronous_commit=off`.
# `durable` (benchmarks): PostgreSQL's defaults, `fsync=on` and `synchronous_commit=on` — a commit is acknowledged
# only once its write-ahead log is flushed to disk, as on a production server.

pg_temp_install() {
    local missing=()
    ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
    if [ ${#missing[@]} -gt 0 ]; then
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
    fi
}

_pg_as() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

pg_temp_start() {
    local port=$1 mode=${2:-fast} durability
    case $mode in
        fast) durability="-c fsync=off -c synchronous_commit=off" ;;
        durable) durability="-c fsync=on -c synchronous_commit=on" ;;
        *) echo "pg_temp_start: mode \`$mode\`: expected fast or durable" >&2; return 1 ;;
    esac
    PG_TEMP_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
    PG_TEMP_DIR=$(mktemp -d /tmp/guichet-pg.XXXXXX)
    # initdb refuses to run as root: the server runs as the postgres user the Debian package creates.
    id postgres >/dev/null 2>&1 || useradd --system --home "$PG_TEMP_DIR" postgres
    chown postgres "$PG_TEMP_DIR"
    _pg_as "$PG_TEMP_BIN/initdb" -D "$PG_TEMP_DIR/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
    _pg_as "$PG_TEMP_BIN/pg_ctl" -D "$PG_TEMP_DIR/data" -l "$PG_TEMP_DIR/log" -w \
        -o "-p $port -k $PG_TEMP_DIR -c listen_addresses=127.0.0.1 $durability -c max_connections=1000" \
        start >/dev/null
    export PG_TEMP_URL="postgres://postgres@127.0.0.1:$port/postgres"
}

pg_temp_stop() {
    [ -n "${PG_TEMP_DIR:-}" ] || return 0
    _pg_as "$PG_TEMP_BIN/pg_ctl" -D "$PG_TEMP_DIR/data" -m fast stop >/dev/null 2>&1 || true
    rm -rf "$PG_TEMP_DIR"
    PG_TEMP_DIR=
}
