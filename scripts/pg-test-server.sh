#!/usr/bin/env bash
# A throwaway PostgreSQL for the --db tests, without touching the machine's own clusters:
#   eval "$(scripts/pg-test-server.sh)"      # starts it (port 5433, loopback only) and sets NIANBAO_TEST_PG
#   npx vitest run test/postgres
#   scripts/pg-test-server.sh stop           # stops it and removes its data
# Needs the PostgreSQL server binaries (Debian: apt-get install postgresql). .ci/run uses Debian's cluster instead.
set -euo pipefail
PORT=${NIANBAO_PG_PORT:-5433}
DIR=${NIANBAO_PG_DIR:-${TMPDIR:-/tmp}/nianbao-pg-$PORT}
BIN=$(dirname "$(command -v initdb || ls -d /usr/lib/postgresql/*/bin/initdb | sort -V | tail -n1)")
[ -x "$BIN/initdb" ] || { echo "no PostgreSQL server binaries found (apt-get install postgresql)" >&2; exit 1; }
# initdb and the server refuse to run as root.
run() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

if [ "${1:-start}" = stop ]; then
  [ -d "$DIR" ] && run "$BIN/pg_ctl" -D "$DIR" -m fast stop >/dev/null 2>&1 || true
  rm -rf "$DIR"
  exit 0
fi

if [ ! -f "$DIR/PG_VERSION" ]; then
  mkdir -p "$DIR"
  [ "$(id -u)" = 0 ] && chown postgres "$DIR"
  run "$BIN/initdb" -D "$DIR" -U postgres --auth=trust -E UTF8 >/dev/null
fi
if ! run "$BIN/pg_ctl" -D "$DIR" status >/dev/null 2>&1; then
  run "$BIN/pg_ctl" -D "$DIR" -l "$DIR/server.log" -w -o "-p $PORT -k /tmp -c listen_addresses=127.0.0.1" start >/dev/null
fi
psql -h 127.0.0.1 -p "$PORT" -U postgres -qtAc "SELECT 1 FROM pg_database WHERE datname = 'nianbao_test'" | grep -q 1 ||
  psql -h 127.0.0.1 -p "$PORT" -U postgres -qc "CREATE DATABASE nianbao_test"
echo "export NIANBAO_TEST_PG=postgres://postgres@127.0.0.1:$PORT/nianbao_test"
