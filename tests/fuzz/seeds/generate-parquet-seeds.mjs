// Writes the parquet fuzz target's seed corpus: small files (a few rows of the
// committed fixtures) in every codec, v1 and v2 data pages, dictionary and
// plain encodings, nested columns. Run: npm install && node generate-parquet-seeds.mjs
import { DuckDBInstance } from '@duckdb/node-api';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const data = path.join(here, '..', '..', 'data', 'parquet');
const outDir = path.join(here, '..', 'corpus', 'fuzz_parquet');
fs.mkdirSync(outDir, { recursive: true });
const db = await (await DuckDBInstance.create(':memory:')).connect();
const run = (sql) => db.run(sql);

const types = `(SELECT * FROM read_parquet('${path.join(data, 'types_snappy_v1.parquet')}') ORDER BY id LIMIT 12)`;
const strings = `(SELECT * FROM read_parquet('${path.join(data, 'strings_dictionary.parquet')}') LIMIT 40)`;
const seeds = [];
for (const codec of ['uncompressed', 'snappy', 'gzip', 'zstd']) {
  for (const v of ['V1', 'V2']) {
    seeds.push([`types_${codec}_${v.toLowerCase()}`, types, `COMPRESSION ${codec}, ROW_GROUP_SIZE 5, PARQUET_VERSION ${v}`]);
  }
  seeds.push([`strings_${codec}`, strings, `COMPRESSION ${codec}, ROW_GROUP_SIZE 16`]);
}
for (const [name, sql, options] of seeds) {
  const file = path.join(outDir, name + '.parquet');
  await run(`COPY ${sql} TO '${file}' (FORMAT parquet, ${options})`);
  console.log(`${name}: ${fs.statSync(file).size} bytes`);
}
