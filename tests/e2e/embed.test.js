// The embed example runs two widgets, each with its own worker, without
// interfering; the element's JS API and events work on both.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, waitReady, shot } from './helpers.js';

let b;
before(async () => { b = await launch(); });
after(async () => { await b?.close(); });

test('the embed example trains two widgets side by side', async () => {
  const { page, problems, foreign } = await openPage(b.context, `${b.url}www/embed-example.html`);
  await waitReady(page, '#rnn');
  await waitReady(page, '#lstm');
  const result = await page.evaluate(async () => {
    const [a, c] = [document.querySelector('#rnn'), document.querySelector('#lstm')];
    for (const el of [a, c]) el.setAttribute('epochs', '3'); // applies to the next train()
    const events = { rnn: 0, lstm: 0, trained: 0 };
    a.addEventListener('progress', () => events.rnn++);
    c.addEventListener('progress', () => events.lstm++);
    for (const el of [a, c]) el.addEventListener('trained', () => events.trained++);
    const [ma, mc] = await Promise.all([a.train(), c.train()]);
    return { ma, mc, events, workers: a.worker.worker !== c.worker.worker && !!a.worker.worker && !!c.worker.worker,
      compact: a.shadowRoot.querySelector('.app').classList.contains('compact') };
  });
  assert.equal(result.workers, true, 'each element has its own worker');
  assert.equal(result.compact, true);
  assert.equal(result.ma.epochs_run, 3);
  assert.equal(result.mc.epochs_run, 3);
  assert.notEqual(result.ma.test_rmse, result.mc.test_rmse, 'RNN and LSTM give different results');
  assert.ok(result.events.rnn > 0 && result.events.lstm > 0, JSON.stringify(result.events));
  assert.equal(result.events.trained, 2);
  const fc = await page.evaluate(async () => Array.from(await document.querySelector('#lstm').forecast(12)));
  assert.equal(fc.length, 12);
  assert.ok(fc.every(Number.isFinite));
  await shot(page, 'embed-example');
  // removed from the page, an element ends its worker; put back, it starts a new one
  const closed = await page.evaluate(async () => {
    const el = document.querySelector('#rnn');
    const parent = el.parentNode;
    el.remove();
    // the element ends its worker once it is sure it was removed, not moved (lifecycle state `closed`)
    for (let i = 0; i < 500 && el.dataset.state !== 'closed'; i++) await new Promise((r) => setTimeout(r, 10));
    const gone = el.worker === null;
    parent.prepend(el);
    return gone;
  });
  assert.equal(closed, true);
  await waitReady(page, '#rnn');
  const again = await page.evaluate(async () => (await document.querySelector('#rnn').train()).epochs_run);
  assert.equal(again, 3);
  assert.deepEqual(problems, []);
  assert.deepEqual(foreign, []);
  await page.close();
});
