#!/usr/bin/env bash
# Checks that every C++ file under src/ and tests/ is laid out as .clang-format says (the layout is
# clang-format 14's, Debian 12's; CLANG_FORMAT names another binary). Exit status: 0 all formatted,
# 1 some files differ (listed, with the command that fixes them), 77 clang-format is not installed.
set -euo pipefail
cd "$(dirname "$0")/.."
clang_format="${CLANG_FORMAT:-clang-format}"
if ! command -v "$clang_format" >/dev/null; then
  echo "check-format: '$clang_format' is not installed (apt-get install clang-format): skipped" >&2
  exit 77
fi

mapfile -t files < <(find src tests -type f \( -name '*.cpp' -o -name '*.hpp' \) | LC_ALL=C sort)
bad=()
for file in "${files[@]}"; do
  if ! "$clang_format" --dry-run --Werror "$file" >/dev/null 2>&1; then
    bad+=("$file")
  fi
done
if ((${#bad[@]})); then
  echo "check-format: ${#bad[@]} of ${#files[@]} files are not formatted as .clang-format says:" >&2
  printf '  %s\n' "${bad[@]}" >&2
  echo "Fix: $clang_format -i ${bad[*]}" >&2
  exit 1
fi
echo "check-format: ${#files[@]} files formatted"
