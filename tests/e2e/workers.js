// Counting the page's training workers, for the tests that prove stop, reset, reload and crash
// restores leave exactly one behind (tests/e2e/faults.test.js, text-restore.test.js).
import assert from 'node:assert/strict';

/**
 * Runs in the page before its scripts (`context.addInitScript`): counts the Worker objects
 * created and terminated. Only the training workers count (named `rnn-playground` by
 * www/worker-client.js): the short-lived ICU warm-up worker of www/startup-gate.js ends itself
 * before the element starts its own.
 */
export function countWorkers() {
  if (window.__workers) return; // added once per test to the shared context
  const Native = Worker;
  window.__workers = { created: 0, terminated: 0 };
  window.Worker = class CountedWorker extends Native {
    constructor(...args) {
      super(...args);
      this.counted = args[1]?.name === 'rnn-playground';
      if (this.counted) window.__workers.created++;
    }

    terminate() {
      if (this.counted) window.__workers.terminated++;
      super.terminate();
    }
  };
}

/**
 * Waits until the page has exactly one live training worker, by the page's count and by
 * Playwright's list of workers.
 * @param {import('playwright-core').Page} page
 */
export async function oneWorker(page) {
  await page.waitForFunction(() => window.__workers && window.__workers.created - window.__workers.terminated === 1, null, { timeout: 60000 });
  const deadline = Date.now() + 60000;
  while (page.workers().length !== 1) {
    if (Date.now() > deadline) assert.fail(`live workers: ${page.workers().length}`);
    await page.waitForEvent('worker', { timeout: 1000 }).catch(() => {}); // or a close: poll again
  }
}
