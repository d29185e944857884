import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planFromAttributes } from '../../www/compare-runs.js';
import { assembleResult, failureMessage, compareRows, runStatusText } from '../../www/compare-results.js';

const runs = planFromAttributes([['cells', 'rnn,lstm,gru']]).runs;

/**
 * A metrics object as the worker sends it.
 * @param {number} test  test RMSE
 */
function metrics(test) {
  return {
    train_rmse: test / 2, val_rmse: test * 0.9, test_rmse: test, test_mae: test * 0.8, test_smape: 1,
    persistence_test_rmse: 2, skill: 1 - test / 2, epochs_run: 5,
    baselines: { persistence: { rmse: 2, mae: 1.5, smape: 1 }, seasonal_naive: null, moving_average: null, notes: [] },
    warnings: [],
  };
}

const progress = { epoch: 5, batch: 10, batches_per_epoch: 10, train_loss: 0.01, val_loss: 0.02, samples_per_s: 1, done: true, stop_reason: 'epochs' };

test('train() resolves with one entry per run, in the order of cells', () => {
  const settled = [1, 3, 1.5].map((t, i) => ({ status: 'fulfilled', value: { metrics: metrics(t), wall_s: 10 + i, progress } }));
  const result = assembleResult(runs, /** @type {any} */ (settled));
  assert.deepEqual(result.runs.map((r) => [r.cell, r.label, r.metrics?.test_rmse, r.wall_s, r.stop_reason, r.error]), [
    ['rnn_tanh', 'RNN (tanh)', 1, 10, 'epochs', null],
    ['lstm', 'LSTM', 3, 11, 'epochs', null],
    ['gru', 'GRU', 1.5, 12, 'epochs', null],
  ]);
  assert.equal(failureMessage(result), null);
});

test('a failed run keeps its place, without metrics, and the message names it', () => {
  const settled = [
    { status: 'fulfilled', value: { metrics: metrics(1), wall_s: 3, progress: null } },
    { status: 'rejected', reason: new Error('the training worker crashed: unreachable') },
    { status: 'rejected', reason: 'plain text' },
  ];
  const result = assembleResult(runs, /** @type {any} */ (settled));
  assert.deepEqual(result.runs.map((r) => [r.cell, r.metrics === null, r.error]), [
    ['rnn_tanh', false, null],
    ['lstm', true, 'the training worker crashed: unreachable'],
    ['gru', true, 'plain text'],
  ]);
  assert.equal(result.runs[0].stop_reason, null);
  assert.equal(failureMessage(result), 'run 2 (LSTM): the training worker crashed: unreachable\nrun 3 (GRU): plain text');
});

test('the table: every run, then persistence; the best test RMSE is marked', () => {
  const rows = compareRows([
    { label: 'RNN (tanh)', metrics: metrics(3), wall_s: 12.34 },
    { label: 'LSTM', metrics: metrics(1), wall_s: 20 },
    { label: 'GRU', metrics: null, wall_s: null },
  ]);
  assert.deepEqual(rows.map((r) => r.name), ['run-0', 'run-1', 'run-2', 'persistence']);
  assert.deepEqual(rows.map((r) => r.run), [0, 1, 2, null]);
  assert.deepEqual(rows.map((r) => r.best), [false, true, false, false]);
  assert.deepEqual(rows[0].values, { test_rmse: 3, val_rmse: 2.7 });
  assert.equal(rows[0].skill, 1 - 3 / 2);
  assert.equal(rows[0].wall_s, 12.34);
  assert.equal(rows[0].epochs, 5);
  assert.deepEqual(rows[2].values, { test_rmse: null, val_rmse: null });
  assert.equal(rows[2].skill, null);
  assert.equal(rows[3].label, 'Persistence');
  assert.equal(rows[3].values.test_rmse, 2);
  assert.equal(rows[3].skill, 0);
  assert.equal(rows[3].wall_s, null);
});

test('the table: nothing trained yet means no persistence row and no best run', () => {
  const rows = compareRows([{ label: 'A', metrics: null, wall_s: null }, { label: 'B', metrics: null, wall_s: null }]);
  assert.deepEqual(rows.map((r) => [r.name, r.best]), [['run-0', false], ['run-1', false]]);
  const one = compareRows([{ label: 'A', metrics: metrics(1), wall_s: 1 }, { label: 'B', metrics: null, wall_s: null }]);
  assert.deepEqual(one.map((r) => r.best), [false, false, false], 'one scored run is not "best" of anything');
});

test('the legend line of a run: while training, then how it ended and its wall time', () => {
  assert.equal(runStatusText(null, 10), '');
  const running = { ...progress, epoch: 3, done: false, stop_reason: null, val_loss: null, train_loss: 0.012345 };
  assert.equal(runStatusText(running, 10), 'epoch 3/10: train 0.0123');
  assert.equal(runStatusText(progress, 5, { wall_s: 12.345 }), 'epoch 5/5: train 0.0100, val. 0.0200 · done in 12.3 s');
  assert.equal(runStatusText({ ...progress, stop_reason: 'stopped' }, 50, { wall_s: 2 }), 'epoch 5/50: train 0.0100, val. 0.0200 · stopped in 2.0 s');
});
