/**
 * The first module the element evaluates (www/rnn-playground.js imports it first). The first
 * `Intl` formatter a Chromium renderer makes loads the ICU locale and time-zone data: 25–100 ms
 * of main-thread time, and uPlot makes two when its module is evaluated. A throwaway worker
 * makes them first (the data is shared by the threads of a process), and this module waits for
 * it with a top-level await, so that in a bundle (Vite, Rollup: one chunk, in evaluation order)
 * the modules after it, uPlot among them, are evaluated in a later task, with the data loaded.
 * That also lets the page finish parsing (and its first layout happen) before the element is
 * defined and builds its shadow DOM. When no worker can be made (a CSP without `blob:` workers),
 * or it is slow, the rest goes on without it: the data then loads on the main thread as before.
 */

/** How long the rest of the element waits for the warm-up worker at most, in ms. */
const WARM_UP_TIMEOUT_MS = 2000;

/** What the warm-up worker runs: the formatters uPlot makes, then a reply. */
const WARM_UP_SCRIPT = 'new Intl.NumberFormat(navigator.language);'
  + 'new Intl.DateTimeFormat().resolvedOptions();postMessage(0);';

/**
 * Resolves when a worker has loaded the ICU data, or at once / after the timeout when it
 * could not; never rejects.
 * @returns {Promise<void>}
 */
export function warmUpIntl() {
  if (typeof Worker === 'undefined' || typeof Blob === 'undefined') return Promise.resolve();
  return new Promise((resolve) => {
    /** @type {Worker|null} */
    let worker = null;
    let url = '';
    const done = () => {
      clearTimeout(timer);
      worker?.terminate();
      if (url) URL.revokeObjectURL(url);
      resolve();
    };
    const timer = setTimeout(done, WARM_UP_TIMEOUT_MS);
    try {
      url = URL.createObjectURL(new Blob([WARM_UP_SCRIPT], { type: 'text/javascript' }));
      worker = new Worker(url, { name: 'rnn-playground-intl' });
      worker.onmessage = done;
      worker.onerror = done;
    } catch {
      done();
    }
  });
}

await warmUpIntl();
