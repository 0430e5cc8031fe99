#!/usr/bin/env bash
# Fault injection against a build: a private MariaDB, escala-server on it, writers that record
# every acknowledged write, and faults at seeded random moments. At the end a checker compares
# every acknowledged write with what is stored: each must be there exactly once, under the id it
# was acknowledged with.
#
#   tools/faults.sh [--seed N] [--rounds N] [--writers N] [--smoke]
#
# The faults: kill -9 of the server (then started again), kill -9 of MariaDB (then started again,
# with crash recovery), SIGSTOP of MariaDB for a few seconds (then SIGCONT), SIGTERM of the
# server under load (the time to exit is measured against --shutdown_grace_seconds + 1). --smoke
# injects each fault once, in that order, with short pauses. Builds nothing: run tools/test.sh
# (or escala_build) first; ESCALA_BUILD_DIR selects the build. Exits 1 when a check fails.
set -euo pipefail

ESCALA_SCRIPT_NAME="faults.sh"
# shellcheck source=tools/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

seed=$((RANDOM))
rounds=12
writers=4
smoke=0
readonly GRACE_SECONDS=3

while [[ $# -gt 0 ]]; do
  case "$1" in
    --seed) seed="$2"; shift 2 ;;
    --seed=*) seed="${1#*=}"; shift ;;
    --rounds) rounds="$2"; shift 2 ;;
    --rounds=*) rounds="${1#*=}"; shift ;;
    --writers) writers="$2"; shift 2 ;;
    --writers=*) writers="${1#*=}"; shift ;;
    --smoke) smoke=1; rounds=4; shift ;;
    -h | --help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) escala_die "unknown argument $1 (see --help)" ;;
  esac
done
RANDOM=$seed

build_dir="$(escala_build_dir)"
server_bin="$build_dir/server/escala-server"
cli_bin="$build_dir/client/escala"
[[ -x "$server_bin" && -x "$cli_bin" ]] || escala_die "no build in $build_dir: run tools/test.sh first"
PATH="$PATH:/usr/sbin:/sbin"

work="$(mktemp -d "${TMPDIR:-/tmp}/escala-faults.XXXXXX")"
server_pid=""
writer_pids=()

# shellcheck disable=SC2317  # reached through the trap
cleanup() {
  local status=$?
  touch "$work/stop"
  local pid
  for pid in "${writer_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  if [[ -n "$server_pid" ]]; then kill -KILL "$server_pid" 2>/dev/null || true; fi
  if [[ -s "$work/db/mysqld.pid" ]]; then kill -CONT "$(cat "$work/db/mysqld.pid")" 2>/dev/null || true; fi
  "$ESCALA_ROOT/tools/mariadb.sh" stop "$work/db" >/dev/null 2>&1 || true
  if [[ $status -ne 0 ]]; then
    escala_log "kept $work for a look (server log: $work/server.log)"
  else
    rm -rf "$work"
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

mariadb_pid() { tr -dc '0-9' <"$work/db/mysqld.pid"; }
sql() {
  mariadb --no-defaults --protocol=socket --socket="$work/db/mysqld.sock" --user=root -N -B \
    escala -e "$1"
}
start_mariadb() { "$ESCALA_ROOT/tools/mariadb.sh" start "$work/db" >/dev/null; }

escala_log "seed $seed, $rounds round(s), $writers writer(s); work in $work"
start_mariadb
db_flags=(--db="mysql://db=escala user=escala unix_socket=$work/db/mysqld.sock"
  --db_password_file="$work/db/password")
token="$("$server_bin" --bootstrap_admin=admin "${db_flags[@]}" 2>>"$work/server.log")"
port=""

start_server() {
  local listen="127.0.0.1:${port:-0}"
  rm -f "$work/port"
  "$server_bin" --listen="$listen" --port_file="$work/port" --plaintext "${db_flags[@]}" \
    --shutdown_grace_seconds=$GRACE_SECONDS --health_interval_ms=250 \
    </dev/null >>"$work/server.log" 2>&1 &
  server_pid=$!
  local deadline=$((SECONDS + 60))
  until [[ -s "$work/port" ]]; do
    kill -0 "$server_pid" 2>/dev/null || escala_die "escala-server exited at start (see $work/server.log)"
    [[ $SECONDS -lt $deadline ]] || escala_die "escala-server did not start within 60 s"
    sleep 0.1
  done
  port="$(cat "$work/port")"
}
start_server
cli() { "$cli_bin" --server "127.0.0.1:$port" --token "$token" --timeout 20 "$@"; }
cli people create --employee-id E1 --display-name Ana --role agent --level 1 >/dev/null

# writer W: creates interactions one after the other, each with its own request_id, retried with
# that request_id until acknowledged (as a client should after an error it cannot tell apart
# from a lost reply). Each acknowledgement is one line "request_id id" in acked.W; each failed
# attempt one line in failed.W.
writer() {
  local w="$1" n=0 request_id out id
  while [[ ! -e "$work/stop" ]]; do
    request_id="w$w-$n"
    while true; do
      if out="$("$cli_bin" --server "127.0.0.1:$port" --token "$token" --timeout 20 --output json \
        interactions create --request-id "$request_id" --channel chat --direction inbound \
        --queue general --priority medium --agent-employee-id E1 \
        --start-time 2026-11-01T09:00:00Z 2>>"$work/failed.$w")"; then
        id="$(sed -n 's/^ *"id": *"\{0,1\}\([0-9]*\)"\{0,1\},\{0,1\}$/\1/p' <<<"$out" | head -n 1)"
        printf '%s %s\n' "$request_id" "$id" >>"$work/acked.$w"
        break
      fi
      sleep 0.05
    done
    n=$((n + 1))
  done
}
for ((w = 0; w < writers; w++)); do
  writer "$w" &
  writer_pids+=($!)
done

faults=(kill_server kill_mariadb stop_mariadb term_server)
declare -A injected=([kill_server]=0 [kill_mariadb]=0 [stop_mariadb]=0 [term_server]=0)
term_times=()
late_exits=0
for ((round = 0; round < rounds; round++)); do
  if [[ $smoke -eq 1 ]]; then
    fault="${faults[round % 4]}"
    sleep 1
  else
    fault="${faults[RANDOM % 4]}"
    sleep "$((1 + RANDOM % 3)).$((RANDOM % 10))"
  fi
  injected[$fault]=$((injected[$fault] + 1))
  case "$fault" in
    kill_server)
      escala_log "round $round: kill -9 escala-server"
      kill -KILL "$server_pid"
      wait "$server_pid" 2>/dev/null || true
      start_server
      ;;
    kill_mariadb)
      escala_log "round $round: kill -9 MariaDB"
      kill -KILL "$(mariadb_pid)"
      sleep 0.5
      start_mariadb
      ;;
    stop_mariadb)
      pause=$((1 + RANDOM % 5))
      escala_log "round $round: SIGSTOP MariaDB for $pause s"
      kill -STOP "$(mariadb_pid)"
      sleep "$pause"
      kill -CONT "$(mariadb_pid)"
      ;;
    term_server)
      escala_log "round $round: SIGTERM escala-server under load"
      started_ns=$(date +%s%N)
      kill -TERM "$server_pid"
      wait "$server_pid" 2>/dev/null || true
      ms=$((($(date +%s%N) - started_ns) / 1000000))
      term_times+=("$ms")
      if [[ $ms -gt $(((GRACE_SECONDS + 1) * 1000)) ]]; then late_exits=$((late_exits + 1)); fi
      start_server
      ;;
  esac
