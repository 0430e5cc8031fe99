#!/usr/bin/env bash
# Benchmark: build, start a private MariaDB in a temporary directory, and run escala-bench
# against it. Further arguments go to escala-bench (see its --help). Exits with its status.
#   tools/bench.sh [escala-bench flags...]
set -euo pipefail

ESCALA_SCRIPT_NAME="bench.sh"
# shellcheck source=tools/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# Runs on every exit, including Ctrl-C, so that no MariaDB server and no temporary directory
# outlive the run.
# shellcheck disable=SC2317  # reached through the trap, which shellcheck does not follow
cleanup() {
  local status=$?
  escala_stop_private_mariadb
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

escala_ensure_packages
build_dir="$(escala_build_dir)"
escala_build "$build_dir"

bench="$build_dir/tools/bench/escala-bench"
server="$build_dir/server/escala-server"
for binary in "$bench" "$server"; do
  [[ -x "$binary" ]] || escala_die "$binary was not built"
done

escala_start_private_mariadb bench

status=0
"$bench" --server-binary="$server" --mysql="$ESCALA_TEST_MYSQL" \
  --mysql-password-file="$ESCALA_TEST_MYSQL_PASSWORD_FILE" "$@" || status=$?
exit "$status"
