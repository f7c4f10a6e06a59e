#!/usr/bin/env bash
# The lint (ctest's lint.format_and_shell): shellcheck on the shell scripts, then
# scripts/check-format.sh on the C++ sources. Exit status: 0 clean, 1 a finding (shown above),
# 77 no finding but shellcheck or clang-format is not installed (scripts/install-deps.sh has both).
set -euo pipefail
cd "$(dirname "$0")/.."
found=0
skipped=0

shell_scripts=(scripts/*.sh bench/*.sh cmake/PyWheelImage/*.sh tests/unit/image/*.sh
               cmake/PyWheelImage/tools/cc cmake/PyWheelImage/tools/c++ tests/registry/*.sh)
if command -v shellcheck >/dev/null; then
  if shellcheck "${shell_scripts[@]}"; then
    echo "lint: shellcheck: ${#shell_scripts[@]} scripts clean"
  else
    found=1
  fi
else
  echo "lint: shellcheck is not installed (apt-get install shellcheck): skipped" >&2
  skipped=1
fi

status=0
scripts/check-format.sh || status=$?
case "$status" in
  0) ;;
  77) skipped=1 ;;
  *) found=1 ;;
esac

if ((found)); then
  exit 1
elif ((skipped)); then
  exit 77
fi
