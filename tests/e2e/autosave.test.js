// Autosave: a reload does not lose a trained model (IndexedDB, this browser only).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, waitReady } from './helpers.js';

let b;
before(async () => { b = await launch(); });
after(async () => { await b?.close(); });

test('after a reload the autosaved model and its predictions are back', async () => {
  const { page, problems } = await openPage(b.context, `${b.url}#dataset=sine&epochs=2&hidden=8`);
  await waitReady(page);
  const before = await page.evaluate(async () => {
    const el = document.querySelector('rnn-playground');
    const metrics = await el.train();
    return { metrics, predicted: Array.from((await el.worker.call('predictions')).predicted) };
  });
  // the autosave is written after training; give IndexedDB a moment to commit
  await page.waitForTimeout(500);
  await page.reload();
  await waitReady(page);
  const after = await page.evaluate(async () => {
    const el = document.querySelector('rnn-playground');
    return {
      notice: el.shadowRoot.querySelector('[data-role=notice]').textContent,
      predicted: Array.from((await el.worker.call('predictions')).predicted),
      rows: el.shadowRoot.querySelectorAll('table.metrics tbody tr').length,
    };
  });
  assert.match(after.notice, /Restored the model autosaved/);
  assert.deepEqual(after.predicted, before.predicted);
  assert.ok(after.rows >= 2, 'the metrics table is back');
  // different settings in the URL: the autosave does not apply
  await page.goto(`${b.url}#dataset=sine&epochs=2&hidden=9`);
  await page.reload();
  await waitReady(page);
  assert.equal(await page.evaluate(() =>
    document.querySelector('rnn-playground').shadowRoot.querySelector('[data-role=notice]').hidden), true);
  assert.deepEqual(problems, []);
  await page.close();
});
