/**
 * Runs work in separate tasks of the event loop, so a long start-up does not
 * become one long main-thread task (a long task delays every input and frame).
 */

/**
 * Resolves in a new task (a MessageChannel round trip: unlike `setTimeout`, not
 * clamped or throttled).
 * @returns {Promise<void>}
 */
export function nextTask() {
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
