// The text benchmark in headless Chromium: serves the repository root on 127.0.0.1, opens
// bench/text.html (each engine in a dedicated worker) with Debian's Chromium through
// playwright-core (the flags of bench/browser.mjs), prints the page's JSON lines on stdout and
// its progress on stderr.
//
//   node bench/text-browser.mjs [--engines rnn-playground-wasm-simd,tfjs-wasm] [--batches N]
//
// Needs target/bench-pkg/web-simd (and web-scalar) from `npm run bench -- --task text --browser`
// or a previous build; bench/text-run.mjs --browser calls this script.

import { parseArgs } from './workload.mjs';
import { runBenchPage } from './browser-page.mjs';

const args = parseArgs(process.argv.slice(2));
const query = new URLSearchParams();
for (const key of ['engines', 'batches']) if (typeof args[key] === 'string') query.set(key, args[key]);

await runBenchPage('bench/text.html', query, 'text browser benchmark');
