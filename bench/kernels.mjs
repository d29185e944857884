// Kernel throughput of our wasm builds in Node: GEMM GFLOP/s at 64, 128, 256 and 512, against
// the measured multiply-add peak of the same build's instruction set (src/bench/kernels.rs).
//
//   node bench/kernels.mjs --pkg DIR --engine rnn-playground-wasm-simd [--min-seconds 1]
//
// DIR holds `wasm-bindgen --target nodejs` output of the crate built with `--features bench`
// (bench/run.mjs builds it in target/bench-pkg/).
//
// Timed by the process's CPU time (the machine may be busy with other work).
// Prints one JSON line: {engine, env, kernels, peak_gflops, gemm: [{n, gflops, fraction_of_peak}]}.

import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { cpuSeconds, log, parseArgs } from './workload.mjs';

const args = parseArgs(process.argv.slice(2));
if (typeof args.pkg !== 'string') throw new Error('--pkg DIR (wasm-bindgen --target nodejs output) is required');
if (typeof args.engine !== 'string') throw new Error('--engine NAME is required');
const minSeconds = args['min-seconds'] === undefined ? 1 : Number(args['min-seconds']);
if (!(minSeconds >= 0)) throw new Error('--min-seconds: expected a non-negative number');

const ours = createRequire(import.meta.url)(join(resolve(args.pkg), 'rnn_playground.js'));
log(`${args.engine}: kernel benchmark (${minSeconds} s per figure)`);
const r = JSON.parse(ours.run_kernel_bench(minSeconds, cpuSeconds));
const round = (v) => Math.round(v * 100) / 100;
process.stdout.write(JSON.stringify({
  engine: args.engine,
  env: `node ${process.version}, timed by process CPU time`,
  kernels: r.kernels,
  peak_gflops: round(r.peak_gflops),
  gemm: r.gemm.map((g) => ({ n: g.n, gflops: round(g.gflops), fraction_of_peak: round(g.gflops / r.peak_gflops) })),
}) + '\n');
