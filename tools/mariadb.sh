#!/usr/bin/env bash
# A private MariaDB server for tests and benchmarks, owned by whoever runs this script.
#
#   tools/mariadb.sh start DIR   start a server in DIR and print `export` lines for the tests
#   tools/mariadb.sh stop DIR    stop the server started in DIR
#
# The server listens only on DIR/mysqld.sock (no TCP port, so parallel runs never collide), reads
# no /etc/mysql configuration and installs no system service. Typical use:
#   eval "$(tools/mariadb.sh start "$dir")"; ...; tools/mariadb.sh stop "$dir"
set -euo pipefail

ESCALA_SCRIPT_NAME="mariadb.sh"
# shellcheck source=tools/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# Debian installs mariadbd in /usr/sbin, which is not on an ordinary user's PATH.
PATH="$PATH:/usr/sbin:/sbin"

readonly START_TIMEOUT_SECONDS=60
readonly STOP_TIMEOUT_SECONDS=30
# Linux limits a Unix socket path to 107 bytes plus the terminating NUL.
readonly MAX_SOCKET_PATH=107

usage() {
  cat >&2 <<'EOF'
usage: tools/mariadb.sh start DIR | stop DIR
  start  create DIR/data on first use, start the server, create user and database `escala`,
         and print export lines for ESCALA_TEST_MYSQL and ESCALA_TEST_MYSQL_PASSWORD_FILE.
         Starting again in the same DIR (a restart) keeps the data and the password
  stop   stop the server whose pid is in DIR/mysqld.pid (SIGTERM, SIGKILL after 30 s)
EOF
  exit 2
}

# quote STRING: STRING as one single-quoted shell word, safe to eval.
quote() {
  printf "'%s'" "${1//\'/\'\\\'\'}"
}

# alive PID: whether PID is a running process. A killed server whose parent does not reap it
# stays a zombie that `kill -0` still reports, so the state letter in /proc decides.
alive() {
  local state
  kill -0 "$1" 2>/dev/null || return 1
  state="$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null || true)"
  [[ -n "$state" && "$state" != "Z" && "$state" != "X" ]]
}

# server_pid DIR: print the pid from DIR/mysqld.pid if that process is alive and is a MariaDB
# server. The name check keeps a stale pid file from making us signal an unrelated process that
# reused the number.
server_pid() {
  local pid comm
  [[ -s "$1/mysqld.pid" ]] || return 1
  pid="$(tr -dc '0-9' <"$1/mysqld.pid")"
  if [[ -z "$pid" ]] || ! alive "$pid"; then
    return 1
  fi
  comm="$(cat "/proc/$pid/comm" 2>/dev/null || true)"
  [[ "$comm" == mariadbd || "$comm" == mysqld ]] || return 1
  printf '%s\n' "$pid"
}

# root_client DIR ARGS...: the command-line client as the server's root account. root has no
# password (--auth-root-authentication-method=normal): only the owner of DIR, which is mode
# 0700, can reach the socket, and that owner could read the data files anyway.
root_client() {
  local dir="$1"
  shift
  mariadb --no-defaults --protocol=socket --socket="$dir/mysqld.sock" --user=root "$@"
}

