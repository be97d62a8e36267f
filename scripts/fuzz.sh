#!/usr/bin/env bash
# Runs the libFuzzer targets (tests/fuzz) for a bounded time each.
#   scripts/fuzz.sh [--seconds N] [--build DIR] [--seed N] [TARGET...]
# CI (scripts/run-tests.sh) runs every target briefly; run it with a larger
# --seconds (e.g. 3600) to fuzz longer on demand. Builds DIR (default
# build-fuzz: clang, -DSTUDIO_BUILD_FUZZERS=ON) first. Each target fuzzes a
# scratch copy of its committed seed corpus, so the repository is never
# modified; inputs that crash land in DIR/fuzz-artifacts/TARGET/ and fail the
# run (commit them under tests/fuzz/regressions/TARGET/, where ctest replays them).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=45
build=build-fuzz
seed=0 # libFuzzer's: 0 picks a fresh seed each run
targets=()
while (($#)); do
  case "$1" in
    --seconds) seconds="$2"; shift 2 ;;
    --build) build="$2"; shift 2 ;;
    --seed) seed="$2"; shift 2 ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) targets+=("$1"); shift ;;
  esac
done
if ((${#targets[@]} == 0)); then
  for d in tests/fuzz/corpus/*/; do targets+=("$(basename "$d")"); done
fi

if [[ ! -f "$build/CMakeCache.txt" ]]; then
  CC=clang CXX=clang++ cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DSTUDIO_BUILD_FUZZERS=ON -DSTUDIO_BUILD_BENCHMARKS=OFF >/dev/null
fi
cmake --build "$build" -j"${STUDIO_JOBS:-2}" --target fuzzers

work="$build/fuzz-work"
artifacts="$build/fuzz-artifacts"
export ASAN_OPTIONS="${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
summary=()
failed=0
for t in "${targets[@]}"; do
  rm -rf "${work:?}/$t"; mkdir -p "$work/$t" "$artifacts/$t"
  cp tests/fuzz/corpus/"$t"/* "$work/$t/"
  log="$artifacts/$t/fuzz.log"
  rc=0
  "$build/bin/$t" "$work/$t" tests/fuzz/regressions/"$t" -max_total_time="$seconds" -timeout=25 -seed="$seed" \
    -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$artifacts/$t/" >"$log" 2>&1 || rc=$?
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 || true)
  if ((rc != 0)); then
    failed=1
    summary+=("$(printf '%-14s FAILED (exit %d) after %s execs; see %s' "$t" "$rc" "${execs:-?}" "$log")")
    grep -m1 -A12 -E 'ERROR: |runtime error|fuzz invariant|unexpected exception' "$log" >&2 || tail -20 "$log" >&2
    echo "Crashing input(s): $(ls "$artifacts/$t" | grep -v fuzz.log | tr '\n' ' ')" >&2
    echo "Fix the bug, then commit the input under tests/fuzz/regressions/$t/ (replayed by ctest)." >&2
  else
    summary+=("$(printf '%-14s %10s execs in %ss (%s/s), %s' "$t" "$execs" "$seconds" "$rate" "$cov")")
  fi
done
echo "== fuzzing (${seconds}s per target)"
printf '%s\n' "${summary[@]}"
exit "$failed"
