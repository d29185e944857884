import { test } from 'node:test';
import assert from 'node:assert/strict';
import { plain } from '../../www/engine.js';

test('plain turns Maps into objects, deeply, and keeps typed arrays', () => {
  const f = new Float32Array([1, 2]);
  const v = plain({ a: new Map([['persistence', new Map([['test_rmse', 1.5]])]]), b: [new Map([[1, 'x']])], f, n: null });
  assert.deepEqual(v, { a: { persistence: { test_rmse: 1.5 } }, b: [{ 1: 'x' }], f, n: null });
  assert.strictEqual(v.f, f);
});

import { Engine } from '../../www/engine.js';

/** A stand-in for the wasm Session: batches take ~0.5 ms, 10 batches per epoch. */
class FakeSession {
  constructor() { this.batches = 0; this.epochs = 3; this.stopped = false; this.calls = []; }
  loadDataset(name) { if (name === 'nope') throw new Error('dataset: "nope" is not one of sp500, co2'); return { rows: 100 }; }
  configure(c) { this.batches = 0; this.epochs = c.epochs; this.stopped = false; return { params: 7, warnings: [] }; }
  trainBatches(maxBatches) {
    this.calls.push(maxBatches);
    const n = Math.min(maxBatches, this.epochs * 10 - this.batches); // up to maxBatches, never past the last epoch
    const t0 = performance.now();
    while (performance.now() - t0 < n * 0.5) { /* work */ }
    this.batches += n;
    const epoch = Math.floor(this.batches / 10);
    const done = epoch >= this.epochs;
    return { epoch, batch: this.batches % 10, batches_per_epoch: 10, train_loss: 1 / this.batches,
      val_loss: this.batches % 10 === 0 ? 2 / this.batches : null, lr: 0.01, samples_per_s: 1, elapsed_ms: 1,
      done, stop_reason: done ? 'epochs' : null };
  }
  stop() { this.stopped = true; }
  evaluate() { return { test_rmse: 1, epochs_run: Math.floor(this.batches / 10), baselines: new Map([['persistence', 2]]) }; }
  predictions() { return { target_index: new Int32Array(1), predicted: new Float32Array(1), split: new Uint8Array(1) }; }
  exportJson() { return '{}'; }
}

function harness() {
  const replies = [];
  const waiters = [];
  const engine = new Engine({ Session: FakeSession, backend: () => 'fake', datasets: () => [] }, (r) => {
    replies.push(r);
    for (const w of waiters.splice(0)) w();
  });
  const until = async (pred) => {
    while (!pred()) await new Promise((r) => waiters.push(r));
  };
  return { engine, replies, until, of: (id, type) => replies.filter((r) => r.id === id && (!type || r.type === type)) };
}

test('train runs in chunks to the end and answers with metrics; progress stays under 20 per second', async () => {
  const h = harness();
  await h.engine.handle({ id: 1, type: 'configure', payload: { config: { epochs: 40 } } });
  const t0 = Date.now();
  await h.engine.handle({ id: 2, type: 'train', payload: {} });
  await h.until(() => h.of(2, 'result').length === 1);
  const seconds = (Date.now() - t0) / 1000;
  const result = h.of(2, 'result')[0].payload;
  assert.equal(result.metrics.epochs_run, 40);
  assert.deepEqual(result.metrics.baselines, { persistence: 2 }, 'Maps become objects');
  assert.equal(result.progress.done, true);
  const progress = h.of(2, 'progress');
  assert.ok(progress.length >= 1);
  assert.ok(progress.length <= Math.ceil(seconds * 20) + 1, `${progress.length} progress messages in ${seconds}s`);
  const s = h.engine.session;
  assert.ok(s.calls.length > 1 && Math.max(...s.calls) > 1, `chunks: ${s.calls.slice(0, 10)}`);
  // every epoch end reaches the page (val_loss for the loss chart), throttled or not
  const history = [...progress.flatMap((p) => p.payload.history), ...result.history];
  assert.equal(history.filter((p) => p.val_loss !== null).length, 40);
});

