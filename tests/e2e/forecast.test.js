// Prediction intervals on the page: the `interval` URL key restores into its
// control, the trained model's metrics carry the interval keys, and the
// prediction chart draws the band around the forecast.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, waitReady, nextEvent, shot } from './helpers.js';

let b;
before(async () => { b = await launch(); });
after(async () => { await b?.close(); });

test('the interval key restores and the forecast gets its band', async () => {
  const { page, problems } = await openPage(b.context, `${b.url}#dataset=co2&transform=diff&epochs=3&interval=0.9`);
  await waitReady(page);
  const control = await page.evaluate(() => document.querySelector('rnn-playground').shadowRoot
    .querySelector('[name=interval]').value);
  assert.equal(control, '0.9');
  const trained = nextEvent(page, 'trained');
  await page.click('rnn-playground [data-action=train]');
  const metrics = await trained;
  assert.equal(metrics.interval_level, 0.9);
  assert.equal(typeof metrics.test_interval_coverage, 'number');
  assert.equal(typeof metrics.test_mase, 'number');
  assert.equal(metrics.forecast_lower.length, metrics.forecast.length);
  const counts = await page.evaluate(() => document.querySelector('rnn-playground').predChart.counts);
  assert.equal(counts.band, counts.forecast);
  assert.ok(counts.band > 0, 'band drawn');
  await shot(page, 'forecast-band');
  assert.deepEqual(problems, []);
  await page.close();
});

test('without an interval there is no band', async () => {
  const { page, problems } = await openPage(b.context, `${b.url}#dataset=co2&transform=diff&epochs=2`);
  await waitReady(page);
  const trained = nextEvent(page, 'trained');
  await page.click('rnn-playground [data-action=train]');
  const metrics = await trained;
  assert.equal(metrics.interval_level, null);
  const counts = await page.evaluate(() => document.querySelector('rnn-playground').predChart.counts);
  assert.ok(counts.forecast > 0);
  assert.equal(counts.band, 0);
  assert.deepEqual(problems, []);
  await page.close();
});
