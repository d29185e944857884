import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Pacer } from '../../www/compare-pacing.js';

/** A hand-driven clock and task queue. */
function fakeLoop() {
  let now = 0;
  /** @type {{at: number, fn: () => void}[]} */
  const tasks = [];
  return {
    now: () => now,
    later: (/** @type {() => void} */ fn, /** @type {number} */ ms) => { tasks.push({ at: now + ms, fn }); },
    /** Runs the next queued task (advancing the clock to it); false when none is left. */
    step() {
      if (!tasks.length) return false;
      tasks.sort((a, b) => a.at - b.at);
      const t = /** @type {{at: number, fn: () => void}} */ (tasks.shift());
      now = Math.max(now, t.at);
      t.fn();
      return true;
    },
    get queued() { return tasks.length; },
    /** @param {number} ms */
    advance(ms) { now += ms; },
  };
}

/**
 * A pacer over parts `a`, `b`, `c` that logs each drawing with its time.
 * @param {ReturnType<typeof fakeLoop>} loop
 */
function logged(loop) {
  /** @type {string[]} */
  const log = [];
  const draw = (/** @type {string} */ name) => () => log.push(`${name}@${loop.now()}`);
  const pacer = new Pacer({ a: draw('a'), b: draw('b'), c: draw('c') }, { everyMs: 100, now: loop.now, later: loop.later });
  return { log, pacer };
}

test('marks coalesce: a part marked many times is drawn once per round', () => {
  const loop = fakeLoop();
  const { log, pacer } = logged(loop);
  for (let i = 0; i < 50; i++) pacer.mark('a');
  pacer.mark('b');
  pacer.mark('a');
  assert.equal(loop.queued, 1, 'one round queued');
  while (loop.step());
  assert.deepEqual(log, ['a@0', 'b@0']);
});

test('each part is drawn in a task of its own', () => {
  const loop = fakeLoop();
  const { log, pacer } = logged(loop);
  pacer.mark('a');
  pacer.mark('b');
  pacer.mark('c');
  loop.step();
  assert.deepEqual(log, ['a@0'], 'the first task draws one part only');
  loop.step();
  assert.deepEqual(log, ['a@0', 'b@0']);
  loop.step();
  assert.deepEqual(log, ['a@0', 'b@0', 'c@0']);
});

test('rounds are at least everyMs apart; marks during a round wait for the next', () => {
  const loop = fakeLoop();
  const { log, pacer } = logged(loop);
  pacer.mark('a');
  pacer.mark('b');
  loop.step(); // draws a at 0
  pacer.mark('a'); // during the round
  while (loop.step());
  assert.deepEqual(log, ['a@0', 'b@0', 'a@100']);
  loop.advance(500);
  pacer.mark('c'); // long after the last round: drawn at once
  while (loop.step());
  assert.deepEqual(log.slice(3), ['c@600']);
});

test('a part that throws does not stop the others or the pacer', () => {
  const loop = fakeLoop();
  /** @type {string[]} */
  const log = [];
  const pacer = new Pacer({ bad: () => { throw new Error('boom'); }, good: () => log.push('good') },
    { everyMs: 100, now: loop.now, later: loop.later });
  pacer.mark('bad');
  pacer.mark('good');
  assert.throws(() => loop.step(), /boom/);
  while (loop.step());
  assert.deepEqual(log, ['good']);
  pacer.mark('good');
  while (loop.step());
  assert.deepEqual(log, ['good', 'good']);
});

test('cancel stops all drawing; an unknown part is refused', () => {
  const loop = fakeLoop();
  const { log, pacer } = logged(loop);
  pacer.mark('a');
  pacer.cancel();
  while (loop.step());
  pacer.mark('b');
  while (loop.step());
  assert.deepEqual(log, []);
  assert.throws(() => pacer.mark('nope'), /Pacer: no part named nope/);
});
