#!/usr/bin/env bash
# Stops exactly the servers infra/local/up.sh started, by their recorded pids.
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
DATA="${VIGIL_DATA_DIR:-$ROOT/.data}"
for pidfile in "$DATA/nats/nats.pid" "$DATA/clickhouse/clickhouse.pid"; do
  [ -f "$pidfile" ] || continue
  pid="$(cat "$pidfile")"
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid"
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    echo "[down] stopped $pidfile ($pid)" >&2
  fi
  rm -f "$pidfile"
done
