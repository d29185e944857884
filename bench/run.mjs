// `npm run bench`: the standard workload on every engine, back to back, on this machine.
//
//   npm run bench [-- --quick] [-- --engines a,b] [--cell lstm,gru] [--config w10-h50-l1,...]
//                 [--no-build] [--reference FILE,...] [--epoch-budget SECONDS]
//                 [--browser [--browser-engines a,b]] [--kernels | --no-kernels] [--rounds N]
//
// Engines: rnn-playground-wasm-simd, rnn-playground-wasm-relaxed, rnn-playground-wasm-scalar (our
// crate built for wasm32 with simd128, with simd128 + relaxed-simd (fused multiply-add; Node gets
// --experimental-wasm-relaxed-simd when its V8 needs it) and without SIMD, run in Node),
// rnn-playground-native (examples/workload.rs), tfjs-wasm
// (@tensorflow/tfjs-backend-wasm, SIMD, 1 thread), tfjs-cpu (@tensorflow/tfjs cpu backend).
// For each configuration every engine runs in its own process, one after the other.
// stdout: one JSON line per (engine, cell, config), then ratio tables; stderr: progress.
// --quick: w10-h50-l1, LSTM, our wasm SIMD build, native and TF.js wasm (about two minutes).
// --reference FILE[,FILE]: JSON lines from other runs (e.g. bench/pytorch_reference.py) to put in
// the tables; with `--engines ''` this only prints the tables of earlier runs.
// --browser: also run bench/bench.html in headless Chromium (bench/browser.mjs), by default with
// our wasm SIMD and scalar builds and TF.js wasm, each in a dedicated worker; its lines carry the
// same engine names with a Chromium `env` and appear as "engine (chromium)" in the tables.
// --kernels (default except with --quick): GEMM GFLOP/s of each wasm build against its measured
// multiply-add peak (bench/kernels.mjs), one JSON line per build after the workload lines.
// --rounds N (default 1): runs every configuration's engines round-robin N times and prints one
// line per (engine, cell, config) whose rates are the medians over the rounds (bench/rounds.mjs);
// each round's lines go to stderr.
// --task text: the character-level language-model benchmark instead (bench/text-run.mjs:
// TF.js's lstm-text-generation model on the Sonnets; with --browser also in Chromium,
// bench/text-browser.mjs); --task series (default) is the above.

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { foldRounds } from './rounds.mjs';
import { runTextTask, textBrowserEngines, textEngines } from './text-run.mjs';
import { BENCH_DIR, CELLS, CONFIGS, listOption, log, parseArgs } from './workload.mjs';

const ROOT = join(BENCH_DIR, '..');
const ENGINES = [
  'rnn-playground-wasm-simd',
  'rnn-playground-wasm-relaxed',
  'rnn-playground-wasm-scalar',
  'rnn-playground-native',
  'tfjs-wasm',
  'tfjs-cpu',
];
const OURS = ENGINES.filter((e) => e.startsWith('rnn-playground'));
const PEERS = ['tfjs-wasm', 'tfjs-cpu', 'pytorch-cpu-1thread'];
const BROWSER_ENGINES = ['rnn-playground-wasm-simd', 'rnn-playground-wasm-relaxed', 'rnn-playground-wasm-scalar', 'tfjs-wasm', 'tfjs-cpu'];

