// <rnn-compare>: three cells train side by side (one worker each) on the same
// data; the overlaid charts (loss, test predictions, gradient flow refreshed
// while training) and the one metrics table fill, `progress` events
// name their cell, `inspect()` answers once per run, bad `cells` are refused
// with a message naming the entry, CSV errors are the playground's, and the
// main thread never has a task longer than 50 ms while three runs train. The
// demo page runs under a strict Content-Security-Policy (style-src 'self'), so
// any inline style would show up as a console error.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, shot } from './helpers.js';
import { watchMainThread } from './trace.js';

let b;
before(async () => { b = await launch(); });
after(async () => { await b?.close(); });

/**
 * Opens a page (the demo page by default), replaces its element by
 * `<rnn-compare ATTRS>` and waits until that one is ready.
 * @param {string} attrs  attribute text
 * @param {string} [path]  the page, relative to the site
 */
async function openCompare(attrs, path = 'www/compare.html') {
  const opened = await openPage(b.context, `${b.url}${path}`);
  const { page } = opened;
  await page.evaluate((text) => {
    document.querySelector('rnn-compare, rnn-playground')?.remove(); // the page's own element
    const holder = document.createElement('div');
    holder.innerHTML = `<rnn-compare id="under-test" ${text}></rnn-compare>`;
    (document.querySelector('main') ?? document.body).prepend(holder.firstElementChild);
  }, attrs);
  await page.waitForFunction(() => {
    const el = document.querySelector('#under-test');
    return el && el.dataset.phase === 'idle' && (el.summary || el.dataset.state === 'error');
  }, null, { timeout: 90000 });
  return opened;
}

