#!/usr/bin/env bash
# End-to-end tokenization beside the raw tokenizer, in one run on the same data:
# import the shared corpora as one JSON Lines dataset, run the tokenize job
# (gpt2, max_length 512, stride 0: statistics and token files included) and
# compare its throughput with `tokenizer bench` (all cores) on the same
# documents. Then the input is made ten times larger: the job's peak memory
# should stay flat (bounded by the batch, not the dataset).
#   tests/benchmarks/tokenize_e2e.sh [build-dir] [copies]
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${1:-build}
copies=${2:-4}
bin=$PWD/$build/bin/dataset-studio
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Compiled tokenizers of this run only: the first load (tokenizer bench's)
# parses gpt2's tokenizer.json and compiles it, later ones read that.
export DATASET_STUDIO_TOKENIZER_CACHE=$work/compiled-tokenizers

gzip -dc tests/data/tokenizers/corpora/tinystories_train_head_lowercase.jsonl.gz \
         tests/data/tokenizers/corpora/english_prose.jsonl.gz > "$work/base.jsonl"

# Prints "<wall seconds> <peak RSS KB>" of a command, its stdout to $work/out
# (wall time from the shell's microsecond clock: time(1) rounds to 10 ms,
# 5% of a 1x job).
timed() {
  local start=$EPOCHREALTIME
  /usr/bin/time -f '%M' -o "$work/time" "$@" > "$work/out"
  local end=$EPOCHREALTIME
  awk -v s="$start" -v e="$end" -v kb="$(cat "$work/time")" 'BEGIN { printf "%.4f %s\n", e - s, kb }'
}

printf '%-8s %9s %10s %10s %10s %12s %8s %9s %8s\n' input "text MB" "raw MB/s" "raw kept" "job MB/s" "job tok/s" "job/raw" "peak MB" samples
for scale in 1 10; do
  n=$((copies * scale))
  : > "$work/input.jsonl"
  for _ in $(seq "$n"); do cat "$work/base.jsonl" >> "$work/input.jsonl"; done

  data="$work/data-$scale"
  import_fresh() { "$bin" --data-dir "$data" import "$work/input.jsonl" --json | tail -n 1 | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])'; }
  # Raw and job take turns, three times each, so a slow spell of this shared
  # machine hits both alike: medians of each; the largest peak. Each job is
  # the dataset's first tokenization (a fresh import, not timed, deleted
  # after), as a user's first run is; replacing an earlier tokenization of
  # the same options is timed once more at the end, on its own line.
  runs=() raws=() kepts=()
  for run in 1 2 3; do
    "$bin" tokenizer bench --tokenizer gpt2 --input "$work/input.jsonl" --runs 1 > "$work/bench.txt"
    raws+=("$(sed -n 's/^[0-9]* threads warm: *\([0-9.]*\) MB\/s.*/\1/p' "$work/bench.txt")")
    kepts+=("$(sed -n 's/^[0-9]* threads encodeBatch, ids kept: *\([0-9.]*\) MB\/s.*/\1/p' "$work/bench.txt")")
    id=$(import_fresh)
    runs+=("$(timed "$bin" --data-dir "$data" tokenize "$id" --tokenizer gpt2 --max-length 512 --stride 0 --json)")
    if [ "$run" -lt 3 ]; then "$bin" --data-dir "$data" delete "$id" > /dev/null; fi
  done
  replace=$(timed "$bin" --data-dir "$data" tokenize "$id" --tokenizer gpt2 --max-length 512 --stride 0 --json | awk '{print $1}')
  # The same once more with no compiled tokenizer to read (a folder that cannot exist).
  uncompiled=$(DATASET_STUDIO_TOKENIZER_CACHE=/dev/null/none timed "$bin" --data-dir "$data" tokenize "$id" --tokenizer gpt2 --max-length 512 --stride 0 --json | awk '{print $1}')
  raw=$(printf '%s\n' "${raws[@]}" | sort -n | sed -n 2p)
  kept=$(printf '%s\n' "${kepts[@]}" | sort -n | sed -n 2p)
  # Both figures count the texts' bytes (what the tokenizer reads), not the file's JSON.
  mb=$(sed -n 's/^documents [0-9]*, \([0-9.]*\) MB.*/\1/p' "$work/bench.txt")
  secs=$(printf '%s\n' "${runs[@]}" | awk '{print $1}' | sort -n | sed -n 2p)
  peak=$(printf '%s\n' "${runs[@]}" | awk '{print $2}' | sort -n | tail -n 1)
  tokens=$("$bin" --data-dir "$data" show "$id" --json | python3 -c '
import json, sys
d = json.loads(sys.stdin.read().strip().splitlines()[-1])
t = [t for t in d["tokenizations"] if t["status"] == "ready"][-1]
print(t["statistics"]["num_tokens"])')
  samples=$(wc -l < "$work/input.jsonl")
  awk -v mb="$mb" -v raw="$raw" -v kept="$kept" -v secs="$secs" -v tokens="$tokens" -v peak="$peak" -v s="$samples" -v scale="$scale" 'BEGIN {
    job = mb / secs;
    printf "%-8s %9.1f %10.1f %10.1f %10.1f %12.0f %7.0f%% %9.1f %8d\n", scale "x", mb, raw, kept, job, tokens / secs, 100 * job / raw, peak / 1024, s }'
  echo "$mb $secs $raw" >> "$work/scales"
  echo "$scale $secs $replace $uncompiled" >> "$work/replaces"
  rm -rf "$data"
done
# What each MB beyond the first copies costs: the time the tenfold input added
# over the data it added, so the per-job fixed costs (process start, tokenizer
# load, catalog commit) drop out.
awk 'NR == 1 { mb1 = $1; t1 = $2 } NR == 2 { mb = $1 - mb1; t = $2 - t1; marginal = mb / t;
  printf "marginal (10x minus 1x): %.1f MB/s = %.0f%% of raw at 10x; fixed cost per job about %.2f s\n", marginal, 100 * marginal / $3, t1 - mb1 / marginal }' "$work/scales"
awk '{ printf "%sx: re-running the same options (the new tokenization replaces the old one, whose files are deleted) took %.2f s against %.2f s; with the tokenizer parsed from its JSON (no compiled copy) %.2f s\n", $1, $3, $2, $4 }' "$work/replaces"
echo "job = whole 'tokenize' command, median of 3 first tokenizations of a dataset (process start, tokenizer load from its compiled copy, statistics, token files); raw = tokenizer bench, all cores, warm, median of 3 runs taking turns with the job (ids counted, as the single-thread figure; \"raw kept\" = encodeBatch, every document's ids kept)"
