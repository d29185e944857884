// The text benchmark in headless Chromium: serves the repository root on 127.0.0.1, opens
// bench/text.html (each engine in a dedicated worker) with Debian's Chromium through
// playwright-core (the flags of bench/browser.mjs), prints the page's JSON lines on stdout and
// its progress on stderr.
//
//   node bench/text-browser.mjs [--engines rnn-playground-wasm-simd,tfjs-wasm] [--batches N]
//
// Needs target/bench-pkg/web-simd (and web-scalar) from `npm run bench -- --task text --browser`
// or a previous build; bench/text-run.mjs --browser calls this script.

import { chromium } from 'playwright-core';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../scripts/static-server.js';
import { BENCH_DIR, log, parseArgs } from './workload.mjs';

const ROOT = join(BENCH_DIR, '..');
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const args = parseArgs(process.argv.slice(2));
const query = new URLSearchParams();
for (const key of ['engines', 'batches']) if (typeof args[key] === 'string') query.set(key, args[key]);

const server = await startServer(ROOT);
const profile = await mkdtemp(join(tmpdir(), 'rnn-playground-text-bench-'));
let context;
let failed = null;
try {
  context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', headless: true, args: FLAGS,
  });
  const page = await context.newPage();
  let printed = 0;
  page.on('console', (msg) => {
    const text = msg.text();
    if (text.startsWith('{')) return; // result lines are read from the page below, in order
    process.stderr.write(`[chromium] ${text}\n`);
  });
  page.on('pageerror', (err) => process.stderr.write(`[chromium] page error: ${err.message}\n`));
  await page.goto(`${server.url}bench/text.html?${query}`);
  for (;;) {
    const r = await page.evaluate(() => window.benchResults && {
      done: window.benchResults.done, lines: window.benchResults.lines, error: window.benchResults.error,
    });
    if (r) {
      for (; printed < r.lines.length; printed++) process.stdout.write(r.lines[printed] + '\n');
      if (r.done) {
        failed = r.error;
        break;
      }
    }
    await new Promise((res) => setTimeout(res, 1000));
  }
} finally {
  if (context) await context.close();
  await server.close();
  await rm(profile, { recursive: true, force: true });
}
if (failed) {
  log(`text browser benchmark failed: ${failed}`);
  process.exit(1);
}
