// The playground under a strict Content-Security-Policy sent by the server on
// every response (scripts/static-server.js STRICT_CSP: no inline script or
// style, no eval, workers from the page's origin or blob:): loading, training,
// opening every panel, inspecting, forecasting and exporting raise no
// `securitypolicyviolation` and no console error, and the page requests
// nothing beyond its own origin. The built bundle holds no eval / new Function.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { launch, DIST, waitReady } from './helpers.js';
import { startServer, STRICT_CSP } from '../../scripts/static-server.js';

let b;
let server;
before(async () => {
  b = await launch();
  server = await startServer(DIST, 0, { headers: { 'content-security-policy': STRICT_CSP } });
});
after(async () => {
  await server?.close();
  await b?.close();
});

/** Runs in the page before its scripts: records every CSP violation. */
function recordViolations() {
  window.__violations = [];
  document.addEventListener('securitypolicyviolation', (e) => {
    window.__violations.push(`${e.effectiveDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber}`);
  });
}

test('the playground trains and opens every panel under a strict CSP sent by the server', async () => {
  const page = await b.context.newPage();
  await page.addInitScript(recordViolations);
  const problems = [];
  const requests = [];
  const origin = new URL(server.url).origin;
  page.on('console', (msg) => { if (msg.type() === 'error') problems.push(`console: ${msg.text()}`); });
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
  page.on('request', (req) => requests.push(req.url()));
  const response = await page.goto(`${server.url}#dataset=co2&epochs=2&hidden=8&window=12`);
  assert.equal(response.headers()['content-security-policy'], STRICT_CSP);
  await waitReady(page);
  // every collapsible panel open, then a full run with the inspector, a forecast and both exports
  const opened = await page.evaluate(() => {
    const root = document.querySelector('rnn-playground').shadowRoot;
    const all = [...root.querySelectorAll('details')];
    for (const d of all) d.open = true;
    return all.length;
  });
  assert.ok(opened >= 2, `details panels: ${opened}`);
  const out = await page.evaluate(async () => {
    const el = document.querySelector('rnn-playground');
    const metrics = await el.train();
    const inspection = await el.inspect({ split: 'test', index: -1 });
    const forecast = await el.forecast(12);
    const json = await el.exportModel('json');
    const st = await el.exportModel('safetensors');
    return { epochs: metrics.epochs_run, window: inspection.window, steps: forecast.length, sizes: [json.size, st.size] };
  });
  assert.equal(out.epochs, 2);
  assert.equal(out.window, 12);
  assert.equal(out.steps, 12);
  assert.ok(out.sizes.every((n) => n > 100));
  // the share panel's text and the drawn charts are in place (they are what could set styles)
  await page.waitForFunction(() => document.querySelector('rnn-playground').dataset.state === 'done');
  await new Promise((r) => setTimeout(r, 1000)); // a redraw scheduled after the result
  const violations = await page.evaluate(() => window.__violations);
  assert.deepEqual(violations, []);
  assert.deepEqual(problems, []);
  const foreign = requests.filter((u) => !u.startsWith(`${origin}/`) && !u.startsWith(`blob:${origin}/`));
  assert.deepEqual(foreign, [], 'requests beyond the page\'s own origin');
  assert.ok(requests.some((u) => u.endsWith('.wasm')), 'the wasm module came from the page\'s origin');
  await page.close();
});

test('the built bundle and the sources never evaluate strings as code', async () => {
  const EVAL = /\beval\s*\(|\bnew\s+Function\s*\(|(?<![.\w])Function\s*\(\s*['"`]|\bset(?:Timeout|Interval)\s*\(\s*['"`]/;
  const files = [];
  const walk = async (dir) => {
    for (const e of await readdir(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) await walk(p);
      else if (/\.(m?js|html)$/.test(e.name)) files.push(p);
    }
  };
  await walk(DIST);
  assert.ok(files.length > 5, `files in dist/: ${files.length}`);
  const hits = [];
  for (const f of files) {
    const text = await readFile(f, 'utf8');
    const m = EVAL.exec(text);
    if (m) hits.push(`${f}: …${text.slice(Math.max(0, m.index - 40), m.index + 40)}…`);
  }
  assert.deepEqual(hits, []);
  // the pattern finds what it is for
  assert.ok(EVAL.test('x = new Function("a", "return a")') && EVAL.test('eval(s)') && EVAL.test("setTimeout('go()', 1)"));
  assert.ok(!EVAL.test('obj.eval_loss(1); isFunction(f); setTimeout(() => {}, 0)'));
});
