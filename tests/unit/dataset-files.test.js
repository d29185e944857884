import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { datasetFileUrl, fetchDatasetText } from '../../www/dataset-files.js';

test('every CSV file the Rust dataset list names has a URL, and the file is there', async () => {
  const rust = await readFile(new URL('../../src/pipeline/datasets.rs', import.meta.url), 'utf8');
  const files = [...rust.matchAll(/file: Some\("([^"]+)"\)/g)].map((m) => m[1]);
  assert.deepEqual(files, ['sp500-2000.csv', 'co2-concentration.csv', 'seattle-weather.csv', 'stocks.csv']);
  for (const f of files) {
    const url = datasetFileUrl(f);
    assert.ok(url, f);
    const text = await readFile(fileURLToPath(url), 'utf8');
    assert.ok(text.length > 1000, `${f}: ${text.length} bytes`);
  }
  assert.equal(datasetFileUrl('passwords.csv'), null);
  assert.equal(datasetFileUrl('toString'), null);
});

test('fetchDatasetText returns the body, and says which dataset and URL failed', async () => {
  const ok = async () => ({ ok: true, status: 200, text: async () => 'a,b\n1,2\n' });
  assert.equal(await fetchDatasetText('co2', 'co2-concentration.csv', ok), 'a,b\n1,2\n');
  const missing = async () => ({ ok: false, status: 404, statusText: 'Not Found' });
  await assert.rejects(fetchDatasetText('co2', 'co2-concentration.csv', missing),
    /^Error: dataset 'co2': cannot fetch .*co2-concentration\.csv: HTTP 404 Not Found$/);
  const offline = async () => { throw new TypeError('Failed to fetch'); };
  await assert.rejects(fetchDatasetText('sp500', 'sp500-2000.csv', offline),
    /dataset 'sp500': cannot fetch .*sp500-2000\.csv: Failed to fetch/);
  await assert.rejects(fetchDatasetText('x', 'x.csv', ok), /dataset 'x': its file x\.csv is not part of this site/);
});
