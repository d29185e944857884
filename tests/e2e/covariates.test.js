// Covariates (`features`, issue 15) on the page: the URL key reaches the load, the feature
// picker lists the loaded CSV's numeric columns other than the target, ticking a box is a
// settings change that lands in the URL, and train()'s metrics name the features the model read.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, waitReady, shot } from './helpers.js';

let b;
before(async () => { b = await launch(); });
after(async () => { await b?.close(); });

/** `value` follows the random walk `x` two steps behind; `z` is an unrelated numeric column. */
function laggedCsv(rows) {
  const lines = ['t,value,x,z,label'];
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

test('the picker offers the numeric columns, ticking one reaches the URL and the model', async () => {
  const { page, problems } = await openPage(b.context, `${b.url}#hidden=4&window=6&epochs=2&steps=4&transform=diff&open=data` /* the picker is in the Data section */);
  await waitReady(page);
  const summary = await page.evaluate((text) => document.querySelector('rnn-playground').loadCsv(text, { name: 'lagged.csv' }), laggedCsv(240));
  assert.equal(summary.column, 'value');
  assert.deepEqual(summary.features, []);
  assert.deepEqual(summary.numeric_columns, ['t', 'value', 'x', 'z']);

  const boxes = page.locator('rnn-playground [data-role=feature-list] input[type=checkbox]');
  await boxes.first().waitFor({ state: 'attached', timeout: 30000 });
  assert.deepEqual(await boxes.evaluateAll((els) => els.map((e) => e.value)), ['t', 'x', 'z'], 'every numeric column but the target');
  assert.deepEqual(await boxes.evaluateAll((els) => els.map((e) => e.checked)), [false, false, false]);

  await boxes.nth(1).check();
  await page.waitForFunction(() => decodeURIComponent(location.hash).includes('features=x'), null, { timeout: 30000 });
  assert.equal(await page.locator('rnn-playground input[name=features]').inputValue(), 'x');
  const metrics = await page.evaluate(() => document.querySelector('rnn-playground').train());
  assert.deepEqual(metrics.features, ['x']);
  assert.equal(metrics.forecast.length, 1, 'past the end only the direct output is forecast');
  assert.ok(metrics.warnings.some((w) => /1 of 4 steps/.test(w) && /features \(x\)/.test(w)), metrics.warnings.join(' | '));
  assert.deepEqual(await page.evaluate(() => document.querySelector('rnn-playground').summary.features), ['x']);
  assert.deepEqual(await boxes.evaluateAll((els) => els.map((e) => e.checked)), [false, true, false], 'the reload keeps the tick');
  await shot(page, 'covariates-trained');
  assert.deepEqual(problems, []);
});

test('features in the URL reach the load: a column the dataset lacks is an error naming it', async () => {
  const { page } = await openPage(b.context, `${b.url}#dataset=co2&features=volume`);
  const error = page.locator('rnn-playground [data-role=error]');
  await error.waitFor({ state: 'visible', timeout: 60000 });
  const message = await error.locator('.msg').textContent();
  assert.match(message ?? '', /feature 'volume'/);
  assert.match(message ?? '', /adjusted CO2/, 'it lists the columns there are');
});
