// Our engine's WebAssembly build in Node, on the standard workload.
//
//   node bench/ours-wasm.mjs --pkg DIR --engine rnn-playground-wasm-simd [--cell ...] [--config ...]
//
// DIR holds `wasm-bindgen --target nodejs` output of the crate (bench/run.mjs builds it).
// The timing happens inside the module (performance.now() around each epoch and inference pass).

import { createRequire } from 'node:module';
import { readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { BENCH_DIR, CELLS, CONFIGS, cpuSeconds, listOption, log, parseArgs, resultLine } from './workload.mjs';

const args = parseArgs(process.argv.slice(2));
if (typeof args.pkg !== 'string') throw new Error('--pkg DIR (wasm-bindgen --target nodejs output) is required');
if (typeof args.engine !== 'string') throw new Error('--engine NAME is required');
const cells = listOption(args.cell, CELLS, 'cell');
const configs = listOption(args.config, Object.keys(CONFIGS), 'config');

const pkgDir = resolve(args.pkg);
const require = createRequire(import.meta.url);
const ours = require(join(pkgDir, 'rnn_playground.js'));
const wasmFile = join(pkgDir, 'rnn_playground_bg.wasm');
const wasmBytes = readFileSync(wasmFile);
const sizes = `${Math.round(statSync(wasmFile).size / 1024)} KiB wasm, ${Math.round(gzipSync(wasmBytes, { level: 9 }).length / 1024)} KiB gzip`;
const env = `node ${process.version}, kernels ${ours.backend()}, ${sizes}`;
const series = readFileSync(join(BENCH_DIR, 'series.csv'), 'utf8');

for (const config of configs) {
  for (const cell of cells) {
    log(`${args.engine} ${cell} ${config}: training 5 epochs`);
    const report = JSON.parse(ours.run_workload(series, cell, config, cpuSeconds));
    log(`${args.engine} ${cell} ${config}: epochs ${report.epoch_times_s.map((s) => s.toFixed(3)).join(' ')} s, ` +
        `losses ${report.epoch_losses.map((l) => l.toExponential(3)).join(' ')}`);
    process.stdout.write(resultLine({ engine: args.engine, env, ...report, notes: '' }) + '\n');
  }
}
