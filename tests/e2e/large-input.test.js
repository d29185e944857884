// A 1,000,000-row CSV through the page as a user gives it (the file picker):
// parsed in the worker, the series and predictions transferred rather than
// copied, the charts fed the minimum and maximum per pixel column. The target,
// no main-thread task of 50 ms or more from the file load through one training
// epoch and the plot, is not met yet: its check is a todo test that reports the
// tasks. The CSV is generated here (not committed).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { loadavg, tmpdir } from 'node:os';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { launch, openPage, waitReady, shot } from './helpers.js';

const ROWS = 1_000_000;

let b;
let dir;
before(async () => {
  b = await launch();
  dir = await mkdtemp(join(tmpdir(), 'rnn-large-'));
});
after(async () => {
  await b?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** `date,close` with daily dates from 1900 and a noisy seasonal series (seeded, mulberry32). */
function largeCsv(rows) {
  let a = 7;
  const rand = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const parts = ['date,close\n'];
  const day = 86400000;
  const start = Date.UTC(1900, 0, 1);
  for (let i = 0; i < rows; i++) {
    const d = new Date(start + i * day).toISOString().slice(0, 10);
    const v = 100 + 10 * Math.sin(i / 30) + 3 * Math.sin(i / 7) + rand();
    parts.push(`${d},${v.toFixed(3)}\n`);
  }
  return parts.join('');
}

const load = () => loadavg().map((v) => v.toFixed(1)).join(', ');

/** @type {{tasks: object[], load: string}|null} the long tasks the run below saw */
let observed = null;

test('a 1,000,000-row CSV loads, trains one epoch and plots, the chart decimated', async () => {
  const file = join(dir, 'rows1m.csv');
  const text = largeCsv(ROWS);
  await writeFile(file, text);
  const { page, problems } = await openPage(b.context, `${b.url}#dataset=sine&epochs=1&hidden=4&window=5&batch=256`);
  await waitReady(page);
  await page.evaluate(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longTasks.push({ start: Math.round(e.startTime), duration: Math.round(e.duration) });
    }).observe({ type: 'longtask' });
    window.__t0 = performance.now();
  });
  // By path, as a user's pick: the browser reads the file (no test-side copy into the page).
  await page.locator('rnn-playground input[data-role=csv-file]').setInputFiles(file);
  await page.waitForFunction((rows) => {
    const el = document.querySelector('rnn-playground');
    return el.summary?.rows === rows && el.dataset.phase === 'idle';
  }, ROWS, { timeout: 120000 });
  const loaded = await page.evaluate(() => {
    const el = document.querySelector('rnn-playground');
    return { ms: performance.now() - window.__t0, drawn: el.predChart.plot.data[0].length, actual: el.predChart.counts.actual };
  });
  assert.equal(loaded.actual, ROWS);
  assert.ok(loaded.drawn <= 2000, `the chart draws ${loaded.drawn} points for ${ROWS} rows`);

  const run = await page.evaluate(async () => {
    const el = document.querySelector('rnn-playground');
    const t = performance.now();
    const metrics = await el.train();
    return { ms: performance.now() - t, epochs: metrics.epochs_run, stop: metrics.stop_reason };
  });
  assert.deepEqual([run.epochs, run.stop], [1, 'epochs']);
  // the plot: predictions of every split and the forecast, drawn decimated
  await page.waitForFunction(() => {
    const c = document.querySelector('rnn-playground').predChart.counts;
    return c.predicted > 900000 && c.forecast > 0;
  }, null, { timeout: 60000 });
  await new Promise((r) => setTimeout(r, 500)); // a prediction redraw runs in a task of its own
  const after = await page.evaluate(async () => {
    const el = document.querySelector('rnn-playground');
    const info = await el.worker.call('info');
    return {
      tasks: window.__longTasks, drawn: el.predChart.plot.data[0].length,
      wasm: info.wasm_memory_bytes, dates: el.predChart.tickLabel(999999),
    };
  });
  const cdp = await page.context().newCDPSession(page);
  const heap = await cdp.send('Runtime.getHeapUsage');
  console.log(`# large input: ${ROWS} rows (${(text.length / 1048576).toFixed(1)} MB): load ${Math.round(loaded.ms)} ms, ` +
    `train 1 epoch + evaluate ${Math.round(run.ms)} ms; wasm memory ${(after.wasm / 1048576).toFixed(0)} MB, ` +
    `page JS heap ${(heap.usedSize / 1048576).toFixed(0)} MB used of ${(heap.totalSize / 1048576).toFixed(0)} MB; ` +
    `long tasks ${JSON.stringify(after.tasks)} (load average ${load()})`);
  await shot(page, 'large-input');
  assert.equal(after.dates, '4637-11-27'); // the last row's date reaches the chart
  assert.ok(after.drawn <= 2100, `the chart draws ${after.drawn} points (2,000 for the series, one per forecast step)`);
  observed = { tasks: after.tasks, load: load() };
  assert.deepEqual(problems, []);
  await page.close();
});

// Known gap (issue 14): at 1,000,000 rows a few main-thread tasks of 50–170 ms remain (the
// autosave's IndexedDB write of the model and metrics at the end of training is the longest in a
// profile). Marked todo so it is reported in every run without failing the suite until it is fixed.
test('no main-thread task of 50 ms or more at 1,000,000 rows', { todo: 'tasks of 50–170 ms remain' }, () => {
  assert.ok(observed, 'the run above measured the tasks');
  assert.deepEqual(observed.tasks, [], `main-thread tasks of 50 ms or more: ${JSON.stringify(observed.tasks)} (load average ${observed.load})`);
});