test('three cells train side by side: charts, table, progress events with the cell, inspect()', async () => {
  const { page, problems } = await openCompare('cells="rnn_tanh,lstm,gru" dataset="sine" window="20" hidden="8" epochs="3" patience="0"');
  const out = await page.evaluate(async () => {
    const el = document.querySelector('#under-test');
    const cells = new Set();
    const runs = new Set();
    let bad = 0;
    el.addEventListener('progress', (e) => {
      const d = e.detail;
      if (typeof d.cell !== 'string' || !Number.isInteger(d.run) || !Number.isFinite(d.train_loss)) bad++;
      cells.add(d.cell);
      runs.add(d.run);
    });
    const result = await el.train();
    return { result, cells: [...cells].sort(), runs: [...runs].sort(), bad, state: el.dataset.state };
  });
  assert.deepEqual(out.cells, ['gru', 'lstm', 'rnn_tanh']);
  assert.deepEqual(out.runs, [0, 1, 2]);
  assert.equal(out.bad, 0, 'every progress detail has cell, run and the loss');
  assert.equal(out.state, 'done');
  assert.deepEqual(out.result.runs.map((r) => r.cell), ['rnn_tanh', 'lstm', 'gru']);
  for (const r of out.result.runs) {
    assert.equal(r.error, null);
    assert.equal(r.metrics.epochs_run, 3, r.cell);
    assert.equal(typeof r.metrics.test_rmse, 'number', r.cell);
    assert.equal(typeof r.metrics.persistence_test_rmse, 'number', r.cell);
    assert.ok(r.wall_s > 0, `${r.cell} wall time ${r.wall_s}`);
  }
  // the views are drawn at a pace: wait for the table with every run's wall time, then read every view
  await page.waitForFunction(() => {
    const rows = [...document.querySelector('#under-test').shadowRoot.querySelectorAll('table.compare tbody tr')];
    return rows.length === 4 && rows.slice(0, 3).every((r) => /^\d+\.\d s$/.test(r.querySelector('[data-col=wall_s]')?.textContent ?? ''));
  });
  const views = await page.evaluate(() => {
    const el = document.querySelector('#under-test');
    const rows = [...el.shadowRoot.querySelectorAll('table.compare tbody tr')];
    return {
      loss: el.lossChart.tracks.map((t) => t.xs.length),
      predicted: el.predChart.counts,
      rows: rows.map((r) => r.dataset.row),
      wall: rows.slice(0, 3).map((r) => r.querySelector('[data-col=wall_s]').textContent),
      legend: [...el.shadowRoot.querySelectorAll('.runs li')].map((li) => li.dataset.cell),
      series: [el.lossChart.chart.plot.series.length, el.predChart.plot.series.length],
    };
  });
  assert.deepEqual(views.loss, [3, 3, 3], 'three epoch ends per run on the loss chart');
  assert.ok(views.predicted.every((n) => n > 0), `test predictions per run: ${views.predicted}`);
  assert.deepEqual(views.rows, ['run-0', 'run-1', 'run-2', 'persistence']);
  assert.ok(views.wall.every((t) => /^\d+\.\d s$/.test(t)), `wall times ${views.wall}`);
  assert.deepEqual(views.legend, ['rnn_tanh', 'lstm', 'gru']);
  assert.deepEqual(views.series, [1 + 3 * 2, 1 + 1 + 3], 'x, train and validation per run; x, actual and one per run');
  const inspected = await page.evaluate(async () => {
    const el = document.querySelector('#under-test');
    const last = await el.inspect();
    const first = await el.inspect({ split: 'val', index: 0 });
    const refused = await el.inspect({ split: 'test', index: 100000 }).then(() => null, (e) => e.message);
    return {
      last: last.map((i) => ({ cell: i.cell, split: i.split, states: i.grad_h_norm.length, steps: i.grad_h_norm[0].length,
        positive: i.grad_h_norm[0].every((v) => v > 0 && Number.isFinite(v)), epoch: i.epoch })),
      first: first.map((i) => [i.split, i.index]),
      refused,
    };
  });
  assert.deepEqual(inspected.last.map((i) => i.cell), ['rnn_tanh', 'lstm', 'gru'], 'one inspection per run, in order');
  for (const i of inspected.last) {
    assert.deepEqual([i.split, i.states, i.steps, i.positive], ['test', 1, 20, true], JSON.stringify(i));
    assert.ok(i.epoch >= 3, `inspected the trained model (epoch ${i.epoch})`);
  }
  assert.deepEqual(inspected.first, [['val', 0], ['val', 0], ['val', 0]]);
  assert.ok(inspected.refused, 'a window past the split is refused');
  await page.waitForFunction(() => document.querySelector('#under-test').gradChart.lines === 3);
  await shot(page, 'compare-done');
  await page.setViewportSize({ width: 360, height: 800 });
  await page.waitForFunction(() => document.querySelector('#under-test').shadowRoot.querySelector('.u-wrap')?.clientWidth < 360);
  await shot(page, 'compare-done-360px');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(overflow <= 360, `the page is ${overflow} px wide at 360 px`);
  assert.deepEqual(problems, []);
  await page.close();
});

test('a bad cells entry is refused with a message naming it; fixed attributes then train', async () => {
  const { page, problems } = await openCompare('cells="lstm,lsmt,gru" dataset="sine" window="8" epochs="1"');
  const out = await page.evaluate(async () => {
    const el = document.querySelector('#under-test');
    const shown = el.shadowRoot.querySelector('[data-role=error] .msg').textContent;
    const error = await el.train().then(() => null, (e) => e.message);
    const workers = el.slots.length;
    // the same cell twice, told apart by a per-run hidden size
    el.setAttribute('cells', 'lstm,LSTM');
    el.setAttribute('hidden', '4,8');
    const result = await el.train();
    return { shown, error, workers, labels: result.runs.map((r) => r.label), after: el.slots.length,
      errorHidden: el.shadowRoot.querySelector('[data-role=error]').hidden };
  });
  assert.match(out.shown, /cells: entry 2 "lsmt" is not one of lstm, gru, rnn_tanh, rnn_relu/);
  assert.equal(out.error, out.shown);
  assert.equal(out.workers, 0, 'no worker starts for a comparison that cannot run');
  assert.deepEqual(out.labels, ['LSTM · hidden 4', 'LSTM · hidden 8']);
  assert.equal(out.after, 2, 'one worker per run');
  assert.equal(out.errorHidden, true);
  await shot(page, 'compare-fixed-cells');
  assert.deepEqual(problems, []);
  await page.close();
});

