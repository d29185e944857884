// The rolling-origin backtest on the page (issue 15): the Backtest button runs the folds with
// progress and draws the fold chart, table and sentence from the report; Stop ends it and the
// page goes on working; the backtest and interval keys restore from the URL; the interval band
// is drawn; an imported model's features are adopted, or refused naming the missing column.
// Every wait is on a state, an event or a promise, never on time.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { launch, openPage, waitReady, waitState, nextEvent, shot, RESULTS } from './helpers.js';

let b;
before(async () => { b = await launch(); });
after(async () => { await b?.close(); });

const SMALL = 'dataset=co2&hidden=4&window=12&epochs=2&steps=6';

/** Records every `progress` event's `detail.backtest` in `window.backtestSteps`. */
async function recordBacktestProgress(page) {
  await page.evaluate(() => {
    window.backtestSteps = [];
    document.querySelector('rnn-playground').addEventListener('progress', (e) => {
      if (e.detail?.backtest) window.backtestSteps.push(e.detail.backtest);
    });
  });
}

test('Backtest on co2 runs every fold; the chart, table and sentence show the report', async () => {
  const { page, problems } = await openPage(b.context, `${b.url}#${SMALL}&backtest=3&open=training`);
  await waitReady(page);
  assert.equal(await page.locator('rnn-playground input[name=backtest]').inputValue(), '3', 'the control shows the URL value');
  assert.equal(await page.evaluate(() => document.querySelector('rnn-playground').dataset.state), 'ready', 'not run on load');
  assert.equal(await page.locator('rnn-playground [data-role=backtest-panel]').isHidden(), true);
  await recordBacktestProgress(page);
  const done = nextEvent(page, 'backtested');
  const button = page.locator('rnn-playground [data-action=backtest]');
  await button.focus();
  await page.keyboard.press('Enter'); // keyboard-operable
  const report = await done;
  assert.equal(report.complete, true);
  assert.equal(report.planned, 3);
  assert.equal(report.folds.length, 3);
  assert.ok(Number.isFinite(report.mean.test_mase), `mean MASE ${report.mean.test_mase}`);
  assert.ok(Number.isFinite(report.mean.baselines.persistence.mase));
  const folds = await page.evaluate(() => [...new Set(window.backtestSteps.map((s) => s.fold))]);
  assert.deepEqual(folds, [1, 2, 3], 'progress names every fold');

  await waitState(page, ['ready']);
  const chart = await page.evaluate(() => {
    const c = document.querySelector('rnn-playground').backtestChart;
    return { folds: c.folds, model: c.plot.data[1], mean: c.plot.data[4] };
  });
  assert.equal(chart.folds, 3);
  assert.deepEqual(chart.model.map((v) => Number(v.toFixed(6))), report.folds.map((f) => Number(f.test_mase.toFixed(6))));
  assert.ok(chart.mean.every((v) => Math.abs(v - report.mean.test_mase) < 1e-9), 'the mean line is the report mean');
  const rows = page.locator('rnn-playground [data-role=backtest-table] tbody tr');
  assert.equal(await rows.count(), 4, 'three folds and the mean');
  assert.equal(await rows.last().locator('[data-col=mase]').textContent(), report.mean.test_mase.toFixed(2));
  const sentence = await page.locator('rnn-playground [data-role=backtest-sentence]').textContent();
  assert.ok(sentence.includes(`mean MASE ${report.mean.test_mase.toFixed(2)} over 3 folds`), sentence);
  assert.ok(sentence.includes(`persistence ${report.mean.baselines.persistence.mase.toFixed(2)}`), sentence);
  console.log(`co2 backtest (hidden 4, window 12, 2 epochs, 3 folds): ${sentence}`);
  await page.locator('rnn-playground [data-role=backtest-panel]').scrollIntoViewIfNeeded();
  await shot(page, 'backtest-folds');
  await page.locator('rnn-playground [data-role=backtest-panel]').screenshot({ path: join(RESULTS, 'backtest-panel.png') });

  // The element API: same report keys as the CLI's metrics `backtest`.
  const again = await page.evaluate(() => document.querySelector('rnn-playground').backtest());
  assert.ok(Array.isArray(again.folds) && again.mean && again.folds.length === 3);
  assert.deepEqual(problems, []);
});

test('Stop during a backtest ends it; the page trains afterwards', async () => {
  const { page, problems } = await openPage(b.context, `${b.url}#dataset=co2&hidden=4&window=12&epochs=30&backtest=4`);
  await waitReady(page);
  await recordBacktestProgress(page);
  await page.evaluate(() => { window.backtestRun = document.querySelector('rnn-playground').backtest(); });
  await page.waitForFunction(() => window.backtestSteps.length > 0, null, { timeout: 60000 });
  await waitState(page, ['backtesting']);
  const disabled = (action) => page.locator(`rnn-playground [data-action=${action}]`).isDisabled();
  assert.equal(await disabled('train'), true, 'no Train while backtesting');
  assert.equal(await disabled('backtest'), true);
  assert.equal(await disabled('stop'), false);
  await page.locator('rnn-playground [data-action=stop]').click();
  const report = await page.evaluate(() => window.backtestRun);
  assert.equal(report.complete, false, 'stopped');
  assert.ok(report.folds.length < 4, `${report.folds.length} folds`);
  await waitState(page, ['ready']);
  assert.equal(await disabled('backtest'), false);
  assert.match(await page.locator('rnn-playground [data-role=status]').textContent(), /Backtest stopped after \d of 4 folds/);
  await page.evaluate(() => { document.querySelector('rnn-playground').setAttribute('epochs', '2'); });
  const metrics = await page.evaluate(() => document.querySelector('rnn-playground').train());
  assert.ok(Number.isFinite(metrics.test_rmse), 'training works after the stop');
  assert.deepEqual(problems, []);
});

