import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fromNested, fromPacked, gateNamesOf, layerLabel, statusText } from '../../www/inspect-data.js';

/**
 * A nested inspection of the contract's shape whose every value says where it is:
 * gates[name][ld][t][u] = code(name) + ld·100 + t·10 + u/100.
 */
function nested({ cell = 'lstm', layers = 2, directions = 1, hidden = 3, window = 4 } = {}) {
  const LD = layers * directions;
  const names = { lstm: ['i', 'f', 'g', 'o', 'c', 'h'], gru: ['r', 'z', 'n', 'h'], rnn_tanh: ['h'] }[cell];
  const gates = {};
  names.forEach((name, g) => {
    gates[name] = Array.from({ length: LD }, (_, ld) => Array.from({ length: window },
      (_, t) => Array.from({ length: hidden }, (_, u) => 1000 * g + ld * 100 + t * 10 + u / 100)));
  });
  return {
    cell, layers, hidden, window, split: 'test', index: 5, windows: 9, target_row: 123, loss: 0.25,
    input: Array.from({ length: window }, (_, t) => t / 10),
    target: 3.5, prediction: 3.25,
    grad_h_norm: Array.from({ length: LD }, (_, ld) => Array.from({ length: window }, (_, t) => (ld + 1) * 10 ** (t - window))),
    saliency: Array.from({ length: window }, (_, t) => -t),
    gates,
  };
}

test('nested arrays become one flat [L·D][T][H] array per gate', () => {
  const d = fromNested(nested());
  assert.equal(d.directions, 1);
  assert.deepEqual(d.gateNames, ['i', 'f', 'g', 'o', 'c', 'h']);
  assert.equal(d.gates.f.length, 2 * 4 * 3);
  // (ld 1, t 2, u 1) of f (gate code 1) sits at (1·4 + 2)·3 + 1
  assert.equal(d.gates.f[(1 * 4 + 2) * 3 + 1], Math.fround(1000 + 100 + 20 + 0.01));
  assert.equal(d.gradNorm.length, 8);
  assert.equal(d.gradNorm[4 + 3], Math.fround(2 * 10 ** -1));
  assert.deepEqual([...d.saliency], [-0, -1, -2, -3]);
  assert.deepEqual([d.windows, d.targetRow, d.loss, d.target, d.prediction], [9, 123, 0.25, 3.5, 3.25]);
});

test('a bidirectional stack counts its directions from grad_h_norm', () => {
  const d = fromNested(nested({ cell: 'gru', layers: 2, directions: 2 }));
  assert.equal(d.directions, 2);
  assert.deepEqual(d.gateNames, ['r', 'z', 'n', 'h']);
  assert.equal(d.gates.h.length, 4 * 4 * 3);
  assert.equal(d.gates.h[(3 * 4 + 0) * 3 + 2], Math.fround(3000 + 300 + 0.02));
  assert.deepEqual([0, 1, 2, 3].map((ld) => layerLabel(ld, 2)),
    ['layer 1 forward', 'layer 1 backward', 'layer 2 forward', 'layer 2 backward']);
  assert.equal(layerLabel(1, 1), 'layer 2');
});

test('a wrong shape is refused, naming the array', () => {
  const bad = nested();
  bad.gates.o[1].pop();
  assert.throws(() => fromNested(bad), /gates\.o should hold 24 numbers/);
  const short = nested();
  short.saliency = [1];
  assert.throws(() => fromNested(short), /saliency should hold 4 numbers/);
});

test('the packed form (flat typed arrays) reads the same', () => {
  const n = nested({ cell: 'rnn_tanh', layers: 2 });
  const packed = {
    ...n, directions: 1,
    input: Float32Array.from(n.input), saliency: Float32Array.from(n.saliency),
    grad_h_norm: Float32Array.from(n.grad_h_norm.flat()),
    gates: { h: Float32Array.from(n.gates.h.flat(2)) },
  };
  const a = fromPacked(packed);
  const b = fromNested(n);
  assert.deepEqual([...a.gates.h], [...b.gates.h]);
  assert.deepEqual([...a.gradNorm], [...b.gradNorm]);
  assert.equal(a.directions, 1);
  // the worker's own form: a target and prediction per step ahead, the gate order named
  const lstm = nested({ cell: 'lstm', layers: 1 });
  const worker = {
    ...lstm, directions: 1, target: Float32Array.from([2, 9]), prediction: Float32Array.from([1.5, 8]),
    gate_names: ['i', 'f', 'g', 'o', 'c', 'h'], grad_h_norm: Float32Array.from(lstm.grad_h_norm.flat()),
    gates: Object.fromEntries(Object.entries(lstm.gates).reverse().map(([k, v]) => [k, Float32Array.from(v.flat(2))])),
  };
  const w = fromPacked(worker);
  assert.deepEqual([w.target, w.prediction], [2, 1.5]);
  assert.deepEqual(w.gateNames, ['i', 'f', 'g', 'o', 'c', 'h']);
  assert.equal(w.gates.c[5], Math.fround(lstm.gates.c[0][1][2]));
  assert.deepEqual(gateNamesOf('lstm', { h: 1, c: 1, extra: 1, i: 1 }), ['i', 'c', 'h', 'extra']);
});

test('the status line names the window, its target and the result', () => {
  const d = fromNested({ ...nested(), epoch: 7 });
  assert.equal(statusText(d, (row) => `step ${row}`),
    'Test window 5 (of 0–8), target at step 123: prediction 3.2500, target 3.5000, loss 0.250 (epoch 7).');
  assert.match(statusText({ ...d, epoch: 0 }, String), /target at 123: .* \(before training\)\.$/);
  assert.match(statusText({ ...d, epoch: null, loss: null, windows: null }, String), /^Test window 5, target at 123: prediction 3\.2500, target 3\.5000\.$/);
});
