import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  buildLut, parseHex, scaleFor, colorIndex, paintBlock, legendTicks, LUTS, LUT_SIZE, MISSING_RGB, maxAbs,
} from '../../www/inspect-colors.js';

test('a colour table runs from the first anchor to the last, through the middle one', () => {
  const lut = buildLut(['#000000', '#808080', '#ffffff'], 5);
  assert.deepEqual([...lut], [0, 0, 0, 64, 64, 64, 128, 128, 128, 192, 192, 192, 255, 255, 255]);
  assert.deepEqual(parseHex('#1e3a8a'), [0x1e, 0x3a, 0x8a]);
  assert.equal(LUTS.diverging.length, LUT_SIZE * 3);
});

test('sigmoid gates are sequential over [0, 1], tanh outputs diverging over [-1, 1]', () => {
  for (const [cell, gate] of [['lstm', 'i'], ['lstm', 'f'], ['lstm', 'o'], ['gru', 'r'], ['gru', 'z']]) {
    assert.deepEqual(scaleFor(cell, gate, [5, -5]), { kind: 'sequential', min: 0, max: 1 }, `${cell} ${gate}`);
  }
  for (const [cell, gate] of [['lstm', 'g'], ['lstm', 'h'], ['gru', 'n'], ['gru', 'h'], ['rnn_tanh', 'h']]) {
    assert.deepEqual(scaleFor(cell, gate, [5, -5]), { kind: 'diverging', min: -1, max: 1 }, `${cell} ${gate}`);
  }
});

test('the unbounded states take their range from the data', () => {
  assert.deepEqual(scaleFor('lstm', 'c', [0.5, -2.5, NaN, 1]), { kind: 'diverging', min: -2.5, max: 2.5 });
  assert.deepEqual(scaleFor('rnn_relu', 'h', [0, 3, 1]), { kind: 'sequential', min: 0, max: 3 });
  // all zeros still gives a usable (non-empty) range
  const flat = scaleFor('lstm', 'c', [0, 0]);
  assert.ok(flat.max > flat.min);
  assert.equal(maxAbs([Infinity, -2, 1]), 2);
});

test('values map onto the table, clamped at the ends; non-finite ones are missing', () => {
  const div = { kind: 'diverging', min: -1, max: 1 };
  assert.equal(colorIndex(-1, div), 0);
  assert.equal(colorIndex(1, div), LUT_SIZE - 1);
  assert.equal(colorIndex(0, div), 128); // round(0.5 * 255)
  assert.equal(colorIndex(-7, div), 0);
  assert.equal(colorIndex(7, div), LUT_SIZE - 1);
  assert.equal(colorIndex(NaN, div), -1);
  const seq = { kind: 'sequential', min: 0, max: 1 };
  assert.equal(colorIndex(0.25, seq), 64);
  assert.equal(colorIndex(-Infinity, seq), -1);
});

test('a time × unit block is painted with t across and units down', () => {
  // T = 3 steps, H = 2 units: value of (t, u) at t*2 + u, after an offset of 1
  const values = [99, -1, 1, 0, 0.5, NaN, -0.5];
  const scale = { kind: 'diverging', min: -1, max: 1 };
  const out = new Uint8ClampedArray(3 * 2 * 4);
  paintBlock(values, 1, 3, 2, scale, out);
  /** @param {number} x @param {number} y */
  const px = (x, y) => [...out.slice((y * 3 + x) * 4, (y * 3 + x) * 4 + 4)];
  const rgb = (v) => { const i = colorIndex(v, scale) * 3; return [...LUTS.diverging.slice(i, i + 3), 255]; };
  assert.deepEqual(px(0, 0), rgb(-1)); // t 0, unit 0
  assert.deepEqual(px(0, 1), rgb(1)); // t 0, unit 1
  assert.deepEqual(px(1, 0), rgb(0));
  assert.deepEqual(px(1, 1), rgb(0.5));
  assert.deepEqual(px(2, 0), [...MISSING_RGB, 255]);
  assert.deepEqual(px(2, 1), rgb(-0.5));
});

test('legend ticks: the ends, and 0 where it lies on a diverging scale', () => {
  assert.deepEqual(legendTicks({ kind: 'sequential', min: 0, max: 1 }), [{ value: 0, at: 0 }, { value: 1, at: 1 }]);
  assert.deepEqual(legendTicks({ kind: 'diverging', min: -2, max: 2 }),
    [{ value: -2, at: 0 }, { value: 0, at: 0.5 }, { value: 2, at: 1 }]);
});
