import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  State, LifecycleEvent as E, initialLifecycle, transition, phaseOf, controls,
  isTraining, hasRun, runAwaitsResult, isSettled, isWorkerless, needsLoad, needsConfigure,
} from '../../www/lifecycle.js';

/** Runs events (types or event objects) from `state`; returns the state after each. */
function run(state, ...events) {
  const seen = [];
  let s = state;
  for (const e of events) {
    s = transition(s, typeof e === 'string' ? { type: e } : e);
    seen.push(s);
  }
  return { state: s, names: seen.map((x) => x.name) };
}

/** A started element with data and a fresh model. */
const ready = () => run(initialLifecycle(), E.START, E.LOAD, E.LOADED, E.CONFIGURE, E.CONFIGURED, E.STARTED).state;

test('a new element is closed until its worker starts; the start loads data and a model inside `starting`', () => {
  const s0 = initialLifecycle();
  assert.equal(s0.name, State.CLOSED);
  assert.equal(isWorkerless(s0), true);
  const r = run(s0, E.START, E.LOAD, E.LOADED, E.CONFIGURE, E.CONFIGURED, E.STARTED);
  assert.deepEqual(r.names, ['starting', 'starting', 'starting', 'starting', 'starting', 'ready']);
  assert.equal(phaseOf(run(s0, E.START).state), 'starting');
  assert.equal(phaseOf(r.state), 'idle');
  assert.equal(needsLoad(r.state), false);
  assert.equal(needsConfigure(r.state), false);
});

test('a start that fails ends in `error`, with Train still offered (it tries the load again)', () => {
  const failedWorker = run(initialLifecycle(), E.START, E.START_FAILED).state;
  assert.equal(failedWorker.name, State.ERROR);
  const failedLoad = run(initialLifecycle(), E.START, E.LOAD, E.FAILED, E.START_FAILED).state;
  assert.equal(failedLoad.name, State.ERROR);
  assert.equal(needsLoad(failedLoad), true);
  assert.equal(controls(failedLoad).train.disabled, false);
  const failedBuild = run(initialLifecycle(), E.START, E.LOAD, E.LOADED, E.CONFIGURE, E.FAILED, E.START_FAILED).state;
  assert.equal(failedBuild.name, State.ERROR);
  assert.deepEqual([needsLoad(failedBuild), needsConfigure(failedBuild)], [false, true]);
});

test('loading is busy; a failed load keeps the previous data and model', () => {
  const r = run(ready(), E.LOAD, E.FAILED);
  assert.deepEqual(r.names, ['loading', 'ready']);
  const loading = run(ready(), E.LOAD).state;
  assert.equal(phaseOf(loading), 'busy');
  assert.deepEqual(controls(loading), {
    train: { label: 'Train', pressed: false, disabled: true }, step: { disabled: true },
    stop: { disabled: true }, reset: { disabled: true },
  });
  assert.equal(needsConfigure(r.state), false);
  const afterDone = run(ready(), E.TRAIN, E.TRAINED, E.LOAD, E.FAILED).state;
  assert.equal(afterDone.name, State.DONE, 'the finished model is still shown');
});

test('a load then a build goes loading → configuring → ready; a failed build leaves no model', () => {
  const r = run(ready(), E.LOAD, E.LOADED, E.CONFIGURE, E.CONFIGURED);
  assert.deepEqual(r.names, ['loading', 'ready', 'configuring', 'ready']);
  const failed = run(ready(), E.CONFIGURE, E.FAILED).state;
  assert.equal(failed.name, State.ERROR);
  assert.equal(needsConfigure(failed), true);
  assert.equal(needsLoad(failed), false);
});

