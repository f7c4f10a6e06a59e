#!/usr/bin/env bash
# The whole test suite: unit, differential, CMake and end-to-end tests (ctest). Extra arguments go
# to ctest, e.g. `scripts/test.sh -L unit` or `-LE e2e`.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake -G Ninja -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build build
ctest --test-dir build --output-on-failure "$@"
