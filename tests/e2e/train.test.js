// A built-in dataset trains for a few epochs: the loss chart and the
// prediction chart update, the metrics table fills, and the main thread never
// has a task longer than 50 ms while the worker trains.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, waitReady, waitState, nextEvent, shot } from './helpers.js';
import { watchMainThread } from './trace.js';

let b;
before(async () => { b = await launch(); });
after(async () => { await b?.close(); });

test('the default dataset trains a few epochs and both charts update', async () => {
  const { page, problems } = await openPage(b.context, `${b.url}#epochs=4`);
  await waitReady(page);
  const before = await page.evaluate(() => {
    const el = document.querySelector('rnn-playground');
    return { loss: el.lossChart.length, predicted: el.predChart.counts.predicted };
  });
  assert.deepEqual(before, { loss: 0, predicted: 0 });
  const progress = nextEvent(page, 'progress');
  // `trained` comes once metrics, predictions and the forecast are all shown
  const trained = nextEvent(page, 'trained');
  await page.click('rnn-playground [data-action=train]');
  const first = await progress;
  assert.ok(first.batches_per_epoch > 0 && Number.isFinite(first.train_loss));
  await shot(page, 'train-running');
  await trained;
  const after = await page.evaluate(() => {
    const el = document.querySelector('rnn-playground');
    return { loss: el.lossChart.length, counts: el.predChart.counts, metrics: el.metrics, phase: el.dataset.phase,
      rows: [...el.shadowRoot.querySelectorAll('table.metrics tbody tr')].map((r) => r.dataset.row) };
  });
  assert.ok(after.loss >= 2, `loss chart has ${after.loss} points`);
  assert.ok(after.counts.predicted > 0, 'one-step predictions drawn');
  assert.ok(after.counts.forecast > 0, 'forecast drawn past the end');
  assert.equal(after.phase, 'idle');
  assert.equal(after.metrics.epochs_run, 4);
  for (const k of ['train_rmse', 'val_rmse', 'test_rmse', 'persistence_test_rmse', 'skill']) {
    assert.equal(typeof after.metrics[k], 'number', k);
  }
  assert.equal(after.rows[0], 'model');
  assert.ok(after.rows.includes('persistence'));
  await shot(page, 'train-done');
  assert.deepEqual(problems, []);
  await page.close();
});

test('no main-thread task longer than 50 ms while the classic configuration trains', async () => {
  // Trains until stopped (no early stopping, the most epochs there are), however fast the machine.
  const { page, problems } = await openPage(b.context, `${b.url}#epochs=10000&patience=0`);
  await waitReady(page);
  await page.click('rnn-playground [data-action=train]');
  await waitState(page, ['training']);
  // watch the main thread while progress (and prediction) updates arrive
  await page.waitForFunction(() => {
    const el = document.querySelector('rnn-playground');
    return el.lossChart.length >= 2 && el.predChart.counts.predicted > 0;
  }, null, { timeout: 120000 });
  const watch = await watchMainThread(page);
  await page.waitForTimeout(3000); // the observation window (training runs until stopped)
  const seen = await watch.stop();
  const info = await page.evaluate(() => ({
    points: document.querySelector('rnn-playground').lossChart.length,
    phase: document.querySelector('rnn-playground').dataset.phase,
  }));
  await page.click('rnn-playground [data-action=stop]');
  await waitState(page, ['done']);
  assert.equal(info.phase, 'running');
  assert.ok(seen.tasks > 20, seen.describe);
  assert.deepEqual(seen.cpuLong, [], `during training: ${seen.describe}`); // by CPU time: tests/e2e/trace.js
  assert.deepEqual(problems, []);
  await page.close();
});
