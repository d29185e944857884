// The data the comparison charts draw (www/charts/compare-*.js), without a browser.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LossTrack, alignTracks, logTickLabels } from '../../www/charts/compare-loss-chart.js';
import { testRangeData } from '../../www/charts/compare-prediction-chart.js';
import { flowLines, flowData } from '../../www/charts/compare-gradient-chart.js';

/**
 * @param {number} epoch
 * @param {number} batch
 * @param {number} train
 * @param {number|null} [val]
 */
const p = (epoch, batch, train, val = null) => ({ epoch, batch, batches_per_epoch: 4, train_loss: train, val_loss: val });

test('a loss track keeps epoch ends and one live point', () => {
  const t = new LossTrack();
  assert.equal(t.add(p(1, 2, 0.5)), true);
  assert.deepEqual(t.live, [0.5, 0.5]);
  assert.equal(t.add(p(1, 4, 0.4, 0.6)), true);
  assert.deepEqual([t.xs, t.train, t.val, t.live], [[1], [0.4], [0.6], null]);
  assert.equal(t.add(p(1, 4, 0.4, 0.6)), false, 'the same epoch end again');
  assert.equal(t.add(p(1, 1, 0.9)), false, 'back in time');
  assert.equal(t.add({ ...p(2, 1, NaN) }), false, 'not a number');
  assert.equal(t.length, 1);
});

test('the loss chart aligns the runs on the union of their x values', () => {
  const a = new LossTrack();
  a.add(p(1, 4, 0.4, 0.5));
  a.add(p(2, 4, 0.3, 0.4));
  const b = new LossTrack();
  b.add(p(1, 4, 0.8, 0.9));
  b.add(p(2, 2, 0.7)); // live at 1.5
  assert.deepEqual(alignTracks([a, b]), [
    [1, 1.5, 2],
    [0.4, null, 0.3], [0.5, null, 0.4],
    [0.8, 0.7, null], [0.9, null, null],
  ]);
});

test('the prediction chart shows the test range only, one line per run', () => {
  const values = Array.from({ length: 10 }, (_, i) => i * 10);
  const run = (/** @type {number} */ offset) => ({
    target_index: Int32Array.from([5, 6, 7, 8, 9]),
    predicted: Float32Array.from([50, 60, 70, 80, 90].map((v) => v + offset)),
    split: Uint8Array.from([0, 1, 2, 2, 2]),
  });
  const { data, counts } = testRangeData(values, [run(1), null, run(2)]);
  assert.deepEqual(data, [[7, 8, 9], [70, 80, 90], [71, 81, 91], [null, null, null], [72, 82, 92]]);
  assert.deepEqual(counts, [3, 0, 3]);
  const empty = testRangeData(values, [null, null]);
  assert.deepEqual(empty.data, [[], [], [], []]);
});

test('a long test range is drawn every k-th step, and still counted whole', () => {
  const n = 1000;
  const values = Array.from({ length: n }, (_, i) => i);
  const preds = {
    target_index: Int32Array.from({ length: n }, (_, i) => i),
    predicted: Float32Array.from({ length: n }, (_, i) => i + 0.5),
    split: Uint8Array.from({ length: n }, (_, i) => (i < 100 ? 0 : 2)),
  };
  const { data, counts } = testRangeData(values, [preds], 300);
  assert.deepEqual(counts, [900]);
  assert.equal(data[0].length, 300, 'every 3rd of 900 steps');
  assert.deepEqual(data[0].slice(0, 3), [100, 103, 106]);
  assert.deepEqual(data[2].slice(0, 3), [100.5, 103.5, 106.5]);
});

test('gradient flow: the top layer of each run, every layer on request, both directions', () => {
  const twoLayers = { layers: 2, grad_h_norm: [[1, 2, 3], [4, 5, 6]] };
  const biOneLayer = { layers: 1, grad_h_norm: [[7, 8], [9, 10]] };
  const top = flowLines([twoLayers, null, biOneLayer], false);
  assert.deepEqual(top.map((l) => [l.run, l.layer, l.dir, l.top]), [[0, 1, 0, true], [2, 0, 0, true], [2, 0, 1, true]]);
  assert.deepEqual([...top[0].norms], [4, 5, 6]);
  const all = flowLines([twoLayers], true);
  assert.deepEqual(all.map((l) => [l.layer, l.top, [...l.norms]]), [[1, true, [4, 5, 6]], [0, false, [1, 2, 3]]]);
  assert.deepEqual(flowLines([null, { layers: 0, grad_h_norm: [] }], true), []);
});

test('gradient flow data: steps 0…T−1; zeros and non-finite norms are gaps on the log scale', () => {
  const lines = flowLines([{ layers: 1, grad_h_norm: [[1e-9, 0, 3]] }, { layers: 1, grad_h_norm: [[NaN, 2]] }], false);
  assert.deepEqual(flowData(lines), [[0, 1, 2], [1e-9, null, 3], [null, 2, null]]);
});

test('log axis labels: plain numbers near 1, powers of ten far from it, never a rounded 0', () => {
  assert.deepEqual(logTickLabels(null, [1e-7, 1e-4, 0.01, 0.02, 0.5, 1, 30, 1e5]),
    ['1e-7', '1e-4', '0.01', '0.02', '0.5', '1', '30', '1e5']);
});
