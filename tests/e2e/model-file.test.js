// Export → reload → import gives identical predictions; a bad model file is
// refused with a message and the current model stays.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, waitReady, shot } from './helpers.js';

let b;
before(async () => { b = await launch(); });
after(async () => { await b?.close(); });

const predictionsOf = (page) => page.evaluate(async () => {
  const el = document.querySelector('rnn-playground');
  const p = await el.worker.call('predictions');
  return { index: Array.from(p.target_index), predicted: Array.from(p.predicted) };
});

test('export, reload and import give identical predictions', async () => {
  const url = `${b.url}#dataset=sine&epochs=3&hidden=16`;
  const { page, problems } = await openPage(b.context, url);
  await waitReady(page);
  await page.evaluate(() => document.querySelector('rnn-playground').train());
  const before = await predictionsOf(page);
  const file = await page.evaluate(async () => {
    const blob = await document.querySelector('rnn-playground').exportModel('json');
    return { type: blob.type, text: await blob.text() };
  });
  assert.equal(file.type, 'application/json');
  assert.ok(JSON.parse(file.text), 'the model file is JSON');
  const safetensorsSize = await page.evaluate(async () =>
    (await document.querySelector('rnn-playground').exportModel('safetensors')).size);
  assert.ok(safetensorsSize > 8);

  // a fresh page with no autosave: the model must come from the file
  await page.evaluate(() => new Promise((resolve) => {
    const req = indexedDB.deleteDatabase('rnn-playground');
    req.onsuccess = req.onerror = req.onblocked = () => resolve();
  }));
  await page.reload();
  await waitReady(page);
  const fresh = await predictionsOf(page);
  assert.notDeepEqual(fresh.predicted, before.predicted, 'a fresh model predicts differently');
  await page.locator('rnn-playground input[data-role=import-file]')
    .setInputFiles({ name: 'model.json', mimeType: 'application/json', buffer: Buffer.from(file.text) });
  await page.waitForFunction(() => /Loaded a model/.test(
    document.querySelector('rnn-playground').shadowRoot.querySelector('[data-role=status]').textContent), null, { timeout: 30000 });
  const after = await predictionsOf(page);
  assert.deepEqual(after.index, before.index);
  assert.deepEqual(after.predicted, before.predicted, 'identical predictions after import');
  await shot(page, 'model-imported');

  // fine-tune with the recurrent layer frozen: only the head's weights move
  await page.selectOption('rnn-playground [data-role=freeze]', 'recurrent');
  await page.waitForFunction(() => /Fine-tuning/.test(
    document.querySelector('rnn-playground').shadowRoot.querySelector('[data-role=status]').textContent));
  const tuned = await page.evaluate(async () => {
    const el = document.querySelector('rnn-playground');
    await el.train(); // the imported model, with the page's training settings
    return (await el.exportModel('json')).text();
  });
  const w0 = JSON.parse(file.text).weights;
  const w1 = JSON.parse(tuned).weights;
  assert.deepEqual(w1['lstm.weight_hh_l0'].data, w0['lstm.weight_hh_l0'].data, 'frozen recurrent weights stay');
  assert.notDeepEqual(w1['fc.weight'].data, w0['fc.weight'].data, 'the head is trained');
  await page.reload();
  await page.evaluate(() => new Promise((resolve) => {
    const req = indexedDB.deleteDatabase('rnn-playground');
    req.onsuccess = req.onerror = req.onblocked = () => resolve();
  }));
  await page.reload();
  await waitReady(page);
  await page.evaluate((text) => document.querySelector('rnn-playground').importModel(new TextEncoder().encode(text)), file.text);

  // a broken file is refused and the imported model stays
  const message = await page.evaluate(async () => {
    try {
      await document.querySelector('rnn-playground').importModel(new TextEncoder().encode('{"format": "something else"}'));
      return null;
    } catch (err) {
      return err.message;
    }
  });
  assert.ok(message && message.length > 0, 'a bad file is refused');
  assert.deepEqual((await predictionsOf(page)).predicted, before.predicted);
  assert.deepEqual(problems, []);
  await page.close();
});
