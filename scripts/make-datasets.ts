/**
 * Regenerates `datasets/seattle.csv` and `datasets/new-york.csv` from the weather table shipped in the npm
 * package vega-datasets (`npm run datasets`). Deterministic: values are copied byte for byte, rows keep the
 * source order, line endings are `\n`.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SOURCE = join(ROOT, 'node_modules/vega-datasets/data/weather.csv');
const OUTPUT_DIR = join(ROOT, 'datasets');

/**
 * Expected hash of the source, as published in vega-datasets' datapackage.json (`sha1:…`). It is a Git
 * blob hash, i.e. SHA-1 of `blob <byteLength>\0<bytes>` (what `git hash-object` prints), not the SHA-1 of
 * the bytes alone.
 */
const EXPECTED_GIT_BLOB_SHA1 = '0e7e853f4c5b67615da261d5d343824a43510f50';
const SOURCE_HEADER = 'location,date,precipitation,temp_max,temp_min,wind,weather';
const OUTPUT_COLUMNS = ['date', 'precipitation', 'temp_max', 'temp_min', 'wind'] as const;
const CITIES: readonly { location: string; file: string }[] = [
  { location: 'Seattle', file: 'seattle.csv' },
  { location: 'New York', file: 'new-york.csv' },
];

function gitBlobSha1(bytes: Buffer): string {
  return createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
}

function fail(message: string): never {
  console.error(`make-datasets: ${message}`);
  process.exit(1);
}

const bytes = readFileSync(SOURCE);
const blobHash = gitBlobSha1(bytes);
if (blobHash !== EXPECTED_GIT_BLOB_SHA1) {
  const plain = createHash('sha1').update(bytes).digest('hex');
  fail(
    `${SOURCE} is not the expected vega-datasets@3.2.1 weather.csv: its Git blob SHA-1 is ${blobHash} ` +
      `(plain SHA-1 ${plain}), expected ${EXPECTED_GIT_BLOB_SHA1}. Run "npm ci" to restore the pinned package.`,
  );
}
console.log(`source ${SOURCE}: ${bytes.length} bytes, git blob sha1 ${blobHash} (expected)`);

const lines = bytes.toString('utf8').split('\n');
if (lines[lines.length - 1] === '') lines.pop();
if (lines[0] !== SOURCE_HEADER) fail(`unexpected header ${JSON.stringify(lines[0])}, expected ${SOURCE_HEADER}`);
const sourceColumns = SOURCE_HEADER.split(',');
const pick = OUTPUT_COLUMNS.map((name) => sourceColumns.indexOf(name));

// The source has no quoted fields (checked below), so splitting on commas keeps every value byte-identical.
const rowsByLocation = new Map<string, string[]>(CITIES.map((c) => [c.location, []]));
lines.slice(1).forEach((line, i) => {
  if (line.includes('"') || line.includes('\r')) fail(`line ${i + 2} has quotes or a carriage return; not handled`);
  const cells = line.split(',');
  if (cells.length !== sourceColumns.length) fail(`line ${i + 2} has ${cells.length} cells, expected ${sourceColumns.length}`);
  const rows = rowsByLocation.get(cells[0]);
  if (!rows) fail(`line ${i + 2}: unknown location ${JSON.stringify(cells[0])}`);
  rows.push(pick.map((index) => cells[index]).join(','));
});

mkdirSync(OUTPUT_DIR, { recursive: true });
for (const { location, file } of CITIES) {
  const rows = rowsByLocation.get(location)!;
  const text = `${OUTPUT_COLUMNS.join(',')}\n${rows.join('\n')}\n`;
  writeFileSync(join(OUTPUT_DIR, file), text);
  const first = rows[0].split(',')[0];
  const last = rows[rows.length - 1].split(',')[0];
  console.log(`${join('datasets', file)}: ${rows.length} rows, ${first} .. ${last}`);
}