test('pause holds the run, resume continues it, stop ends it with stop_reason "stopped"', async () => {
  const h = harness();
  await h.engine.handle({ id: 1, type: 'configure', payload: { config: { epochs: 100000 } } });
  await h.engine.handle({ id: 2, type: 'train', payload: {} });
  await h.until(() => h.of(2, 'progress').length >= 2);
  await h.engine.handle({ id: 3, type: 'pause', payload: {} });
  const paused = h.of(3, 'result')[0].payload;
  assert.equal(paused.state, 'paused');
  assert.equal(paused.progress.batch % 10, h.engine.session.batches % 10, 'the reply says where training stands');
  await new Promise((r) => setTimeout(r, 50));
  const at = h.engine.session.batches;
  await new Promise((r) => setTimeout(r, 100));
  assert.equal(h.engine.session.batches, at, 'no batches while paused');
  await h.engine.handle({ id: 4, type: 'resume', payload: {} });
  await h.until(() => h.engine.session.batches > at);
  await h.engine.handle({ id: 5, type: 'stop', payload: {} });
  await h.until(() => h.of(2, 'result').length === 1);
  const result = h.of(2, 'result')[0].payload;
  assert.equal(result.progress.stop_reason, 'stopped');
  assert.equal(h.engine.session.stopped, true);
  assert.equal(h.engine.run, null);
});

test('step trains exactly one epoch and parks; train then continues the same run', async () => {
  const h = harness();
  await h.engine.handle({ id: 1, type: 'configure', payload: { config: { epochs: 50 } } });
  await h.engine.handle({ id: 2, type: 'step', payload: {} });
  await h.until(() => h.of(2, 'result').length === 1);
  const r = h.of(2, 'result')[0].payload;
  assert.equal(r.paused, true);
  assert.deepEqual([r.progress.epoch, r.progress.batch], [1, 0]);
  await h.engine.handle({ id: 3, type: 'step', payload: {} });
  await h.until(() => h.of(3, 'result').length === 1);
  assert.deepEqual([h.of(3, 'result')[0].payload.progress.epoch, h.engine.session.batches], [2, 20]);
  await h.engine.handle({ id: 4, type: 'train', payload: {} });
  await h.until(() => h.of(4, 'result').length === 1);
  assert.equal(h.of(4, 'result')[0].payload.metrics.epochs_run, 50);
});

test('a failing call answers an error naming the request, and the engine keeps working', async () => {
  const h = harness();
  await h.engine.handle({ id: 1, type: 'load-data', payload: { kind: 'dataset', name: 'nope' } });
  assert.deepEqual(h.of(1)[0], { id: 1, type: 'error',
    payload: { message: 'dataset: "nope" is not one of sp500, co2', where: 'load-data', fatal: false } });
  await h.engine.handle({ id: 2, type: 'load-data', payload: { kind: 'dataset', name: 'sine' } });
  assert.deepEqual(h.of(2)[0].payload, { rows: 100 });
  await h.engine.handle({ id: 3, type: 'bogus', payload: {} });
  assert.match(h.of(3)[0].payload.message, /unknown request type "bogus"/);
});

test('new config during a run abandons it without stopping the new model', async () => {
  const h = harness();
  await h.engine.handle({ id: 1, type: 'configure', payload: { config: { epochs: 100000 } } });
  await h.engine.handle({ id: 2, type: 'train', payload: {} });
  await h.until(() => h.of(2, 'progress').length >= 1);
  await h.engine.handle({ id: 3, type: 'configure', payload: { config: { epochs: 2 } } });
  await new Promise((r) => setTimeout(r, 100));
  assert.equal(h.engine.session.stopped, false, 'the new model was not stopped');
  assert.equal(h.of(2, 'result').length, 0, 'the abandoned run sends no result');
  assert.match(h.of(2, 'error')[0].payload.message, /new data or settings replaced the model/);
  await h.engine.handle({ id: 4, type: 'train', payload: {} });
  await h.until(() => h.of(4, 'result').length === 1);
  assert.equal(h.of(4, 'result')[0].payload.metrics.epochs_run, 2);
});

