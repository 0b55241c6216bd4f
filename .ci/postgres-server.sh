#!/usr/bin/env bash
# Starts a throwaway PostgreSQL server on loopback for the test suites' server pass, and prints its URL.
# PG_TIMEZONE sets the server's `timezone` (default UTC), as an operator may.
# Usage: eval "$(.ci/postgres-server.sh start DIR)"  …  .ci/postgres-server.sh stop DIR
set -euo pipefail
action=$1 dir=$2
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if [ "$action" = stop ]; then
  [ -n "$bindir" ] && [ -f "$dir/data/postmaster.pid" ] && su postgres -c "$bindir/pg_ctl -D '$dir/data' -m fast -w stop" >/dev/null || true
  exit 0
fi
if [ -z "$bindir" ]; then
  # Debian's server packages (the distribution's PostgreSQL); the binaries are not on PATH.
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
  bindir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
fi
mkdir -p "$dir"
chmod 755 "$dir"
chown postgres "$dir"
port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
su postgres -c "$bindir/initdb -D '$dir/data' --auth=trust -U postgres --encoding=UTF8 --locale=C.UTF-8" >&2
su postgres -c "$bindir/pg_ctl -D '$dir/data' -l '$dir/server.log' -o \"-k '$dir' -h 127.0.0.1 -p $port -c max_connections=300 -c fsync=off -c timezone=${PG_TIMEZONE:-UTC}\" -w start" >&2
echo "export HAMKAR_TEST_DATABASE_URL=postgresql://postgres@127.0.0.1:$port/postgres"
