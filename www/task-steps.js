/**
 * Runs work in separate tasks of the event loop, so a long start-up does not
 * become one long main-thread task (a long task delays every input and frame).
 */

/**
 * Resolves in a new task (a MessageChannel round trip: unlike `setTimeout`, not
 * clamped or throttled); the same yield the worker's training loop uses.
 */
import { yieldToEventLoop as nextTask } from './chunked-run.js';

export { nextTask };

/**
 * Runs each step in a task of its own, in order; rejects with the first step's error.
 * @param {(() => unknown)[]} steps
 * @returns {Promise<void>}
 */
export async function inTasks(steps) {
  for (const step of steps) {
    await nextTask();
    step();
  }
}
