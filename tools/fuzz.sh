#!/usr/bin/env bash
# Fuzzes the parsers and request validators with libFuzzer (the harnesses of tests/fuzz/):
#   tools/fuzz.sh [--seconds=N] [--runs=N] [--jobs=N] [HARNESS...]
#
# Configures a separate clang build in build-fuzz/ (ESCALA_FUZZ_BUILD_DIR overrides) with
# -DESCALA_FUZZ=ON: every library instrumented for coverage and built with AddressSanitizer and
# UndefinedBehaviorSanitizer, each harness linked with libFuzzer. Then runs each harness named
# (all by default) for N seconds (default 60) or N executions, whichever --seconds or --runs
# says, over a working copy of its seed corpus, and prints a table of harness, executions,
# executions per second, new corpus entries and crashes. A crash (also undefined behaviour, an
# allocation over the limit, a hang past 10 s or a leak) stops that harness; its input is kept
# under build-fuzz/fuzz-crashes/HARNESS/ and the script exits 1. Copy a crash input into
# tests/fuzz/corpus/HARNESS/ once it is fixed, so that ctest replays it from then on.
set -euo pipefail

ESCALA_SCRIPT_NAME="fuzz.sh"
# shellcheck source=tools/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
  cat >&2 <<'EOF'
usage: tools/fuzz.sh [--seconds=N] [--runs=N] [--jobs=N] [HARNESS...]
  --seconds=N  run each harness for N seconds (default 60)
  --runs=N     run each harness for N executions instead (at most --seconds still applies
               when both are given)
  --jobs=N     harnesses run at once (default 1)
  HARNESS      names from tests/fuzz/*.cc (default: all), e.g. page_token csv_reader
EOF
  exit "${1:-2}"
}

seconds=""
runs=""
jobs=1
harnesses=()
for arg in "$@"; do
  case "$arg" in
    --seconds=*) seconds="${arg#--seconds=}" ;;
    --runs=*) runs="${arg#--runs=}" ;;
    --jobs=*) jobs="${arg#--jobs=}" ;;
    -h | --help) usage 0 ;;
    -*) escala_log "unknown argument: $arg"; usage ;;
    *) harnesses+=("$arg") ;;
  esac
done
for number in "$seconds" "$runs" "$jobs"; do
  [[ -z "$number" || "$number" =~ ^[1-9][0-9]*$ ]] || escala_die "not a positive number: $number"
done
if [[ -z "$seconds" && -z "$runs" ]]; then
  seconds=60
fi

fuzz_dir="$ESCALA_ROOT/tests/fuzz"
if [[ ${#harnesses[@]} -eq 0 ]]; then
  mapfile -t harnesses < <(find "$fuzz_dir" -maxdepth 1 -name '*.cc' -printf '%f\n' |
    sed 's/\.cc$//' | sort)
fi
for name in "${harnesses[@]}"; do
  [[ -f "$fuzz_dir/$name.cc" ]] || escala_die "no harness $name (tests/fuzz/$name.cc)"
done

# clang and its runtime libraries (libFuzzer, the sanitizers) are needed here only, so they are
# not in ESCALA_PACKAGES: the ordinary build and CI use g++ alone.
clang_cxx="${ESCALA_FUZZ_CXX:-clang++-14}"
if ! command -v "$clang_cxx" >/dev/null 2>&1 ||
  ! "$clang_cxx" -print-file-name=libclang_rt.fuzzer-x86_64.a | grep -q /; then
  escala_log "$clang_cxx with libFuzzer is needed; install it with:"
  printf '  sudo apt-get install -y --no-install-recommends clang-14 libclang-rt-14-dev\n' >&2
  exit 1
fi

build_dir="$(escala_build_dir "${ESCALA_FUZZ_BUILD_DIR:-build-fuzz}")"
if [[ ! -f "$build_dir/build.ninja" ]]; then
  escala_log "configuring $build_dir (clang, libFuzzer, ASan, UBSan)"
  # -O1 with line tables only: sanitizer reports name the lines, and the build costs about half
  # of -O2 -g. Assertions stay on (no NDEBUG), since a failed one is a finding too.
  cmake -S "$ESCALA_ROOT" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Fuzz \
    -DCMAKE_CXX_FLAGS_FUZZ="-O1 -gline-tables-only" -DCMAKE_CXX_COMPILER="$clang_cxx" \
    -DESCALA_FUZZ=ON -DESCALA_BUILD_TESTS=OFF >&2
fi
targets=()
for name in "${harnesses[@]}"; do
  targets+=("fuzz_$name")
done
escala_log "building ${#targets[@]} harnesses in $build_dir"
cmake --build "$build_dir" -j"$(nproc)" --target "${targets[@]}" >&2

work_dir="$build_dir/fuzz-work"
crash_dir="$build_dir/fuzz-crashes"
mkdir -p "$work_dir" "$crash_dir"

# fuzz_one NAME: runs one harness and writes its row of the table to $work_dir/NAME.row.
fuzz_one() {
  local name="$1"
  local corpus="$work_dir/$name/corpus" artifacts="$work_dir/$name/artifacts/"
  local log="$work_dir/$name/fuzz.log"
  rm -rf "${work_dir:?}/$name"
  mkdir -p "$corpus" "$artifacts"
  # A working copy: the run adds its finds there and leaves the seeds in git as they are.
  if [[ -d "$fuzz_dir/corpus/$name" ]]; then
    cp "$fuzz_dir/corpus/$name"/* "$corpus/" 2>/dev/null || true
  fi
  local -a limits=()
  [[ -n "$seconds" ]] && limits+=("-max_total_time=$seconds")
  [[ -n "$runs" ]] && limits+=("-runs=$runs")
  # -timeout: an input that takes 10 s is a hang. -rss_limit_mb (and the malloc limit it
  # implies) turns an unbounded allocation into a crash. -max_len: larger than the default 4 KiB
  # so that files and requests of some size are tried too.
  local status=0
  "$build_dir/tests/fuzz/fuzz_$name" "${limits[@]}" -timeout=10 -rss_limit_mb=2048 \
    -max_len=16384 -print_final_stats=1 -artifact_prefix="$artifacts" "$corpus" \
    >"$log" 2>&1 || status=$?
  local executions per_second new_units crashes
  executions="$(awk '/^stat::number_of_executed_units:/ {print $2}' "$log" | tail -n1)"
  per_second="$(awk '/^stat::average_exec_per_sec:/ {print $2}' "$log" | tail -n1)"
  new_units="$(awk '/^stat::new_units_added:/ {print $2}' "$log" | tail -n1)"
  crashes="$(find "$artifacts" -type f | wc -l)"
  if [[ $status -ne 0 && $crashes -eq 0 ]]; then
    # Died without an artifact (e.g. the harness failed to start): count it, keep the log.
    crashes=1
  fi
  if [[ $crashes -gt 0 ]]; then
    mkdir -p "$crash_dir/$name"
    cp "$artifacts"* "$crash_dir/$name/" 2>/dev/null || true
    cp "$log" "$crash_dir/$name/fuzz.log"
  fi
  printf '%s\t%s\t%s\t%s\t%s\n' "$name" "${executions:-0}" "${per_second:-0}" \
    "${new_units:-0}" "$crashes" >"$work_dir/$name.row"
}

escala_log "fuzzing ${#harnesses[@]} harnesses (${seconds:+$seconds s}${seconds:+${runs:+, }}${runs:+$runs runs}) with $jobs at once"
running=0
for name in "${harnesses[@]}"; do
  rm -f "$work_dir/$name.row"
  fuzz_one "$name" &
  running=$((running + 1))
  if [[ $running -ge $jobs ]]; then
    wait -n || true
    running=$((running - 1))
  fi
done
wait

{
  printf 'HARNESS\tEXECUTIONS\tEXEC/S\tNEW\tCRASHES\n'
  for name in "${harnesses[@]}"; do
    if [[ -f "$work_dir/$name.row" ]]; then
      cat "$work_dir/$name.row"
    else
      printf '%s\t-\t-\t-\t1\n' "$name"
    fi
  done
} | column -t -s $'\t'
failed=0
for name in "${harnesses[@]}"; do
  if [[ ! -f "$work_dir/$name.row" || "$(cut -f5 "$work_dir/$name.row")" != 0 ]]; then
    failed=1
    escala_log "$name crashed: input and log kept in $crash_dir/$name/"
  fi
done
exit "$failed"
