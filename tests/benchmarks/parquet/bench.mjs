// Parquet decoding: ours (bench_parquet) beside DuckDB, single thread, same run.
//   npm ci && node bench.mjs --bin ../../../build/bin/bench_parquet [--mb 120] [--runs 5] [--file F]
// Generates two TinyStories-like files from the paragraphs of
// tests/fixtures/parquet/stories.txt, each prefixed with its row number so
// values are unique (snappy, v1 pages) unless --file is given:
//   duckdb:  written by DuckDB (2,048-row row groups, PLAIN pages: DuckDB's
//            writer skips dictionaries for unique strings);
//   pyarrow: written like pyarrow's Hub shards by `bench_parquet --write`
//            (1,000-row row groups, dictionary pages falling back to PLAIN).
// For each it alternates runs of ours and DuckDB's `SELECT sum(length(text))`
// (and strlen, the byte-length form matching our work) and prints medians in
// MB/s of decoded string bytes. Both readers must agree on rows and bytes.
import { DuckDBInstance } from '@duckdb/node-api';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const arg = (name, dflt) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const bin = path.resolve(arg('--bin', path.join(here, '../../../build/bin/bench_parquet')));
const mb = Number(arg('--mb', 120));
const runs = Number(arg('--runs', 5));
const files = process.argv.includes('--file') ? [path.resolve(arg('--file'))]
  : [path.join(os.tmpdir(), `studio-parquet-bench-duckdb-${mb}mb.parquet`),
     path.join(os.tmpdir(), `studio-parquet-bench-pyarrow-${mb}mb.parquet`)];
const stories = path.join(here, '../../fixtures/parquet/stories.txt');

const db = await DuckDBInstance.create(':memory:');
const con = await db.connect();
await con.run('SET threads=1');
const scalar = async sql => (await con.runAndReadAll(sql)).getRowsJson()[0][0];

if (!process.argv.includes('--file') && !fs.existsSync(files[0])) {
  const file = files[0];
  const paragraphs = fs.readFileSync(stories, 'utf8')
    .split(/\n\s*\n/).map(s => s.trim()).filter(s => s.length > 0);
  const avg = paragraphs.reduce((a, p) => a + p.length, 0) / paragraphs.length;
  const n = Math.ceil(mb * 1e6 / avg);
  await con.run('CREATE TABLE stories (text VARCHAR)');
  const appender = await con.createAppender('stories');
  for (let i = 0; i < n; ++i) {
    appender.appendVarchar(`${i}: ${paragraphs[i % paragraphs.length]}`);
    appender.endRow();
  }
  appender.closeSync();
  await con.run(`COPY stories TO '${file}' (FORMAT parquet, COMPRESSION snappy, ROW_GROUP_SIZE 1000)`);
  await con.run('DROP TABLE stories');
  console.log(`generated ${file}`);
}
if (!process.argv.includes('--file') && !fs.existsSync(files[1])) {
  const r = spawnSync(bin, ['--write', files[1], '--text', stories, '--mb', String(mb)], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`bench_parquet --write failed: ${r.stderr}`);
  console.log(r.stdout.trim());
}

const median = a => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
for (const file of files) {
  const bytes = Number(await scalar(`SELECT sum(strlen(text)) FROM read_parquet('${file}')`));
  const rows = Number(await scalar(`SELECT count(*) FROM read_parquet('${file}')`));
  const meta = (await con.runAndReadAll(`SELECT count(DISTINCT row_group_id), string_agg(DISTINCT encodings, ' / '),
    any_value(compression) FROM parquet_metadata('${file}')`)).getRowsJson()[0];
  console.log(`\n${path.basename(file)}: ${(fs.statSync(file).size / 1e6).toFixed(1)} MB on disk, ${rows} rows, ` +
    `${(bytes / 1e6).toFixed(1)} MB of text, ${meta[0]} row groups, ${meta[2]}, ${meta[1]}`);

  const timeDuck = async sql => {
    const t0 = process.hrtime.bigint();
    await con.runAndReadAll(sql);
    return Number(process.hrtime.bigint() - t0) / 1e9;
  };
  const ours = async chars => {
    const r = spawnSync(bin, [file, '--runs', '1', ...(chars ? ['--chars'] : [])], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`bench_parquet failed: ${r.stderr}`);
    const j = JSON.parse(r.stdout.split('\n')[0]);
    if (j.bytes !== bytes || j.rows !== rows) throw new Error(`ours read ${j.rows} rows / ${j.bytes} bytes, DuckDB ${rows} / ${bytes}`);
    return j.seconds;
  };
  const results = { 'ours (string_view, bytes)': [], 'ours + code points': [], 'DuckDB sum(length(text))': [], 'DuckDB sum(strlen(text))': [] };
  for (let r = 0; r < runs; ++r) {
    results['ours (string_view, bytes)'].push(await ours(false));
    results['ours + code points'].push(await ours(true));
    results['DuckDB sum(length(text))'].push(await timeDuck(`SELECT sum(length(text)) FROM read_parquet('${file}')`));
    results['DuckDB sum(strlen(text))'].push(await timeDuck(`SELECT sum(strlen(text)) FROM read_parquet('${file}')`));
  }
  const duck = bytes / 1e6 / median(results['DuckDB sum(length(text))']);
  console.log(`\nsingle thread, median of ${runs} runs, MB/s of decoded strings (${(bytes / 1e6).toFixed(1)} MB)`);
  console.log('reader'.padEnd(30), 'MB/s'.padStart(8), 'median s'.padStart(10), 'vs DuckDB length()'.padStart(20));
  for (const [name, secs] of Object.entries(results)) {
    const mbps = bytes / 1e6 / median(secs);
    console.log(name.padEnd(30), mbps.toFixed(0).padStart(8), median(secs).toFixed(3).padStart(10), (mbps / duck).toFixed(2).padStart(19) + 'x');
  }
}
