#!/usr/bin/env bash
# Installs what is missing, builds everything with warnings as errors and runs
# every test (ctest). Used by CI (.ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh scripts/debian-packages.txt scripts/test-packages.txt
cmake -S . -B build-ci -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSTUDIO_WERROR=ON >/dev/null
cmake --build build-ci -j"$(nproc)"
ctest --test-dir build-ci --output-on-failure --timeout 900 -j2
