// The element's data/model requests and its restores, driven against the real lifecycle with a
// stand-in worker: the events they dispatch must lead where the lifecycle says.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SessionRequests } from '../../www/session-requests.js';
import { restoreAfterCrash, restoreFromSnapshot } from '../../www/element-recovery.js';
import { RunWaiters } from '../../www/run-waiters.js';
import { LifecycleEvent as E, State, initialLifecycle, transition, needsConfigure } from '../../www/lifecycle.js';

/** A worker stand-in that records requests and refuses the types in `refuse`. */
function fakeWorker(refuse = new Set()) {
  const calls = [];
  return {
    calls,
    async call(type, payload) {
      calls.push([type, payload]);
      if (refuse.has(type)) throw new Error(`${type} refused`);
      return { type };
    },
  };
}

/** The real lifecycle, recording the state names it passes through. */
function lifecycle(start = initialLifecycle()) {
  const h = { state: start, names: [] };
  h.dispatch = (event) => { h.state = transition(h.state, event); h.names.push(h.state.name); };
  return h;
}

/** A lifecycle that is up with data and a model. */
function readyLifecycle() {
  const lc = lifecycle();
  for (const type of [E.START, E.LOADED, E.CONFIGURED, E.STARTED]) lc.dispatch({ type });
  lc.names.length = 0;
  return lc;
}

test('each request is framed by its lifecycle events; a refusal dispatches failed and rethrows', async () => {
  const lc = readyLifecycle();
  const w = fakeWorker(new Set(['import']));
  const r = new SessionRequests(() => w, lc.dispatch);
  await r.loadData({ kind: 'dataset', name: 'sine', options: {} });
  await r.buildModel({ epochs: 3 }, 'recurrent');
  assert.deepEqual(lc.names, ['loading', 'ready', 'configuring', 'ready']);
  assert.deepEqual(w.calls.map(([t]) => t), ['load-data', 'configure', 'freeze']);
  assert.equal(w.calls[1][1].config.epochs, 3, 'the settings go through toSessionConfig');
  assert.deepEqual(w.calls[2][1], { spec: 'recurrent' });
  await assert.rejects(r.importModel(new Uint8Array(2), 'none'), /import refused/);
  assert.deepEqual(lc.names.slice(4), ['importing', 'ready'], 'the old model stays');
  await r.buildModel({}, 'none');
  assert.equal(w.calls.at(-1)[0], 'configure', 'no freeze for none');
});

test('a request without a worker fails like a refusal', async () => {
  const lc = readyLifecycle();
  const r = new SessionRequests(() => { throw new Error('the playground was removed from the page'); }, lc.dispatch);
  await assert.rejects(r.loadData({ kind: 'dataset', name: 'sine', options: {} }), /removed from the page/);
  assert.equal(lc.state.name, State.READY);
});

/** Restore steps over a stand-in worker and the real lifecycle. */
function steps(lc, w) {
  const r = new SessionRequests(() => w, lc.dispatch);
  const seen = { notices: [], failures: [], predictions: 0 };
  return {
    seen,
    steps: {
      dispatch: lc.dispatch,
      loadData: (s) => r.loadData(s),
      buildModel: () => r.buildModel({}, 'none'),
      load: async (s) => { await r.loadData(s); await r.buildModel({}, 'none'); },
      importModel: (json) => r.importModel(new TextEncoder().encode(json), 'none'),
      showPredictions: async () => { seen.predictions++; },
      showNotice: (m) => seen.notices.push(m),
      fail: (err, where) => seen.failures.push([err.message, where]),
    },
  };
}

test('a crash restore sends data, model and checkpoint again and stays busy until it is over', async () => {
  const lc = readyLifecycle();
  lc.dispatch({ type: E.TRAIN });
  lc.dispatch({ type: E.CRASHED });
  lc.names.length = 0;
  const w = fakeWorker();
  const s = steps(lc, w);
  await restoreAfterCrash({ source: { kind: 'dataset', name: 'sine', options: {} }, checkpoint: '{"w":1}', forecast: null }, s.steps);
  assert.deepEqual(w.calls.map(([t]) => t), ['load-data', 'configure', 'import']);
  assert.deepEqual(new TextDecoder().decode(w.calls[2][1].bytes), '{"w":1}');
  assert.ok(lc.names.slice(0, -1).every((n) => n === 'restoring'), lc.names.join());
  assert.equal(lc.state.name, State.READY);
  assert.equal(needsConfigure(lc.state), false, 'Train continues from the checkpoint');
  assert.equal(s.seen.predictions, 1);
  assert.match(s.seen.notices[0], /checkpoint is restored/);
});

test('a crash restore that fails says so and ends in error', async () => {
  const lc = lifecycle();
  for (const type of [E.START, E.LOADED, E.CONFIGURED, E.STARTED, E.CRASHED]) lc.dispatch({ type });
  const s = steps(lc, fakeWorker(new Set(['load-data'])));
  await restoreAfterCrash({ source: { kind: 'dataset', name: 'sine', options: {} }, checkpoint: null, forecast: null }, s.steps);
  assert.deepEqual(s.seen.failures, [['load-data refused', 'restore']]);
  assert.equal(lc.state.name, State.ERROR);
  assert.deepEqual(s.seen.notices, []);
});

test('an autosaved snapshot loads through the first-load steps; a refused one reports false', async () => {
  const snap = { source: { kind: 'dataset', name: 'sine', options: {} }, model: '{}', savedAt: 0 };
  const lc = lifecycle();
  lc.dispatch({ type: E.START });
  const w = fakeWorker();
  const s = steps(lc, w);
  assert.equal(await restoreFromSnapshot(snap, s.steps), true);
  assert.deepEqual(w.calls.map(([t]) => t), ['load-data', 'configure', 'import']);
  assert.equal(lc.state.name, State.STARTING, 'the start goes on');
  assert.match(s.seen.notices[0], /Restored the model autosaved/);
  const refused = steps(lifecycle(), fakeWorker(new Set(['import'])));
  assert.equal(await restoreFromSnapshot(snap, refused.steps), false);
});

test('run waiters all get the metrics, or the error (anything thrown becomes an Error)', async () => {
  const runs = new RunWaiters();
  const a = runs.wait();
  const b = runs.wait();
  assert.equal(runs.size, 2);
  runs.settle({ epochs_run: 3 });
  assert.deepEqual([await a, await b], [{ epochs_run: 3 }, { epochs_run: 3 }]);
  assert.equal(runs.size, 0);
  const c = runs.wait();
  runs.settle(null, 'plain text');
  await assert.rejects(c, (e) => e instanceof Error && e.message === 'plain text');
  runs.settle(null, new Error('nobody waits')); // no waiter: nothing happens
});
