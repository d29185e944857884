import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InspectRefresher, flowOf } from '../../www/compare-inspect.js';

/** Timers run by hand. */
function fakeTimers() {
  /** @type {Map<number, () => void>} */
  const timers = new Map();
  let next = 1;
  return {
    later: (/** @type {() => void} */ fn) => { const id = next++; timers.set(id, fn); return id; },
    cancel: (/** @type {unknown} */ id) => { timers.delete(/** @type {number} */ (id)); },
    get count() { return timers.size; },
    /** Fires every timer queued now. */
    fire() {
      const due = [...timers];
      timers.clear();
      for (const [, fn] of due) fn();
    },
  };
}

/** Lets pending promise reactions run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

test('one round at a time, the next queued only after the last one was shown', async () => {
  const timers = fakeTimers();
  /** @type {((v: any) => void)[]} */
  const answers = [];
  /** @type {any[]} */
  const shown = [];
  const r = new InspectRefresher(() => new Promise((resolve) => answers.push(resolve)), (list) => shown.push(list),
    { everyMs: 10, later: timers.later, cancel: timers.cancel });
  r.start();
  r.start(); // twice: still one timer
  assert.equal(timers.count, 1);
  timers.fire();
  assert.equal(answers.length, 1, 'one round asked');
  assert.equal(timers.count, 0, 'no next round while this one is in flight');
  answers[0](['a']);
  await settle();
  assert.deepEqual(shown, [['a']]);
  assert.equal(timers.count, 1, 'the next round is queued');
  r.stop();
  assert.equal(timers.count, 0, 'stop cancels the queued round');
  r.start(); // again, and a round in flight when its timer fires: that round does not ask twice
  timers.fire();
  assert.equal(answers.length, 2);
  r.stop();
  r.start();
  timers.fire();
  assert.equal(answers.length, 2, 'no second request while one is in flight');
  answers[1](['b']);
  await settle();
  assert.deepEqual(shown, [['a'], ['b']]);
  r.stop();
});

test('a failed round is counted and the rounds go on; stop ends them', async () => {
  const timers = fakeTimers();
  let calls = 0;
  /** @type {any[]} */
  const shown = [];
  const r = new InspectRefresher(async () => {
    calls++;
    if (calls === 1) throw new Error('training ended');
    return [calls];
  }, (list) => shown.push(list), { everyMs: 10, later: timers.later, cancel: timers.cancel });
  r.start();
  timers.fire();
  await settle();
  assert.equal(r.failures, 1);
  timers.fire();
  await settle();
  assert.deepEqual(shown, [[2]]);
  r.stop();
  timers.fire();
  await settle();
  assert.equal(calls, 2, 'nothing asked after stop');
});

test('the gradient flow of a packed inspection: one view per state, the gates left packed', () => {
  const packed = /** @type {any} */ ({
    layers: 2, directions: 1, shape: [2, 3, 4], epoch: 7,
    grad_h_norm: Float32Array.from([1, 2, 3, 4, 5, 6]),
  });
  const flow = flowOf(packed);
  assert.deepEqual(flow.grad_h_norm.map((a) => [...a]), [[1, 2, 3], [4, 5, 6]]);
  assert.deepEqual([flow.layers, flow.directions, flow.epoch], [2, 1, 7]);
  assert.throws(() => flowOf({ ...packed, grad_h_norm: Float32Array.from([1, 2]) }),
    /inspection: grad_h_norm has 2 values, expected 6/);
});
