// The turns <rnn-compare> runs take on the cores (www/compare-turns.js): at most
// `computing` runs compute at once, the longest-computing hands its turn to the
// longest-waiting, and a run that ends gives its place away.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Turns, computingRuns } from '../../www/compare-turns.js';

/**
 * A scheduler over `runs` runs with a manual timer, recording the requests.
 * @param {number} runs
 * @param {number} computing
 */
function make(runs, computing) {
  /** @type {string[]} */
  const log = [];
  /** @type {(() => void)|null} */
  let tick = null;
  let cancelled = 0;
  const turns = new Turns({
    runs, computing,
    pause: (r) => log.push(`pause ${r}`),
    resume: (r) => log.push(`resume ${r}`),
    every: (fn) => { tick = fn; return 1; },
    cancel: () => { cancelled++; tick = null; },
  });
  return { turns, log, tickNow: () => tick?.(), ticking: () => tick !== null, cancelled: () => cancelled };
}

test('one core fewer than the machine has, at least one', () => {
  assert.equal(computingRuns(2), 1);
  assert.equal(computingRuns(8), 7);
  assert.equal(computingRuns(1), 1);
  assert.equal(computingRuns(undefined), 1);
  assert.equal(computingRuns(0), 1);
});

test('three runs on one computing slot take turns in order', () => {
  const { turns, log, tickNow } = make(3, 1);
  turns.start();
  assert.deepEqual(log.splice(0), ['pause 1', 'pause 2']);
  assert.deepEqual(turns.computingNow(), [0]);
  tickNow();
  assert.deepEqual(log.splice(0), ['pause 0', 'resume 1']);
  tickNow();
  assert.deepEqual(log.splice(0), ['pause 1', 'resume 2']);
  tickNow();
  assert.deepEqual(log.splice(0), ['pause 2', 'resume 0']);
  assert.deepEqual(turns.computingNow(), [0]);
});

test('two slots for three runs: the longest computing waits, the longest waiting computes', () => {
  const { turns, log, tickNow } = make(3, 2);
  turns.start();
  assert.deepEqual(log.splice(0), ['pause 2']);
  tickNow();
  assert.deepEqual(log.splice(0), ['pause 0', 'resume 2']);
  assert.deepEqual(turns.computingNow(), [1, 2]);
  tickNow();
  assert.deepEqual(log.splice(0), ['pause 1', 'resume 0']);
  assert.deepEqual(turns.computingNow(), [0, 2]);
});

test('enough cores: nobody is paused and no timer runs', () => {
  const { turns, log, ticking } = make(3, 3);
  turns.start();
  assert.deepEqual(log, []);
  assert.equal(ticking(), false);
  assert.deepEqual(turns.computingNow(), [0, 1, 2]);
});

test('a computing run that ends hands its place to the longest-waiting one; the rotation ends with the waiting', () => {
  const { turns, log, ticking, cancelled } = make(3, 1);
  turns.start();
  log.splice(0);
  turns.ended(0);
  assert.deepEqual(log.splice(0), ['resume 1']);
  assert.deepEqual(turns.computingNow(), [1]);
  assert.equal(ticking(), true, 'run 2 still waits');
  turns.ended(2); // a waiting run ends (stopped or failed): nobody is resumed
  assert.deepEqual(log.splice(0), []);
  assert.equal(ticking(), false, 'nobody waits, so nobody rotates');
  assert.equal(cancelled(), 1);
  turns.ended(1);
  assert.deepEqual(log, []);
  assert.deepEqual(turns.computingNow(), []);
});
