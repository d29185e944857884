// The long-dependency series from the URL and the element's attributes: `lag` reaches the
// generator in the worker (a data key: changing it loads the series again), and a window
// shorter than the lag is refused with the configuration's message.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, waitReady } from './helpers.js';

let b;
before(async () => { b = await launch(); });
after(async () => { await b?.close(); });

/** The generator's note of the loaded series (`… lag N, seed S`). */
function echoNote(page) {
  return page.evaluate(() => document.querySelector('rnn-playground').summary.notes.find((n) => n.startsWith('synthetic echo')));
}

test('dataset=memory takes its lag from the URL and from the attribute', async () => {
  const { page, problems } = await openPage(b.context, `${b.url}#dataset=memory&lag=12&window=14&hidden=4&epochs=1`);
  await waitReady(page);
  const s = await page.evaluate(() => { const x = document.querySelector('rnn-playground').summary; return { source: x.source, rows: x.rows }; });
  assert.deepEqual(s, { source: 'dataset memory', rows: 2000 });
  assert.match(await echoNote(page), /lag 12, seed 42$/);
  const epochs = await page.evaluate(async () => (await document.querySelector('rnn-playground').train()).epochs_run);
  assert.equal(epochs, 1);

  await page.evaluate(() => {
    const el = document.querySelector('rnn-playground');
    for (const [key, value] of Object.entries({ dataset: 'memory', window: '24', lag: '20', hidden: '4', epochs: '1' })) {
      el.setAttribute(key, value);
    }
  });
  await page.evaluate(async () => { await document.querySelector('rnn-playground').train(); });
  assert.match(await echoNote(page), /lag 20, seed 42$/);

  // A window that does not reach back lag steps: the configuration's message, naming the key.
  const refused = await page.evaluate(async () => {
    const el = document.querySelector('rnn-playground');
    el.setAttribute('window', '10');
    try { await el.train(); return 'trained'; } catch (err) { return String(err?.message ?? err); }
  });
  assert.match(refused, /window.*lag = 20 steps back.*at least 20 \(got 10\)/);
  assert.deepEqual(problems.filter((p) => !p.includes('lag = 20')), []);
  await page.close();
});