const args = parseArgs(process.argv.slice(2));
const task = args.task ?? 'series';
if (task !== 'series' && task !== 'text') throw new Error(`--task: unknown value "${task}" (expected series or text)`);
const quick = args.quick === true;
const engines = listOption(args.engines ?? (quick ? 'rnn-playground-wasm-simd,rnn-playground-native,tfjs-wasm' : undefined), ENGINES, 'engines');
const cells = listOption(args.cell ?? (quick ? 'lstm' : undefined), CELLS, 'cell');
const configs = listOption(args.config ?? (quick ? 'w10-h50-l1' : undefined), Object.keys(CONFIGS), 'config');
const kernelBench = args['no-kernels'] !== true && (args.kernels === true || !quick);
const rounds = args.rounds === undefined ? 1 : typeof args.rounds === 'string' ? Number(args.rounds) : NaN;
if (!Number.isInteger(rounds) || rounds < 1) throw new Error(`--rounds: expected a whole number ≥ 1, got "${args.rounds}"`);
const browserEngines = args.browser === true
  ? listOption(args['browser-engines'] ?? (quick ? 'rnn-playground-wasm-simd,tfjs-wasm' : 'rnn-playground-wasm-simd,rnn-playground-wasm-scalar,tfjs-wasm'), BROWSER_ENGINES, 'browser-engines')
  : [];

const PKG = {
  'rnn-playground-wasm-simd': join(ROOT, 'target', 'bench-pkg', 'simd'),
  'rnn-playground-wasm-relaxed': join(ROOT, 'target', 'bench-pkg', 'relaxed'),
  'rnn-playground-wasm-scalar': join(ROOT, 'target', 'bench-pkg', 'scalar'),
};
// Per wasm variant: cargo target directory and RUSTFLAGS (the same as scripts/build-wasm.sh, so the
// app's builds are reused; simd takes +simd128 from .cargo/config.toml), and wasm-opt features.
const VARIANTS = {
  simd: { targetDir: join(ROOT, 'target'), env: {}, opt: ['--enable-simd'] },
  relaxed: {
    targetDir: join(ROOT, 'target', 'wasm-relaxed'),
    env: { RUSTFLAGS: '-C target-feature=+simd128,+relaxed-simd' },
    opt: ['--enable-simd', '--enable-relaxed-simd'],
  },
  scalar: { targetDir: join(ROOT, 'target', 'wasm-scalar'), env: { RUSTFLAGS: '-C target-feature=-simd128' }, opt: [] },
};
// wasm-feature-detect's relaxedSimd() module: validates only where relaxed SIMD is on.
const RELAXED_PROBE = 'process.exit(WebAssembly.validate(new Uint8Array([0,97,115,109,1,0,0,0,1,5,1,96,0,1,123,3,2,1,0,10,15,' +
  '1,13,0,65,1,253,15,65,2,253,15,253,128,2,11])) ? 0 : 1)';
let relaxedFlags;
/** Node flags an engine's process needs: relaxed SIMD is behind a flag in Node 20's V8. */
function nodeFlags(engine) {
  if (engine !== 'rnn-playground-wasm-relaxed') return [];
  if (relaxedFlags === undefined) {
    const works = (flags) => spawnSync(process.execPath, [...flags, '-e', RELAXED_PROBE]).status === 0;
    relaxedFlags = [[], ['--experimental-wasm-relaxed-simd']].find(works);
    if (!relaxedFlags) throw new Error(`node ${process.version} runs no relaxed SIMD, even with --experimental-wasm-relaxed-simd`);
  }
  return relaxedFlags;
}
const NATIVE_EXE = join(ROOT, 'target', 'release', 'examples', 'workload');

/** Runs a build command with inherited output; throws if it fails. */
function sh(cmd, cmdArgs, env = {}) {
  log(`$ ${Object.entries(env).map(([k, v]) => `${k}="${v}" `).join('')}${cmd} ${cmdArgs.join(' ')}`);
  const PATH = [join(homedir(), '.cargo', 'bin'), process.env.PATH].join(delimiter);
  const r = spawnSync(cmd, cmdArgs, { cwd: ROOT, stdio: ['ignore', process.stderr, 'inherit'], env: { ...process.env, PATH, ...env } });
  if (r.status !== 0) throw new Error(`${cmd} failed (exit ${r.status ?? r.signal})`);
}