test('train, pause, resume and finish; the Train button follows', () => {
  const r = run(ready(), E.TRAIN, E.PAUSED, E.TRAIN, E.TRAINED);
  assert.deepEqual(r.names, ['training', 'paused', 'training', 'done']);
  const training = run(ready(), E.TRAIN).state;
  assert.equal(phaseOf(training), 'running');
  assert.deepEqual(controls(training), {
    train: { label: 'Pause', pressed: true, disabled: false }, step: { disabled: true },
    stop: { disabled: false }, reset: { disabled: false },
  });
  assert.deepEqual([isTraining(training), hasRun(training), runAwaitsResult(training)], [true, true, true]);
  const paused = run(ready(), E.TRAIN, E.PAUSED).state;
  assert.equal(phaseOf(paused), 'paused');
  assert.deepEqual(controls(paused).train, { label: 'Resume', pressed: false, disabled: false });
  assert.equal(controls(paused).step.disabled, false);
  assert.equal(controls(paused).stop.disabled, false);
  assert.equal(runAwaitsResult(paused), true);
  const done = r.state;
  assert.equal(phaseOf(done), 'idle');
  assert.equal(isSettled(done), true);
  assert.deepEqual(controls(done).train, { label: 'Train', pressed: false, disabled: false });
  assert.equal(controls(done).stop.disabled, true);
  assert.equal(needsConfigure(done), true, 'a finished run cannot continue');
  assert.equal(needsLoad(done), false);
});

test('a step parks the run: nobody waits for its result, Stop still ends it', () => {
  const stepped = run(ready(), E.TRAIN, E.STEPPED).state;
  assert.equal(stepped.name, State.STEPPED);
  assert.equal(phaseOf(stepped), 'paused');
  assert.deepEqual([hasRun(stepped), runAwaitsResult(stepped)], [true, false]);
  assert.equal(controls(stepped).stop.disabled, false);
  assert.equal(run(stepped, E.TRAINED).state.name, State.DONE);
  assert.equal(run(stepped, E.TRAIN).state.name, State.TRAINING);
});

test('a run that fails settles, and keeps the model it trained', () => {
  const s = run(ready(), E.TRAIN, E.RUN_FAILED).state;
  assert.equal(s.name, State.READY);
  assert.equal(needsConfigure(s), false);
});

test('changed settings mark the model, or the data too, for the next Train', () => {
  const model = run(ready(), { type: E.SETTINGS_CHANGED, data: false }).state;
  assert.deepEqual([model.name, needsLoad(model), needsConfigure(model)], ['ready', false, true]);
  const data = run(ready(), { type: E.SETTINGS_CHANGED, data: true }, { type: E.SETTINGS_CHANGED, data: false }).state;
  assert.deepEqual([needsLoad(data), needsConfigure(data)], [true, true], 'a later model-only change keeps the data mark');
  const reloaded = run(data, E.LOAD, E.LOADED, E.CONFIGURE, E.CONFIGURED).state;
  assert.deepEqual([needsLoad(reloaded), needsConfigure(reloaded)], [false, false]);
  const whileTraining = run(ready(), E.TRAIN, { type: E.SETTINGS_CHANGED, data: false }).state;
  assert.equal(whileTraining.name, State.TRAINING, 'the run goes on with its own settings');
  assert.equal(needsConfigure(run(whileTraining, E.PAUSED).state), true);
});

test('a crash mid-run restores through the normal requests, inside `restoring`, and the run continues', () => {
  const training = run(ready(), E.TRAIN).state;
  const crashed = transition(training, { type: E.CRASHED });
  assert.equal(crashed.name, State.CRASHED);
  assert.equal(phaseOf(crashed), 'busy');
  assert.equal(isWorkerless(crashed), true);
  assert.equal(Object.values(controls(crashed)).every((c) => c.disabled), true);
  // the lost run's rejection and a late load reply change nothing
  assert.equal(run(crashed, E.RUN_FAILED, E.LOADED, E.TRAIN).state, crashed);
  const r = run(crashed, E.RESTART, E.LOAD, E.LOADED, E.CONFIGURE, E.CONFIGURED, E.IMPORT, E.IMPORTED,
    { type: E.RESTORED, checkpoint: true });
  assert.deepEqual(r.names, ['restoring', 'restoring', 'restoring', 'restoring', 'restoring', 'restoring', 'restoring', 'ready']);
  assert.equal(phaseOf(run(crashed, E.RESTART).state), 'busy');
  assert.deepEqual([needsLoad(r.state), needsConfigure(r.state)], [false, false], 'Train continues from the checkpoint');
  assert.equal(r.state.resume, null);
});

