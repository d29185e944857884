// If the worker dies, the page says so, starts a new one and restores the
// last checkpoint: predictions after the restart equal those before.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, waitReady } from './helpers.js';

let b;
before(async () => { b = await launch(); });
after(async () => { await b?.close(); });

test('a crashed worker is restarted with the last checkpoint', async () => {
  const { page } = await openPage(b.context, `${b.url}#dataset=sine&epochs=2&hidden=8`);
  await waitReady(page);
  const before = await page.evaluate(async () => {
    const el = document.querySelector('rnn-playground');
    await el.train();
    return Array.from((await el.worker.call('predictions')).predicted);
  });
  await page.evaluate(() => {
    const el = document.querySelector('rnn-playground');
    el.worker.request('crash');
  });
  const notice = page.locator('rnn-playground [data-role=notice]');
  await page.waitForFunction(() => /checkpoint is restored/.test(
    document.querySelector('rnn-playground').shadowRoot.querySelector('[data-role=notice]').textContent), null, { timeout: 60000 });
  assert.match(await notice.textContent(), /crashed and was restarted/);
  const after = await page.evaluate(async () => {
    const el = document.querySelector('rnn-playground');
    return { restarts: el.worker.restarts, predicted: Array.from((await el.worker.call('predictions')).predicted) };
  });
  assert.equal(after.restarts, 1);
  assert.deepEqual(after.predicted, before);
  await page.close();
});
