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
  // the autosave is written after training: wait until IndexedDB holds this run's model and metrics
  const saved = await page.evaluate(async (epochs) => {
    const read = () => new Promise((resolve) => {
      const open = indexedDB.open('rnn-playground');
      open.onupgradeneeded = () => open.transaction.abort(); // not there yet: do not create it
      open.onerror = () => resolve(null);
      open.onsuccess = () => {
        const db = open.result;
        if (!db.objectStoreNames.contains('autosave')) { db.close(); resolve(null); return; }
        const get = db.transaction('autosave').objectStore('autosave').get('page');
        get.onsuccess = () => { db.close(); resolve(get.result ?? null); };
        get.onerror = () => { db.close(); resolve(null); };
      };
    });
    for (let i = 0; i < 600; i++) {
      const snap = await read();
      if (snap?.model && snap.metrics?.epochs_run === epochs) return true;
      await new Promise((r) => setTimeout(r, 50));
    }
    return false;
  }, before.metrics.epochs_run);
  assert.equal(saved, true, 'the trained model was autosaved');
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
