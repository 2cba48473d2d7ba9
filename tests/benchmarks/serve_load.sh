#!/usr/bin/env bash
# Load benchmark of `crampwise serve` (not a test): a bounded loopback run with
# wrk (Debian's `wrk`; `apt-get install -y wrk`) against the release build.
#
#   tests/benchmarks/serve_load.sh [SECONDS] [CONNECTIONS]   (default 30 s, 64 connections)
#
# 1. POST /v1/recommend (examples/night-cramps.json) for SECONDS with CONNECTIONS
#    connections on 2 wrk threads: requests/s and the latency distribution (p50, p99).
# 2. The overload run: 4 x CONNECTIONS connections against a server started with
#    --max-concurrency 8 --max-connections CONNECTIONS. Answers over the limits must be
#    503 (with Retry-After), none may fail otherwise, and the server's RSS before and
#    after shows whether memory stays flat.
# Only 127.0.0.1 is ever a target; every run stops by itself.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

SECONDS_RUN="${1:-30}"
CONNECTIONS="${2:-64}"
command -v wrk >/dev/null || { echo "serve_load.sh: needs wrk (apt-get install -y wrk)" >&2; exit 1; }

cargo build --release -q -p crampwise-cli
BIN="${CARGO_TARGET_DIR:-$PWD/target}/release/crampwise"
WORK="$(mktemp -d)"
trap 'kill "${PID:-}" 2>/dev/null || true; rm -rf "$WORK"' EXIT

# wrk scripts: post.lua only POSTs the profile (a per-response Lua callback
# would cost wrk, on the same 2 cores, more than the server); count.lua also
# counts statuses and socket errors, for the overload run.
cat > "$WORK/post.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local f = io.open("examples/night-cramps.json", "r")
wrk.body = f:read("*a")
f:close()
LUA
cp "$WORK/post.lua" "$WORK/count.lua"
cat >> "$WORK/count.lua" <<LUA
local threads = {}
function setup(thread)
  table.insert(threads, thread)
end
function init(args)
  statuses = {}
end
function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end
function done(summary, latency, requests)
  io.write(string.format("p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms\n",
    latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000))
  local total = {}
  for _, thread in ipairs(threads) do
    local counts = thread:get("statuses")
    for status, n in pairs(counts) do
      total[status] = (total[status] or 0) + n
    end
  end
  for status, n in pairs(total) do
    io.write(string.format("status %d: %d\n", status, n))
  end
  io.write(string.format("socket errors: connect %d, read %d, write %d, timeout %d\n",
    summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.timeout))
end
LUA

rss() { awk '/^VmRSS/ {print $2 " kB"}' "/proc/$1/status"; }

start() {
    "$BIN" serve --addr 127.0.0.1:0 --quiet "$@" 2> "$WORK/stderr" &
    PID=$!
    for _ in $(seq 100); do
        ADDR="$(sed -n 's|^crampwise serve: listening on http://||p' "$WORK/stderr" | head -1)"
        [[ -n "$ADDR" ]] && return
        sleep 0.1
    done
    echo "serve_load.sh: the server did not start" >&2; exit 1
}

stop() { kill -TERM "$PID"; wait "$PID"; PID=''; }

echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores"
start
curl -sf -o /dev/null -X POST -H 'Content-Type: application/json' --data @examples/night-cramps.json "http://$ADDR/v1/recommend"
echo "== POST /v1/recommend, ${SECONDS_RUN} s, ${CONNECTIONS} connections (RSS before: $(rss "$PID"))"
wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_RUN}s" --latency -s "$WORK/post.lua" "http://$ADDR/v1/recommend"
echo "RSS after: $(rss "$PID")"
stop

start --max-concurrency 8 --max-connections "$CONNECTIONS"
echo "== overload: --max-concurrency 8 --max-connections ${CONNECTIONS}, ${SECONDS_RUN} s, $((CONNECTIONS * 4)) connections (RSS before: $(rss "$PID"))"
wrk -t2 -c"$((CONNECTIONS * 4))" -d"${SECONDS_RUN}s" -s "$WORK/count.lua" "http://$ADDR/v1/recommend"
echo "RSS after: $(rss "$PID")"
curl -s -D - -o /dev/null -X POST -H 'Content-Type: application/json' --data @examples/night-cramps.json "http://$ADDR/v1/recommend" | head -1
stop
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
