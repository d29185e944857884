// The backtest report in words and columns (www/backtest-report.js), the `backtesting` state of
// the lifecycle (www/lifecycle.js) and the features of an imported model file
// (www/model-features.js): hand-made reports and files, every rule checked.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { foldRows, foldChartData, backtestSentence, backtestProgressText } from '../../www/backtest-report.js';
import {
  State, LifecycleEvent as E, initialLifecycle, transition, phaseOf, controls, backtestControl, isBacktesting,
} from '../../www/lifecycle.js';
import { modelFileFeatures, planFeatures } from '../../www/model-features.js';

/** A fold as the worker reports it. */
const fold = (n, mase, persistence, drift) => ({
  fold: n, origin: 600 + 40 * n, start: 0, train_size: 500 + 30 * n, test_size: 40,
  test_rmse: 1.25 * n, test_mae: n, test_mase: mase, skill: 0.1 * n,
  baselines: { persistence: { rmse: 2, mae: 1.5, mase: persistence, rmsse: 1 }, drift: { rmse: 2.1, mae: 1.6, mase: drift, rmsse: 1.1 } },
});

const complete = {
  planned: 2, window: 'expanding', complete: true,
  folds: [fold(1, 0.25, 0.9, 0.95), fold(2, 0.29, 0.86, 0.97)],
  mean: { test_rmse: 1.875, test_mae: 1.5, test_mase: 0.27, skill: 0.15,
    baselines: { persistence: { rmse: 2, mae: 1.5, mase: 0.88, rmsse: 1 }, drift: { rmse: 2.1, mae: 1.6, mase: 0.96, rmsse: 1.1 } } },
};

test('the sentence gives the mean MASE over the folds beside persistence and drift', () => {
  assert.equal(backtestSentence(complete), 'Backtest: mean MASE 0.27 over 2 folds; persistence 0.88, drift 0.96.');
});

test('a stopped backtest says how many folds of how many ran; one fold is singular', () => {
  const stopped = { ...complete, planned: 5, complete: false };
  assert.equal(backtestSentence(stopped), 'Backtest: mean MASE 0.27 over 2 of 5 folds (stopped); persistence 0.88, drift 0.96.');
  const one = { ...complete, planned: 1, folds: [complete.folds[0]] };
  assert.match(backtestSentence(one), /over 1 fold;/);
});

test('without MASE (undefined for the data) the sentence falls back to RMSE; no folds, no sentence', () => {
  const noMase = { ...complete, mean: { ...complete.mean, test_mase: null } };
  assert.equal(backtestSentence(noMase), 'Backtest: mean RMSE 1.875 over 2 folds; persistence 2.000, drift 2.100.');
  assert.equal(backtestSentence({ ...complete, folds: [] }), null);
  assert.equal(backtestSentence(null), null);
  const noDrift = { ...complete, mean: { ...complete.mean, baselines: { persistence: complete.mean.baselines.persistence } } };
  assert.equal(backtestSentence(noDrift), 'Backtest: mean MASE 0.27 over 2 folds; persistence 0.88.');
});

test('the table has a row per fold and the mean, with the baselines\' MASE', () => {
  const rows = foldRows(complete);
  assert.deepEqual(rows.map((r) => r.name), ['fold-1', 'fold-2', 'mean']);
  assert.deepEqual(rows[1], {
    name: 'fold-2', label: 'Fold 2 (origin 680, 560 train)', rmse: 2.5, mae: 2, mase: 0.29, skill: 0.2,
    baselines: { persistence: 0.86, drift: 0.97 },
  });
  assert.deepEqual(rows[2].baselines, { persistence: 0.88, drift: 0.96 });
  assert.equal(rows[2].mase, 0.27);
  assert.deepEqual(foldRows({ ...complete, folds: [] }), [], 'no mean row without folds');
});

test('the chart columns: folds on x, model, persistence, drift, and the mean repeated', () => {
  assert.deepEqual(foldChartData(complete), [[1, 2], [0.25, 0.29], [0.9, 0.86], [0.95, 0.97], [0.27, 0.27]]);
  const gap = { ...complete, folds: [{ ...fold(1, null, 0.9, 0.9), baselines: {} }] };
  assert.deepEqual(foldChartData(gap).slice(1, 4), [[null], [null], [null]], 'missing values are gaps');
});

test('the progress line names the fold, the planned folds and the epoch', () => {
  assert.equal(backtestProgressText({ fold: 2, folds: 5, planned: 5, progress: { epoch: 3 } }, 20), 'Backtest: fold 2 of 5, epoch 3 of 20…');
  assert.equal(backtestProgressText({ fold: 1, folds: 4, progress: null }, 20), 'Backtest: fold 1 of 4…');
});

/** Runs events from `state`; returns the last state. */
function run(state, ...events) {
  return events.reduce((s, e) => transition(s, typeof e === 'string' ? { type: e } : e), state);
}
const ready = () => run(initialLifecycle(), E.START, E.LOAD, E.LOADED, E.CONFIGURE, E.CONFIGURED, E.STARTED);