done

# Let each writer finish the request it is on (acknowledged once the server answers), then stop.
touch "$work/stop"
for pid in "${writer_pids[@]}"; do wait "$pid" || true; done
writer_pids=()
kill -TERM "$server_pid"
wait "$server_pid" 2>/dev/null || true
server_pid=""

# The checker.
cat "$work"/acked.* 2>/dev/null | sort >"$work/acked" || true
sql "SELECT request_id, id FROM interactions WHERE request_id IS NOT NULL" | tr '\t' ' ' |
  sort >"$work/stored"
acked=$(wc -l <"$work/acked")
stored=$(wc -l <"$work/stored")
missing=$(comm -23 "$work/acked" "$work/stored" | wc -l)
unacknowledged=$(comm -13 "$work/acked" "$work/stored" | wc -l)
duplicates=$(sql "SELECT COUNT(*) FROM (SELECT request_id FROM interactions GROUP BY request_id
  HAVING COUNT(*) > 1) d")
# The CLI's error lines start with the status code; its hints do not.
failed_attempts=$(cat "$work"/failed.* 2>/dev/null | grep -c '^[A-Z_]*: ' || true)

printf '\nfaults.sh summary (seed %s)\n' "$seed"
printf '  faults injected: kill -9 server %d, kill -9 MariaDB %d, SIGSTOP MariaDB %d, SIGTERM server %d\n' \
  "${injected[kill_server]}" "${injected[kill_mariadb]}" "${injected[stop_mariadb]}" "${injected[term_server]}"
if [[ ${#term_times[@]} -gt 0 ]]; then
  printf '  SIGTERM -> exit (ms): %s (grace %d s; %d later than grace + 1 s)\n' \
    "${term_times[*]}" "$GRACE_SECONDS" "$late_exits"
fi
printf '  acknowledged writes %d, stored %d, missing %d, duplicated %d, stored but never acknowledged %d\n' \
  "$acked" "$stored" "$missing" "$duplicates" "$unacknowledged"
printf '  failed attempts (retried with the same request_id): %d\n' "$failed_attempts"
if [[ $missing -ne 0 || $duplicates -ne 0 || $late_exits -ne 0 ]]; then
  printf '  FAILED\n'
  exit 1
fi
printf '  OK: every acknowledged write is stored exactly once under its id\n'
