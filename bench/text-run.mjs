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
// --browser [--browser-engines a,b]: then the same protocol in headless Chromium
// (bench/text-browser.mjs → bench/text.html, each engine in a dedicated worker; default
// rnn-playground-wasm-simd,tfjs-wasm). Every line carries `runtime` (node, native or chromium);
// the ratios divide by the tfjs-wasm line of the same runtime.

import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { BENCH_DIR, listOption, log } from './workload.mjs';

/** The text the benchmark trains on. */
export const TEXT_FILE = join(BENCH_DIR, '..', 'data', 'corpora', 'shakespeare-sonnets.txt');
/** Engines the text task can run. */
export const TEXT_ENGINES = ['rnn-playground-wasm-simd', 'rnn-playground-wasm-scalar', 'rnn-playground-native', 'tfjs-wasm', 'tfjs-cpu'];
/** Engines the text task can run in Chromium. */
export const TEXT_BROWSER_ENGINES = ['rnn-playground-wasm-simd', 'rnn-playground-wasm-scalar', 'tfjs-wasm', 'tfjs-cpu'];
const OURS = TEXT_ENGINES.filter((e) => e.startsWith('rnn-playground'));

/** The engines `args` selects (`--engines`, or the `--quick` set). */
export function textEngines(args) {
  return listOption(args.engines ?? (args.quick === true ? 'rnn-playground-wasm-simd,rnn-playground-native,tfjs-wasm' : undefined), TEXT_ENGINES, 'engines');
}

/** The engines `args` runs in Chromium (none without `--browser`). */
export function textBrowserEngines(args) {
  if (args.browser !== true) return [];
  return listOption(args['browser-engines'] ?? 'rnn-playground-wasm-simd,tfjs-wasm', TEXT_BROWSER_ENGINES, 'browser-engines');
}

/** Resolves to the JSON lines `cmd cmdArgs` printed (each echoed to stdout); rejects on failure. */
function collectLines(label, cmd, cmdArgs) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(cmd, cmdArgs, { cwd: join(BENCH_DIR, '..'), stdio: ['ignore', 'pipe', 'inherit'] });
    let buf = '';
    child.stdout.on('data', (chunk) => { buf += chunk; });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`${label} exited with ${code}`));
      const lines = buf.trim().split('\n').filter((l) => l.startsWith('{'));
      if (!lines.length) return reject(new Error(`${label} printed no result line`));
      resolvePromise(lines.map((l) => JSON.parse(l)));
    });
  });
}

/**
 * Runs one engine's process; resolves to its result (echoed to stdout as a JSON line with its
 * `runtime`). `where`: `pkg` (engine → wasm-bindgen nodejs directory) and `nativeExe`.
 */
async function runOne(engine, batches, where) {
  const n = String(batches);
  const [cmd, cmdArgs] = engine === 'rnn-playground-native'
    ? [where.nativeExe, ['--task', 'text', '--text', TEXT_FILE, '--batches', n]]
    : engine in where.pkg
      ? [process.execPath, [join(BENCH_DIR, 'ours-text.mjs'), '--pkg', where.pkg[engine], '--engine', engine, '--batches', n]]
      : [process.execPath, [join(BENCH_DIR, 'tfjs-text.mjs'), '--backend', engine === 'tfjs-wasm' ? 'wasm' : 'cpu', '--batches', n]];
  const lines = await collectLines(engine, cmd, cmdArgs);
  const r = { ...lines[lines.length - 1], runtime: engine === 'rnn-playground-native' ? 'native' : 'node' };
  process.stdout.write(JSON.stringify(r) + '\n');
  return r;
}

/** Runs `engines` in headless Chromium (bench/text-browser.mjs); resolves to their results. */
async function runInBrowser(engines, batches) {
  const lines = await collectLines('chromium', process.execPath,
    [join(BENCH_DIR, 'text-browser.mjs'), '--engines', engines.join(','), '--batches', String(batches)]);
  for (const r of lines) process.stdout.write(JSON.stringify(r) + '\n');
  return lines;
}

/**
 * Runs the text task with the parsed command-line `args` (our engines already built, found through
 * `where`: see runOne); returns the process exit code.
 */
export async function runTextTask(args, where) {
  const quick = args.quick === true;
  const engines = textEngines(args);
  const browserEngines = textBrowserEngines(args);
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
  if (browserEngines.length) {
    log(`--- chromium: ${browserEngines.join(', ')} text (${batches} timed batches)`);
    try {
      results.push(...(await runInBrowser(browserEngines, batches)));
    } catch (e) {
      failures.push(`chromium: ${e instanceof Error ? e.message : e}`);
      log(`FAILED: chromium: ${e instanceof Error ? e.message : e}`);
    }
  }
  const label = (r) => (r.runtime === 'chromium' ? `${r.engine} (chromium)` : r.engine);
  const fmt = (v) => (v == null || !Number.isFinite(v) ? '–' : v >= 100 ? v.toFixed(0) : v.toFixed(1));
  const rows = ['', '| task | config | engine | train examples/s | train chars/s | examples/CPU-s | loss after N (nats) |', '|---|---|---|---|---|---|---|'];
  for (const r of results) {
    rows.push(`| text | ${r.config} | ${label(r)} | ${fmt(r.train_examples_per_s)} | ${fmt(r.train_chars_per_s)} | ` +
      `${fmt(r.train_examples_per_cpu_s)} | ${r.loss_after_N.toFixed(3)} (N = ${r.batches}) |`);
  }
  for (const runtime of ['node', 'chromium']) {
    const peer = results.find((r) => r.engine === 'tfjs-wasm' && r.runtime === runtime);
    // Our native line is compared with the Node peer.
    const ours = results.filter((r) => OURS.includes(r.engine) && (r.runtime === runtime || (runtime === 'node' && r.runtime === 'native')));
    if (!peer || !ours.length) continue;
    rows.push('', `Ratios, training examples/s ÷ tfjs-wasm in ${runtime === 'node' ? 'Node' : 'Chromium'} (same run): ` + ours
      .map((r) => `${label(r)} ${fmt(r.train_examples_per_s / peer.train_examples_per_s)}× (CPU-s ${fmt(r.train_examples_per_cpu_s / peer.train_examples_per_cpu_s)}×)`).join(', '));
  }
  process.stdout.write(rows.join('\n') + '\n');
  if (failures.length) log(`${failures.length} engine run(s) failed:\n  ${failures.join('\n  ')}`);
  return failures.length ? 1 : 0;
}
