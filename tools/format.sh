#!/usr/bin/env bash
# Formats the project's C++ and proto sources with clang-format (.clang-format at the top):
#   tools/format.sh           rewrite every tracked source file in place
#   tools/format.sh --check   change nothing; list the files that differ and exit 1 if any do
#   tools/format.sh FILE...   rewrite only these files
set -euo pipefail

ESCALA_SCRIPT_NAME="format.sh"
# shellcheck source=tools/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

command -v clang-format >/dev/null 2>&1 || escala_die "clang-format is not installed (tools/test.sh installs it)"

check=false
if [[ "${1:-}" == "--check" ]]; then
  check=true
  shift
fi

cd "$ESCALA_ROOT"
files=("$@")
if [[ ${#files[@]} -eq 0 ]]; then
  # Tracked files only: build trees and generated code are not ours to format.
  mapfile -t files < <(git ls-files -- '*.h' '*.cc' '*.proto')
fi

if ! $check; then
  clang-format -i --style=file "${files[@]}"
  exit 0
fi

# One clang-format process for the whole list; its warnings name each line that differs, so the
# files are read off them.
mapfile -t differing < <(clang-format --style=file --dry-run "${files[@]}" 2>&1 |
  sed -n 's/^\([^:]*\):[0-9]*:[0-9]*: warning: code should be clang-formatted.*/\1/p' | sort -u)
if [[ ${#differing[@]} -gt 0 ]]; then
  escala_log "${#differing[@]} file(s) differ from .clang-format; run tools/format.sh to fix:"
  printf '  %s\n' "${differing[@]}" >&2
  exit 1
fi
escala_log "${#files[@]} files formatted as .clang-format says"
