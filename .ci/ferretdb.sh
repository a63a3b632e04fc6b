# shellcheck shell=bash
# Sourced by .ci/run: builds FerretDB (MongoDB wire protocol on SQLite) if it is not cached, starts it on a
# free loopback port with a throwaway data dir, and exports MONGODB_URI and FERRETDB_BIN for the tests.
# Call stop_ferretdb when done (.ci/run does it in its EXIT trap).

FERRETDB_VERSION=v1.24.2
SAMLA_CI_CACHE=${SAMLA_CI_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/samla-ci}
export FERRETDB_BIN=$SAMLA_CI_CACHE/bin/ferretdb
FERRETDB_PID=
FERRETDB_DIR=

ferretdb_build() {
  command -v go >/dev/null || { [ -x /usr/local/go/bin/go ] && PATH=$PATH:/usr/local/go/bin; }
  command -v go >/dev/null || { echo "ferretdb.sh: Go is needed to build FerretDB $FERRETDB_VERSION" >&2; return 1; }
  echo "building FerretDB $FERRETDB_VERSION into $FERRETDB_BIN" >&2
  # Not `go install …/cmd/ferretdb@$FERRETDB_VERSION`: that binary panics at startup, because the
  # module sources lack the generated build/version/version.txt. Build a copy with that file added.
  local src work
  src=$(cd / && go mod download -json "github.com/FerretDB/FerretDB@$FERRETDB_VERSION" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
  [ -d "$src" ] || { echo "ferretdb.sh: could not download FerretDB $FERRETDB_VERSION" >&2; return 1; }
  work=$(mktemp -d)
  cp -R "$src"/. "$work"
  chmod -R u+w "$work"
  echo "$FERRETDB_VERSION" >"$work/build/version/version.txt"
  mkdir -p "$(dirname "$FERRETDB_BIN")"
  if ! (cd "$work" && GOFLAGS=-buildvcs=false go build -trimpath -o "$FERRETDB_BIN.tmp" ./cmd/ferretdb); then
    rm -rf "$work"
    return 1
  fi
  rm -rf "$work"
  mv "$FERRETDB_BIN.tmp" "$FERRETDB_BIN"
}

ferretdb_port_free() {
  ! (bash -c "</dev/tcp/127.0.0.1/$1") 2>/dev/null
}

ferretdb_start() {
  local port log i
  FERRETDB_DIR=$(mktemp -d -t samla-ferretdb.XXXXXX)
  log=$FERRETDB_DIR/ferretdb.log
  for port in 27018 27118 27218 27318 27418; do
    ferretdb_port_free "$port" || continue
    # --debug-addr=- : no metrics listener on 8088, so two runs on one machine do not collide.
    "$FERRETDB_BIN" --handler=sqlite --sqlite-url="file:$FERRETDB_DIR/" --state-dir="$FERRETDB_DIR" \
      --listen-addr="127.0.0.1:$port" --debug-addr=- --telemetry=disable --log-level=error >"$log" 2>&1 &
    FERRETDB_PID=$!
    for i in $(seq 1 100); do
      if ! kill -0 "$FERRETDB_PID" 2>/dev/null; then
        break
      fi
      if (bash -c "</dev/tcp/127.0.0.1/$port") 2>/dev/null; then
        export MONGODB_URI="mongodb://127.0.0.1:$port/"
        echo "FerretDB $FERRETDB_VERSION (pid $FERRETDB_PID) accepts connections on 127.0.0.1:$port" >&2
        return 0
      fi
      sleep 0.1
    done
    echo "ferretdb.sh: FerretDB did not come up on port $port:" >&2
    cat "$log" >&2
    kill "$FERRETDB_PID" 2>/dev/null || true
    wait "$FERRETDB_PID" 2>/dev/null || true
    FERRETDB_PID=
  done
  echo "ferretdb.sh: could not start FerretDB" >&2
  return 1
}

stop_ferretdb() {
  if [ -n "$FERRETDB_PID" ]; then
    kill "$FERRETDB_PID" 2>/dev/null || true
    wait "$FERRETDB_PID" 2>/dev/null || true
    FERRETDB_PID=
  fi
  if [ -n "$FERRETDB_DIR" ]; then
    rm -rf "$FERRETDB_DIR"
    FERRETDB_DIR=
  fi
}

# A cached binary that does not report the right version (or panics, like a `go install` build) is rebuilt.
# Captured first: `… | grep -q` would end the pipe early and fail it under pipefail.
if [[ $'\n'$("$FERRETDB_BIN" --version 2>/dev/null || true)$'\n' != *$'\n'"version: $FERRETDB_VERSION"$'\n'* ]]; then
  ferretdb_build
fi
ferretdb_start
