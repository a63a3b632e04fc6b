# shellcheck shell=bash
# Sourced by .ci/run: starts Debian's redis-server on a free loopback port, keeping nothing on disk, and
# exports REDIS_URL for the cluster-mode suites (they start throwaway servers of their own where they
# restart Redis). Call stop_redis when done.

REDIS_PID=
redis_start() {
  local port i
  command -v redis-server >/dev/null || { echo "redis.sh: redis-server is not installed (apt-get install redis-server)" >&2; return 1; }
  for port in 6390 6391 6392 6393 6394; do
    (bash -c "</dev/tcp/127.0.0.1/$port") 2>/dev/null && continue
    redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --dir /tmp --daemonize no >/dev/null 2>&1 &
    REDIS_PID=$!
    for i in $(seq 1 50); do
      if (bash -c "</dev/tcp/127.0.0.1/$port") 2>/dev/null; then
        export REDIS_URL="redis://127.0.0.1:$port"
        echo "redis-server (pid $REDIS_PID) accepts connections on 127.0.0.1:$port" >&2
        return 0
      fi
      kill -0 "$REDIS_PID" 2>/dev/null || break
      sleep 0.1
    done
    kill "$REDIS_PID" 2>/dev/null || true
    REDIS_PID=
  done
  echo "redis.sh: could not start redis-server" >&2
  return 1
}

stop_redis() {
  if [ -n "$REDIS_PID" ]; then
    kill "$REDIS_PID" 2>/dev/null || true
    wait "$REDIS_PID" 2>/dev/null || true
    REDIS_PID=
  fi
}

redis_start
