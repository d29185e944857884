// The element's task follows `#task=` in the hash (and the `task` attribute) without a reload,
// both ways: the series' trained model and predictions are still there after a visit to the
// text task, the text model still writes the same text after a visit to the series, the task
// left is hidden, and a text run is paused (and says so) when the element switches away.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, waitReady, waitState, nextEvent, shot } from './helpers.js';

let b;
before(async () => { b = await launch(); });
after(async () => { await b?.close(); });

const SERIES = 'dataset=sine&epochs=2&hidden=8&window=12';

/** Which task's view shows: the text container or the series app. */
const shown = (page) => page.evaluate(() => {
  const root = document.querySelector('rnn-playground').shadowRoot;
  const visible = (el) => !!el && el.getBoundingClientRect().height > 0;
  return { text: visible(root.querySelector('.task-text')), series: visible(root.querySelector('.app:not(.text-app)')) };
});

/** Sets the hash and waits for the element's `taskchange` (the test's timeout fails it when none comes). */
async function switchByHash(page, hash) {
  const changed = nextEvent(page, 'taskchange');
  await page.evaluate((h) => { location.hash = h; }, hash);
  return changed;
}

test('#task=text and back switch the element without a reload; each task keeps its state', { timeout: 180000 }, async () => {
  const { page, problems } = await openPage(b.context, `${b.url}#${SERIES}`);
  await waitReady(page);
  const series = await page.evaluate(async () => {
    const el = document.querySelector('rnn-playground');
    await el.train();
    return Array.from((await el.worker.call('predictions')).predicted);
  });
  await page.evaluate(() => { window.__loaded = true; }); // a reload would lose this

  const toText = await switchByHash(page, `#${SERIES}&task=text`);
  assert.deepEqual(toText, { task: 'text', from: 'series' });
  await waitState(page, ['ready']);
  assert.deepEqual(await shown(page), { text: true, series: false });
  const text = await page.evaluate(async () => {
    const el = document.querySelector('rnn-playground');
    await el.textMode.configure({ hidden: 16, embed: 8, epochs: 1, batch: 32, chunk: 32, seed: 3 });
    await el.train();
    return { text: await el.generate({ prime: 'Thy', length: 80, seed: 9 }), points: el.textMode.chart.series.train.filter((v) => v != null).length };
  });
  assert.ok(text.points > 0);

  const toSeries = await switchByHash(page, `#${SERIES}`);
  assert.deepEqual(toSeries, { task: 'series', from: 'text' });
  await waitState(page, ['done']);
  assert.deepEqual(await shown(page), { text: false, series: true });
  const back = await page.evaluate(async () => {
    const el = document.querySelector('rnn-playground');
    return { predicted: Array.from((await el.worker.call('predictions')).predicted), loaded: window.__loaded };
  });
  assert.equal(back.loaded, true, 'no reload');
  assert.deepEqual(back.predicted, series, 'the series model is the one trained before');
  await assert.rejects(page.evaluate(() => document.querySelector('rnn-playground').generate({})), /needs task="text"/);

  // The attribute switches too (the hash names no task now), and the text model is kept.
  const changed = nextEvent(page, 'taskchange');
  await page.evaluate(() => document.querySelector('rnn-playground').setAttribute('task', 'text'));
  await changed;
  await waitState(page, ['done']);
  const again = await page.evaluate(async () => {
    const el = document.querySelector('rnn-playground');
    return { text: await el.generate({ prime: 'Thy', length: 80, seed: 9 }), points: el.textMode.chart.series.train.filter((v) => v != null).length };
  });
  assert.deepEqual(again, text, 'the same text model, and its chart as it was');

  // Leaving the text task while it trains pauses the run and says so.
  await page.evaluate(async () => {
    const el = document.querySelector('rnn-playground');
    await el.textMode.configure({ hidden: 16, embed: 8, epochs: 500, batch: 32, chunk: 32, seed: 3 });
    el.train().catch(() => {});
    await new Promise((resolve) => el.addEventListener('progress', resolve, { once: true }));
  });
  const left = nextEvent(page, 'taskchange');
  await page.evaluate(() => document.querySelector('rnn-playground').removeAttribute('task'));
  await left;
  const paused = await page.evaluate(() => {
    const tm = document.querySelector('rnn-playground').textMode;
    return { state: tm.state, notice: tm.view.role('notice').textContent };
  });
  assert.equal(paused.state, 'paused');
  assert.match(paused.notice, /paused when the element switched to the series task/);
  await waitState(page, ['done']); // the series' state again
  await shot(page, 'text-switch-back-to-series');
  assert.deepEqual(problems, []);
  await page.close();
});
