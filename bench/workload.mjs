// The standard workload's Node side for the harnesses in bench/: the shared core
// (workload-core.js: data, checksum, arithmetic, result lines) plus reading series.csv from disk,
// the process clocks, logging to stderr and command-line options.

import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { parseSeriesCsv } from './workload-core.js';

export * from './workload-core.js';

/** Directory of this file (bench/). */
export const BENCH_DIR = dirname(fileURLToPath(import.meta.url));

/** Reads and checks the canonical series (bench/series.csv unless `path` is given). */
export function loadSeries(path = join(BENCH_DIR, 'series.csv')) {
  return parseSeriesCsv(readFileSync(path, 'utf8'), path);
}

/**
 * Wall-clock and CPU seconds of this process (CPU = user + system of every thread: for
 * single-threaded engines it is the time the engine really ran, whatever else the machine does).
 */
export function stamp() {
  const u = process.cpuUsage();
  return { wall: performance.now() / 1000, cpu: (u.user + u.system) / 1e6 };
}

/** CPU seconds used by this process so far (the clock handed to our wasm module). */
export function cpuSeconds() {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

/** Writes a progress message to stderr (stdout carries only JSON lines). */
export function log(msg) {
  process.stderr.write(`[bench] ${msg}\n`);
}

/** Parses `--key value` / `--flag` arguments into an object. */
export function parseArgs(argv) {
  const out = { _: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a.startsWith('--')) {
      const key = a.slice(2);
      const next = argv[i + 1];
      if (next !== undefined && !next.startsWith('--')) {
        out[key] = next;
        i++;
      } else {
        out[key] = true;
      }
    } else {
      out._.push(a);
    }
  }
  return out;
}

/** Splits a comma-separated list option, checking every entry against `allowed`. */
export function listOption(value, allowed, name) {
  if (value === undefined || value === true) return [...allowed];
  const items = String(value).split(',').filter((s) => s.length > 0);
  for (const it of items) {
    if (!allowed.includes(it)) {
      throw new Error(`--${name}: unknown value "${it}" (expected one of ${allowed.join(', ')})`);
    }
  }
  return items;
}