/** Builds our wasm crate (one of VARIANTS) and runs wasm-bindgen --target nodejs on it. */
function buildWasm(variant) {
  const { targetDir, opt } = VARIANTS[variant];
  const env = variant === 'simd' ? {} : { ...VARIANTS[variant].env, CARGO_TARGET_DIR: targetDir };
  // bench: run_workload and run_kernel_bench (src/bindings/bench.rs), which the app's module leaves out.
  sh('cargo', ['build', '--release', '--lib', '--target', 'wasm32-unknown-unknown', '--no-default-features',
    '--features', 'bench'], env);
  const out = PKG[`rnn-playground-wasm-${variant}`];
  mkdirSync(out, { recursive: true });
  const wasm = join(targetDir, 'wasm32-unknown-unknown', 'release', 'rnn_playground.wasm');
  const outs = [[out, 'nodejs']];
  if (browserEngines.includes(`rnn-playground-wasm-${variant}`)) outs.push([join(ROOT, 'target', 'bench-pkg', `web-${variant}`), 'web']);
  for (const [dir, target] of outs) {
    mkdirSync(dir, { recursive: true });
    sh('wasm-bindgen', ['--target', target, '--out-dir', dir, wasm]);
    // The nodejs output is CommonJS, but the repository's package.json says "type": "module".
    if (target === 'nodejs') writeFileSync(join(dir, 'package.json'), '{ "type": "commonjs" }\n');
    const wasmOpt = join(ROOT, 'node_modules', '.bin', 'wasm-opt');
    if (existsSync(wasmOpt)) {
      const bg = join(dir, 'rnn_playground_bg.wasm');
      const features = ['--enable-bulk-memory', '--enable-reference-types', '--enable-nontrapping-float-to-int',
        '--enable-sign-ext', '--enable-mutable-globals', '--enable-multivalue', ...opt];
      sh(wasmOpt, ['-O3', ...features, bg, '-o', bg]);
    } else {
      log('wasm-opt not found in node_modules/.bin: the module is benchmarked without wasm-opt');
    }
  }
}

function build() {
  if (engines.includes('rnn-playground-native')) sh('cargo', ['build', '--release', '--example', 'workload', '--features', 'bench']);
  for (const variant of Object.keys(VARIANTS)) {
    const engine = `rnn-playground-wasm-${variant}`;
    if (engines.includes(engine) || browserEngines.includes(engine)) buildWasm(variant);
  }
}

/** The command that runs `engine` on one configuration and both/selected cells. */
function engineCommand(engine, config) {
  const sel = ['--cell', cells.join(','), '--config', config];
  if (engine === 'rnn-playground-native') return [NATIVE_EXE, sel];
  if (engine in PKG) return [process.execPath, [...nodeFlags(engine), join(BENCH_DIR, 'ours-wasm.mjs'), '--pkg', PKG[engine], '--engine', engine, ...sel]];
  const budget = args['epoch-budget'] ? ['--epoch-budget', String(args['epoch-budget'])] : [];
  return [process.execPath, [join(BENCH_DIR, 'tfjs.mjs'), '--backend', engine === 'tfjs-wasm' ? 'wasm' : 'cpu', ...sel, ...budget]];
}

/**
 * Runs one engine process; resolves to the JSON lines it printed, echoed to stdout (to stderr,
 * marked with the round, when there are several rounds).
 */
function runEngine(engine, config, round) {
  const [cmd, cmdArgs] = engine === 'chromium'
    ? [process.execPath, [join(BENCH_DIR, 'browser.mjs'), '--engines', browserEngines.join(','), '--cell', cells.join(','), '--config', config,
      ...(args['epoch-budget'] ? ['--epoch-budget', String(args['epoch-budget'])] : [])]]
    : engineCommand(engine, config);
  return new Promise((resolvePromise, reject) => {
    const child = spawn(cmd, cmdArgs, { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    const lines = [];
    let buf = '';
    child.stdout.on('data', (chunk) => {
      buf += chunk;
      let nl;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl).trim();
        buf = buf.slice(nl + 1);
        if (!line) continue;
        if (rounds === 1) process.stdout.write(line + '\n');
        else log(`round ${round}/${rounds}: ${line}`);
        lines.push(JSON.parse(line));
      }
    });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolvePromise(lines) : reject(new Error(`${engine} ${config} exited with ${code}`))));
  });
}

