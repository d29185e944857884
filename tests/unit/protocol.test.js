import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Request, Reply } from '../../www/protocol.js';
import { Engine, errorPayload } from '../../www/engine.js';

test('request and reply types are frozen, distinct wire names', () => {
  for (const names of [Request, Reply]) {
    assert.ok(Object.isFrozen(names));
    const values = Object.values(names);
    assert.equal(new Set(values).size, values.length);
    for (const v of values) assert.match(v, /^[a-z][a-z-]*$/);
  }
  assert.equal(Request.LOAD_DATA, 'load-data');
  assert.equal(Reply.RESULT, 'result');
  assert.equal(Request.INSPECT, 'inspect');
});

/** A Session that answers everything at once (the engine's wiring is what is tested). */
class InstantSession {
  loadDataset() { return { rows: 3 }; }
  loadCsv() { return { rows: 3 }; }
  configure() { return { params: 1 }; }
  trainBatches() {
    return { epoch: 1, batch: 1, batches_per_epoch: 1, train_loss: 1, val_loss: null, samples_per_s: 1, done: true, stop_reason: 'epochs' };
  }
  stop() {}
  evaluate() { return { epochs_run: 1 }; }
  predictions() { return { predicted: new Float32Array(1) }; }
  forecast(steps) { return new Float32Array(steps); }
  exportJson() { return '{}'; }
  exportSafetensors() { return new Uint8Array(9); }
  importModel() { return { config: {}, params: 1 }; }
  freeze() {}
  inspect(split, index) { return { split, index, shape: [1, 1, 1], saliency: new Float32Array(1), gates: {} }; }
}

test('the engine answers every request type of the vocabulary', async () => {
  const replies = [];
  const engine = new Engine({ Session: InstantSession, backend: () => 'fake', datasets: () => [] }, (r) => replies.push(r));
  const payloads = {
    [Request.LOAD_DATA]: { kind: 'csv', text: 'x\n1\n2\n3\n', options: {} },
    [Request.CONFIGURE]: { config: { epochs: 1 } },
    [Request.FORECAST]: { steps: 2 },
    [Request.EXPORT]: { format: 'json' },
    [Request.IMPORT]: { bytes: new Uint8Array(2) },
    [Request.FREEZE]: { spec: 'none' },
    [Request.INSPECT]: { split: 'val', index: 2 },
  };
  // Configure first, so that `reset` has a configuration to reuse.
  const order = [Request.CONFIGURE, ...Object.values(Request).filter((t) => t !== Request.CONFIGURE && t !== Request.CRASH)];
  let id = 0;
  for (const type of order) {
    id++;
    await engine.handle({ id, type, payload: payloads[type] ?? {} });
    await new Promise((r) => setTimeout(r, 5)); // train and step answer from their loop
    const mine = replies.filter((r) => r.id === id);
    assert.ok(mine.length > 0, `${type}: no reply`);
    for (const r of mine) {
      assert.ok(Object.values(Reply).includes(r.type), `${type}: reply type ${r.type}`);
      if (r.type === Reply.ERROR) assert.doesNotMatch(r.payload.message, /unknown request type/, type);
    }
  }
  await engine.handle({ id: 99, type: 'no-such-request', payload: {} });
  assert.match(replies.at(-1).payload.message, /unknown request type "no-such-request"/);
});

test('error payloads keep the message; wasm traps are fatal', () => {
  assert.deepEqual(errorPayload(new Error('window: 0 must be at least 1'), 'configure'),
    { message: 'window: 0 must be at least 1', where: 'configure', fatal: false });
  assert.equal(errorPayload(new WebAssembly.RuntimeError('unreachable'), 'train').fatal, true);
  assert.equal(errorPayload('plain', 'x').message, 'plain');
  assert.equal(errorPayload({ toString: () => 'odd' }, 'x').message, 'odd');
});
