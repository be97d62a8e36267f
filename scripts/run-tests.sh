#!/usr/bin/env bash
# Installs what is missing, builds everything with warnings as errors and runs
# every test (ctest), then the reliability stages: the whole suite under
# ASan+UBSan (clang, the fuzzers' build), the job engine / progress hub /
# remote server tests under TSan, and every fuzz target briefly. Used by CI (.ci/run). Stages can be skipped
# for a quick local run: STUDIO_SKIP="asan tsan fuzz". STUDIO_FUZZ_SECONDS
# sets the time per fuzz target (default 30), STUDIO_FUZZ_SEED its seed.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh scripts/debian-packages.txt scripts/test-packages.txt
jobs="$(nproc)"
skip=" ${STUDIO_SKIP:-} "
timings=()
stage() { timings+=("$(printf '%-34s %5ds' "$1" "$2")"); }

# 1. The plain build and the whole suite.
t0=$SECONDS
cmake -S . -B build-ci -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSTUDIO_WERROR=ON >/dev/null
cmake --build build-ci -j"$jobs"
stage "build" $((SECONDS - t0)); t0=$SECONDS
ctest --test-dir build-ci --output-on-failure --timeout 900 -j2
stage "ctest" $((SECONDS - t0))

# 2. The whole suite under AddressSanitizer + UndefinedBehaviorSanitizer, from
#    the clang build the fuzz targets need anyway (every target is built with
#    -fsanitize=fuzzer-no-link,address,undefined there): one sanitizer build
#    serves both the suite and the fuzzers. Any report fails its test.
if [[ "$skip" != *" asan "* || "$skip" != *" fuzz "* ]]; then
  t0=$SECONDS
  CC=clang CXX=clang++ cmake -S . -B build-ci-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DSTUDIO_BUILD_FUZZERS=ON -DSTUDIO_BUILD_BENCHMARKS=OFF >/dev/null
  cmake --build build-ci-fuzz -j"$jobs"
  stage "build (clang ASan+UBSan+fuzzer)" $((SECONDS - t0))
fi
if [[ "$skip" != *" asan "* ]]; then
  t0=$SECONDS
  ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:strict_string_checks=1:detect_stack_use_after_return=1" \
  LSAN_OPTIONS="suppressions=$PWD/tests/lsan.supp:print_suppressions=0" \
  UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1" \
    ctest --test-dir build-ci-fuzz --output-on-failure --timeout 1800 -j2
  stage "ctest (ASan+UBSan)" $((SECONDS - t0))
fi

# 3. ThreadSanitizer on the concurrent parts. Qt itself is not instrumented;
#    tests/tsan.supp silences reports inside Qt/glib internals only.
if [[ "$skip" != *" tsan "* ]]; then
  t0=$SECONDS
  cmake -S . -B build-ci-tsan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSTUDIO_WERROR=ON \
    -DSTUDIO_SANITIZE=thread -DSTUDIO_BUILD_BENCHMARKS=OFF >/dev/null
  tsan_tests="$(cmake --build build-ci-tsan --target help | sed -n 's/^\(test_\(jobs\|progress\|remote\|load\|tokenizepipeline\)[a-z_]*\):.*/\1/p' | grep -v autogen | sort -u)"
  # shellcheck disable=SC2086
  cmake --build build-ci-tsan -j"$jobs" --target dataset-studio $tsan_tests
  stage "build (TSan)" $((SECONDS - t0)); t0=$SECONDS
  TSAN_OPTIONS="suppressions=$PWD/tests/tsan.supp:halt_on_error=1:die_after_fork=0:second_deadlock_stack=1:history_size=4" \
    ctest --test-dir build-ci-tsan --output-on-failure --timeout 1800 -j2 -R "^($(echo $tsan_tests | tr ' ' '|'))\$"
  stage "ctest (TSan)" $((SECONDS - t0))
fi

# 4. Every fuzz target for a short bounded time (libFuzzer, the build of stage 2).
if [[ "$skip" != *" fuzz "* ]]; then
  t0=$SECONDS
  # A fixed seed: a red CI run replays the same way on a developer's machine
  # (scripts/fuzz.sh without --seed explores with a fresh one each run).
  scripts/fuzz.sh --build build-ci-fuzz --seconds "${STUDIO_FUZZ_SECONDS:-30}" --seed "${STUDIO_FUZZ_SEED:-20261201}"
  stage "fuzz (build + run)" $((SECONDS - t0))
fi

echo "== stage timings"
printf '%s\n' "${timings[@]}"
