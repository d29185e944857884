// The shared chunked training loop (www/chunked-run.js) on a fake clock: chunks grow to the
// ~40 ms budget and shrink when slow, the caller's limit cuts a chunk without teaching the pace,
// it yields once the budget is spent, a pause waits for wake, and stop/abandon/done end it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runChunked } from '../../www/chunked-run.js';
import { CHUNK_BUDGET_MS } from '../../www/scheduling.js';

/** A run's controls. */
function controls() {
  return { paused: false, stopRequested: false, abandoned: false, wake: /** @type {null|(() => void)} */ (null) };
}

/**
 * A fake trainer: each batch costs `msPerBatch` on the fake clock; records the chunk sizes.
 * @param {number} msPerBatch
 */
function fakeClock(msPerBatch) {
  const t = { now: 0, sizes: /** @type {number[]} */ ([]), yields: 0, batches: 0 };
  return {
    t,
    now: () => t.now,
    train: (/** @type {number} */ n) => { t.sizes.push(n); t.batches += n; t.now += n * msPerBatch; return t.batches; },
    yieldNow: async () => { t.yields++; },
  };
}

test('chunks double up to the budget, then hold there; it yields after each budget spent', async () => {
  const c = fakeClock(1); // 1 ms a batch: the budget is 40 batches
  const ended = await runChunked(controls(), {
    ...c, limit: (k) => k, onPause: () => assert.fail('never paused'),
    after: (batches) => batches >= 1000,
  });
  assert.equal(ended, 'done');
  assert.deepEqual(c.t.sizes.slice(0, 7), [1, 2, 4, 8, 16, 32, 40]);
  assert.ok(c.t.sizes.slice(6).every((n) => n === CHUNK_BUDGET_MS), String(c.t.sizes));
  assert.ok(c.t.yields >= 1000 / CHUNK_BUDGET_MS - 2, `yields: ${c.t.yields}`);
});

test('a slow chunk shrinks the next one; the caller\'s limit cuts a chunk but does not slow the pace', async () => {
  let cut = false;
  const c = fakeClock(10); // 10 ms a batch: 4 batches fill the budget
  const seen = /** @type {number[]} */ ([]);
  await runChunked(controls(), {
    ...c, onPause: () => {},
    limit: (k) => (seen.length === 4 && !cut ? (cut = true, 1) : k),
    after: (batches) => { seen.push(batches); return seen.length >= 8; },
  });
  // 1, 2, 4 (40 ms: budget), 4, cut to 1 (does not teach the pace), 4, 4, 4
  assert.deepEqual(c.t.sizes, [1, 2, 4, 4, 1, 4, 4, 4]);
});

test('a pause calls onPause and waits for wake; stop and abandon end the loop with their reason', async () => {
  const c = fakeClock(1);
  const run = controls();
  let pauses = 0;
  let chunks = 0;
  const done = runChunked(run, {
    ...c, limit: (k) => k,
    onPause: () => { pauses++; },
    after: () => { chunks++; if (chunks === 3) run.paused = true; return false; },
  });
  while (!run.wake) await new Promise((r) => setImmediate(r));
  assert.equal(pauses, 1);
  assert.equal(chunks, 3, 'no chunk trains while paused');
  run.paused = false;
  run.stopRequested = true;
  run.wake();
  assert.equal(await done, 'stopped');
  assert.equal(chunks, 3);

  const gone = controls();
  gone.abandoned = true;
  assert.equal(await runChunked(gone, { ...c, limit: (k) => k, onPause: () => {}, after: () => assert.fail('no chunk') }), 'abandoned');
});

test('an error in a hook rejects the loop', async () => {
  const c = fakeClock(1);
  await assert.rejects(runChunked(controls(), {
    ...c, limit: (k) => k, onPause: () => {},
    train: () => { throw new Error('trap'); },
    after: () => false,
  }), /trap/);
});
