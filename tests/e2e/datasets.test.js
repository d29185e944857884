// The real built-in datasets are not in the wasm module: the worker fetches
// their CSV files (static assets beside the bundle) and the Session reads
// them with the dataset's metadata. Same summaries and messages as before,
// from the site root, from a sub-path of another host and from another origin.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launch, onSubpathHost, openPage, waitReady } from './helpers.js';
import { startServer } from '../../scripts/static-server.js';

let b;
before(async () => { b = await launch(); });
after(async () => { await b?.close(); });

/** The loaded data as the element holds it. */
function summary(page) {
  return page.evaluate(() => {
    const s = document.querySelector('rnn-playground').summary;
    return { source: s.source, column: s.column, rows: s.rows, first: s.dates?.[0] ?? null, note: s.notes[0] };
  });
}

/** Records the CSV files the page and its worker request. */
function csvRequests(context) {
  const seen = [];
  const onRequest = (req) => { if (new URL(req.url()).pathname.endsWith('.csv')) seen.push(new URL(req.url()).pathname); };
  context.on('request', onRequest);
  return { seen, stop: () => context.off('request', onRequest) };
}

test('a real dataset is fetched as a static file and keeps its column, dates, symbol and licence', async () => {
  const csv = csvRequests(b.context);
  try {
    const { page, problems } = await openPage(b.context, `${b.url}#dataset=stocks&symbol=ibm&hidden=8&epochs=1`);
    await waitReady(page);
    assert.deepEqual(await summary(page), {
      source: 'dataset stocks (IBM)', column: 'price', rows: 123, first: 'Jan 1 2000',
      note: 'stocks: Monthly stock price of one symbol (AAPL, MSFT, AMZN, IBM, GOOG), 2000 to 2010 (vega-datasets 3.2.1 (BSD-3-Clause))',
    });
    assert.equal(csv.seen.length, 1);
    assert.match(csv.seen[0], /^\/assets\/stocks-[\w-]+\.csv$/);

    // Another dataset picked in the form: its file is fetched, the metadata applies.
    await page.locator('rnn-playground select[name=dataset]').selectOption('co2');
    await page.waitForFunction(() => document.querySelector('rnn-playground').summary?.source === 'dataset co2');
    await waitReady(page);
    const co2 = await summary(page);
    assert.deepEqual([co2.column, co2.rows, co2.first], ['CO2', 741, '1958-03-01']);
    const epochs = await page.evaluate(async () => (await document.querySelector('rnn-playground').train()).epochs_run);
    assert.equal(epochs, 1);
    assert.deepEqual(problems, []);
    await page.close();
  } finally {
    csv.stop();
  }
});

test('an unknown symbol is the pipeline\'s message, naming the symbols the file has', async () => {
  const page = await b.context.newPage();
  await page.goto(`${b.url}#dataset=stocks&symbol=TSLA&hidden=8`);
  const box = page.locator('rnn-playground [data-role=error] .msg');
  await box.waitFor({ state: 'visible', timeout: 60000 });
  const msg = await box.textContent();
  assert.match(msg, /dataset stocks: no row has symbol = 'TSLA'; available: .*AAPL/);
  await page.close();
});

test('from a sub-path of another static host, a real dataset loads and trains', async () => {
  await onSubpathHost(async (url) => {
    const { page, problems } = await openPage(b.context, `${url}#dataset=seattle&hidden=8&epochs=1`);
    await waitReady(page);
    const s = await summary(page);
    assert.deepEqual([s.source, s.column, s.rows], ['dataset seattle', 'temp_max', 1461]);
    const epochs = await page.evaluate(async () => (await document.querySelector('rnn-playground').train()).epochs_run);
    assert.equal(epochs, 1);
    assert.deepEqual(problems, []);
    await page.close();
  });
});

test('an element embedded from another origin fetches its dataset from the element\'s origin', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'rnn-playground-host-data-'));
  await writeFile(join(dir, 'index.html'), `<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,">
<script type="module" src="${b.url}rnn-playground.js"></script></head>
<body><rnn-playground dataset="co2" hidden="8" epochs="1" compact></rnn-playground></body></html>`);
  const host = await startServer(dir);
  const csv = csvRequests(b.context);
  try {
    const { page, problems } = await openPage(b.context, host.url);
    await waitReady(page);
    const s = await summary(page);
    assert.deepEqual([s.source, s.rows], ['dataset co2', 741]);
    assert.equal(await page.evaluate(() => document.querySelector('rnn-playground').worker.mode), 'blob-worker');
    assert.equal(csv.seen.length, 1);
    assert.match(csv.seen[0], /^\/assets\/co2-concentration-[\w-]+\.csv$/);
    assert.deepEqual(problems, []);
    await page.close();
  } finally {
    csv.stop();
    await host.close();
    await rm(dir, { recursive: true, force: true });
  }
});
