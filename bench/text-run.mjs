// `npm run bench -- --task text [--quick] [--engines tfjs-wasm,tfjs-cpu] [--batches N]`: the
// character-level language-model benchmark (bench/text-core.js: TF.js's lstm-text-generation
// model, 40-character one-hot windows every 3 characters, LSTM(128) → dense(V, softmax), RMSprop
// 0.01, batch 128). Each engine runs in its own process, one after the other; stdout gets one
// JSON line per engine, then a table.
//
// Engines: tfjs-wasm (@tensorflow/tfjs-backend-wasm, SIMD, 1 thread) and tfjs-cpu. Our engines
// (wasm SIMD, scalar, native) need the character model's text workload in src/bench/, which is
// not there yet; --engines names only these two.
// --batches N: timed batches after one warm-up batch (default 20; --quick: 5).

import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { BENCH_DIR, listOption, log } from './workload.mjs';

/** Engines the text task can run. */
export const TEXT_ENGINES = ['tfjs-wasm', 'tfjs-cpu'];

/** Runs one engine's process; resolves to its JSON line (echoed to stdout). */
function runOne(engine, batches) {
  const backend = engine === 'tfjs-wasm' ? 'wasm' : 'cpu';
  const cmdArgs = [join(BENCH_DIR, 'tfjs-text.mjs'), '--backend', backend, '--batches', String(batches)];
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, cmdArgs, { cwd: join(BENCH_DIR, '..'), stdio: ['ignore', 'pipe', 'inherit'] });
    let buf = '';
    child.stdout.on('data', (chunk) => { buf += chunk; });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`${engine} exited with ${code}`));
      const line = buf.trim().split('\n').filter((l) => l.startsWith('{')).pop();
      if (!line) return reject(new Error(`${engine} printed no result line`));
      process.stdout.write(line + '\n');
      resolvePromise(JSON.parse(line));
    });
  });
}

/** Runs the text task with the parsed command-line `args`; returns the process exit code. */
export async function runTextTask(args) {
  const quick = args.quick === true;
  const engines = listOption(args.engines ?? (quick ? 'tfjs-wasm' : undefined), TEXT_ENGINES, 'engines');
  const batches = args.batches === undefined ? (quick ? 5 : 20) : Number(args.batches);
  if (!Number.isInteger(batches) || batches < 1) throw new Error(`--batches: expected a whole number ≥ 1, got "${args.batches}"`);
  const results = [];
  const failures = [];
  for (const engine of engines) {
    log(`--- ${engine} text (${batches} timed batches)`);
    try {
      results.push(await runOne(engine, batches));
    } catch (e) {
      failures.push(`${engine}: ${e instanceof Error ? e.message : e}`);
      log(`FAILED: ${engine}: ${e instanceof Error ? e.message : e} (going on with the other engines)`);
    }
  }
  const fmt = (v) => (v == null || !Number.isFinite(v) ? '–' : v >= 100 ? v.toFixed(0) : v.toFixed(1));
  const rows = ['', '| task | config | engine | train examples/s | train chars/s | examples/CPU-s | loss after N (nats) |', '|---|---|---|---|---|---|---|'];
  for (const r of results) {
    rows.push(`| text | ${r.config} | ${r.engine} | ${fmt(r.train_examples_per_s)} | ${fmt(r.train_chars_per_s)} | ` +
      `${fmt(r.train_examples_per_cpu_s)} | ${r.loss_after_N.toFixed(3)} (N = ${r.batches}) |`);
  }
  process.stdout.write(rows.join('\n') + '\n');
  if (failures.length) log(`${failures.length} engine run(s) failed:\n  ${failures.join('\n  ')}`);
  return failures.length ? 1 : 0;
}
