// TensorFlow.js peer of the standard workload in Node, one backend per process.
//
//   node bench/tfjs.mjs --backend wasm|cpu [--cell lstm,gru] [--config w10-h50-l1,...]
//                       [--epoch-budget SECONDS]
//
// Prints one JSON line per (cell, config) on stdout; progress goes to stderr. The model and
// protocol are in tfjs-core.js; --epoch-budget (default 30 s) bounds an epoch of a slow backend
// by training on a prefix of whole batches (said in the line's notes).

import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { runTfjs } from './tfjs-core.js';
import { CELLS, CONFIGS, listOption, loadSeries, log, parseArgs, resultLine, scaleSeries, stamp } from './workload.mjs';

const require = createRequire(import.meta.url);
const args = parseArgs(process.argv.slice(2));
const backend = args.backend ?? 'wasm';
if (backend !== 'wasm' && backend !== 'cpu') {
  throw new Error(`--backend: unknown value "${backend}" (expected wasm or cpu)`);
}
const cells = listOption(args.cell, CELLS, 'cell');
const configs = listOption(args.config, Object.keys(CONFIGS), 'config');
const epochBudget = args['epoch-budget'] === undefined ? 30 : Number(args['epoch-budget']);
if (!(epochBudget > 0)) throw new Error('--epoch-budget: expected a positive number of seconds');

// TF.js prints an advertisement for tfjs-node on stdout; keep stdout for JSON lines only.
const consoleLog = console.log;
console.log = (...a) => process.stderr.write(a.join(' ') + '\n');
const tf = await import('@tensorflow/tfjs');
let simd = null;
if (backend === 'wasm') {
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  wasm.setWasmPaths(dirname(require.resolve('@tensorflow/tfjs-backend-wasm')) + '/');
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
  if (!simd) throw new Error('the TF.js wasm backend did not enable SIMD');
}
if (!(await tf.setBackend(backend))) throw new Error(`TF.js backend "${backend}" failed to start`);
await tf.ready();
console.log = consoleLog;

const engine = backend === 'wasm' ? 'tfjs-wasm' : 'tfjs-cpu';
const env = `node ${process.version}, tfjs ${tf.version.tfjs}, backend ${tf.getBackend()}` +
  (backend === 'wasm' ? `, simd ${simd}, 1 thread` : '');
const scaled = scaleSeries(loadSeries()).scaled;

for (const config of configs) {
  for (const cell of cells) {
    const r = await runTfjs(tf, scaled, cell, config, { engine, env, epochBudget, stamp, log });
    process.stdout.write(resultLine(r) + '\n');
  }
}