/** A Session that records what loadDataset received; `datasets()` names files as the wasm build does. */
function fetchingHarness(fetchText, { embedded = false } = {}) {
  const loads = [];
  class RecordingSession extends FakeSession {
    loadDataset(name, options) {
      if (name === 'nope') throw new Error("unknown dataset 'nope'; built-in datasets: sp500, co2, sine");
      loads.push({ name, options });
      return { source: `dataset ${name}`, rows: options.text ? options.text.split('\n').length - 1 : 500 };
    }
    configure(c) { loads.push({ configure: c.epochs }); return super.configure(c); }
  }
  const list = [
    { name: 'sp500', file: 'sp500-2000.csv', embedded },
    { name: 'co2', file: 'co2-concentration.csv', embedded },
    { name: 'sine', file: null, embedded: false },
  ];
  const replies = [];
  const engine = new Engine({ Session: RecordingSession, backend: () => 'fake', datasets: () => list },
    (r) => replies.push(r), { fetchText });
  return { engine, replies, loads, of: (id) => replies.filter((r) => r.id === id) };
}

test('a real dataset the wasm build does not embed is fetched once and its text handed to the session', async () => {
  const fetched = [];
  const h = fetchingHarness(async (name, file) => { fetched.push([name, file]); return 'date,close\n2000-01-03,1455.2\n'; });
  await h.engine.handle({ id: 1, type: 'load-data', payload: { kind: 'dataset', name: ' SP500 ', options: { seed: 3 } } });
  assert.deepEqual(h.of(1)[0].payload, { source: 'dataset  SP500 ', rows: 2 });
  assert.deepEqual(h.loads[0], { name: ' SP500 ', options: { seed: 3, text: 'date,close\n2000-01-03,1455.2\n' } });
  await h.engine.handle({ id: 2, type: 'load-data', payload: { kind: 'dataset', name: 'sp500', options: {} } });
  await h.engine.handle({ id: 3, type: 'load-data', payload: { kind: 'dataset', name: 'sine', options: { seed: 1 } } });
  assert.deepEqual(fetched, [['sp500', 'sp500-2000.csv']], 'fetched once; synthetic series need no file');
  assert.deepEqual(h.loads[2], { name: 'sine', options: { seed: 1 } });
  await h.engine.handle({ id: 4, type: 'load-data', payload: { kind: 'dataset', name: 'nope' } });
  assert.match(h.of(4)[0].payload.message, /^unknown dataset 'nope'/, 'unknown names keep the session\'s message');
});

test('an embedded dataset is not fetched', async () => {
  const h = fetchingHarness(async () => { throw new Error('no fetch expected'); }, { embedded: true });
  await h.engine.handle({ id: 1, type: 'load-data', payload: { kind: 'dataset', name: 'co2' } });
  assert.equal(h.of(1)[0].type, 'result');
  assert.deepEqual(h.loads[0], { name: 'co2', options: {} });
});

test('a failed fetch is an error naming the dataset; the next request fetches again', async () => {
  let calls = 0;
  const h = fetchingHarness(async (name, file) => {
    calls++;
    if (calls === 1) throw new Error(`dataset '${name}': cannot fetch ${file}: HTTP 404 Not Found`);
    return 'date,CO2\n1958-03,315.7\n';
  });
  await h.engine.handle({ id: 1, type: 'load-data', payload: { kind: 'dataset', name: 'co2' } });
  assert.deepEqual(h.of(1)[0].payload,
    { message: "dataset 'co2': cannot fetch co2-concentration.csv: HTTP 404 Not Found", where: 'load-data', fatal: false });
  assert.deepEqual(h.loads, [], 'the session was not touched');
  await h.engine.handle({ id: 2, type: 'load-data', payload: { kind: 'dataset', name: 'co2' } });
  assert.equal(h.of(2)[0].payload.rows, 2);
  assert.equal(calls, 2);
});

