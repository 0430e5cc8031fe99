#!/usr/bin/env bash
# The one test command, for developers and CI alike:
#   tools/test.sh              build (Release) and run every test
#   tools/test.sh -L unit      any further arguments go to ctest
#   tools/test.sh --sanitize=address,undefined [ctest args]
#   tools/test.sh --sanitize=thread [ctest args]
#
# Installs missing Debian packages, checks the formatting, builds into build/ (ESCALA_BUILD_DIR overrides), starts a
# private MariaDB in a temporary directory for the integration tests, runs ctest, and stops the
# server and removes the directory however the run ends. Exits with ctest's status.
#
# --sanitize=LIST builds with those sanitizers (the CMake option ESCALA_SANITIZE: address,
# undefined and leak in any combination, or thread alone) into build-asan/ (build-tsan/ for
# thread; ESCALA_BUILD_DIR overrides) and runs the same tests with the sanitizers' options set
# so that the first error fails the test that caused it, in the test process or in a server or
# CLI it started: ASAN_OPTIONS, UBSAN_OPTIONS, LSAN_OPTIONS and TSAN_OPTIONS (options already in
# the environment are kept and win), the suppressions of tools/sanitizers/ (third-party code
# only), and a ctest --timeout scaled by ESCALA_TEST_TIMEOUT_SCALE, since sanitized code runs
# slower.
set -euo pipefail

ESCALA_SCRIPT_NAME="test.sh"
# shellcheck source=tools/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

started=$SECONDS

sanitize=""
ctest_args=()
for arg in "$@"; do
  case "$arg" in
    --sanitize=*) sanitize="${arg#--sanitize=}" ;;
    *) ctest_args+=("$arg") ;;
  esac
done

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

# The seconds any single test may run before ctest stops it as hung.
timeout=600
cmake_args=()
if [[ -n "$sanitize" ]]; then
  supp="$ESCALA_ROOT/tools/sanitizers"
  if [[ "$sanitize" == thread ]]; then
    build_dir="$(escala_build_dir "${ESCALA_BUILD_DIR:-build-tsan}")"
    # second_deadlock_stack: a lock-order report shows where both locks were taken.
    export TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1:suppressions=$supp/tsan.supp${TSAN_OPTIONS:+:$TSAN_OPTIONS}"
    # ThreadSanitizer slows code down 5-15 times, AddressSanitizer about 2-3 times.
    scale="${ESCALA_TEST_TIMEOUT_SCALE:-4}"
  else
    build_dir="$(escala_build_dir "${ESCALA_BUILD_DIR:-build-asan}")"
    # LeakSanitizer checks at every exit, of the servers and CLIs the tests start too.
    export ASAN_OPTIONS="halt_on_error=1:detect_leaks=1:strict_init_order=1:check_initialization_order=1${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
    export LSAN_OPTIONS="suppressions=$supp/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
    scale="${ESCALA_TEST_TIMEOUT_SCALE:-2}"
  fi
  export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"
  timeout=$((timeout * scale))
  cmake_args=(-DCMAKE_BUILD_TYPE=RelWithDebInfo "-DESCALA_SANITIZE=$sanitize")
  escala_log "sanitizers: $sanitize; ctest --timeout $timeout"
else
  build_dir="$(escala_build_dir)"
fi
build_started=$SECONDS
escala_build "$build_dir" "${cmake_args[@]}"
escala_log "build took $((SECONDS - build_started)) s"

escala_install_hr_consumer
escala_start_private_mariadb test
escala_log "ESCALA_TEST_MYSQL=$ESCALA_TEST_MYSQL"

# -j2: one test process per core. --timeout bounds any single test that hangs, so CI fails with
# a name instead of running into its own limit.
tests_started=$SECONDS
status=0
ctest --test-dir "$build_dir" --output-on-failure --no-tests=error -j2 --timeout "$timeout" \
  "${ctest_args[@]}" || status=$?
escala_log "tests took $((SECONDS - tests_started)) s"
if [[ $status -eq 0 && $format_status -ne 0 ]]; then
  escala_log "the tests passed but the formatting check failed (run tools/format.sh)"
  status=1
fi
exit "$status"
