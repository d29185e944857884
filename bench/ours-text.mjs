// Our engine's WebAssembly build in Node, on the text benchmark (src/bench/text.rs: the same model
// and protocol as bench/text-core.js).
//
//   node bench/ours-text.mjs --pkg DIR --engine rnn-playground-wasm-simd [--batches N]
//
// DIR holds `wasm-bindgen --target nodejs` output of the crate with the `bench` feature
// (bench/run.mjs builds it). The timing happens inside the module.

import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { cpuSeconds, log, parseArgs } from './workload.mjs';
import { TEXT_FILE } from './text-run.mjs';

const args = parseArgs(process.argv.slice(2));
if (typeof args.pkg !== 'string') throw new Error('--pkg DIR (wasm-bindgen --target nodejs output) is required');
if (typeof args.engine !== 'string') throw new Error('--engine NAME is required');
const batches = args.batches === undefined ? 20 : Number(args.batches);
if (!Number.isInteger(batches) || batches < 1) throw new Error(`--batches: expected a whole number ≥ 1, got "${args.batches}"`);

const require = createRequire(import.meta.url);
const ours = require(join(resolve(args.pkg), 'rnn_playground.js'));
const env = `node ${process.version}, kernels ${ours.backend()}`;
log(`${args.engine} text: ${batches} timed batches`);
const line = ours.run_text_workload(readFileSync(TEXT_FILE, 'utf8'), batches, args.engine, env, cpuSeconds);
process.stdout.write(line + '\n');
