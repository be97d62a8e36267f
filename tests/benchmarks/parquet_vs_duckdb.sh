#!/usr/bin/env bash
# Parquet string decoding, ours beside DuckDB (single thread), in one run:
#   tests/benchmarks/parquet_vs_duckdb.sh [build-dir] [MB of text] [runs]
# Builds bench_parquet, installs the pinned @duckdb/node-api locally
# (tests/benchmarks/parquet/node_modules, git-ignored), generates a
# TinyStories-like snappy file in $TMPDIR once, prints medians in MB/s.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-build}
mb=${2:-120}
runs=${3:-5}
cmake --build "$build" -j2 --target bench_parquet
(cd "$here/parquet" && { [ -d node_modules ] || npm ci --no-audit --no-fund; })
node "$here/parquet/bench.mjs" --bin "$(cd "$build" && pwd)/bin/bench_parquet" --mb "$mb" --runs "$runs"
