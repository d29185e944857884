// The standard workload in headless Chromium: serves the repository root on 127.0.0.1, opens
// bench/bench.html (each engine in a dedicated worker) with Debian's Chromium through
// playwright-core, prints the page's JSON lines on stdout and its progress on stderr.
//
//   node bench/browser.mjs [--engines a,b] [--cell lstm,gru] [--config ...] [--epoch-budget S]
//
// Needs target/bench-pkg/web-simd (and web-relaxed, web-scalar) from `npm run bench -- --browser` or a
// previous build; bench/run.mjs --browser calls this script.

import { parseArgs } from './workload.mjs';
import { runBenchPage } from './browser-page.mjs';

const args = parseArgs(process.argv.slice(2));
const query = new URLSearchParams();
for (const key of ['engines', 'cell', 'config']) if (typeof args[key] === 'string') query.set(key, args[key]);
if (args['epoch-budget'] !== undefined) query.set('epoch_budget', String(args['epoch-budget']));

await runBenchPage('bench/bench.html', query, 'browser benchmark');
