#!/usr/bin/env bash
# Quick start: build Escala and run the server on this machine with a SQLite database.
#   tools/run.sh [--db PATH] [--port N]
#
# PATH defaults to var/escala.db in the repository, N to $ESCALA_PORT or 50051. When the database
# file does not exist yet, the demo data set (teams, people, 30 days of interactions) is loaded
# once the server answers. The server runs in the foreground; Ctrl-C stops it.
set -euo pipefail

ESCALA_SCRIPT_NAME="run.sh"
# shellcheck source=tools/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

readonly HEALTH_TIMEOUT_SECONDS=30

# usage [STATUS]: print the usage and exit, with 2 (a usage error) unless told otherwise.
usage() {
  cat >&2 <<'EOF'
usage: tools/run.sh [--db PATH] [--port N]
  --db PATH   SQLite database file (default: var/escala.db in the repository)
  --port N    port on 127.0.0.1 to listen on (default: $ESCALA_PORT or 50051)
EOF
  exit "${1:-2}"
}

db_path="$ESCALA_ROOT/var/escala.db"
port="${ESCALA_PORT:-50051}"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --db) [[ $# -ge 2 ]] || usage; db_path="$2"; shift 2 ;;
    --db=*) db_path="${1#--db=}"; shift ;;
    --port) [[ $# -ge 2 ]] || usage; port="$2"; shift 2 ;;
    --port=*) port="${1#--port=}"; shift ;;
    -h | --help) usage 0 ;;
    *) escala_log "unknown argument: $1"; usage ;;
  esac
done

# Port 0 would make the server pick a port that this script could not tell the client about.
if [[ ! "$port" =~ ^[0-9]+$ ]] || ((10#$port < 1 || 10#$port > 65535)); then
  escala_die "--port must be a number from 1 to 65535, got '$port'"
fi
port=$((10#$port))
[[ -n "$db_path" ]] || escala_die "--db must not be empty"
# A relative --db is the caller's, not the repository's; the server gets an absolute path so that
# its working directory does not matter.
db_path="$(realpath -m -- "$db_path")"
# The database URL is a space-separated list of key=value pairs, so a space would split it.
if [[ "$db_path" =~ [[:space:]] ]]; then
  escala_die "the database path must not contain white space: '$db_path'"
fi
if [[ -d "$db_path" ]]; then
  escala_die "--db must name a file, '$db_path' is a directory"
fi

address="127.0.0.1:$port"
# Checked before the build so that a busy port is reported at once, not after minutes of
# compiling. bash's /dev/tcp connects only if something is listening there.
port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null
}
if port_in_use; then
  escala_die "port $port on 127.0.0.1 is already in use (another escala-server?); choose another with --port N or ESCALA_PORT=N"
fi

escala_ensure_packages
build_dir="$(escala_build_dir)"
escala_build "$build_dir"

server="$build_dir/server/escala-server"
client="$build_dir/client/escala"
demo="$build_dir/tools/demo/escala-demo"
for binary in "$server" "$client" "$demo"; do
  [[ -x "$binary" ]] || escala_die "$binary was not built"
done

mkdir -p "$(dirname "$db_path")"
first_start=false
[[ -e "$db_path" ]] || first_start=true

# The port may have been taken while we were building.
if port_in_use; then
  escala_die "port $port on 127.0.0.1 is already in use; choose another with --port N or ESCALA_PORT=N"
fi

escala_log "starting $server on $address with $db_path"
"$server" --listen="$address" --plaintext --db="sqlite3://db=$db_path" &
server_pid=$!

# A background job of a non-interactive shell starts with SIGINT ignored, so Ctrl-C would not
# reach the server by itself: both signals become SIGTERM, the server's graceful shutdown. A
# second Ctrl-C means "now".
stop_requested=false
# shellcheck disable=SC2317  # reached through the traps, which shellcheck does not follow
forward_stop() {
  if [[ "$stop_requested" == true ]]; then
    escala_log "stopping the server at once"
    kill -KILL "$server_pid" 2>/dev/null || true
  else
    stop_requested=true
    escala_log "stopping the server (Ctrl-C again to kill it)"
    kill -TERM "$server_pid" 2>/dev/null || true
  fi
}
trap forward_stop INT TERM
# Whatever ends this script, including an error of its own, must not leave a server behind.
trap 'kill -TERM "$server_pid" 2>/dev/null || true' EXIT

# wait_for_server: return the server's exit status once it has exited. `wait` returns early,
# with a status above 128, whenever a trapped signal comes in, so it is repeated while the server
# lives; bash keeps a reaped child's status, so the last `wait` always reports the real one.
wait_for_server() {
  local status=0
  while kill -0 "$server_pid" 2>/dev/null; do
    wait "$server_pid" 2>/dev/null || true
  done
  wait "$server_pid" 2>/dev/null || status=$?
  return "$status"
}

server_exited_early() {
  local status=0
  wait_for_server || status=$?
  # A database file this run created for a server that never became ready would make the next
  # start skip the demo data; it held nothing before, so it goes.
  if [[ "$first_start" == true ]]; then
    rm -f -- "$db_path" "$db_path-journal" "$db_path-wal" "$db_path-shm"
  fi
  if [[ "$stop_requested" == true ]]; then
    exit "$status"
  fi
  if port_in_use; then
    escala_die "the server exited with status $status: port $port on 127.0.0.1 is in use"
  fi
  escala_die "the server exited with status $status before it was ready (see its messages above)"
}

# Wait for health on every start, so that the "serving" message below is true when printed.
deadline=$((SECONDS + HEALTH_TIMEOUT_SECONDS))
until "$client" --server "$address" health >/dev/null 2>&1; do
  kill -0 "$server_pid" 2>/dev/null || server_exited_early
  if [[ $SECONDS -ge $deadline ]]; then
    kill -TERM "$server_pid" 2>/dev/null || true
    wait_for_server || true
    escala_die "the server did not answer health checks within ${HEALTH_TIMEOUT_SECONDS} s"
  fi
  sleep 0.3
done

if [[ "$first_start" == true ]]; then
  escala_log "new database: loading the demo data"
  if "$demo" --server "$address"; then
    escala_log "demo data loaded"
  else
    # The file exists now, so the next start will not load the data again; the generator is
    # idempotent, so the command below finishes the job without duplicating anything.
    escala_log "warning: loading the demo data failed; to retry, run:"
    escala_log "  $demo --server $address"
  fi
fi

if [[ "$stop_requested" == true ]]; then
  status=0
  wait_for_server || status=$?
  exit "$status"
fi

# Relative to the caller's directory when the build is inside it, as it usually is.
rel_client="$(realpath -m --relative-to=. -- "$client")"
if [[ "$rel_client" == ../* ]]; then
  rel_client="$client"
fi
cat >&2 <<EOF

Escala is serving on $address (database: $db_path). In another terminal:
  $rel_client --server $address health
  $rel_client --server $address teams list
  $rel_client --server $address people list
  $rel_client --server $address interactions list
  (or: export ESCALA_SERVER=$address, then leave out --server)
Press Ctrl-C to stop the server.

EOF

status=0
wait_for_server || status=$?
escala_log "server exited with status $status"
exit "$status"
