// Covariates (`features`, issue 15) on the page: the URL key reaches the load, the feature
// picker lists the loaded CSV's numeric columns other than the target, ticking a box is a
// settings change that lands in the URL, and train()'s metrics name the features the model read.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, waitReady, shot } from './helpers.js';

let b;
before(async () => { b = await launch(); });
after(async () => { await b?.close(); });

/** `y` follows the random walk `x` two steps behind; `z` is an unrelated numeric column. */
function laggedCsv(rows) {
  const lines = ['t,y,x,z,label'];
  let x = 50;
  const xs = [];
  let seed = 7;
  const uniform = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
  for (let i = 0; i < rows + 2; i++) { x += uniform() - 0.5; xs.push(x); }
  for (let i = 0; i < rows; i++) {
    lines.push(`${i},${xs[i].toFixed(4)},${xs[i + 2].toFixed(4)},${(i % 7).toFixed(1)},r${i}`);
  }
  return `${lines.join('\n')}\n`;
}

test('features from the URL reach the model, and the picker edits them', async () => {
  const hash = '#features=x&column=y&hidden=4&window=6&epochs=2&steps=4&transform=diff';
  // (the default dataset, loaded first, has no column x: that load fails, the CSV's succeeds)
  const { page } = await openPage(b.context, `${b.url}${hash}`);
  await waitReady(page);
  const summary = await page.evaluate((text) => document.querySelector('rnn-playground').loadCsv(text, { name: 'lagged.csv' }), laggedCsv(240));
  assert.deepEqual(summary.features, ['x']);
  assert.deepEqual(summary.numeric_columns, ['t', 'y', 'x', 'z']);

  const boxes = page.locator('rnn-playground [data-role=feature-list] input[type=checkbox]');
  await boxes.first().waitFor({ state: 'attached', timeout: 30000 });
  assert.deepEqual(await boxes.evaluateAll((els) => els.map((e) => e.value)), ['t', 'x', 'z'], 'every numeric column but the target');
  assert.deepEqual(await boxes.evaluateAll((els) => els.map((e) => e.checked)), [false, true, false]);

  const metrics = await page.evaluate(() => document.querySelector('rnn-playground').train());
  assert.deepEqual(metrics.features, ['x']);
  assert.equal(metrics.forecast.length, 1, 'past the end only the direct output is forecast');
  assert.ok(metrics.warnings.some((w) => /1 of 4 steps/.test(w) && /features \(x\)/.test(w)), metrics.warnings.join(' | '));
  await shot(page, 'covariates-trained');

  // ticking z: the control's value and the URL follow
  await boxes.nth(2).check();
  await page.waitForFunction(() => decodeURIComponent(location.hash).includes('features=x,z'), null, { timeout: 30000 });
  assert.equal(await page.locator('rnn-playground input[name=features]').inputValue(), 'x,z');
  const again = await page.evaluate(() => document.querySelector('rnn-playground').train());
  assert.deepEqual(again.features, ['x', 'z']);
});

test('a feature the data does not have is an error naming it', async () => {
  const { page } = await openPage(b.context, `${b.url}#features=volume&column=y`);
  await waitReady(page);
  const message = await page.evaluate(async (text) => {
    try {
      await document.querySelector('rnn-playground').loadCsv(text, { name: 'lagged.csv' });
      return null;
    } catch (err) {
      return err.message;
    }
  }, laggedCsv(60));
  assert.match(message ?? '', /feature 'volume'/);
});
