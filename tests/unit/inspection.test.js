import { test } from 'node:test';
import assert from 'node:assert/strict';
import { unpackInspection, inspectionBuffers } from '../../www/inspection.js';

/**
 * A packed inspection of 2 states (2 layers), 3 steps, 2 units, whose values say where they are:
 * gate value = 100·state + 10·t + unit (+ 1000 for the second gate).
 */
function packedFixture() {
  const [states, steps, hidden] = [2, 3, 2];
  const gate = (offset) => Float32Array.from({ length: states * steps * hidden }, (_, k) => {
    const state = Math.floor(k / (steps * hidden));
    const t = Math.floor(k / hidden) % steps;
    return offset + 100 * state + 10 * t + (k % hidden);
  });
  return {
    cell: 'gru', layers: 2, directions: 1, hidden, window: steps, horizon: 1, split: 'test', index: 4,
    windows: 5, target_row: 40, input: Float32Array.of(1, 2, 3), input_scaled: Float32Array.of(0.1, 0.2, 0.3),
    target: Float32Array.of(4), prediction: Float32Array.of(3.5), loss: 0.25,
    grad_h_norm: Float32Array.of(1, 2, 3, 10, 20, 30), saliency: Float32Array.of(0.5, 0.25, 0.125),
    gate_names: ['r', 'z', 'n', 'h'],
    gates: { r: gate(0), z: gate(1000), n: gate(2000), h: gate(3000) },
    shape: [states, steps, hidden], epoch: 3, batch: 7,
  };
}

test('unpackInspection nests every array by its shape, state first', () => {
  const ins = unpackInspection(packedFixture());
  assert.deepEqual(ins.grad_h_norm, [[1, 2, 3], [10, 20, 30]]);
  assert.deepEqual(ins.saliency, [0.5, 0.25, 0.125]);
  assert.deepEqual(ins.input, [1, 2, 3]);
  assert.deepEqual(Object.keys(ins.gates), ['r', 'z', 'n', 'h']);
  assert.equal(ins.gates.r.length, 2);
  assert.equal(ins.gates.r[0].length, 3);
  assert.deepEqual(ins.gates.r[1][2], [120, 121], 'state 1, step 2, units 0 and 1');
  assert.deepEqual(ins.gates.z[0][1], [1010, 1011]);
  assert.deepEqual([ins.cell, ins.layers, ins.hidden, ins.window, ins.split, ins.index, ins.windows],
    ['gru', 2, 2, 3, 'test', 4, 5]);
  assert.deepEqual([ins.target, ins.prediction, ins.loss, ins.epoch, ins.batch], [[4], [3.5], 0.25, 3, 7]);
  assert.ok(Array.isArray(ins.saliency) && !ArrayBuffer.isView(ins.saliency), 'plain arrays');
});

test('unpackInspection refuses arrays whose length disagrees with the shape', () => {
  const p = packedFixture();
  p.gates.n = new Float32Array(11);
  assert.throws(() => unpackInspection(p), /gates\.n has 11 values, expected 12/);
  const q = packedFixture();
  q.grad_h_norm = new Float32Array(5);
  assert.throws(() => unpackInspection(q), /grad_h_norm has 5 values, expected 6/);
});

test('inspectionBuffers lists every array buffer once, for transfer', () => {
  const p = packedFixture();
  const buffers = inspectionBuffers(p);
  assert.equal(buffers.length, 6 + 4);
  assert.ok(buffers.includes(p.gates.h.buffer) && buffers.includes(p.saliency.buffer));
  const shared = new Float32Array(4);
  p.target = shared.subarray(0, 1);
  p.prediction = shared.subarray(1, 2);
  assert.equal(inspectionBuffers(p).length, 9);
});
