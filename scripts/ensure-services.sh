#!/usr/bin/env bash
# Makes sure what the tests need is on this machine: Debian's Chromium and a running PostgreSQL.
set -euo pipefail

chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ ! -x "$chromium" ]; then
  echo "Installing Chromium from Debian's packages (Playwright's own download does not work offline)…"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi

pg_host="${PGHOST_TEST:-127.0.0.1}"
if ! pg_isready -q -h "$pg_host" -p 5432; then
  if command -v pg_ctlcluster >/dev/null && [ -d /etc/postgresql ]; then
    echo "Starting PostgreSQL…"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n 1)" main start
    for _ in $(seq 1 30); do pg_isready -q -h "$pg_host" -p 5432 && break; sleep 1; done
  fi
fi
if ! pg_isready -q -h "$pg_host" -p 5432; then
  echo "PostgreSQL is not reachable on $pg_host:5432; the integration tests need it (set TEST_DATABASE_URL to use another server)." >&2
  exit 1
fi
