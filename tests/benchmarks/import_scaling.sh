#!/usr/bin/env bash
# Import throughput and peak memory at 50 MB and 500 MB of JSON Lines: the
# throughput should hold and the peak memory stay flat as the file grows.
set -euo pipefail
bin=${1:-build/bin/bench_import}
for mb in 50 500; do
  "$bin" "$mb"
done
