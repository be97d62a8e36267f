#!/usr/bin/env bash
# Installs what is missing, builds Dataset Studio and runs it: the desktop app
# when a display exists, otherwise the headless demo (imports a bundled sample
# dataset with a progress bar). Extra arguments go to dataset-studio.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh scripts/debian-packages.txt
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DSTUDIO_BUILD_TESTS=OFF -DSTUDIO_BUILD_BENCHMARKS=OFF >/dev/null
cmake --build build --target dataset-studio -j"$(nproc)"
exec build/bin/dataset-studio "$@"
