#!/usr/bin/env bash
# The one test command, for developers and CI alike:
#   tools/test.sh              build (Release) and run every test
#   tools/test.sh -L unit      any further arguments go to ctest
#
# Installs missing Debian packages, checks the formatting, builds into build/ (ESCALA_BUILD_DIR overrides), starts a
# private MariaDB in a temporary directory for the integration tests, runs ctest, and stops the
# server and removes the directory however the run ends. Exits with ctest's status.
set -euo pipefail

ESCALA_SCRIPT_NAME="test.sh"
# shellcheck source=tools/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

started=$SECONDS

# Runs on every exit, including a failed build, a failed server start and Ctrl-C, so that no
# MariaDB server and no temporary directory outlive the run.
# shellcheck disable=SC2317  # reached through the trap, which shellcheck does not follow
cleanup() {
  local status=$?
  escala_stop_private_mariadb
  escala_log "finished in $((SECONDS - started)) s with status $status"
  exit "$status"
}
trap cleanup EXIT
# Turn the signals into an ordinary exit so that the EXIT trap above runs once and reports them.
trap 'exit 130' INT
trap 'exit 143' TERM

escala_ensure_packages

# A layout difference fails the run, but only after the tests, so one run reports both.
format_status=0
"$ESCALA_ROOT/tools/format.sh" --check || format_status=1

build_dir="$(escala_build_dir)"
build_started=$SECONDS
escala_build "$build_dir"
escala_log "build took $((SECONDS - build_started)) s"

escala_start_private_mariadb test
escala_log "ESCALA_TEST_MYSQL=$ESCALA_TEST_MYSQL"

# -j2: one test process per core. --timeout bounds any single test that hangs, so CI fails with
# a name instead of running into its own limit.
tests_started=$SECONDS
status=0
ctest --test-dir "$build_dir" --output-on-failure --no-tests=error -j2 --timeout 600 "$@" || status=$?
escala_log "tests took $((SECONDS - tests_started)) s"
if [[ $status -eq 0 && $format_status -ne 0 ]]; then
  escala_log "the tests passed but the formatting check failed (run tools/format.sh)"
  status=1
fi
exit "$status"