test('loadCsv loads the text into every run, and refuses bad text with the playground\'s message', async () => {
  // On the playground page (the same module defines both elements): <rnn-playground> is not built for
  // the demo page's strict CSP (it adds a <style> element).
  const { page, problems } = await openCompare('cells="rnn,gru" dataset="sine" window="5" hidden="4" epochs="1"', 'index.html');
  const out = await page.evaluate(async () => {
    const el = document.querySelector('#under-test');
    const rows = Array.from({ length: 80 }, (_, i) => `${i},${Math.sin(i / 5).toFixed(4)}`).join('\n');
    const summary = await el.loadCsv(`t,value\n${rows}\n`, { column: 'value', name: 'sines.csv' });
    const bad = 't,value\n1,2\n2,oops\n3,4\n';
    const compareError = await el.loadCsv(bad, { column: 'value' }).then(() => null, (e) => e.message);
    const playground = document.createElement('rnn-playground');
    playground.setAttribute('dataset', 'sine');
    document.body.append(playground);
    const playgroundError = await playground.loadCsv(bad, { column: 'value' }).then(() => null, (e) => e.message);
    playground.remove();
    const result = await el.train();
    return { rows: summary.rows, compareError, playgroundError, sources: el.slots.map((s) => s.source?.name), result };
  });
  assert.equal(out.rows, 80);
  assert.ok(out.compareError, 'bad CSV is refused');
  assert.equal(out.compareError, out.playgroundError);
  assert.deepEqual(out.sources, ['sines.csv', 'sines.csv'], 'the refused text left the loaded data in place');
  assert.deepEqual(out.result.runs.map((r) => [r.cell, r.metrics.epochs_run]), [['rnn_tanh', 1], ['gru', 1]]);
  assert.deepEqual(problems, []);
  await page.close();
});

test('no main-thread task longer than 50 ms while three runs train', async () => {
  // Trains until stopped (no early stopping, the most epochs there are), however fast the machine.
  const { page, problems } = await openCompare('cells="rnn_tanh,lstm,gru" epochs="100000" patience="0"');
  await page.evaluate(() => { window.__result = document.querySelector('#under-test').train(); });
  // watch the main thread while all three report progress and predictions
  await page.waitForFunction(() => {
    const el = document.querySelector('#under-test');
    return el.dataset.phase === 'running' && el.lossChart.tracks.every((t) => t.xs.length >= 2)
      && el.predChart.counts.every((n) => n > 0)
      && el.gradChart.flows.every((f) => f && f.epoch > 0); // the gradient flow refreshed while training
  }, null, { timeout: 180000 });
  const watch = await watchMainThread(page);
  await page.waitForTimeout(3000); // the observation window (training runs until stopped)
  const seen = await watch.stop();
  const info = await page.evaluate(() => ({ phase: document.querySelector('#under-test').dataset.phase }));
  await shot(page, 'compare-training');
  const stopped = await page.evaluate(async () => {
    await document.querySelector('#under-test').stop();
    const result = await window.__result;
    return result.runs.map((r) => r.stop_reason);
  });
  assert.equal(info.phase, 'running');
  // By CPU time (tests/e2e/trace.js): a task's wall time also counts the time other processes held the cores.
  assert.ok(seen.tasks > 20, seen.describe);
  assert.deepEqual(seen.cpuLong, [], `while three runs train: ${seen.describe}`);
  assert.deepEqual(stopped, ['stopped', 'stopped', 'stopped']);
  assert.deepEqual(problems, []);
  await page.close();
});
