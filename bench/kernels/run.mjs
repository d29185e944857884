// Kernel benchmark in WebAssembly (Node): GEMM GFLOP/s of our kernels and of the f64 reference,
// against the multiply+add peak loop of the same build.
//
// Usage: node bench/kernels/run.mjs ENGINE=path/to/kernels_wasm.wasm [ENGINE=path ...] [--quick]
// (bench/kernels/run.sh builds the SIMD and the scalar module and calls this.)
// Prints one JSON line per (engine, shape), then a summary table.

import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const engines = args.filter((a) => a.includes('=')).map((a) => a.split('='));
if (engines.length === 0) {
  console.error('usage: node bench/kernels/run.mjs ENGINE=file.wasm [...] [--quick]');
  process.exit(2);
}

const SHAPES = [
  // [m, n, k, transB, label]
  [64, 64, 64, 0, 'square'],
  [128, 128, 128, 0, 'square'],
  [256, 256, 256, 0, 'square'],
  [512, 512, 512, 0, 'square'],
  [32, 200, 50, 1, 'lstm h50 step: h·W_hhᵀ'],
  [320, 200, 1, 1, 'lstm w10 input projection'],
  [32, 512, 128, 1, 'lstm h128 step'],
  [1600, 512, 128, 1, 'lstm w50 h128 input projection (layer 2)'],
];
const MIN_SECONDS = quick ? 0.15 : 0.5;

async function load(path) {
  const module = await WebAssembly.compile(readFileSync(path));
  // The module needs no host functions; any import (pulled in by a dependency) is a stub that
  // fails loudly if it is ever called.
  const imports = {};
  for (const imp of WebAssembly.Module.imports(module)) {
    imports[imp.module] ??= {};
    if (imp.kind === 'function') {
      imports[imp.module][imp.name] = () => {
        throw new Error(`unexpected call to import ${imp.module}.${imp.name}`);
      };
    }
  }
  return (await WebAssembly.instantiate(module, imports)).exports;
}

// Best seconds per call of fn(reps) over 3 timed runs, each at least MIN_SECONDS long.
function secondsPerCall(fn) {
  let reps = 1;
  for (;;) {
    const t0 = performance.now();
    fn(reps);
    const dt = (performance.now() - t0) / 1000;
    if (dt >= MIN_SECONDS / 4 || reps > 1e8) break;
    reps *= Math.max(2, Math.ceil(MIN_SECONDS / 4 / Math.max(dt, 1e-6)));
  }
  let best = Infinity;
  for (let run = 0; run < 3; run++) {
    let total = 0;
    let calls = 0;
    while (total < MIN_SECONDS) {
      const t0 = performance.now();
      fn(reps);
      total += (performance.now() - t0) / 1000;
      calls += reps;
    }
    best = Math.min(best, total / calls);
  }
  return best;
}

const rows = [];
for (const [engine, path] of engines) {
  const w = await load(path);
  const simd = w.is_simd() === 1;
  const flopsPerIter = w.peak_flops_per_iter();
  const peakIters = 1_000_000;
  const peak = (peakIters * flopsPerIter) / secondsPerCall((r) => w.peak_run(peakIters * r)) / 1e9;
  console.log(JSON.stringify({ engine, simd, kernel: 'peak', peak_gflops: +peak.toFixed(3) }));
  // Activations over one LSTM gate block (batch 32 × 4·hidden 50), in elements per second.
  for (const [kind, name] of [[0, 'sigmoid'], [1, 'tanh']]) {
    const len = 6400;
    const perSecond = len / secondsPerCall((r) => w.activation_run(len, r, kind));
    console.log(
      JSON.stringify({ engine, simd, kernel: name, len, melem_per_s: +(perSecond / 1e6).toFixed(1) }),
    );
  }
  for (const [m, n, k, tb, label] of SHAPES) {
    if (quick && m * n * k > 256 ** 3) continue;
    const flops = 2 * m * n * k;
    const ours = flops / secondsPerCall((r) => w.gemm_run(m, n, k, tb, r, 0)) / 1e9;
    const refer = flops / secondsPerCall((r) => w.gemm_run(m, n, k, tb, r, 1)) / 1e9;
    // B packed once outside the timed loop (kernels::gemm_packed), as a recurrent weight is.
    const prepacked = flops / secondsPerCall((r) => w.gemm_run(m, n, k, tb, r, 2)) / 1e9;
    const row = {
      engine,
      simd,
      kernel: 'gemm',
      m,
      n,
      k,
      trans_b: tb === 1,
      label,
      gflops: +ours.toFixed(3),
      prepacked_b_gflops: +prepacked.toFixed(3),
      reference_gflops: +refer.toFixed(3),
      ratio_vs_reference: +(ours / refer).toFixed(2),
      peak_gflops: +peak.toFixed(3),
      fraction_of_peak: +(ours / peak).toFixed(3),
    };
    rows.push(row);
    console.log(JSON.stringify(row));
  }
}

console.log('\nengine        shape              GFLOP/s  packed-B  ref GFLOP/s  ×ref   peak  %peak');
for (const r of rows) {
  const shape = `${r.m}x${r.n}x${r.k}${r.trans_b ? ' NT' : ' NN'}`;
  console.log(
    `${r.engine.padEnd(13)} ${shape.padEnd(18)} ${r.gflops.toFixed(2).padStart(7)}  ` +
      `${r.prepacked_b_gflops.toFixed(2).padStart(8)}  ` +
      `${r.reference_gflops.toFixed(2).padStart(11)}  ${r.ratio_vs_reference.toFixed(1).padStart(5)}  ` +
      `${r.peak_gflops.toFixed(1).padStart(5)}  ${(100 * r.fraction_of_peak).toFixed(0).padStart(4)}%`,
  );
}