test('a restored checkpoint of a finished run, or of changed settings, is not continued', () => {
  const restore = (s) => run(s, E.CRASHED, E.RESTART, E.LOAD, E.LOADED, E.CONFIGURE, E.CONFIGURED, E.IMPORT, E.IMPORTED,
    { type: E.RESTORED, checkpoint: true }).state;
  const done = restore(run(ready(), E.TRAIN, E.TRAINED).state);
  assert.equal(done.name, State.DONE);
  assert.equal(needsConfigure(done), true);
  const stale = restore(run(ready(), { type: E.SETTINGS_CHANGED, data: true }).state);
  assert.deepEqual([needsLoad(stale), needsConfigure(stale)], [true, true]);
  const noCheckpoint = run(ready(), E.CRASHED, E.RESTART, E.LOAD, E.LOADED, E.CONFIGURE, E.CONFIGURED,
    { type: E.RESTORED, checkpoint: false }).state;
  assert.equal(noCheckpoint.name, State.READY);
  assert.equal(needsConfigure(noCheckpoint), false, 'a fresh model with the current settings');
});

test('a restore without data ends empty; one that fails ends in error; a second crash keeps what to restore', () => {
  const empty = run(initialLifecycle(), E.START, E.START_FAILED, E.CRASHED, E.RESTART, { type: E.RESTORED }).state;
  assert.equal(empty.name, State.EMPTY);
  assert.equal(needsLoad(empty), true);
  const failed = run(ready(), E.CRASHED, E.RESTART, E.LOAD, E.FAILED, { type: E.RESTORED, failed: true }).state;
  assert.equal(failed.name, State.ERROR);
  const twice = run(ready(), E.TRAIN, E.TRAINED, E.CRASHED, E.RESTART, E.LOAD, E.CRASHED).state;
  assert.equal(twice.resume?.model, 'finished');
  assert.equal(run(twice, E.RESTORED).state, twice, 'restored only ends a restore');
});

test('closing ends everything; late replies do not reopen; start begins afresh', () => {
  const closed = run(ready(), E.TRAIN, E.CLOSE).state;
  assert.equal(closed.name, State.CLOSED);
  assert.equal(run(closed, E.RUN_FAILED, E.LOADED, E.CONFIGURED, E.IMPORTED, E.TRAINED, E.CRASHED).state, closed);
  const restarted = run(closed, E.START).state;
  assert.equal(restarted.name, State.STARTING);
  assert.equal(needsLoad(restarted), true);
});

test('unknown, missing and misplaced events leave the state as it is', () => {
  const s = ready();
  assert.equal(transition(s, { type: /** @type {any} */ ('no-such-event') }), s);
  assert.equal(transition(s, /** @type {any} */ (undefined)), s);
  assert.equal(transition(s, /** @type {any} */ (null)), s);
  assert.equal(transition(s, { type: E.PAUSED }), s, 'nothing to pause');
  assert.equal(transition(s, { type: E.TRAINED }), s, 'no run to finish');
  assert.equal(transition(s, { type: E.STARTED }), s, 'not starting');
  assert.equal(transition(s, { type: E.RESTART }), s, 'not crashed');
});

test('every event from every state gives a well-formed state and never mutates its input', () => {
  const events = [...Object.values(E).map((type) => ({ type })), { type: E.SETTINGS_CHANGED, data: true },
    { type: E.RESTORED, checkpoint: true }, { type: E.RESTORED, failed: true }];
  // reach as many states as two-event walks from the usual ones find
  const seeds = [initialLifecycle(), ready(), run(ready(), E.TRAIN).state, run(ready(), E.TRAIN, E.CRASHED).state];
  const seen = new Map();
  for (const seed of seeds) {
    for (const a of events) {
      const s1 = transition(seed, a);
      for (const b of events) seen.set(JSON.stringify(transition(s1, b)), transition(s1, b));
    }
  }
  const names = new Set(Object.values(State));
  const reached = new Set();
  for (const s of seen.values()) {
    Object.freeze(s);
    reached.add(s.name);
    assert.ok(names.has(s.name), s.name);
    assert.equal(typeof s.hasData, 'boolean');
    assert.ok(['none', 'fresh', 'finished'].includes(s.model));
    for (const e of events) {
      const before = JSON.stringify(s);
      const next = transition(s, e); // frozen input: a mutation would throw in strict-mode modules
      assert.equal(JSON.stringify(s), before);
      assert.ok(names.has(next.name));
      const c = controls(next);
      assert.ok(['Train', 'Pause', 'Resume'].includes(c.train.label));
    }
  }
  assert.deepEqual([...names].filter((n) => !reached.has(n)), [], 'every state is reachable');
});
