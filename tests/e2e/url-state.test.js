// A URL with state restores it: controls show the values, hide flags hide,
// changing a control updates the hash, and a reload keeps everything.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, waitReady, shot } from './helpers.js';

let b;
before(async () => { b = await launch(); });
after(async () => { await b?.close(); });

test('state in the URL hash is restored and kept up to date', async () => {
  const hash = '#dataset=sine&window=24&cell=gru&hidden=16&bidirectional=true&lr=0.003&epochs=7&layers_hide=true&hideText=true';
  const { page, problems } = await openPage(b.context, b.url + hash);
  await waitReady(page);
  const read = () => page.evaluate(() => {
    const r = document.querySelector('rnn-playground').shadowRoot;
    const val = (k) => r.querySelector(`[name=${k}]`);
    return {
      dataset: val('dataset').value, window: val('window').value, cell: val('cell').value, hidden: val('hidden').value,
      bidirectional: val('bidirectional').checked, lr: val('lr').value, epochs: val('epochs').value,
      layersVisible: val('layers').closest('.field').checkVisibility(),
      proseVisible: r.querySelector('header .prose').checkVisibility(),
      hash: location.hash,
    };
  });
  const s = await read();
  assert.deepEqual(s, { dataset: 'sine', window: '24', cell: 'gru', hidden: '16', bidirectional: true, lr: '0.003',
    epochs: '7', layersVisible: false, proseVisible: false, hash });
  assert.match(await page.locator('rnn-playground [data-role=source]').textContent(), /sine/i);
  await shot(page, 'url-state');

  // change a control with the keyboard: the hash follows
  const hiddenInput = page.locator('rnn-playground input[name=hidden]');
  await hiddenInput.fill('24');
  await hiddenInput.press('Tab');
  await page.waitForFunction(() => location.hash.includes('hidden=24'));
  await page.selectOption('rnn-playground select[name=cell]', 'rnn_relu');
  await page.waitForFunction(() => location.hash.includes('cell=rnn_relu'));

  await page.reload();
  await waitReady(page);
  const again = await read();
  assert.equal(again.hidden, '24');
  assert.equal(again.cell, 'rnn_relu');
  assert.equal(again.window, '24');
  assert.equal(again.layersVisible, false);
  assert.deepEqual(problems, []);
  await page.close();
});

test('a bad value in the URL is reported and the default used', async () => {
  const { page } = await openPage(b.context, `${b.url}#dataset=sine&hidden=lots`);
  await waitReady(page);
  const msg = await page.locator('rnn-playground [data-role=error] .msg').textContent();
  assert.match(msg, /hidden: "lots" is not a whole number/);
  assert.equal(await page.locator('rnn-playground input[name=hidden]').inputValue(), '50');
  await page.close();
});