test('requests after a load that is still downloading apply after it, in order', async () => {
  let finish;
  const h = fetchingHarness(() => new Promise((resolve) => { finish = resolve; }));
  const done = [
    h.engine.handle({ id: 1, type: 'load-data', payload: { kind: 'dataset', name: 'sp500' } }),
    h.engine.handle({ id: 2, type: 'configure', payload: { config: { epochs: 7 } } }),
    h.engine.handle({ id: 3, type: 'load-data', payload: { kind: 'dataset', name: 'sine' } }),
    h.engine.handle({ id: 4, type: 'configure', payload: { config: { epochs: 9 } } }),
  ];
  await new Promise((r) => setTimeout(r, 20));
  assert.deepEqual(h.loads, [], 'nothing applied while the file downloads');
  finish('date,close\n2000-01-03,1455.2\n');
  await Promise.all(done);
  assert.deepEqual(h.loads.map((l) => l.name ?? l.configure), ['sp500', 7, 'sine', 9]);
  assert.deepEqual(h.replies.map((r) => r.id), [1, 2, 3, 4]);
});

test('inspect answers while a run trains, with defaults test/-1, its arrays transferred, and the run goes on', async () => {
  const replies = [];
  const transfers = [];
  const waiters = [];
  class InspectableSession extends FakeSession {
    inspect(split, index) {
      if (split === 'val' && index > 3) throw new Error('index 9 is out of range: the val split has 4 windows');
      return { split, index, at: this.batches, shape: [1, 2, 1], saliency: new Float32Array(2), grad_h_norm: new Float32Array(2),
        input: new Float32Array(2), input_scaled: new Float32Array(2), target: new Float32Array(1), prediction: new Float32Array(1),
        gate_names: ['h'], gates: { h: new Float32Array(2) } };
    }
  }
  const engine = new Engine({ Session: InspectableSession, backend: () => 'fake', datasets: () => [] }, (r, t) => {
    replies.push(r);
    transfers.push(t ?? []);
    for (const w of waiters.splice(0)) w();
  });
  const until = async (pred) => { while (!pred()) await new Promise((r) => waiters.push(r)); };
  await engine.handle({ id: 1, type: 'configure', payload: { config: { epochs: 100000 } } });
  await engine.handle({ id: 2, type: 'train', payload: {} });
  await until(() => replies.some((r) => r.id === 2 && r.type === 'progress'));
  await engine.handle({ id: 3, type: 'inspect', payload: {} });
  const k = replies.findIndex((r) => r.id === 3);
  assert.equal(replies[k].type, 'result');
  assert.deepEqual([replies[k].payload.split, replies[k].payload.index], ['test', -1]);
  assert.ok(replies[k].payload.at > 0, 'taken mid-run');
  assert.equal(transfers[k].length, 7, 'every array buffer is transferred');
  assert.ok(transfers[k].includes(replies[k].payload.gates.h.buffer));
  await engine.handle({ id: 4, type: 'inspect', payload: { split: 'val', index: 9 } });
  const err = replies.find((r) => r.id === 4);
  assert.equal(err.type, 'error');
  assert.match(err.payload.message, /val split has 4 windows/);
  assert.equal(err.payload.where, 'inspect');
  const at = engine.session.batches;
  await until(() => engine.session.batches > at);
  assert.ok(engine.run && !engine.run.stopRequested, 'the run still trains');
  await engine.handle({ id: 5, type: 'stop', payload: {} });
  await until(() => replies.some((r) => r.id === 2 && r.type === 'result'));
});
