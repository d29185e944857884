// A 1,000,000-row CSV through the page as a user gives it (the file picker):
// parsed in the worker, the series and predictions transferred rather than
// copied, the charts fed the minimum and maximum per pixel column. The target,
// no main-thread task of 50 ms or more from the file load through one training
// epoch and the plot, is checked on each task's CPU time, read from a Chrome
// trace (CDP `Tracing`, the thread time `tdur` of every main-thread task): on
// two cores shared by several builds a task's wall time also counts the time
// the main thread waited for a core (tasks of 2 ms CPU took 100 ms wall), so
// the wall-time long tasks (PerformanceObserver) are reported, not asserted.
// The CSV is generated here (not committed).
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

/** @type {{tasks: object[], cpu: object[], load: string}|null} the long tasks the run below saw */
let observed = null;
/** @type {{page: import('playwright-core').Page, problems: string[]}|null} the page trained on 1,000,000 rows */
let trained = null;

/**
 * The main-thread tasks of a Chrome trace (category `toplevel`) that took `ms` or more of CPU
 * time, as `{start, cpu, wall}` in ms from the trace's first main-thread task.
 * @param {any[]} events
 * @param {number} ms
 */
function cpuLongTasks(events, ms) {
  const main = new Set(events.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
    .map((e) => `${e.pid}:${e.tid}`));
  const tasks = events.filter((e) => e.ph === 'X' && e.name === 'ThreadControllerImpl::RunTask' && main.has(`${e.pid}:${e.tid}`));
  assert.ok(tasks.length > 100, `the trace has ${tasks.length} main-thread tasks`);
  assert.ok(tasks.every((e) => typeof e.tdur === 'number'), 'every task has its CPU time (tdur)');
  const t0 = Math.min(...tasks.map((e) => e.ts));
  return tasks.filter((e) => e.tdur >= ms * 1000)
    .map((e) => ({ start: Math.round((e.ts - t0) / 1000), cpu: Math.round(e.tdur / 1000), wall: Math.round(e.dur / 1000) }));
}

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
  const cdp = await page.context().newCDPSession(page);
  /** @type {any[]} */
  const trace = [];
  cdp.on('Tracing.dataCollected', (e) => trace.push(...e.value));
  const traced = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
  await cdp.send('Tracing.start', { traceConfig: { includedCategories: ['toplevel'] }, transferMode: 'ReportEvents' });
  // By path, as a user's pick: the browser reads the file (no test-side copy into the page).
  await page.locator('rnn-playground input[data-role=csv-file]').setInputFiles(file);
  await page.waitForFunction((rows) => {
    const el = document.querySelector('rnn-playground');
    return el.summary?.rows === rows && el.dataset.phase === 'idle';
  }, ROWS, { timeout: 120000 });
  const loaded = await page.evaluate(() => {
    const el = document.querySelector('rnn-playground');
    return { ms: performance.now() - window.__t0, drawn: el.predChart.plot.data[0].length, actual: el.predChart.counts.actual,
      detail: el.predChart.detail };
  });
  assert.equal(loaded.actual, ROWS);
  assert.equal(loaded.detail, null, 'not zoomed: the overview only');
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
      wasm: info.wasm_memory_bytes, dates: el.predChart.tickLabel(999999), detail: el.predChart.detail,
    };
  });
  await cdp.send('Tracing.end');
  await traced;
  const cpu = cpuLongTasks(trace, 50);
  const heap = await cdp.send('Runtime.getHeapUsage');
  console.log(`# large input: ${ROWS} rows (${(text.length / 1048576).toFixed(1)} MB): load ${Math.round(loaded.ms)} ms, ` +
    `train 1 epoch + evaluate ${Math.round(run.ms)} ms; wasm memory ${(after.wasm / 1048576).toFixed(0)} MB, ` +
    `page JS heap ${(heap.usedSize / 1048576).toFixed(0)} MB used of ${(heap.totalSize / 1048576).toFixed(0)} MB; ` +
    `tasks of 50 ms or more: wall ${JSON.stringify(after.tasks)}, CPU ${JSON.stringify(cpu)} (load average ${load()})`);
  await shot(page, 'large-input');
  assert.equal(after.dates, '4637-11-27'); // the last row's date reaches the chart
  assert.equal(after.detail, null, 'not zoomed: the overview only');
  assert.ok(after.drawn <= 2100, `the chart draws ${after.drawn} points (2,000 for the series, one per forecast step)`);
  observed = { tasks: after.tasks, cpu, load: load() };
  assert.deepEqual(problems, []);
  trained = { page, problems };
});

