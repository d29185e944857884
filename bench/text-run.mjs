// `npm run bench -- --task text [--quick] [--engines tfjs-wasm,tfjs-cpu] [--batches N]`: the
// character-level language-model benchmark (bench/text-core.js: TF.js's lstm-text-generation
// model, 40-character one-hot windows every 3 characters, LSTM(128) → dense(V, softmax), RMSprop
// 0.01, batch 128). Each engine runs in its own process, one after the other; stdout gets one
// JSON line per engine, then a table.
//
// Engines: rnn-playground-wasm-simd and -scalar (our crate for wasm32, in Node: ours-text.mjs),
// rnn-playground-native (examples/workload.rs --task text), tfjs-wasm
// (@tensorflow/tfjs-backend-wasm, SIMD, 1 thread) and tfjs-cpu. bench/run.mjs builds ours first.
// --batches N: timed batches after one warm-up batch (default 20; --quick: 5).

import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { BENCH_DIR, listOption, log } from './workload.mjs';

/** The text the benchmark trains on. */
export const TEXT_FILE = join(BENCH_DIR, '..', 'data', 'corpora', 'shakespeare-sonnets.txt');
/** Engines the text task can run. */
export const TEXT_ENGINES = ['rnn-playground-wasm-simd', 'rnn-playground-wasm-scalar', 'rnn-playground-native', 'tfjs-wasm', 'tfjs-cpu'];
const OURS = TEXT_ENGINES.filter((e) => e.startsWith('rnn-playground'));

/** The engines `args` selects (`--engines`, or the `--quick` set). */
export function textEngines(args) {
  return listOption(args.engines ?? (args.quick === true ? 'rnn-playground-wasm-simd,rnn-playground-native,tfjs-wasm' : undefined), TEXT_ENGINES, 'engines');
}

/**
 * Runs one engine's process; resolves to its JSON line (echoed to stdout). `where`: `pkg` (engine
 * → wasm-bindgen nodejs directory) and `nativeExe`.
 */
function runOne(engine, batches, where) {
  const n = String(batches);
  const [cmd, cmdArgs] = engine === 'rnn-playground-native'
    ? [where.nativeExe, ['--task', 'text', '--text', TEXT_FILE, '--batches', n]]
    : engine in where.pkg
      ? [process.execPath, [join(BENCH_DIR, 'ours-text.mjs'), '--pkg', where.pkg[engine], '--engine', engine, '--batches', n]]
      : [process.execPath, [join(BENCH_DIR, 'tfjs-text.mjs'), '--backend', engine === 'tfjs-wasm' ? 'wasm' : 'cpu', '--batches', n]];
  return new Promise((resolvePromise, reject) => {
    const child = spawn(cmd, cmdArgs, { cwd: join(BENCH_DIR, '..'), stdio: ['ignore', 'pipe', 'inherit'] });
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

/**
 * Runs the text task with the parsed command-line `args` (our engines already built, found through
 * `where`: see runOne); returns the process exit code.
 */
export async function runTextTask(args, where) {
  const quick = args.quick === true;
  const engines = textEngines(args);
  const batches = args.batches === undefined ? (quick ? 5 : 20) : Number(args.batches);
  if (!Number.isInteger(batches) || batches < 1) throw new Error(`--batches: expected a whole number ≥ 1, got "${args.batches}"`);
  const results = [];
  const failures = [];
  for (const engine of engines) {
    log(`--- ${engine} text (${batches} timed batches)`);
    try {
      results.push(await runOne(engine, batches, where));
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
  const peer = results.find((r) => r.engine === 'tfjs-wasm');
  if (peer) {
    rows.push('', 'Ratios, training examples/s ÷ tfjs-wasm (same run): ' + results.filter((r) => OURS.includes(r.engine))
      .map((r) => `${r.engine} ${fmt(r.train_examples_per_s / peer.train_examples_per_s)}× (CPU-s ${fmt(r.train_examples_per_cpu_s / peer.train_examples_per_cpu_s)}×)`).join(', '));
  }
  process.stdout.write(rows.join('\n') + '\n');
  if (failures.length) log(`${failures.length} engine run(s) failed:\n  ${failures.join('\n  ')}`);
  return failures.length ? 1 : 0;
}
