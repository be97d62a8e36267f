// Peer tokenizers on the same documents: median MB/s of several single-thread
// passes (one encode per document, no special tokens), and the reference ids
// written out so the caller can compare ours on every document.
//   node peers.mjs DOCS.jsonl TOKENIZER.json RUNS REFERENCE_OUT.jsonl
import { Tokenizer } from '@anush008/tokenizers';
import { get_encoding } from 'tiktoken';
import { encode as gptEncode } from 'gpt-tokenizer';
import fs from 'node:fs';

const [,, docsPath, tokenizerPath, runsArg, refOut] = process.argv;
const runs = Number(runsArg || 5);
const docs = fs.readFileSync(docsPath, 'utf8').split('\n').filter((l) => l).map((l) => JSON.parse(l).text);
const mb = docs.reduce((n, d) => n + Buffer.byteLength(d, 'utf8'), 0) / 1e6;
const median = (xs) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function time(fn) {
  const times = [];
  for (let r = 0; r < runs; ++r) {
    const t0 = process.hrtime.bigint();
    await fn();
    times.push(Number(process.hrtime.bigint() - t0) / 1e9);
  }
  return mb / median(times);
}

const hf = Tokenizer.fromFile(tokenizerPath);
const reference = [];
for (const d of docs) reference.push(Array.from((await hf.encode(d, null, { addSpecialTokens: false })).getIds()));
fs.writeFileSync(refOut, reference.map((ids) => JSON.stringify({ ids })).join('\n') + '\n');

const results = {};
results['hf tokenizers (native), encode'] = await time(async () => { for (const d of docs) await hf.encode(d, null, { addSpecialTokens: false }); });
results['hf tokenizers (native), encodeBatch'] = await time(async () => {
  for (let i = 0; i < docs.length; i += 1000) await hf.encodeBatch(docs.slice(i, i + 1000), { addSpecialTokens: false });
});
const tk = get_encoding('gpt2');
results['tiktoken (wasm)'] = await time(async () => { for (const d of docs) tk.encode(d); });
results['gpt-tokenizer (js)'] = await time(async () => { for (const d of docs) gptEncode(d); });
tk.free();
for (const [name, v] of Object.entries(results)) console.log(`${name.padEnd(40)} ${v.toFixed(1).padStart(8)} MB/s`);
