/**
 * How the worker paces training and its messages: the time budget of one
 * training chunk, how often progress, predictions and checkpoints go to the
 * page, and the helpers that keep to those numbers (used by www/engine.js).
 */

/** Progress messages per second, at most. */
export const MAX_PROGRESS_PER_SECOND = 20;

/** Time budget of one training chunk in the worker, in ms (keeps pause/stop responsive). */
export const CHUNK_BUDGET_MS = 40;

/** How often the worker attaches current one-step predictions to a progress message, in ms. */
export const PREDICTIONS_EVERY_MS = 1000;

/** How often the worker sends a checkpoint (the model file) while training, in ms. */
export const CHECKPOINT_EVERY_MS = 5000;

/** Largest training chunk, in batches. */
const MAX_CHUNK_BATCHES = 4096;

/**
 * A rate limiter: `ready(now)` is true at most `perSecond` times a second.
 * @param {number} [perSecond]
 */
export function makeThrottle(perSecond = MAX_PROGRESS_PER_SECOND) {
  const gap = 1000 / perSecond;
  let last = -Infinity;
  return {
    /**
     * True when a message may be sent at time `now` (ms); records the send.
     * @param {number} now
     */
    ready(now) {
      if (now - last < gap) return false;
      last = now;
      return true;
    },
    /** Forgets the last send, so the next `ready` is true (for final messages). */
    reset() {
      last = -Infinity;
    },
  };
}

/**
 * The next training chunk size, aiming at `budgetMs` per chunk: it grows at
 * most twofold per chunk and stays within 1…4096 batches.
 * @param {number} batches    size of the chunk just run
 * @param {number} elapsedMs  how long it took
 * @param {number} [budgetMs]
 */
export function nextChunkSize(batches, elapsedMs, budgetMs = CHUNK_BUDGET_MS) {
  if (!(elapsedMs > 0)) return Math.min(batches * 2, MAX_CHUNK_BATCHES);
  const ideal = Math.floor((batches * budgetMs) / elapsedMs);
  return Math.max(1, Math.min(ideal, batches * 2, MAX_CHUNK_BATCHES));
}
