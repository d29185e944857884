import { test } from 'node:test';
import assert from 'node:assert/strict';
import { errorPayload, ownBuffers, packSummaryDates } from '../../www/engine.js';
import { unpackSummaryDates } from '../../www/packed-dates.js';

test('a trap is fatal and says so; with the memory at its limit it says out of memory', () => {
  const trap = new WebAssembly.RuntimeError('unreachable');
  assert.deepEqual(errorPayload(new Error('bad cell'), 'configure'), { message: 'bad cell', where: 'configure', fatal: false });
  const plainTrap = errorPayload(trap, 'train', 200 * 1048576);
  assert.equal(plainTrap.fatal, true);
  assert.equal(plainTrap.message, 'the WebAssembly module stopped in train (unreachable; memory 200 MB)');
  const oom = errorPayload(trap, 'train', 4 * 1024 ** 3 - 64 * 1048576);
  assert.match(oom.message, /^out of memory in train: the WebAssembly memory reached its limit \(4032 MB\)/);
});

test('typed arrays that own their buffer are transferred, views into a larger buffer never', () => {
  const values = new Float32Array(4);
  const memory = new ArrayBuffer(64);
  const view = new Float32Array(memory, 16, 4); // like a view into the wasm memory
  const preds = { target_index: new Int32Array(2), predicted: new Float32Array(2), split: new Uint8Array(2),
    drawn: { total: 2, count: 2, splits: [new Float64Array(2), new Float64Array(2)] } };
  const found = ownBuffers({ values, view, predictions: preds, progress: { epoch: 1 }, list: [1, 2] });
  assert.equal(found.length, 6);
  assert.ok(found.includes(values.buffer) && found.includes(preds.drawn.splits[1].buffer));
  assert.ok(!found.includes(memory));
  assert.deepEqual(ownBuffers(null), []);
});

test('a long date column crosses packed and comes back as a view; a short one as it is', () => {
  const dates = Array.from({ length: 20001 }, (_, i) => `d${i}`);
  const packed = packSummaryDates({ rows: dates.length, dates });
  assert.equal(packed.dates, null);
  assert.equal(typeof packed.dates_packed.text, 'string');
  const back = unpackSummaryDates(structuredClone(packed));
  assert.equal(back.dates.length, 20001);
  assert.equal(back.dates[20000], 'd20000');
  assert.equal('dates_packed' in back, false);
  const short = packSummaryDates({ rows: 2, dates: ['a', 'b'] });
  assert.deepEqual(short.dates, ['a', 'b']);
  assert.equal(unpackSummaryDates(short), short);
});