// The CPU time of every main-thread task (the work the page does; see the top of this file).
test('no main-thread task takes 50 ms of CPU or more at 1,000,000 rows', () => {
  assert.ok(observed, 'the run above measured the tasks');
  assert.deepEqual(observed.cpu, [], `main-thread tasks of 50 ms CPU or more: ${JSON.stringify(observed.cpu)}; ` +
    `tasks of 50 ms wall or more: ${JSON.stringify(observed.tasks)} (load average ${observed.load})`);
});

// Zooming into the long series redraws the range at full detail: a range of up to 20,000 rows from
// the page's own rows, a longer one from the worker (`drawn-range`). The points drawn inside the
// range are then the rows themselves (or their min/max per bucket of the range), not the overview's
// 1,000-bucket envelope.
test('zooming into the 1,000,000-row series shows the exact rows of the range', async () => {
  assert.ok(trained, 'the run above trained the page');
  const { page, problems } = trained;
  /** Zooms to [min, max] and waits until the chart draws at least `want` points inside it; returns how many. */
  const zoom = async (min, max, want) => {
    await page.evaluate(([lo, hi]) => document.querySelector('rnn-playground').predChart.plot.setScale('x', { min: lo, max: hi }), [min, max]);
    const inside = () => page.evaluate(([lo, hi]) => document.querySelector('rnn-playground').predChart.plot.data[0]
      .filter((x) => x >= lo && x <= hi).length, [min, max]);
    await page.waitForFunction(([lo, hi, n]) => document.querySelector('rnn-playground').predChart.plot.data[0]
      .filter((x) => x >= lo && x <= hi).length >= n, [min, max, want], { timeout: 30000 })
      .catch(async () => assert.fail(`zoomed to [${min}, ${max}]: ${await inside()} points drawn there, not ${want}`));
    return inside();
  };
  // 101 rows of the middle: every one drawn, with its value and its one-step prediction.
  await zoom(500000, 500100, 101);
  const small = await page.evaluate(() => {
    const el = document.querySelector('rnn-playground');
    const [xs, actual, train, val, test] = el.predChart.plot.data;
    const p = el.predictions;
    let k = 0;
    while (p.target_index[k] < 500000) k++;
    const rows = [];
    for (let j = 0; j < xs.length; j++) {
      if (xs[j] < 500000 || xs[j] > 500100) continue;
      const i = xs[j];
      while (p.target_index[k] < i) k++;
      rows.push({ i, drawn: actual[j], value: el.summary.values[i], pred: train[j] ?? val[j] ?? test[j],
        want: p.target_index[k] === i ? p.predicted[k] : null });
    }
    return rows;
  });
  assert.equal(small.length, 101);
  assert.deepEqual(small.map((r) => r.i), Array.from({ length: 101 }, (_, j) => 500000 + j));
  for (const r of small) {
    assert.equal(r.drawn, r.value, `row ${r.i}: the chart draws ${r.drawn}, the row is ${r.value}`);
    assert.equal(r.pred, r.want, `row ${r.i}: the chart draws the prediction ${r.pred}, it is ${r.want}`);
  }
  // 200,000 rows: drawn by the worker as min/max per bucket of the range (2,000 points), whose
  // extremes are the range's own.
  const inside = await zoom(100500, 300500, 1999);
  assert.ok(inside <= 2001, `${inside} points drawn inside a zoomed range of 200,000 rows`);
  const big = await page.evaluate(() => {
    const el = document.querySelector('rnn-playground');
    const [xs, actual] = el.predChart.plot.data;
    let lo = Infinity;
    let hi = -Infinity;
    for (let j = 0; j < xs.length; j++) {
      if (xs[j] < 100500 || xs[j] > 300500 || actual[j] == null) continue;
      lo = Math.min(lo, actual[j]);
      hi = Math.max(hi, actual[j]);
    }
    let rlo = Infinity;
    let rhi = -Infinity;
    for (let i = 100500; i <= 300500; i++) {
      rlo = Math.min(rlo, el.summary.values[i]);
      rhi = Math.max(rhi, el.summary.values[i]);
    }
    return { lo, hi, rlo, rhi };
  });
  assert.deepEqual([big.lo, big.hi], [big.rlo, big.rhi]);
  // Zoomed out again: the overview.
  await page.evaluate(() => {
    const chart = document.querySelector('rnn-playground').predChart;
    chart.plot.setScale('x', { min: 0, max: chart.plot.data[0].at(-1) });
  });
  await page.waitForFunction(() => document.querySelector('rnn-playground').predChart.plot.data[0].length <= 2100);
  assert.deepEqual(problems, []);
  await page.close();
});
