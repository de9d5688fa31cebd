#!/usr/bin/env bash
# Starts Vigil's local nats-server (JetStream) and clickhouse-server on loopback,
# with data, logs and pids under <repo>/.data. Installs them from Debian when missing.
# Idempotent: servers that already answer are left alone.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
DATA="${VIGIL_DATA_DIR:-$ROOT/.data}"
NATS_PORT="${VIGIL_NATS_PORT:-4222}"
CH_HTTP_PORT="${VIGIL_CLICKHOUSE_HTTP_PORT:-8123}"
CH_TCP_PORT="${VIGIL_CLICKHOUSE_TCP_PORT:-9000}"
log() { echo "[up] $*" >&2; }

need_install=()
command -v nats-server >/dev/null 2>&1 || [ -x /usr/sbin/nats-server ] || need_install+=(nats-server)
command -v clickhouse-server >/dev/null 2>&1 || [ -x /usr/bin/clickhouse-server ] || need_install+=(clickhouse-server)
if [ ${#need_install[@]} -gt 0 ]; then
  log "installing ${need_install[*]} from Debian"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_install[@]}" >&2
fi
export PATH="$PATH:/usr/sbin"

nats_up() { curl -sf "http://127.0.0.1:$((NATS_PORT + 4000))/healthz?js-enabled-only=true" >/dev/null 2>&1; }
ch_up() { [ "$(curl -sf "http://127.0.0.1:$CH_HTTP_PORT/ping" 2>/dev/null)" = "Ok." ]; }
alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

mkdir -p "$DATA/nats" "$DATA/clickhouse/log" "$DATA/clickhouse/data" "$DATA/clickhouse/tmp" "$DATA/clickhouse/user_files" "$DATA/clickhouse/format_schemas"

if nats_up; then
  log "nats-server already answers on $NATS_PORT"
else
  alive "$DATA/nats/nats.pid" && kill "$(cat "$DATA/nats/nats.pid")" 2>/dev/null && sleep 1 || true
  log "starting nats-server on 127.0.0.1:$NATS_PORT"
  # A client that cannot read for 10 s (the default) is cut as a slow consumer: on two busy cores a
  # projector's thread can stall that long. Projectors survive a cut, but each one costs a restart.
  echo 'write_deadline: "60s"' > "$DATA/nats/nats.conf"
  setsid nats-server -c "$DATA/nats/nats.conf" -a 127.0.0.1 -p "$NATS_PORT" -m "$((NATS_PORT + 4000))" -js -sd "$DATA/nats/jetstream" \
    -l "$DATA/nats/nats.log" </dev/null >/dev/null 2>&1 &
  echo $! > "$DATA/nats/nats.pid"
fi

if ch_up; then
  log "clickhouse-server already answers on $CH_HTTP_PORT"
else
  alive "$DATA/clickhouse/clickhouse.pid" && kill "$(cat "$DATA/clickhouse/clickhouse.pid")" 2>/dev/null && sleep 2 || true
  sed -e "s#@DATA@#$DATA#g" -e "s#@HTTP_PORT@#$CH_HTTP_PORT#g" -e "s#@TCP_PORT@#$CH_TCP_PORT#g" \
    "$ROOT/infra/local/clickhouse-config.xml.tpl" > "$DATA/clickhouse/config.xml"
  cp "$ROOT/infra/local/clickhouse-users.xml" "$DATA/clickhouse/users.xml"
  log "starting clickhouse-server on 127.0.0.1:$CH_HTTP_PORT"
  cd "$DATA/clickhouse"
  setsid clickhouse-server --config-file="$DATA/clickhouse/config.xml" </dev/null >>"$DATA/clickhouse/log/stdout.log" 2>&1 &
  echo $! > "$DATA/clickhouse/clickhouse.pid"
  cd "$ROOT"
fi

for _ in $(seq 1 120); do
  if nats_up && ch_up; then log "nats-server and clickhouse-server are up"; exit 0; fi
  sleep 0.5
done
nats_up || { log "nats-server did not answer; see $DATA/nats/nats.log"; tail -20 "$DATA/nats/nats.log" >&2 || true; }
ch_up || { log "clickhouse-server did not answer; see $DATA/clickhouse/log"; tail -20 "$DATA/clickhouse/log/"*.log >&2 || true; }
exit 1
