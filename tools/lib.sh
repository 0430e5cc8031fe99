# shellcheck shell=bash
# Shared helpers for the scripts in tools/. Source it, do not run it:
#   source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
#
# It defines ESCALA_ROOT (the repository root), ESCALA_PACKAGES (every Debian package the build,
# the tests and the benchmark need), and the functions escala_log, escala_die,
# escala_ensure_packages and escala_build.

# The root is found from this file's own location rather than from git or the caller's working
# directory, so the scripts work from any directory, in a tarball, and in CI's fresh clone.
ESCALA_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
readonly ESCALA_ROOT

# One list for every script: a developer who can run tools/run.sh can also run tools/test.sh
# without a second round of installs. mariadb-server is only for the private test/bench server;
# nghttp2-client provides h2load for load measurements; ccache and ninja-build make rebuilds
# fast; clang-format checks the layout of the sources (tools/format.sh); python3-icalendar is the
# independent parser the calendar test reads the iCalendar writer's output with; libcivetweb-dev
# serves the Prometheus metrics endpoint, and python3-prometheus-client is the independent parser
# the metrics test reads a scrape with; libexpat1-dev is the XML parser the chart tests read the
# SVG writer's output with; libjemalloc2 is the allocator escala-server is linked with
# (tools/cmake/EscalaMalloc.cmake); nodejs runs the example HR consumer
# (tools/examples/hr-consumer), whose own packages come from the npm registry
# (escala_install_hr_consumer).
ESCALA_PACKAGES=(
  cmake g++ make ninja-build ccache clang-format pkg-config
  protobuf-compiler libprotobuf-dev protobuf-compiler-grpc libgrpc++-dev libabsl-dev
  libsoci-dev libboost-dev libmariadb-dev libsqlite3-dev libcivetweb-dev
  libssl-dev libgtest-dev libgmock-dev openssl
  mariadb-server nghttp2-client python3-icalendar python3-prometheus-client libexpat1-dev
  libjemalloc2 nodejs
)
readonly ESCALA_PACKAGES

# escala_install_hr_consumer: the example HR consumer's npm packages, exactly as its
# package-lock.json pins them. A failure (no registry) is logged, not fatal: the consumer's test
# then skips and says why.
escala_install_hr_consumer() {
  local dir="$ESCALA_ROOT/tools/examples/hr-consumer"
  if [[ -d "$dir/node_modules/@grpc/grpc-js" ]]; then
    return 0
  fi
  # Debian's nodejs comes without npm, which is a package of its own; a nodejs from elsewhere
  # (NodeSource) brings npm along and conflicts with Debian's, so npm is not in ESCALA_PACKAGES.
  if ! command -v npm >/dev/null 2>&1; then
    if [[ $EUID -eq 0 ]]; then
      escala_apt_install -- npm || true
    elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
      escala_apt_install sudo -n -- npm || true
    fi
  fi
  if ! command -v npm >/dev/null 2>&1; then
    escala_log "warning: npm is not installed; the HR consumer test will skip"
    return 0
  fi
  if ! (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >&2); then
    escala_log "warning: npm ci in $dir failed; the HR consumer test will skip"
  fi
}

# escala_log MESSAGE...: progress and diagnostics go to stderr so that stdout stays clean for
# output other programs read (tools/mariadb.sh prints `export` lines there).
escala_log() {
  printf '%s: %s\n' "${ESCALA_SCRIPT_NAME:-$(basename "$0")}" "$*" >&2
}

# escala_die MESSAGE...: log and exit 1.
escala_die() {
  escala_log "error: $*"
  exit 1
}

# escala_missing_packages: print the packages of ESCALA_PACKAGES that are not installed, one a line.
escala_missing_packages() {
  local installed pkg
  # One dpkg-query for the whole list. It fails for a package it has never heard of, hence the
  # `|| true`; "deinstall ok config-files" (removed but not purged) is not installed either, so
  # the whole status string is compared.
  installed="$(dpkg-query -W -f='${Package}\t${Status}\n' "${ESCALA_PACKAGES[@]}" 2>/dev/null |
    awk -F '\t' '$2 == "install ok installed" { print $1 }' || true)"
  for pkg in "${ESCALA_PACKAGES[@]}"; do
    if ! grep -qxF -- "$pkg" <<<"$installed"; then
      printf '%s\n' "$pkg"
    fi
  done
}

