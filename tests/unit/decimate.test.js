import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ColumnGrid, addSplits, drawnRange, lowerBound } from '../../www/decimate.js';

test('a short range is drawn exactly: one point per index, gaps where a value is missing', () => {
  const grid = new ColumnGrid(5, 10);
  assert.equal(grid.exact, true);
  assert.deepEqual(grid.xs, [0, 1, 2, 3, 4]);
  const t = grid.track();
  t.addAll([1, NaN, 3], 1);
  assert.deepEqual(t.ys(), [null, 1, null, 3, null]);
  assert.equal(t.count, 2);
});

test('a long range keeps the minimum and the maximum of every bucket, in the order they occur', () => {
  const n = 1_000_000;
  const grid = new ColumnGrid(n, 1000);
  assert.equal(grid.exact, false);
  assert.equal(grid.xs.length, 2000);
  assert.deepEqual(grid.xs.slice(0, 4), [0, 500, 1000, 1500]);
  const values = new Float32Array(n);
  for (let i = 0; i < n; i++) values[i] = i % 1000; // a saw tooth: each bucket rises 0 → 999
  values[123_456] = -5; // a spike down in bucket 123
  values[999_999] = 5000; // and up in the last one
  const t = grid.track();
  t.addAll(values);
  const ys = t.ys();
  assert.equal(ys.length, 2000);
  assert.deepEqual(ys.slice(0, 2), [0, 999]);
  assert.deepEqual(ys.slice(246, 248), [-5, 999]);
  assert.deepEqual(ys.slice(1998), [0, 5000]);
  // falling within a bucket: the maximum comes first
  const down = grid.track();
  for (let i = 0; i < 1000; i++) down.add(i, 1000 - i);
  assert.deepEqual(down.ys().slice(0, 2), [1000, 1]);
  assert.equal(down.ys()[2], null); // untouched bucket: a gap
});

test('indices outside the range and values that are not finite are skipped', () => {
  const grid = new ColumnGrid(10_000, 10);
  const t = grid.track();
  t.add(-1, 1);
  t.add(10_000, 1);
  t.add(5, Infinity);
  t.add(5, NaN);
  assert.equal(t.count, 0);
  assert.ok(t.ys().every((v) => v === null));
  t.add(9_999.5, 7); // the last bucket, not past it
  assert.deepEqual(t.ys().slice(18), [7, 7]);
});

test('predictions go to the track of their split, each with its own extremes', () => {
  const grid = new ColumnGrid(10_000, 10); // buckets of 1,000
  const tracks = [grid.track(), grid.track(), grid.track()];
  const index = Int32Array.from([0, 1, 2, 1500, 9999, 5]);
  const values = Float32Array.from([3, 1, 2, 7, 9, 4]);
  const split = Uint8Array.from([0, 0, 0, 1, 2, 3]); // code 3 has no track: skipped
  addSplits(tracks, index, values, split);
  assert.deepEqual(tracks.map((t) => t.count), [3, 1, 1]);
  assert.deepEqual(tracks[0].ys().slice(0, 4), [3, 1, null, null]); // the max came first
  assert.deepEqual(tracks[1].ys().slice(2, 4), [7, 7]);
  assert.deepEqual(tracks[2].ys().slice(18), [9, 9]);
});

test('a zoomed range is drawn on its own grid: every row when it fits, else min/max per bucket of the range', () => {
  const n = 100000;
  const values = Float32Array.from({ length: n }, (_, i) => Math.sin(i / 10) + (i === 54321 ? 50 : 0));
  const preds = {
    target_index: Int32Array.from({ length: n - 5 }, (_, k) => k + 5),
    predicted: Float32Array.from({ length: n - 5 }, (_, k) => k + 5),
    split: Uint8Array.from({ length: n - 5 }, (_, k) => (k + 5 < 70000 ? 0 : k + 5 < 85000 ? 1 : 2)),
  };
  // 300 rows: exact, the rows themselves, predictions by split
  const small = drawnRange(values, preds, 69900, 70200);
  assert.deepEqual([small.from, small.to, small.total, small.actual.length], [69900, 70200, n, 300]);
  assert.deepEqual([...small.actual], [...values.subarray(69900, 70200)].map(Number));
  assert.equal(small.splits[0][99], 69999);
  assert.ok(Number.isNaN(small.splits[0][100]));
  assert.equal(small.splits[1][100], 70000);
  assert.equal(small.count, 300);
  // 40,000 rows: 1,000 buckets of 40 rows, the spike kept, nothing from outside the range
  const big = drawnRange(values, preds, 40000, 80000);
  assert.equal(big.actual.length, 2000);
  assert.equal(Math.max(...big.actual), values[54321]);
  assert.equal(big.count, 40000);
  assert.equal(Math.min(...big.splits[0].filter((v) => !Number.isNaN(v))), 40000);
  // clamped to the series; without predictions no splits
  const end = drawnRange(values, null, 99990, 200000);
  assert.deepEqual([end.from, end.to, end.actual.length, end.splits.length], [99990, n, 10, 0]);
  assert.equal(lowerBound(preds.target_index, 0), 0);
  assert.equal(lowerBound(preds.target_index, 6), 1);
  assert.equal(lowerBound(preds.target_index, n), n - 5);
});
