import { test } from 'node:test';
import assert from 'node:assert/strict';
import { metricRows, metricWarnings, rangeWarning, baselineNotes } from '../../www/metrics-table.js';

const metrics = {
  train_rmse: 1, val_rmse: 2, test_rmse: 3, test_mae: 2.5, test_mape: 4, test_smape: 3.9,
  persistence_test_rmse: 4, skill: 0.25, epochs_run: 12,
  baselines: {
    persistence: { n: 30, rmse: 4, mae: 3, mape: 2, mape_skipped: 0, smape: 2.1 },
    seasonal_naive: { n: 30, rmse: 5, mae: 4, mape: null, mape_skipped: 0, smape: 3 },
    season: 12,
    moving_average: null,
    ma_window: 10,
    notes: ['MAPE skipped 0 zero targets'],
  },
  warnings: [],
};

test('rows: the model first, then every baseline with skill against persistence', () => {
  const rows = metricRows(metrics);
  assert.deepEqual(rows.map((r) => r.name), ['model', 'persistence', 'seasonal_naive', 'moving_average']);
  assert.equal(rows[0].skill, 0.25);
  assert.equal(rows[1].skill, 0);
  assert.equal(rows[1].values.test_mae, 3);
  assert.equal(rows[1].values.test_smape, 2.1);
  assert.equal(rows[1].values.train_rmse, null);
  assert.equal(rows[2].skill, 1 - 5 / 4);
  assert.equal(rows[2].label, 'Seasonal naive (season 12)');
  assert.equal(rows[3].label, 'Moving average (window 10): not available');
  assert.equal(rows[3].values.test_rmse, null);
  assert.equal(rows[3].skill, null);
  // a baseline in the model's own key names works too
  const own = metricRows({ ...metrics, baselines: { persistence: { train_rmse: 1.5, test_rmse: 4 } } });
  assert.deepEqual([own[1].values.train_rmse, own[1].values.test_rmse], [1.5, 4]);
});

test('a model that does not beat persistence gets a warning first', () => {
  assert.deepEqual(metricWarnings(metrics), []);
  const w = metricWarnings({ ...metrics, skill: -0.1, warnings: ['from rust'] });
  assert.equal(w.length, 2);
  assert.match(w[0], /does not beat persistence.*-0\.100/);
  assert.equal(w[1], 'from rust');
});

test('range warning when the test values leave the training range', () => {
  const rising = Array.from({ length: 100 }, (_, i) => i);
  const w = rangeWarning(rising, 0.7, 0.15);
  assert.match(w, /test range leaves the training range: 100% of test values lie outside \[0\.00, 69\.00\]/);
  const sine = Array.from({ length: 200 }, (_, i) => Math.sin(i / 5));
  assert.equal(rangeWarning(sine, 0.7, 0.15), null);
});

test('the page range warning is kept beside the persistence warning, and not repeated', () => {
  const range = 'The test range leaves the training range: 10% of test values lie outside [0, 1]';
  const w = metricWarnings({ ...metrics, skill: -0.5 }, [range, range]);
  assert.equal(w.length, 2);
  assert.equal(w[1], range);
  const rust = metricWarnings({ ...metrics, warnings: ['test targets leave the training range (12 of 90)'] }, [range]);
  assert.deepEqual(rust, ['test targets leave the training range (12 of 90)']);
});

test('a per-split baseline report fills train, validation and test columns', () => {
  const em = (rmse) => ({ n: 10, rmse, mae: rmse / 2, mape: null, mape_skipped: 0, smape: 1 });
  const report = (k) => ({ persistence: em(4 * k), seasonal_naive: null, season: null, moving_average: em(6 * k),
    ma_window: 10, notes: k === 1 ? ['no season found'] : [] });
  const m = { ...metrics, persistence_test_rmse: 4, baselines: { train: report(0.5), val: report(0.75), test: report(1) } };
  const rows = metricRows(m);
  assert.deepEqual(rows.map((r) => r.name), ['model', 'persistence', 'seasonal_naive', 'moving_average']);
  assert.deepEqual(rows[1].values, { train_rmse: 2, val_rmse: 3, test_rmse: 4, test_mae: 2, test_smape: 1 });
  assert.deepEqual(rows[3].values, { train_rmse: 3, val_rmse: 4.5, test_rmse: 6, test_mae: 3, test_smape: 1 });
  assert.equal(rows[2].label, 'Seasonal naive: not available');
  assert.equal(rows[3].label, 'Moving average (window 10)');
  assert.equal(rows[3].skill, 1 - 6 / 4);
  assert.deepEqual(baselineNotes(m), ['no season found']);
});