# escala_apt_install [PREFIX...] -- PACKAGE...: install with apt-get, refreshing the package
# lists only when the first attempt fails. A fresh machine or container often has no or stale
# lists ("Unable to locate package", "has no installation candidate", 404 on an old .deb);
# a machine with good lists should not pay for an update on every run.
escala_apt_install() {
  local -a prefix=()
  while [[ $# -gt 0 && "$1" != "--" ]]; do
    prefix+=("$1")
    shift
  done
  shift # the "--"
  local -a install=(env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$@")
  if "${prefix[@]}" "${install[@]}"; then
    return 0
  fi
  escala_log "apt-get install failed; refreshing the package lists and trying again"
  "${prefix[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update
  "${prefix[@]}" "${install[@]}"
}

# escala_ensure_packages: make sure every package in ESCALA_PACKAGES is installed. Installs them
# as root, or through passwordless sudo; otherwise prints the command to run and exits 1.
escala_ensure_packages() {
  local -a missing
  mapfile -t missing < <(escala_missing_packages)
  if [[ ${#missing[@]} -eq 0 ]]; then
    return 0
  fi
  escala_log "missing Debian packages: ${missing[*]}"
  if [[ "$(id -u)" -eq 0 ]]; then
    escala_apt_install -- "${missing[@]}"
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    # -n: never stop to ask for a password; an unattended run must fail rather than hang.
    escala_apt_install sudo -n -- "${missing[@]}"
  else
    escala_log "install them with:"
    printf '  sudo apt-get install -y --no-install-recommends %s\n' "${missing[*]}" >&2
    exit 1
  fi
  # apt-get can exit 0 yet leave a package unconfigured; trust dpkg's view, not the exit code.
  mapfile -t missing < <(escala_missing_packages)
  if [[ ${#missing[@]} -gt 0 ]]; then
    escala_die "still not installed after apt-get: ${missing[*]}"
  fi
}

# escala_build_dir [DIR]: print the absolute build directory. DIR, else ESCALA_BUILD_DIR, else
# build/; a relative path is taken from the repository root, not from the caller's directory.
escala_build_dir() {
  local dir="${1:-${ESCALA_BUILD_DIR:-build}}"
  if [[ "$dir" != /* ]]; then
    dir="$ESCALA_ROOT/$dir"
  fi
  printf '%s\n' "$dir"
}

# The compiler cache keys on relative paths below the repository root, so a fresh clone at a
# new path (CI's) hits the cache a previous build filled. Callers may point it elsewhere.
export CCACHE_BASEDIR="${CCACHE_BASEDIR:-$ESCALA_ROOT}"
# Two clones built one after the other share one cache; 5 GB holds several full builds.
export CCACHE_MAXSIZE="${CCACHE_MAXSIZE:-5G}"

# escala_build [DIR [CMAKE_ARG...]]: configure (Release, Ninja) when DIR has no generated build
# system yet, then build with one job per core. A configured tree is left alone: `cmake --build`
# re-runs the configure step by itself when a CMakeLists.txt changed, and re-configuring every
# time would cost seconds for nothing. The cache alone is not enough: a configure that failed
# half-way leaves CMakeCache.txt behind but no Makefile, and `cmake --build` cannot recover from
# that. CMAKE_ARGs (e.g. -DESCALA_SANITIZE=thread) are settings the tree must have, so a tree
# given them is configured with them every time, whatever it was configured with before.
escala_build() {
  local dir
  dir="$(escala_build_dir "${1:-}")"
  shift || true
  if [[ $# -gt 0 || ! -f "$dir/CMakeCache.txt" || ! ( -f "$dir/Makefile" || -f "$dir/build.ninja" ) ]]; then
    escala_log "configuring $dir (Ninja, Release${*:+, then $*})"
    cmake -S "$ESCALA_ROOT" -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=Release "$@"
  fi
  escala_log "building in $dir with $(nproc) jobs"
  cmake --build "$dir" -j"$(nproc)"
}

# A private MariaDB for one run of a script. escala_start_private_mariadb NAME starts one in a
# fresh temporary directory and exports ESCALA_TEST_MYSQL and ESCALA_TEST_MYSQL_PASSWORD_FILE;
# escala_stop_private_mariadb stops it and removes the directory, and is safe to call at any time
# (callers run it from their EXIT trap, so no server outlives the run).
ESCALA_MARIADB_DIR=""
escala_start_private_mariadb() {
  ESCALA_MARIADB_DIR="$(mktemp -d "${TMPDIR:-/tmp}/escala-$1.XXXXXX")"
  local exports
  # mariadb.sh prints only `export` lines on stdout. Assigned first: `eval "$(...)"` would hide
  # a failed start from set -e.
  exports="$("$ESCALA_ROOT/tools/mariadb.sh" start "$ESCALA_MARIADB_DIR")"
  eval "$exports"
}

escala_stop_private_mariadb() {
  if [[ -n "$ESCALA_MARIADB_DIR" ]]; then
    "$ESCALA_ROOT/tools/mariadb.sh" stop "$ESCALA_MARIADB_DIR" || true
    rm -rf "$ESCALA_MARIADB_DIR"
    ESCALA_MARIADB_DIR=""
  fi
}