/** Engine name, marked when the line comes from the browser run. */
function label(r) {
  return /Chrom/.test(r.env ?? '') ? `${r.engine} (chromium)` : r.engine;
}

function fmt(v, digits = 1) {
  if (v == null || !Number.isFinite(v)) return '–';
  return v >= 100 ? v.toFixed(0) : v.toFixed(digits);
}

/** Markdown tables: throughputs and MSE, then our engines' ratios against each peer. */
function printTables(results) {
  const key = (r) => `${r.cell} ${r.config}`;
  const byKey = new Map();
  for (const r of results) {
    if (!byKey.has(key(r))) byKey.set(key(r), {});
    byKey.get(key(r))[label(r)] = { ...r, engine: label(r) };
  }
  const labels = (names) => names.flatMap((n) => [n, `${n} (chromium)`]).filter((l) => results.some((r) => label(r) === l));
  const out = [];
  out.push('', '| cell | config | engine | train windows/s | train windows/CPU-s | infer windows/s | infer windows/CPU-s | epoch s | MSE after 5 epochs |', '|---|---|---|---|---|---|---|---|---|');
  for (const [k, rows] of byKey) {
    const [cell, config] = k.split(' ');
    for (const r of Object.values(rows)) {
      const mse = r.mse_after_5_epochs == null ? 'n/a (prefix)' : r.mse_after_5_epochs.toExponential(3);
      out.push(`| ${cell} | ${config} | ${r.engine} | ${fmt(r.train_samples_per_s)} | ${fmt(r.train_samples_per_cpu_s)} | ${fmt(r.infer_samples_per_s)} | ${fmt(r.infer_samples_per_cpu_s)} | ${fmt(r.epoch_s, 3)} | ${mse} |`);
    }
  }
  const peers = labels(PEERS);
  const ours = labels(OURS);
  if (peers.length && ours.length) {
    out.push('', `Ratios, ours ÷ peer: training by wall clock / training by CPU time / inference by wall clock`, '',
      `| cell | config | engine | ${peers.map((p) => `vs ${p}`).join(' | ')} |`,
      `|---|---|---|${peers.map(() => '---').join('|')}|`);
    for (const [k, rows] of byKey) {
      const [cell, config] = k.split(' ');
      for (const o of ours) {
        if (!rows[o]) continue;
        const cols = peers.map((p) => {
          const peer = rows[p];
          if (!peer) return '–';
          const ratio = (k) => {
            if (rows[o][k] == null || peer[k] == null) return '–';
            const v = rows[o][k] / peer[k];
            return Number.isFinite(v) ? fmt(v, 2) + '×' : '–';
          };
          return `${ratio('train_samples_per_s')} / ${ratio('train_samples_per_cpu_s')} / ${ratio('infer_samples_per_s')}`;
        });
        out.push(`| ${cell} | ${config} | ${o} | ${cols.join(' | ')} |`);
      }
    }
  }
  // Our wasm builds against each other (training, wall clock), where both ran in the same place.
  for (const [title, fast, slow] of [['SIMD ÷ scalar', 'simd', 'scalar'], ['relaxed-SIMD ÷ SIMD', 'relaxed', 'simd']]) {
    for (const where of ['', ' (chromium)']) {
      const [a, b] = [`rnn-playground-wasm-${fast}${where}`, `rnn-playground-wasm-${slow}${where}`];
      const ratios = [...byKey].filter(([, rows]) => rows[a] && rows[b])
        .map(([k, rows]) => `${k} ${fmt(rows[a].train_samples_per_s / rows[b].train_samples_per_s, 2)}×`);
      if (ratios.length) out.push('', `${title} (our wasm in ${where ? 'Chromium' : 'Node'}, training): ${ratios.join(', ')}`);
    }
  }
  process.stdout.write(out.join('\n') + '\n');
}