start() {
  local dir="$1"
  mkdir -p "$dir"
  dir="$(cd "$dir" && pwd -P)"
  # The socket, the data and the password file live here; nobody else needs to see them.
  chmod 0700 "$dir"

  local socket="$dir/mysqld.sock"
  if [[ ${#socket} -gt $MAX_SOCKET_PATH ]]; then
    escala_die "socket path $socket is longer than $MAX_SOCKET_PATH bytes; use a shorter DIR"
  fi
  if server_pid "$dir" >/dev/null; then
    escala_die "a server is already running in $dir (pid $(server_pid "$dir")); stop it first"
  fi
  local tool
  for tool in mariadbd mariadb-install-db mariadb; do
    command -v "$tool" >/dev/null 2>&1 ||
      escala_die "$tool not found: install the Debian package mariadb-server"
  done

  # mariadbd refuses to run as root unless told which account to run as; as anyone else it
  # simply runs as that user and must not be given --user.
  local -a as_user=()
  if [[ "$(id -u)" -eq 0 ]]; then
    as_user=(--user="$(id -un)")
  fi

  # Temporary files stay in DIR too: two servers initialising at once in a shared /tmp (a fault
  # test's own server beside the test run's) have failed on each other's temporary tables.
  mkdir -p "$dir/tmp"

  if [[ ! -d "$dir/data/mysql" ]]; then
    escala_log "initialising $dir/data"
    # --no-defaults must come first; it keeps /etc/mysql and ~/.my.cnf out of a private server.
    if ! mariadb-install-db --no-defaults "${as_user[@]}" --datadir="$dir/data" \
      --auth-root-authentication-method=normal --skip-test-db --tmpdir="$dir/tmp" \
      >"$dir/install-db.log" 2>&1; then
      tail -n 40 "$dir/install-db.log" >&2
      escala_die "mariadb-install-db failed (full log: $dir/install-db.log)"
    fi
  fi

  # Settings for a test box:
  # - innodb_flush_log_at_trx_commit=1 keeps commits durable, so timings measured here are the
  #   ones production would see and crash-safety behaves as in production.
  # - max_connections=500: ctest runs test processes in parallel, each with its own pool.
  # - utf8mb4_nopad_bin compares strings byte by byte, exactly as SQLite's default BINARY
  #   collation does (utf8mb4_bin would still ignore trailing spaces: PAD SPACE). The repository tests run one contract against both databases; with a _ci collation
  #   'Ana' and 'ana' would collide in a UNIQUE index on MariaDB but not on SQLite, and ORDER BY
  #   would differ. Case-insensitive matching, where wanted, belongs in the query. The
  #   migrations name utf8mb4_nopad_bin themselves; the server default
  #   covers anything created without it.
  # - UTC as the default time zone so that timestamps never depend on the machine's zone.
  # - ESCALA_MARIADB_BUFFER_POOL (default 256M) sizes InnoDB's cache: a benchmark at production
  #   scale gives it room for the report summaries, as a production server would.
  local -a options=(
    --no-defaults
    "${as_user[@]}"
    --datadir="$dir/data"
    --tmpdir="$dir/tmp"
    --socket="$socket"
    --pid-file="$dir/mysqld.pid"
    --log-error="$dir/error.log"
    --skip-networking
    --innodb-buffer-pool-size="${ESCALA_MARIADB_BUFFER_POOL:-256M}"
    --innodb-flush-log-at-trx-commit=1
    --max-connections=500
    --character-set-server=utf8mb4
    --collation-server=utf8mb4_nopad_bin
    --default-time-zone=+00:00
  )
  escala_log "starting MariaDB in $dir"
  # stdin/stdout/stderr are detached so that the server never holds the caller's pipe open
  # (a CI log or `$(...)` would otherwise wait for the server to exit).
  mariadbd "${options[@]}" </dev/null >>"$dir/mysqld.out" 2>&1 &
  local pid=$!

  local deadline=$((SECONDS + START_TIMEOUT_SECONDS))
  until root_client "$dir" --connect-timeout=2 -e 'SELECT 1' >/dev/null 2>&1; do
    if ! alive "$pid"; then
      tail -n 40 "$dir/error.log" >&2 || true
      escala_die "MariaDB exited during start-up (log: $dir/error.log)"
    fi
    if [[ $SECONDS -ge $deadline ]]; then
      tail -n 40 "$dir/error.log" >&2 || true
      kill -KILL "$pid" 2>/dev/null || true
      escala_die "MariaDB did not answer within ${START_TIMEOUT_SECONDS} s (log: $dir/error.log)"
    fi
    sleep 0.2
  done

  # A random password, made on the first start in DIR and kept by a restart there, so that a
  # client still running (a server under a fault test) reconnects with the password it has: the
  # file, not the environment, carries it, so it never shows up in `ps` or in a CI log. Hex only,
  # so it needs no quoting in SQL or in a shell, and no trailing newline, so a reader that takes
  # the file verbatim gets the right password.
  local password
  if [[ -s "$dir/password" ]]; then
    password="$(tr -dc '0-9a-f' <"$dir/password")"
  else
    password="$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')"
    (
      umask 077
      printf '%s' "$password" >"$dir/password"
    )
  fi
  chmod 0600 "$dir/password"

  # GRANT ALL ON *.*: the tests create and drop a database of their own per test process.
  # The statements go through stdin so that the password is not in any process's arguments.
  root_client "$dir" <<SQL
CREATE OR REPLACE USER 'escala'@'localhost' IDENTIFIED BY '$password';
GRANT ALL ON *.* TO 'escala'@'localhost';
CREATE DATABASE IF NOT EXISTS escala;
SQL

  # mariadbd quietly lowers max_connections when the open-files limit is too low for it; say so
  # here rather than let parallel tests fail later with "Too many connections".
  local max_connections
  max_connections="$(root_client "$dir" -N -e 'SELECT @@max_connections')"
  if [[ "$max_connections" -lt 500 ]]; then
    escala_log "warning: max_connections is only $max_connections (raise \`ulimit -n\`)"
  fi

  escala_log "MariaDB $(root_client "$dir" -N -e 'SELECT VERSION()') ready on $socket (pid $pid)"
  printf 'export ESCALA_TEST_MYSQL=%s\n' "$(quote "mysql://user=escala unix_socket=$socket")"
  printf 'export ESCALA_TEST_MYSQL_PASSWORD_FILE=%s\n' "$(quote "$dir/password")"
}

stop() {
  local dir="$1"
  if [[ ! -d "$dir" ]]; then
    escala_log "$dir does not exist; nothing to stop"
    return 0
  fi
  local pid
  if ! pid="$(server_pid "$dir")"; then
    escala_log "no MariaDB running in $dir"
    return 0
  fi
  escala_log "stopping MariaDB (pid $pid)"
  # SIGTERM is MariaDB's clean shutdown: it flushes InnoDB and removes its pid file and socket.
  kill -TERM "$pid" 2>/dev/null || true
  local deadline=$((SECONDS + STOP_TIMEOUT_SECONDS))
  while alive "$pid"; do
    if [[ $SECONDS -ge $deadline ]]; then
      escala_log "MariaDB still running after ${STOP_TIMEOUT_SECONDS} s; sending SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
      sleep 0.5
      # After SIGKILL the server leaves its pid file and socket behind.
      rm -f "$dir/mysqld.pid" "$dir/mysqld.sock"
      break
    fi
    sleep 0.2
  done
}

[[ $# -eq 2 ]] || usage
case "$1" in
  start) start "$2" ;;
  stop) stop "$2" ;;
  *) usage ;;
esac
