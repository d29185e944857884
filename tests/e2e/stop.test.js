// Stop during training: the run ends at once, train() resolves with the
// metrics so far, and the page is ready to train again.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, waitReady, waitState, shot } from './helpers.js';

let b;
before(async () => { b = await launch(); });
after(async () => { await b?.close(); });

// Both tests train until stopped (no early stopping, the most epochs there are), so the run is
// still going when they act, however fast the machine.
test('stop during training ends the run and reports metrics', async () => {
  const { page, problems } = await openPage(b.context, `${b.url}#epochs=10000&patience=0`);
  await waitReady(page);
  await page.evaluate(() => {
    const el = document.querySelector('rnn-playground');
    window.__trained = el.train().then((m) => ({ ok: true, m }), (e) => ({ ok: false, message: e.message }));
  });
  await waitState(page, ['training']);
  await page.waitForFunction(() => document.querySelector('rnn-playground').lossChart.length >= 2, null, { timeout: 120000 });
  assert.equal(await page.evaluate(() => document.querySelector('rnn-playground').dataset.phase), 'running');
  await page.click('rnn-playground [data-action=stop]');
  const result = await page.evaluate(() => window.__trained);
  assert.equal(result.ok, true, result.message);
  assert.ok(result.m.epochs_run < 10000, `epochs_run ${result.m.epochs_run}`);
  assert.equal(typeof result.m.test_rmse, 'number');
  const state = await page.evaluate(() => {
    const el = document.querySelector('rnn-playground');
    return { phase: el.dataset.phase, status: el.shadowRoot.querySelector('[data-role=status]').textContent,
      stopDisabled: el.shadowRoot.querySelector('[data-action=stop]').disabled,
      trainLabel: el.shadowRoot.querySelector('[data-action=train]').textContent };
  });
  assert.equal(state.phase, 'idle');
  assert.match(state.status, /stopped/);
  assert.equal(state.stopDisabled, true);
  assert.equal(state.trainLabel, 'Train');
  await shot(page, 'stopped');
  assert.deepEqual(problems, []);
  await page.close();
});

test('pause holds training, step trains one epoch, train continues', async () => {
  const { page, problems } = await openPage(b.context, `${b.url}#epochs=10000&patience=0`);
  await waitReady(page);
  await page.click('rnn-playground [data-action=step]');
  await page.waitForFunction(() => document.querySelector('rnn-playground').dataset.phase === 'paused', null, { timeout: 120000 });
  const afterStep = await page.evaluate(() => document.querySelector('rnn-playground').lastProgress);
  assert.ok(afterStep.batch === 0 || afterStep.batch === afterStep.batches_per_epoch, `stopped mid-epoch: ${JSON.stringify(afterStep)}`);
  await page.click('rnn-playground [data-action=train]'); // continues
  await waitState(page, ['training']);
  await page.waitForFunction((e) => document.querySelector('rnn-playground').lastProgress.epoch > e, afterStep.epoch, { timeout: 120000 });
  await page.click('rnn-playground [data-action=train]'); // pauses
  await page.waitForFunction(() => document.querySelector('rnn-playground').dataset.phase === 'paused');
  const p1 = await page.evaluate(() => document.querySelector('rnn-playground').lastProgress);
  await page.waitForTimeout(500);
  const p2 = await page.evaluate(() => document.querySelector('rnn-playground').lastProgress);
  assert.deepEqual([p2.epoch, p2.batch], [p1.epoch, p1.batch], 'no training while paused');
  await page.click('rnn-playground [data-action=stop]');
  await page.waitForFunction(() => document.querySelector('rnn-playground').dataset.phase === 'idle', null, { timeout: 60000 });
  assert.deepEqual(problems, []);
  await page.close();
});
