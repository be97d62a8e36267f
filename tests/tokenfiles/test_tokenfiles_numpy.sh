#!/usr/bin/env bash
# Token files as training code reads them: import a corpus, tokenize it (gpt2,
# max_length 64, truncation), read tokens.bin / tokens.idx with numpy and
# compare every sample with `tokenizer encode` of the same text.
#   test_tokenfiles_numpy.sh BIN_DIR TEST_DATA_DIR
set -euo pipefail
bin=$1/dataset-studio
data=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if ! /usr/bin/python3 -c 'import numpy' 2>/dev/null; then
  echo "python3-numpy is missing (scripts/test-packages.txt installs it)"; exit 1
fi
gzip -dc "$data/tokenizers/corpora/tinystories_valid_head.jsonl.gz" > "$work/docs.jsonl"
id=$("$bin" --data-dir "$work/d" import "$work/docs.jsonl" --json | tail -n 1 | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
out=$("$bin" --data-dir "$work/d" tokenize "$id" --max-length 64 --json | tail -n 1 | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["output_path"])')
"$bin" tokenizer encode --tokenizer gpt2 --input "$work/docs.jsonl" --output "$work/expected.jsonl"
/usr/bin/python3 "$(dirname "$0")/read_with_numpy.py" "$out" "$work/expected.jsonl" 64
