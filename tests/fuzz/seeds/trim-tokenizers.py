#!/usr/bin/env python3
"""Writes the tokenizer fuzz targets' seed corpus: real tokenizer.json files cut
down to their first N vocabulary entries (merges and added tokens kept only
when they fit), so each seed keeps its real normalizer / pre-tokenizer /
model / post-processor shape but is a few KB instead of MBs.

Usage: trim-tokenizers.py TOKENIZERS_DIR  (a folder of <name>/tokenizer.json,
e.g. the team's shared test data; see tests/fuzz/PROVENANCE.md)"""
import json
import os
import sys

KEEP = {'gpt2': 400, 'bert-base-cased': 400, 'qwen3': 400, 'cl100k': 400, 'llama2': 400}
here = os.path.dirname(os.path.abspath(__file__))
out = os.path.join(here, '..', 'corpus', 'fuzz_tokenizer_json')
os.makedirs(out, exist_ok=True)


def trim(tok, n):
    model = tok['model']
    vocab = model['vocab']
    if isinstance(vocab, list):  # Unigram: [[piece, score], …]
        model['vocab'] = vocab[:n]
        kept = {p for p, _ in model['vocab']}
    else:
        items = sorted(vocab.items(), key=lambda kv: kv[1])[:n]
        model['vocab'] = dict(items)
        kept = set(model['vocab'])
    if 'merges' in model:
        merges = []
        for m in model['merges']:
            a, b = m.split(' ', 1) if isinstance(m, str) else m
            if a in kept and b in kept and a + b in kept:
                merges.append(m)
        model['merges'] = merges
    ids = set(vocab[k] for k in kept) if isinstance(vocab, dict) else set()
    top = max(ids) if ids else 0
    # Added tokens keep their own ids; renumber the ones past the cut after it.
    for t in tok.get('added_tokens', []):
        if t['content'] in kept:
            t['id'] = model['vocab'][t['content']] if isinstance(model['vocab'], dict) else t['id']
        else:
            top += 1
            t['id'] = top
    tok['added_tokens'] = tok.get('added_tokens', [])[:8]
    post = tok.get('post_processor') or {}
    for sp in (post.get('special_tokens') or {}).values():
        sp['ids'] = [next((t['id'] for t in tok['added_tokens'] if t['content'] == s), 0) for s in sp.get('tokens', [])]
    for key in ('sep', 'cls'):
        if key in post:
            tok_text = post[key][0]
            post[key][1] = next((t['id'] for t in tok['added_tokens'] if t['content'] == tok_text), 0)
    return tok


for name, n in KEEP.items():
    src = os.path.join(sys.argv[1], name, 'tokenizer.json')
    if not os.path.exists(src):
        continue
    with open(src, encoding='utf-8') as f:
        tok = json.load(f)
    with open(os.path.join(out, name + '.json'), 'w', encoding='utf-8') as f:
        json.dump(trim(tok, n), f, ensure_ascii=False, separators=(',', ':'))
    print(name, os.path.getsize(os.path.join(out, name + '.json')))