if (task === 'text') {
  const ours = [...textEngines(args), ...textBrowserEngines(args)];
  if (args['no-build'] !== true) {
    if (ours.includes('rnn-playground-native')) sh('cargo', ['build', '--release', '--example', 'workload', '--features', 'bench']);
    for (const variant of ['simd', 'scalar']) if (ours.includes(`rnn-playground-wasm-${variant}`)) buildWasm(variant);
  }
  process.exitCode = await runTextTask(args, { pkg: PKG, nativeExe: NATIVE_EXE });
} else {
  const t0 = Date.now();
  if (args['no-build'] !== true) build();
  let results = [];
  const failures = [];
  for (const config of configs) {
    for (let round = 1; round <= rounds; round++) {
      const which = rounds === 1 ? '' : ` round ${round}/${rounds}`;
      for (const engine of [...engines, ...(browserEngines.length ? ['chromium'] : [])]) {
        log(`--- ${engine} ${config}${which} (${((Date.now() - t0) / 1000).toFixed(0)} s elapsed)`);
        try {
          results.push(...(await runEngine(engine, config, round)));
        } catch (e) {
          failures.push(`${engine} ${config}${which}: ${e.message}`);
          log(`FAILED: ${engine} ${config}${which}: ${e.message} (going on with the other engines)`);
        }
      }
    }
  }
  if (rounds > 1) {
    results = foldRounds(results, (r) => `${label(r)} ${r.cell} ${r.config}`);
    for (const r of results) process.stdout.write(JSON.stringify(r) + '\n');
  }
  const kernelLines = [];
  if (kernelBench) {
    for (const engine of engines.filter((e) => e in PKG)) {
      const line = await new Promise((resolvePromise, reject) => {
        const child = spawn(process.execPath, [...nodeFlags(engine), join(BENCH_DIR, 'kernels.mjs'), '--pkg', PKG[engine], '--engine', engine],
          { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
        let buf = '';
        child.stdout.on('data', (chunk) => { buf += chunk; });
        child.on('error', reject);
        child.on('close', (code) => (code === 0 ? resolvePromise(buf.trim()) : reject(new Error(`kernels ${engine} exited with ${code}`))));
      });
      process.stdout.write(line + '\n');
      kernelLines.push(JSON.parse(line));
    }
  }
  if (typeof args.reference === 'string') {
    for (const line of args.reference.split(',').flatMap((f) => readFileSync(f, 'utf8').split('\n'))) {
      if (line.trim().startsWith('{')) {
        const r = JSON.parse(line);
        if (Array.isArray(r.gemm)) kernelLines.push(r);
        else if (cells.includes(r.cell) && configs.includes(r.config)) results.push(r);
      }
    }
  }
  printTables(results);
  if (kernelLines.length) {
    const sizes = kernelLines[0].gemm.map((g) => g.n);
    const rows = ['', '| build | peak mul+add GFLOP/s | ' + sizes.map((n) => `GEMM ${n}³ GFLOP/s (of peak)`).join(' | ') + ' |',
      '|---|---|' + sizes.map(() => '---').join('|') + '|'];
    for (const k of kernelLines) {
      rows.push(`| ${k.engine} (${k.kernels}) | ${fmt(k.peak_gflops, 2)} | ` +
        k.gemm.map((g) => `${fmt(g.gflops, 2)} (${Math.round(g.fraction_of_peak * 100)} %)`).join(' | ') + ' |');
    }
    process.stdout.write(rows.join('\n') + '\n');
  }
  log(`done in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  if (failures.length) {
    log(`${failures.length} engine run(s) failed:\n  ${failures.join('\n  ')}`);
    process.exitCode = 1;
  }
}
