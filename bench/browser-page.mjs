// Runs one benchmark page in headless Chromium: serves the repository root on 127.0.0.1, opens
// the page with Debian's Chromium through playwright-core (a fresh profile, the flags these
// machines need), prints the JSON lines the page collects in `window.benchResults` on stdout,
// in order, and its console on stderr. Used by bench/browser.mjs (the standard workload) and
// bench/text-browser.mjs (the text benchmark).

import { chromium } from 'playwright-core';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../scripts/static-server.js';
import { BENCH_DIR, log } from './workload.mjs';

const ROOT = join(BENCH_DIR, '..');
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/**
 * Opens `page` (a path under the repository root, e.g. `bench/bench.html`) with `query`, prints
 * its result lines until it says it is done, and exits the process with 1 when the page
 * reported an error (`what` names the benchmark in that message).
 * @param {string} pagePath
 * @param {URLSearchParams} query
 * @param {string} what
 */
export async function runBenchPage(pagePath, query, what) {
  const server = await startServer(ROOT);
  const profile = await mkdtemp(join(tmpdir(), 'rnn-playground-bench-'));
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
    await page.goto(`${server.url}${pagePath}?${query}`);
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
    log(`${what} failed: ${failed}`);
    process.exit(1);
  }
}
