#!/usr/bin/python3
"""Reads a tokenization's token files the way training code does (numpy, the
three lines of the README) and checks them against expected ids.
    read_with_numpy.py TOKENIZATION_DIR EXPECTED.jsonl MAX_LENGTH
EXPECTED.jsonl: one {"ids": [...]} line per sample (untruncated)."""
import json
import sys

import numpy as np

folder, expected_path, max_length = sys.argv[1], sys.argv[2], int(sys.argv[3])

# --- the README's three lines ---
header = np.fromfile(f"{folder}/tokens.bin", dtype=np.int32, count=256)
tokens = np.fromfile(f"{folder}/tokens.bin", dtype=np.uint16 if header[1] == 1 else np.uint32, offset=1024)
starts = np.fromfile(f"{folder}/tokens.idx", dtype=np.uint64)  # sample i: tokens[starts[i]:starts[i+1]]
# ---

meta = json.load(open(f"{folder}/meta.json"))
assert header[0] == 20240520, f"magic {header[0]}"
assert header[2] == len(tokens) == meta["num_tokens"], (header[2], len(tokens), meta["num_tokens"])
assert meta["dtype"] == ("uint16" if header[1] == 1 else "uint32")
expected = [json.loads(line)["ids"] for line in open(expected_path) if line.strip()]
assert len(starts) == len(expected) + 1 == meta["num_sequences"] + 1, (len(starts), len(expected))
for i, ids in enumerate(expected):
    got = tokens[starts[i]:starts[i + 1]].tolist()
    if got != ids[:max_length]:
        sys.exit(f"sample {i}: token files hold {got[:10]}..., expected {ids[:10]}...")
print(f"numpy read {len(expected)} samples, {len(tokens)} {meta['dtype']} tokens: equal to 'tokenizer encode' truncated to {max_length}")