test('a backtest runs from a settled state with data; Stop works, Train and Backtest do not, meanwhile', () => {
  const s = run(ready(), E.BACKTEST);
  assert.equal(s.name, State.BACKTESTING);
  assert.equal(isBacktesting(s), true);
  assert.equal(phaseOf(s), 'busy');
  const c = controls(s);
  assert.equal(c.stop.disabled, false);
  assert.equal(c.train.disabled, true);
  assert.equal(c.step.disabled, true);
  assert.equal(backtestControl(s).disabled, true);
  assert.equal(backtestControl(ready()).disabled, false);
  assert.equal(run(s, E.BACKTESTED).name, State.READY, 'back to where it was');
  const done = run(ready(), E.TRAIN, E.TRAINED);
  assert.equal(run(done, E.BACKTEST, E.BACKTESTED).name, State.DONE, 'the trained model stays finished');
});

test('no backtest beside a run, without data or without a worker; a crash ends it', () => {
  const training = run(ready(), E.TRAIN);
  assert.equal(run(training, E.BACKTEST).name, State.TRAINING);
  assert.equal(backtestControl(training).disabled, true);
  assert.equal(backtestControl(run(training, E.PAUSED)).disabled, true);
  const empty = run(initialLifecycle(), E.START, E.STARTED);
  assert.equal(empty.name, State.EMPTY);
  assert.equal(run(empty, E.BACKTEST).name, State.EMPTY);
  assert.equal(backtestControl(empty).disabled, true);
  assert.equal(run(initialLifecycle(), E.BACKTEST).name, State.CLOSED);
  const crashed = run(ready(), E.BACKTEST, E.CRASHED);
  assert.equal(crashed.name, State.CRASHED);
  assert.equal(run(crashed, E.BACKTESTED).name, State.CRASHED, 'a late end after a crash changes nothing');
  assert.equal(run(ready(), E.BACKTESTED).name, State.READY, 'an end without a backtest changes nothing');
});

const jsonModel = (features) => new TextEncoder().encode(JSON.stringify({ format: 'rnn-playground-model', version: 3, features }));

/** A safetensors buffer whose metadata holds `header` (no tensors). */
function safetensors(header) {
  const head = new TextEncoder().encode(JSON.stringify({ __metadata__: { rnn_playground: JSON.stringify(header) } }));
  const out = new Uint8Array(8 + head.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(head.length), true);
  out.set(head, 8);
  return out;
}

test('a model file\'s features are read from JSON and from safetensors metadata', () => {
  const scaler = { kind: 'standard', mean: 0, std: 1 };
  assert.deepEqual(modelFileFeatures(jsonModel([{ name: 'x', transform: 'diff', scaler }, { name: 'Volume', transform: 'diff', scaler }])), ['x', 'Volume']);
  assert.deepEqual(modelFileFeatures(jsonModel(undefined)), [], 'older files are univariate');
  assert.deepEqual(modelFileFeatures(safetensors({ features: [{ name: 'x' }] })), ['x']);
  assert.equal(modelFileFeatures(new TextEncoder().encode('{not json')), null, 'the worker reports a bad file');
  assert.equal(modelFileFeatures(new Uint8Array([1, 2, 3])), null);
  assert.equal(modelFileFeatures(jsonModel('x')), null);
});

test('adopting features: nothing when they match, a reload when the data has them, else a message naming the missing one', () => {
  const summary = { source: 'lagged.csv', numeric_columns: ['t', 'value', 'x', 'z'] };
  assert.deepEqual(planFeatures(['x'], { features: 'X' }, summary), { ok: true, reload: false });
  assert.deepEqual(planFeatures([], { features: '' }, summary), { ok: true, reload: false });
  assert.deepEqual(planFeatures(['x', 'z'], { features: '' }, summary), { ok: true, reload: true, features: 'x,z' });
  assert.deepEqual(planFeatures(['z', 'x'], { features: 'x,z' }, summary), { ok: true, reload: true, features: 'z,x' }, 'order matters');
  assert.deepEqual(planFeatures([], { features: 'x' }, summary), { ok: true, reload: true, features: '' });
  assert.deepEqual(planFeatures(['X'], { features: '' }, summary), { ok: true, reload: true, features: 'X' }, 'names match in any case, as in the crate');
  const refused = planFeatures(['x', 'volume'], { features: '' }, summary);
  assert.equal(refused.ok, false);
  assert.match(refused.message, /feature column "volume"/);
  assert.match(refused.message, /\(lagged\.csv\)/);
  assert.match(refused.message, /"t", "value", "x", "z"/);
  const long = planFeatures(['y'.repeat(100)], { features: '' }, summary);
  assert.ok(!long.ok && long.message.includes(`"${'y'.repeat(40)}…"`), 'a long name is quoted short');
});
