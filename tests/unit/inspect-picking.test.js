import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cellAt, cellCentre, moveCell, windowAtPoint, checkPick } from '../../www/inspect-picking.js';

test('the cell under the pointer: t from x, unit from y, scaled to the drawn size', () => {
  // T = 10 steps drawn 200 px wide, H = 50 units drawn 150 px high: 20 px per step, 3 px per unit
  assert.deepEqual(cellAt(0, 0, 200, 150, 10, 50), { t: 0, unit: 0 });
  assert.deepEqual(cellAt(19.9, 2.9, 200, 150, 10, 50), { t: 0, unit: 0 });
  assert.deepEqual(cellAt(20, 3, 200, 150, 10, 50), { t: 1, unit: 1 });
  assert.deepEqual(cellAt(199.9, 149.9, 200, 150, 10, 50), { t: 9, unit: 49 });
  assert.deepEqual(cellAt(105, 76, 200, 150, 10, 50), { t: 5, unit: 25 });
  for (const [x, y] of [[-1, 5], [5, -1], [200, 5], [5, 150]]) assert.equal(cellAt(x, y, 200, 150, 10, 50), null);
  assert.equal(cellAt(1, 1, 0, 0, 10, 50), null);
  // the centre of a cell maps back to it
  const c = cellCentre({ t: 7, unit: 31 }, 200, 150, 10, 50);
  assert.deepEqual(cellAt(c.x, c.y, 200, 150, 10, 50), { t: 7, unit: 31 });
});

test('arrow keys move the picked cell and stop at the edges', () => {
  // the first key press picks the newest step's first unit
  assert.deepEqual(moveCell(null, 'ArrowLeft', 10, 5), { t: 9, unit: 0 });
  assert.equal(moveCell(null, 'a', 10, 5), null);
  const at = { t: 4, unit: 2 };
  assert.deepEqual(moveCell(at, 'ArrowLeft', 10, 5), { t: 3, unit: 2 });
  assert.deepEqual(moveCell(at, 'ArrowRight', 10, 5), { t: 5, unit: 2 });
  assert.deepEqual(moveCell(at, 'ArrowUp', 10, 5), { t: 4, unit: 1 });
  assert.deepEqual(moveCell(at, 'ArrowDown', 10, 5), { t: 4, unit: 3 });
  assert.deepEqual(moveCell(at, 'Home', 10, 5), { t: 0, unit: 2 });
  assert.deepEqual(moveCell(at, 'End', 10, 5), { t: 9, unit: 2 });
  assert.deepEqual(moveCell({ t: 0, unit: 0 }, 'ArrowLeft', 10, 5), { t: 0, unit: 0 });
  assert.deepEqual(moveCell({ t: 9, unit: 4 }, 'ArrowDown', 10, 5), { t: 9, unit: 4 });
  assert.deepEqual(moveCell({ t: 0, unit: 0 }, 'PageDown', 10, 64), { t: 0, unit: 8 });
});

// Predictions as the worker sends them: train windows, then validation, then test, each in window order.
const preds = {
  target_index: Int32Array.from([10, 11, 12, 13, 14, 15, 16, 17]),
  split: Uint8Array.from([0, 0, 0, 0, 1, 1, 2, 2]),
};

test('a click on the prediction chart picks the window whose target is nearest', () => {
  assert.deepEqual(windowAtPoint(preds, 10), { split: 'train', index: 0, target: 10 });
  assert.deepEqual(windowAtPoint(preds, 13.2), { split: 'train', index: 3, target: 13 });
  assert.deepEqual(windowAtPoint(preds, 14.4), { split: 'val', index: 0, target: 14 });
  assert.deepEqual(windowAtPoint(preds, 16), { split: 'test', index: 0, target: 16 });
  // before the first target and past the last: the nearest window
  assert.deepEqual(windowAtPoint(preds, 2), { split: 'train', index: 0, target: 10 });
  assert.deepEqual(windowAtPoint(preds, 500), { split: 'test', index: 1, target: 17 });
  // halfway between two targets: the later one
  assert.deepEqual(windowAtPoint(preds, 15.5), { split: 'test', index: 0, target: 16 });
  assert.equal(windowAtPoint(null, 3), null);
  assert.equal(windowAtPoint(preds, NaN), null);
});

test('with a stride the windows are sparse, and the index still counts windows of the split', () => {
  const strided = { target_index: [10, 13, 16, 19, 22], split: [0, 0, 0, 2, 2] };
  assert.deepEqual(windowAtPoint(strided, 15), { split: 'train', index: 2, target: 16 });
  assert.deepEqual(windowAtPoint(strided, 21), { split: 'test', index: 1, target: 22 });
});

test('inspect() refuses a split or index it cannot use, naming it', () => {
  assert.equal(checkPick('test', -1), null);
  assert.equal(checkPick('train', 0), null);
  assert.match(checkPick('testing', 0), /split must be one of train, val, test \(got "testing"\)/);
  assert.match(checkPick(undefined, 0), /split must be/);
  assert.equal(checkPick('val', -2), null); // counts from the end
  assert.match(checkPick('val', 1.5), /index must be/);
  assert.match(checkPick('val', '3'), /index must be/);
  // a long bad value is quoted short
  assert.ok(checkPick('x'.repeat(500), 0).length < 100);
});
