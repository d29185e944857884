// TensorFlow.js peer of the text benchmark in Node, one backend per process: TF.js's own
// lstm-text-generation model and data layout (bench/text-core.js) on the Sonnets.
//
//   node bench/tfjs-text.mjs --backend wasm|cpu [--batches N]
//
// Prints one JSON line on stdout ({engine, task: "text", config: "charlm-h128-t40-b128",
// train_examples_per_s, train_chars_per_s, loss_after_N, …}); progress goes to stderr.
// --batches: timed batches of 128 after one warm-up batch (default 20).

import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { runTfjsText } from './text-core.js';
import { TEXT_FILE } from './text-run.mjs';
import { log, parseArgs, stamp } from './workload.mjs';

const require = createRequire(import.meta.url);
const args = parseArgs(process.argv.slice(2));
const backend = args.backend ?? 'wasm';
if (backend !== 'wasm' && backend !== 'cpu') {
  throw new Error(`--backend: unknown value "${backend}" (expected wasm or cpu)`);
}
const batches = args.batches === undefined ? 20 : Number(args.batches);
if (!Number.isInteger(batches) || batches < 1) throw new Error(`--batches: expected a whole number ≥ 1, got "${args.batches}"`);

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
const r = await runTfjsText(tf, readFileSync(TEXT_FILE, 'utf8'), batches, { engine, env, stamp, log });
process.stdout.write(JSON.stringify(r) + '\n');
