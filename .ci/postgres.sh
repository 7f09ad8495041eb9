#!/usr/bin/env bash
# Installs (when missing) and starts PostgreSQL, and creates the role and database `qubitd` that the
# cluster tests journal into. Idempotent: safe to run on every CI build and on a machine that has it.
# Prints the three variables the tests read; `eval "$(.ci/postgres.sh)"` exports them.
set -euo pipefail
PG_USER=qubitd
PG_DB=qubitd
PG_PASSWORD="${QUBITD_TEST_PG_PASSWORD:-qubitd}"
PG_PORT="${QUBITD_TEST_PG_PORT:-5432}"

if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
fi
version=$(ls /usr/lib/postgresql | sort -n | tail -1)
if ! pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main"' | grep -q .; then
  pg_createcluster "$version" main --port "$PG_PORT" >&2
fi
if ! pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" && $4 == "online"' | grep -q .; then
  pg_ctlcluster "$version" main start >&2
fi
for _ in $(seq 1 30); do
  runuser -u postgres -- pg_isready -q -p "$PG_PORT" && break
  sleep 1
done

as_postgres() { runuser -u postgres -- psql -p "$PG_PORT" -v ON_ERROR_STOP=1 -qtA "$@"; }
if [ "$(as_postgres -c "SELECT 1 FROM pg_roles WHERE rolname = '$PG_USER'")" != 1 ]; then
  as_postgres -c "CREATE ROLE $PG_USER LOGIN PASSWORD '$PG_PASSWORD'" >&2
else
  as_postgres -c "ALTER ROLE $PG_USER LOGIN PASSWORD '$PG_PASSWORD'" >&2
fi
if [ "$(as_postgres -c "SELECT 1 FROM pg_database WHERE datname = '$PG_DB'")" != 1 ]; then
  as_postgres -c "CREATE DATABASE $PG_DB OWNER $PG_USER" >&2
fi

echo "export QUBITD_TEST_PG_URL=jdbc:postgresql://127.0.0.1:$PG_PORT/$PG_DB"
echo "export QUBITD_TEST_PG_USER=$PG_USER"
echo "export QUBITD_TEST_PG_PASSWORD=$PG_PASSWORD"
