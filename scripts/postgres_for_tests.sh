#!/usr/bin/env bash
# A throwaway PostgreSQL server for the store tests, in a temp dir, listening on a Unix socket only.
#
#   url=$(scripts/postgres_for_tests.sh start)     # prints the SQLAlchemy URL of an empty database
#   CLAIMSMAP_TEST_POSTGRES_URL=$url make test
#   scripts/postgres_for_tests.sh stop "$url"      # stops the server and deletes its dir (the URL or the dir)
#
# Needs Debian's `postgresql` package and the `psycopg` driver (the `postgres` extra). PostgreSQL refuses
# to run as root, so as root the server runs as the `postgres` user (PG_USER to choose another).
set -euo pipefail

pg_bin() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)  # Debian keeps them off PATH
  if [ -n "$dir" ]; then echo "$dir/$1"; else command -v "$1"; fi
}

as_server_user() {
  if [ "$(id -u)" = 0 ]; then runuser -u "${PG_USER:-postgres}" -- "$@"; else "$@"; fi
}

start() {
  local dir
  dir=$(mktemp -d /tmp/claimsmap-pg.XXXXXX)
  if [ "$(id -u)" = 0 ]; then chown "${PG_USER:-postgres}" "$dir"; fi
  as_server_user "$(pg_bin initdb)" --pgdata="$dir/data" --username=claimsmap --auth=trust \
    --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
  # No TCP at all: the socket lives in the temp dir, so no port is taken and nothing is reachable from outside.
  as_server_user "$(pg_bin pg_ctl)" --pgdata="$dir/data" --log="$dir/server.log" --wait --silent \
    -o "-c listen_addresses='' -c unix_socket_directories='$dir' -c fsync=off" start \
    || { cat "$dir/server.log" >&2; exit 1; }
  "$(pg_bin createdb)" --host="$dir" --username=claimsmap claimsmap
  echo "postgresql+psycopg://claimsmap@/claimsmap?host=$dir"
}

stop() {
  local dir=${1:?usage: $0 stop URL-or-DIR}
  dir=${dir##*host=}
  dir=${dir%%&*}
  case "$dir" in /tmp/claimsmap-pg.*) ;; *) echo "not a test server dir: $dir" >&2; exit 1 ;; esac
  if [ -f "$dir/data/postmaster.pid" ]; then
    as_server_user "$(pg_bin pg_ctl)" --pgdata="$dir/data" --mode=fast --wait --silent stop
  fi
  rm -rf "$dir"
}

case "${1:-}" in
  start) start ;;
  stop) stop "${2:-}" ;;
  *) echo "usage: $0 start | stop URL-or-DIR" >&2; exit 2 ;;
esac
