#!/usr/bin/env bash
# A throwaway PostgreSQL server on loopback for the tests (head office on PostgreSQL).
#   eval "$(bash scripts/pg.sh start DIR)"   starts one in DIR and prints `export BAOHOU_TEST_PG=…`
#   bash scripts/pg.sh stop DIR              stops it
# The server runs as the `postgres` user when started by root (PostgreSQL refuses to run as root).
# With PG_SSL_CERT and PG_SSL_KEY (PEM files) it serves TLS with them too. fsync is off (the tests
# need no durability across a power cut); PG_FSYNC=on turns it on for the benchmarks.
set -euo pipefail
cmd=${1:?start or stop}; dir=${2:?a folder for the cluster}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -x "$bin/initdb" ] || { echo "PostgreSQL is not installed (apt-get install postgresql)" >&2; exit 1; }
as_pg=()
if [ "$(id -u)" -eq 0 ]; then as_pg=(runuser -u postgres --); fi
case "$cmd" in
  start)
    mkdir -p "$dir"
    [ "$(id -u)" -eq 0 ] && chown postgres "$dir"
    if [ ! -f "$dir/data/PG_VERSION" ]; then
      "${as_pg[@]}" "$bin/initdb" -D "$dir/data" -U baohou --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log" >&2; exit 1; }
    fi
    ssl=()
    if [ -n "${PG_SSL_CERT:-}" ]; then
      cp "$PG_SSL_CERT" "$dir/data/server.crt"; cp "$PG_SSL_KEY" "$dir/data/server.key"
      chmod 600 "$dir/data/server.key"
      [ "$(id -u)" -eq 0 ] && chown postgres "$dir/data/server.crt" "$dir/data/server.key"
      ssl=(-c ssl=on)
    fi
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    "${as_pg[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=${PG_FSYNC:-off} -c max_connections=200 ${ssl[*]:-}" start >/dev/null \
      || { cat "$dir/server.log" >&2; exit 1; }
    echo "export BAOHOU_TEST_PG=postgres://baohou@127.0.0.1:$port/postgres"
    ;;
  stop)
    [ -f "$dir/data/postmaster.pid" ] && "${as_pg[@]}" "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true
    ;;
  *) echo "usage: $0 start|stop DIR" >&2; exit 2 ;;
esac
