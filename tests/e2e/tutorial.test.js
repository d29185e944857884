// The tutorial page (www/tutorial.html): it loads under its strict Content-Security-Policy with
// no console error and no request outside its own origin (KaTeX's fonts are bundled), every
// equation is typeset by KaTeX, no widget trains before the reader asks, and each widget trains
// when asked: its Train button, then its lifecycle state. The views beside the gate equations
// fill once the comparison has trained, and the fine-tuning button copies the first model into
// the second widget. Screenshots of the page and of each widget go to test-results/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { launch, openPage, waitState, shot, RESULTS } from './helpers.js';

let b;
before(async () => { b = await launch(); });
after(async () => { await b?.close(); });

const PLAYGROUNDS = ['rnn-lag', 'prices-lstm', 'pretrain', 'finetune-target'];
const WIDGETS = ['#rnn-lag', '#gates-lag', '#prices-lstm', '#pretrain', '#finetune-target'];

/** Opens the tutorial and waits until KaTeX has run and every widget is up and idle. */
async function openTutorial() {
  const opened = await openPage(b.context, `${b.url}www/tutorial.html`);
  const { page } = opened;
  await page.waitForFunction((sels) => sels.every((s) => document.querySelector(s)?.dataset.phase === 'idle'),
    WIDGETS, { timeout: 120000 });
  return opened;
}

/**
 * Shortens a widget's training for the test (the page's own settings are for readers) and
 * presses its Train button; resolves when the element reports `done`.
 * @param {import('playwright-core').Page} page
 * @param {string} id
 * @param {number} epochs
 */
async function trainWidget(page, id, epochs) {
  await page.evaluate(([sel, n]) => {
    const el = document.querySelector(sel);
    el.setAttribute('epochs', String(n));
    el.setAttribute('patience', String(n));
  }, [`#${id}`, epochs]);
  await page.click(`#${id} [data-action=train]`);
  await waitState(page, ['done'], `#${id}`);
  return page.evaluate((sel) => document.querySelector(sel).metrics, `#${id}`);
}

/** Saves a screenshot of one element (as laid out in the full page) as test-results/NAME.png. */
async function shotOf(page, selector, name) {
  const box = await page.evaluate((sel) => {
    const r = document.querySelector(sel).getBoundingClientRect();
    return { x: r.left + scrollX, y: r.top + scrollY, width: Math.max(1, r.width), height: Math.max(1, r.height) };
  }, selector);
  await page.screenshot({ path: join(RESULTS, `${name}.png`), fullPage: true, clip: box });
}

test('the tutorial loads cleanly, typesets every equation and trains nothing on its own', async () => {
  const { page, problems, foreign } = await openTutorial();
  const math = await page.evaluate(() => ({
    sources: document.querySelectorAll('.tex').length,
    displays: document.querySelectorAll('div.tex[data-display]').length,
    rendered: document.querySelectorAll('.tex > .katex, .tex > .katex-display').length,
    errors: document.querySelectorAll('.katex-error').length,
    untypeset: [...document.querySelectorAll('.tex')].filter((e) => !e.querySelector('.katex')).map((e) => e.dataset.tex),
    font: document.fonts.check('20px KaTeX_Main'),
    placeholders: document.body.innerText.match(/\[\[[^\]]*\]\]/g) ?? [],
  }));
  assert.ok(math.sources >= 40, `${math.sources} equations and symbols in the page`);
  assert.equal(math.displays, 7, 'display equations: forecast head, skill, RNN, its backward step, the memory series, LSTM, GRU');
  assert.deepEqual(math.untypeset, [], 'every .tex element holds KaTeX output');
  assert.equal(math.rendered, math.sources);
  assert.equal(math.errors, 0, 'no KaTeX parse error');
  assert.ok(math.font, 'the KaTeX fonts load from the page itself');
  assert.deepEqual(math.placeholders, [], 'no figure is left unfilled in the prose');
  const states = await page.evaluate((sels) => sels.map((s) => document.querySelector(s).dataset.state), WIDGETS);
  assert.deepEqual(states, WIDGETS.map(() => 'ready'), 'every widget waits for its Train button');
  assert.equal(await page.isDisabled('[data-action=transfer]'), true, 'nothing to copy before the first model trains');
  await shot(page, 'tutorial');
  assert.deepEqual(problems, []);
  assert.deepEqual(foreign, [], 'no request leaves the page\'s origin');

  const index = await openPage(b.context, `${b.url}index.html`);
  assert.equal(await index.page.locator('a[href="./www/tutorial.html"]').count(), 1, 'the playground links to the tutorial');
  await index.page.close();
  await page.close();
});

test('every widget trains when asked; the inside views and the model copy follow', async () => {
  const { page, problems, foreign } = await openTutorial();
  for (const id of PLAYGROUNDS.filter((p) => p !== 'finetune-target')) {
    const m = await trainWidget(page, id, 2);
    assert.equal(m.epochs_run, 2, id);
    assert.ok(Number.isFinite(m.test_rmse) && Number.isFinite(m.persistence_test_rmse), `${id}: ${JSON.stringify(m)}`);
  }

  // The comparison: its Train button, then `done`; then the panels beside the equations fill.
  await page.evaluate(() => {
    const el = document.querySelector('#gates-lag');
    el.setAttribute('epochs', '2');
    el.setAttribute('patience', '2');
  });
  await page.click('#gates-lag [data-action=train]');
  await waitState(page, ['done'], '#gates-lag');
  await page.waitForFunction(() => ['lstm', 'gru'].every((cell) => {
    const root = document.querySelector(`[data-role=inside-${cell}]`).shadowRoot;
    return root && root.querySelectorAll('.heatmap').length > 0 && /test/i.test(root.querySelector('.inspect-status').textContent);
  }), null, { timeout: 60000 });
  const inside = await page.evaluate(() => Object.fromEntries(['lstm', 'gru'].map((cell) => {
    const root = document.querySelector(`[data-role=inside-${cell}]`).shadowRoot;
    return [cell, [...root.querySelectorAll('[data-gate]')].map((slot) => slot.dataset.gate)];
  })));
  assert.deepEqual(inside, { lstm: ['i', 'f', 'g', 'o', 'c', 'h'], gru: ['r', 'z', 'n', 'h'] });

  // Fine-tuning: the copy button is enabled by the first widget's model and fills the second.
  await page.click('[data-action=transfer]');
  await page.waitForFunction(() => /^(Copied|Could not)/.test(document.querySelector('[data-role=transfer-status]').textContent));
  assert.match(await page.textContent('[data-role=transfer-status]'), /^Copied/);
  const imported = await page.evaluate(() => document.querySelector('#finetune-target').metrics);
  assert.equal(imported.epochs_run, 0, 'the copied model arrives trained elsewhere, not here');
  assert.ok(Number.isFinite(imported.test_rmse));
  await page.click('#finetune-target [data-action=train]');
  await waitState(page, ['done'], '#finetune-target');
  const tuned = await page.evaluate(() => document.querySelector('#finetune-target').metrics);
  assert.equal(tuned.epochs_run, 1);

  await shot(page, 'tutorial-trained');
  for (const sel of [...WIDGETS, '.inside-pair']) await shotOf(page, sel, `tutorial-${sel.replace(/[#.]/g, '')}`);
  assert.deepEqual(problems, []);
  assert.deepEqual(foreign, []);
  await page.close();
});