test('#backtest=3&interval=0.8 restores both controls after a reload; the band is drawn', async () => {
  const { page, problems } = await openPage(b.context, `${b.url}#${SMALL}&backtest=3&interval=0.8&open=training`);
  await waitReady(page);
  const value = (name) => page.locator(`rnn-playground [name=${name}]`).inputValue();
  assert.equal(await value('backtest'), '3');
  assert.equal(await value('interval'), '0.8');
  // A change of the control reaches the URL and survives the reload.
  await page.locator('rnn-playground input[name=backtest]').fill('5');
  await page.locator('rnn-playground input[name=backtest]').dispatchEvent('change');
  await page.waitForFunction(() => /backtest=5/.test(location.hash), null, { timeout: 30000 });
  await page.reload();
  await waitReady(page);
  assert.equal(await value('backtest'), '5');
  assert.equal(await value('interval'), '0.8');
  assert.equal(await page.evaluate(() => document.querySelector('rnn-playground').dataset.state), 'ready', 'not run on load');

  const metrics = await page.evaluate(() => document.querySelector('rnn-playground').train());
  assert.equal(metrics.interval_level, 0.8);
  const band = await page.evaluate(() => {
    const c = document.querySelector('rnn-playground').predChart;
    const count = (i) => c.plot.data[i].filter((v) => v != null).length;
    return { counted: c.counts.band, low: count(6), high: count(7) };
  });
  assert.ok(band.counted > 0 && band.low === band.counted && band.high === band.counted, JSON.stringify(band));
  assert.deepEqual(problems, []);
});

/** `value` follows `x` two steps behind; `z` is an unrelated column. */
function laggedCsv(rows, withX = true) {
  const lines = [withX ? 't,value,x,z' : 't,value,z'];
  let x = 50;
  let seed = 11;
  const xs = [];
  const uniform = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
  for (let i = 0; i < rows + 2; i++) { x += uniform() - 0.5; xs.push(x); }
  for (let i = 0; i < rows; i++) {
    lines.push(withX ? `${i},${xs[i].toFixed(4)},${xs[i + 2].toFixed(4)},${i % 7}` : `${i},${xs[i].toFixed(4)},${i % 7}`);
  }
  return `${lines.join('\n')}\n`;
}

test('an imported model brings its features into the settings, or is refused naming the missing one', async () => {
  const { page, problems } = await openPage(b.context, `${b.url}#hidden=4&window=6&epochs=1&open=data`);
  await waitReady(page);
  await page.evaluate((text) => document.querySelector('rnn-playground').loadCsv(text, { name: 'lagged.csv' }), laggedCsv(200));
  const setFeatures = (v) => page.evaluate((value) => {
    const input = document.querySelector('rnn-playground').shadowRoot.querySelector('input[name=features]');
    input.value = value;
    input.dispatchEvent(new Event('change', { bubbles: true }));
  }, v);
  await setFeatures('x');
  await page.waitForFunction(() => {
    const el = document.querySelector('rnn-playground');
    return el.dataset.phase === 'idle' && el.summary?.features?.length === 1;
  }, null, { timeout: 60000 });
  await page.evaluate(() => document.querySelector('rnn-playground').train());
  await page.evaluate(async () => { window.modelFile = await (await document.querySelector('rnn-playground').exportModel('safetensors')).arrayBuffer(); });

  await setFeatures('');
  await page.waitForFunction(() => {
    const el = document.querySelector('rnn-playground');
    return el.dataset.phase === 'idle' && el.summary?.features?.length === 0 && !/features=/.test(location.hash);
  }, null, { timeout: 60000 });
  const imported = await page.evaluate(() => document.querySelector('rnn-playground').importModel(window.modelFile));
  assert.deepEqual(imported.config.features, ['x']);
  assert.deepEqual(await page.evaluate(() => document.querySelector('rnn-playground').summary.features), ['x'], 'the data was loaded again with x');
  assert.equal(await page.locator('rnn-playground input[name=features]').inputValue(), 'x');
  assert.match(await page.evaluate(() => decodeURIComponent(location.hash)), /features=x/);
  assert.equal(await page.locator('rnn-playground [data-role=feature-list] input[value=x]').isChecked(), true);

  // Data without the column: refused before anything changes, naming the feature.
  await setFeatures('');
  await page.waitForFunction(() => {
    const el = document.querySelector('rnn-playground');
    return el.dataset.phase === 'idle' && el.summary?.features?.length === 0;
  }, null, { timeout: 60000 });
  await page.evaluate((text) => document.querySelector('rnn-playground').loadCsv(text, { name: 'no-x.csv' }), laggedCsv(200, false));
  const error = await page.evaluate(() => document.querySelector('rnn-playground').importModel(window.modelFile).then(() => null, (e) => e.message));
  assert.match(error ?? '', /feature column "x"/);
  assert.match(error ?? '', /no-x\.csv/);
  assert.deepEqual(problems.filter((p) => !/feature column/.test(p)), []);
});
