/**
 * The chunked training loop both engines share (www/engine.js for a series, www/engine-text.js
 * for a text): train a chunk of batches sized to ~40 ms (www/scheduling.js), let the caller
 * report it, yield to the event loop when the budget is spent so pause, stop and other requests
 * get through, and wait while paused. What a chunk is, how far one may go and what is sent
 * after it are the caller's (`ChunkHooks`); the loop only owns the order and the pacing.
 */
import { nextChunkSize, CHUNK_BUDGET_MS } from './scheduling.js';

/**
 * The controls of a run the loop reads (the engines' run objects have more fields).
 * @typedef {object} ChunkedRunControls
 * @property {boolean} paused
 * @property {boolean} stopRequested
 * @property {boolean} abandoned          new data or a new model replaced the run's model
 * @property {(() => void)|null} wake    set by the loop while it waits for a resume
 */

/**
 * What the caller does around each chunk.
 * @template P
 * @typedef {object} ChunkHooks
 * @property {(chunk: number) => number} limit   the chunk size the pacing wants, capped where the
 *   caller needs a chunk to end (an epoch's end, a sample); at least 1
 * @property {(n: number) => P} train            trains `n` batches, returns the progress
 * @property {(progress: P, n: number, now: number) => boolean} after  reports a chunk; true ends
 *   the loop ('done'). It may set `run.paused` (a step that ends parks the run).
 * @property {() => void} onPause                the run is about to wait for a resume
 * @property {() => number} [now]                the clock (ms); `performance.now` by default
 * @property {() => Promise<void>} [yieldNow]    one turn of the event loop
 */

/**
 * Resolves after the event loop has had a turn (a MessageChannel round trip is a task without
 * setTimeout's 4 ms clamp).
 * @returns {Promise<void>}
 */
export function yieldToEventLoop() {
  if (typeof MessageChannel === 'undefined') return new Promise((resolve) => setTimeout(resolve, 0));
  return new Promise((resolve) => {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => {
      ch.port1.close();
      resolve();
    };
    ch.port2.postMessage(null);
  });
}

/**
 * Trains `run` chunk by chunk until a hook says it is done, it is stopped or it is abandoned.
 * Resolves with why it ended: `'done'`, `'stopped'` or `'abandoned'`; a hook's error rejects.
 * @template P
 * @param {ChunkedRunControls} run
 * @param {ChunkHooks<P>} hooks
 * @returns {Promise<'done'|'stopped'|'abandoned'>}
 */
export async function runChunked(run, hooks) {
  const now = hooks.now ?? (() => performance.now());
  const yieldNow = hooks.yieldNow ?? yieldToEventLoop;
  let chunk = 1;
  let lastYield = now();
  for (;;) {
    if (run.abandoned) return 'abandoned';
    if (run.stopRequested) return 'stopped';
    if (run.paused) {
      hooks.onPause();
      await new Promise((resolve) => { run.wake = () => resolve(undefined); });
      run.wake = null;
      lastYield = now();
      continue;
    }
    const n = Math.max(1, Math.min(chunk, hooks.limit(chunk)));
    const t0 = now();
    const progress = hooks.train(n);
    const t1 = now();
    // A chunk cut short by the caller says little about the pace, unless it was already too slow.
    if (n === chunk || t1 - t0 > CHUNK_BUDGET_MS) chunk = nextChunkSize(n, t1 - t0);
    if (hooks.after(progress, n, t1)) return 'done';
    if (t1 - lastYield >= CHUNK_BUDGET_MS) {
      await yieldNow();
      lastYield = now();
    }
  }
}
