// Real faults inside the worker's wasm instance, and workers that must not outlive
// what they were for.
//
// The faults come from the test build (`bash scripts/build-wasm.sh faults`, the
// `fault-injection` feature: src/bindings/faults.rs), which this test serves in place of
// the app's module: a panic (a `RuntimeError: unreachable` trap) and an allocation failure
// (the 4 GiB wasm32 memory exhausted). Each time the page says what happened, a new worker
// starts, and the last checkpoint, the settings and the data are back: the predictions are
// bit for bit those from before the fault.
//
// Stop, reset and reload during training leave exactly one worker (the browser's own list
// of the page's workers, and a count of the Worker objects created and terminated).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { launch, openPage, waitReady, waitState, ROOT } from './helpers.js';
import { countWorkers, oneWorker } from './workers.js';

const FAULTS_WASM = join(ROOT, 'www', 'pkg', 'faults', 'rnn_playground_bg.wasm');

let b;
before(async () => { b = await launch(); });
after(async () => { await b?.close(); });

for (const [kind, said] of [['trap', /WebAssembly module stopped in crash \(unreachable/], ['oom', /out of memory in crash/]]) {
  test(`a real ${kind === 'trap' ? 'panic' : 'allocation failure'} in the wasm: the page says so, restarts the worker and restores everything`, async (t) => {
    if (!existsSync(FAULTS_WASM)) assert.fail(`${FAULTS_WASM} is missing: run bash scripts/build-wasm.sh faults`);
    const context = b.context;
    await context.addInitScript(countWorkers);
    // every variant the loader may pick gets the test build's module (same glue, one more export)
    const route = (r) => r.fulfill({ path: FAULTS_WASM, contentType: 'application/wasm' });
    await context.route(/rnn_playground_bg[^/]*\.wasm$/, route);
    t.after(() => context.unroute(/rnn_playground_bg[^/]*\.wasm$/, route));
    const { page } = await openPage(context, `${b.url}#dataset=sine&epochs=2&hidden=8&window=12`);
    await waitReady(page);
    const before = await page.evaluate(async () => {
      const el = document.querySelector('rnn-playground');
      await el.train();
      const preds = await el.worker.call('predictions');
      return { predicted: Array.from(preds.predicted), config: el.state.config, rows: el.summary.rows };
    });
    await oneWorker(page);
    await page.evaluate((k) => {
      const el = document.querySelector('rnn-playground');
      window.__crash = null;
      el.worker.addEventListener('crash', (e) => { window.__crash = e.detail.message; }, { once: true });
      el.worker.request('crash', { kind: k }).catch(() => {}); // answered by the crash
    }, kind);
    await page.waitForFunction(() => window.__crash !== null, null, { timeout: 120000 });
    const message = await page.evaluate(() => window.__crash);
    assert.match(message, said);
    await page.waitForFunction(() => /checkpoint is restored/.test(
      document.querySelector('rnn-playground').shadowRoot.querySelector('[data-role=notice]').textContent), null, { timeout: 60000 });
    await waitState(page, ['done']);
    const after = await page.evaluate(async () => {
      const el = document.querySelector('rnn-playground');
      const preds = await el.worker.call('predictions');
      const info = await el.worker.call('info');
      return { predicted: Array.from(preds.predicted), config: el.state.config, rows: el.summary.rows,
        restarts: el.worker.restarts, memory: info.wasm_memory_bytes };
    });
    assert.equal(after.restarts, 1);
    assert.deepEqual(after.config, before.config);
    assert.equal(after.rows, before.rows);
    assert.deepEqual(after.predicted, before.predicted);
    assert.ok(after.memory < 1024 ** 3, `the new worker's memory: ${after.memory} bytes`);
    await oneWorker(page); // the dead one was terminated
    await page.close();
  });
}

test('stop, reset and reload during training leave exactly one worker', async () => {
  const context = b.context;
  await context.addInitScript(countWorkers);
  const { page, problems } = await openPage(context, `${b.url}#dataset=sine&epochs=500&hidden=8`);
  await waitReady(page);
  await oneWorker(page);
  const startTraining = () => page.evaluate(() => {
    const el = document.querySelector('rnn-playground');
    el.train().catch(() => {});
    return new Promise((resolve) => el.addEventListener('progress', () => resolve(undefined), { once: true }));
  });
  await startTraining();
  await page.evaluate(() => document.querySelector('rnn-playground').stop());
  await waitState(page, ['done']);
  await oneWorker(page);
  await startTraining();
  await page.evaluate(() => document.querySelector('rnn-playground').reset());
  await waitState(page, ['ready']);
  await oneWorker(page);
  await startTraining();
  await page.reload();
  await waitReady(page);
  await oneWorker(page);
  assert.equal(await page.evaluate(() => window.__workers.created), 1);
  assert.deepEqual(problems, []);
  await page.close();
});
