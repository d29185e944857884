// text.html's driver: runs the text benchmark (bench/text-core.js's protocol) for each requested
// engine in a fresh worker and prints the JSON result lines (those of `npm run bench -- --task
// text`, with `"runtime": "chromium"`). Results are also left in
// `window.benchResults = {done, lines, error}` for bench/text-browser.mjs.

const ENGINES = {
  'rnn-playground-wasm-simd': () => new Worker('./text-worker-ours.js?variant=simd', { type: 'module' }),
  'rnn-playground-wasm-scalar': () => new Worker('./text-worker-ours.js?variant=scalar', { type: 'module' }),
  'tfjs-wasm': () => new Worker('./text-worker-tfjs.js?backend=wasm'),
  'tfjs-cpu': () => new Worker('./text-worker-tfjs.js?backend=cpu'),
};
const TEXT_URL = '../data/corpora/shakespeare-sonnets.txt';

const out = /** @type {HTMLElement} */ (document.getElementById('out'));
const status = /** @type {HTMLElement} */ (document.getElementById('status'));
const results = { done: false, lines: /** @type {string[]} */ ([]), error: /** @type {string | null} */ (null) };
/** @type {any} */ (window).benchResults = results;

/** Runs one engine in a new worker; resolves when the worker is done. */
function runInWorker(engine, message) {
  return new Promise((resolve, reject) => {
    const worker = ENGINES[engine]();
    worker.onmessage = ({ data }) => {
      if (data.type === 'line') {
        results.lines.push(data.line);
        out.textContent += data.line + '\n';
        console.log(data.line);
      } else if (data.type === 'log') {
        status.textContent = data.message;
        console.info(`[bench] ${data.message}`);
      } else if (data.type === 'done') {
        worker.terminate();
        resolve(undefined);
      } else if (data.type === 'error') {
        worker.terminate();
        reject(new Error(`${engine}: ${data.message}`));
      }
    };
    worker.onerror = (e) => {
      worker.terminate();
      reject(new Error(`${engine}: worker failed: ${e.message ?? e}`));
    };
    worker.postMessage(message);
  });
}

try {
  const query = new URLSearchParams(location.search);
  const engines = (query.get('engines') ?? 'rnn-playground-wasm-simd,tfjs-wasm').split(',').filter(Boolean);
  for (const e of engines) {
    if (!(e in ENGINES)) throw new Error(`query key engines: unknown value "${e}" (expected one of ${Object.keys(ENGINES).join(', ')})`);
  }
  const batches = Number(query.get('batches') ?? 20);
  if (!Number.isInteger(batches) || batches < 1) throw new Error(`query key batches: expected a whole number ≥ 1, got "${query.get('batches')}"`);
  const response = await fetch(TEXT_URL);
  if (!response.ok) throw new Error(`${TEXT_URL}: HTTP ${response.status}`);
  const text = await response.text();
  for (const engine of engines) await runInWorker(engine, { text, batches, engine });
  status.textContent = 'done';
} catch (e) {
  results.error = String(e?.message ?? e);
  status.textContent = `error: ${results.error}`;
  console.error(results.error);
}
results.done = true;
