#!/usr/bin/env bash
# Tokenizer throughput beside the peers, in one run on the same documents:
# GPT-2 on the TinyStories corpus (one encode per document, no special
# tokens). Installs the peers with npm into tests/benchmarks/node, checks that
# our ids equal the reference's on every document, then prints the table.
#   tests/benchmarks/tokenizer_peers.sh [build-dir] [runs]
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${1:-build}
runs=${2:-5}
bin=$build/bin/dataset-studio
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd tests/benchmarks/node && [ -d node_modules ] || npm install --silent --no-audit --no-fund >/dev/null)
gzip -dc tests/data/tokenizers/corpora/tinystories_train_head_lowercase.jsonl.gz > "$work/docs.jsonl"
gzip -dc tests/data/tokenizers/gpt2/tokenizer.json.gz > "$work/tokenizer.json"
# A worst case: one 880 KB line of letters, no spaces (a single pre-token).
python3 -c "import json,random; random.seed(7); print(json.dumps({'text': ''.join(random.choice('abcdefghijklmnopqrstuvwxyz') for _ in range(880000))}))" > "$work/long.jsonl"

echo "== peers (node, single thread, median of $runs)"
node tests/benchmarks/node/peers.mjs "$work/docs.jsonl" "$work/tokenizer.json" "$runs" "$work/reference.jsonl"
"$bin" tokenizer encode --tokenizer gpt2 --input "$work/docs.jsonl" --output "$work/ours.jsonl"
if cmp -s "$work/ours.jsonl" "$work/reference.jsonl"; then
  echo "ids: equal to the reference on all $(wc -l < "$work/docs.jsonl") documents"
else
  echo "ids: DIFFERENT from the reference"; exit 1
fi
echo "== dataset-studio (C++)"
"$bin" tokenizer bench --tokenizer gpt2 --input "$work/docs.jsonl" --runs "$runs"
echo "== worst case: 880 KB line without spaces"
"$bin" tokenizer bench --tokenizer gpt2 --input "$work/long.jsonl" --runs 3 | grep warm
for t in cl100k llama3 qwen3 llama2 bert-base-cased unigram; do
  gzip -dc "tests/data/tokenizers/$t/tokenizer.json.gz" > "$work/$t.json"
  printf '%-16s ' "$t"; "$bin" tokenizer bench --tokenizer "$work/$t.json" --input "$work/docs.jsonl" --runs "$runs" | grep "1 thread  warm"
done
