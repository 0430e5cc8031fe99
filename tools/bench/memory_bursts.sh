#!/usr/bin/env bash
# Memory after bursts of calls, per allocator: for each one, starts escala-server on a fresh
# SQLite database with that allocator, loads 1,000 people, sends bursts of ListPeople calls
# (--page-size people each, default 200) with h2load over --connections connections (default 32,
# 4 calls in flight on each), and prints the server's resident memory (RSS) at the start, after
# each burst and after an idle pause, and the mean calls per second of the bursts.
#   tools/bench/memory_bursts.sh [--bursts N] [--calls N] [--idle SECONDS] [--page-size N]
#                                [--connections N]
#                                [--allocators glibc,glibc-arena2,glibc-trim,tcmalloc,jemalloc]
#                                [--server PATH] [--cli PATH]
# glibc: the C library's malloc as it is; glibc-arena2: with MALLOC_ARENA_MAX=2; glibc-trim: with
# malloc_trim(0) called every second (a preloaded shim built here); tcmalloc and jemalloc:
# preloaded from Debian's libtcmalloc-minimal4 and libjemalloc2 (skipped when not installed).
set -euo pipefail

ESCALA_SCRIPT_NAME="memory_bursts.sh"
# shellcheck source=tools/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

bursts=5
calls=12000
idle=60
page_size=200
connections=32
allocators="glibc,glibc-arena2,glibc-trim,tcmalloc,jemalloc"
server=""
cli=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --bursts=*) bursts="${1#*=}"; shift ;;
    --calls=*) calls="${1#*=}"; shift ;;
    --idle=*) idle="${1#*=}"; shift ;;
    --allocators=*) allocators="${1#*=}"; shift ;;
    --page-size=*) page_size="${1#*=}"; shift ;;
    --connections=*) connections="${1#*=}"; shift ;;
    --server=*) server="${1#*=}"; shift ;;
    --cli=*) cli="${1#*=}"; shift ;;
    --bursts | --calls | --idle | --allocators | --page-size | --connections | --server | --cli)
      [[ $# -ge 2 ]] || escala_die "$1 needs a value"
      set -- "$1=$2" "${@:3}" ;;
    -h | --help) sed -n '2,15p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) escala_die "unknown argument: $1 (see --help)" ;;
  esac
done

if [[ -z "$server" || -z "$cli" ]]; then
  escala_ensure_packages
  build_dir="$(escala_build_dir)"
  escala_build "$build_dir"
  server="${server:-$build_dir/server/escala-server}"
  cli="${cli:-$build_dir/client/escala}"
fi
command -v h2load >/dev/null || escala_die "h2load not found (Debian package nghttp2-client)"

work="$(mktemp -d)"
server_pid=""
# shellcheck disable=SC2317  # reached through the trap
cleanup() {
  local status=$?
  if [[ -n "$server_pid" ]]; then kill "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# A preloaded shim that gives memory back to the system every second, as a server could.
cat >"$work/trim.c" <<'C'
#include <malloc.h>
#include <pthread.h>
#include <unistd.h>
static void* trim_loop(void* unused) {
  (void)unused;
  for (;;) {
    sleep(1);
    malloc_trim(0);
  }
  return 0;
}
__attribute__((constructor)) static void start_trim(void) {
  pthread_t thread;
  if (pthread_create(&thread, 0, trim_loop, 0) == 0) pthread_detach(thread);
}
C
gcc -shared -fPIC -O2 -o "$work/libtrim.so" "$work/trim.c" -lpthread

library() { ldconfig -p | awk -v name="$1" '$1 == name { print $NF; exit }'; }

# The people to load, and the ListPeople request in gRPC's framing: page_size (field 1, a varint)
# behind the 5-byte prefix (no compression, length).
{
  echo "employee_id,display_name,role,level,email"
  for i in $(seq 1 1000); do echo "E$i,Person number $i,agent,1,person.$i@example.com"; done
} >"$work/people.csv"
python3 -c '
import struct, sys
n, varint = int(sys.argv[1]), b""
while True:
    byte, n = n & 0x7F, n >> 7
    varint += bytes([byte | (0x80 if n else 0)])
    if not n:
        break
message = b"\x08" + varint
sys.stdout.buffer.write(b"\x00" + struct.pack(">I", len(message)) + message)
' "$page_size" >"$work/list_people.bin"

rss_mib() { awk '/^VmRSS:/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status"; }

printf '%-13s %8s' allocator start
for ((b = 1; b <= bursts; b++)); do printf ' %8s' "burst$b"; done
printf ' %8s %10s\n' idle calls/s
IFS=',' read -r -a names <<<"$allocators"
for name in "${names[@]}"; do
  env=()
  case "$name" in
    glibc) ;;
    glibc-arena2) env=(MALLOC_ARENA_MAX=2) ;;
    glibc-trim) env=("LD_PRELOAD=$work/libtrim.so") ;;
    tcmalloc | jemalloc)
      lib="$(library "$([[ $name == tcmalloc ]] && echo libtcmalloc_minimal.so.4 || echo libjemalloc.so.2)")"
      if [[ -z "$lib" ]]; then
        escala_log "$name: library not installed, skipped"
        continue
      fi
      env=("LD_PRELOAD=$lib") ;;
    *) escala_die "unknown allocator: $name" ;;
  esac
  dir="$work/$name"
  mkdir -p "$dir"
  db="sqlite3://db=$dir/escala.db"
  token="$("$server" --bootstrap_admin=admin --db="$db" 2>/dev/null)"
  env "${env[@]}" "$server" --listen=127.0.0.1:0 --port_file="$dir/port" --db="$db" --plaintext \
    2>"$dir/server.log" &
  server_pid=$!
  for _ in $(seq 1 300); do [[ -s "$dir/port" ]] && break; sleep 0.1; done
  [[ -s "$dir/port" ]] || escala_die "$name: the server did not start: $(tail -3 "$dir/server.log")"
  port="$(cat "$dir/port")"
  "$cli" --server "127.0.0.1:$port" --token "$token" people import "$work/people.csv" >/dev/null
  row="$(printf '%-13s %8s' "$name" "$(rss_mib "$server_pid")")"
  total_rate=0
  for ((b = 1; b <= bursts; b++)); do
    rate="$(h2load -n "$calls" -c "$connections" -m 4 -H 'content-type: application/grpc' -H 'te: trailers' \
      -H "authorization: Bearer $token" -d "$work/list_people.bin" \
      "http://127.0.0.1:$port/escala.v1.PeopleService/ListPeople" |
      awk '/^finished in/ { gsub(",", "", $4); print $4 }')"
    total_rate="$(awk -v a="$total_rate" -v b="$rate" 'BEGIN { print a + b }')"
    row+="$(printf ' %8s' "$(rss_mib "$server_pid")")"
  done
  sleep "$idle"
  row+="$(printf ' %8s %10.0f' "$(rss_mib "$server_pid")" \
    "$(awk -v t="$total_rate" -v n="$bursts" 'BEGIN { print t / n }')")"
  kill -TERM "$server_pid"
  wait "$server_pid" || true
  server_pid=""
  ok="$(grep -c 'ListPeople .*code=OK' "$dir/server.log" || true)"
  if ((ok < bursts * calls)); then
    row+="  (only $ok of $((bursts * calls)) calls answered OK)"
  fi
  echo "$row"
done
echo "RSS in MiB: after start and loading 1,000 people, after each burst of $calls ListPeople" \
  "calls ($page_size people each; $connections connections, 4 calls in flight on each), after" \
  "${idle} s idle; calls/s: mean of the bursts."
