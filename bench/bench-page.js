// bench.html's driver: runs the standard workload for each requested engine in a fresh worker
// and prints the JSON result lines (the same as `npm run bench` prints in Node).
// Results are also left in `window.benchResults = {done, lines, error}` for bench/browser.mjs.

import { CELLS, CONFIGS } from './workload-core.js';

const ENGINES = {
  'rnn-playground-wasm-simd': () => new Worker('./worker-ours.js?variant=simd', { type: 'module' }),
  'rnn-playground-wasm-relaxed': () => new Worker('./worker-ours.js?variant=relaxed', { type: 'module' }),
  'rnn-playground-wasm-scalar': () => new Worker('./worker-ours.js?variant=scalar', { type: 'module' }),
  'tfjs-wasm': () => new Worker('./worker-tfjs.js?backend=wasm'),
  'tfjs-cpu': () => new Worker('./worker-tfjs.js?backend=cpu'),
};

const out = document.getElementById('out');
const status = document.getElementById('status');
const results = { done: false, lines: [], error: null };
window.benchResults = results;

function list(key, allowed, fallback) {
  const v = new URLSearchParams(location.search).get(key);
  const items = (v ?? fallback.join(',')).split(',').filter(Boolean);
  for (const it of items) {
    if (!allowed.includes(it)) throw new Error(`query key ${key}: unknown value "${it}" (expected one of ${allowed.join(', ')})`);
  }
  return items;
}

/** Runs one engine on one configuration in a new worker; resolves when the worker is done. */
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
        resolve();
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
  const engines = list('engines', Object.keys(ENGINES), ['rnn-playground-wasm-simd', 'tfjs-wasm']);
  const cells = list('cell', CELLS, ['lstm']);
  const configs = list('config', Object.keys(CONFIGS), ['w10-h50-l1']);
  const epochBudget = Number(new URLSearchParams(location.search).get('epoch_budget') ?? 30);
  const series = await (await fetch('./series.csv')).text();
  for (const config of configs) {
    for (const engine of engines) {
      await runInWorker(engine, { series, cells, config, epochBudget, engine });
    }
  }
  status.textContent = 'done';
} catch (e) {
  results.error = String(e.message ?? e);
  status.textContent = `error: ${results.error}`;
  console.error(results.error);
}
results.done = true;
