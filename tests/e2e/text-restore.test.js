// Nothing lost in the text task (<rnn-playground task="text">): a reload brings the autosaved
// text model back (the same generated text for the same seed before and after, its settings and
// metrics shown); a real fault inside the text worker's wasm (a trap, from the test build
// `bash scripts/build-wasm.sh faults`) is reported, a new worker starts and the text, the
// settings and the last checkpoint are back (the weights equal the checkpoint's); stop, a new
// model and a reload leave exactly one text worker; and a model file fine-tuned with its first
// layer frozen keeps that layer's weights while the others train.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { launch, openPage, waitState, shot, ROOT } from './helpers.js';
import { countWorkers, oneWorker } from './workers.js';

const FAULTS_WASM = join(ROOT, 'www', 'pkg', 'faults', 'rnn_playground_bg.wasm');
/** A small model, so each run is short. */
const SMALL = { hidden: 16, embed: 8, epochs: 2, batch: 32, chunk: 32, seed: 7 };

let b;
before(async () => { b = await launch(); });
after(async () => { await b?.close(); });

/** Serves the test build's wasm (same glue, plus the fault switch) for every variant. */
async function withFaultsBuild(t, context) {
  if (!existsSync(FAULTS_WASM)) assert.fail(`${FAULTS_WASM} is missing: run bash scripts/build-wasm.sh faults`);
  const route = (r) => r.fulfill({ path: FAULTS_WASM, contentType: 'application/wasm' });
  await context.route(/rnn_playground_bg[^/]*\.wasm$/, route);
  t.after(() => context.unroute(/rnn_playground_bg[^/]*\.wasm$/, route));
}

/** The element's text mode, its notice, its settings. */
const notice = (page) => page.evaluate(() => document.querySelector('rnn-playground').shadowRoot.querySelector('[data-role=notice]').textContent);

/** The autosave slot of the page's text task, read straight from IndexedDB. */
function storedSnapshot(page) {
  return page.evaluate(() => new Promise((resolve, reject) => {
    const open = indexedDB.open('rnn-playground', 1);
    open.onupgradeneeded = () => open.result.createObjectStore('autosave');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const get = open.result.transaction('autosave').objectStore('autosave').get('text:page');
      get.onsuccess = () => {
        const s = get.result;
        open.result.close();
        resolve(s ? { hasModel: typeof s.model === 'string', hasMetrics: !!s.metrics, source: s.source?.kind, savedAt: s.savedAt } : null);
      };
      get.onerror = () => reject(get.error);
    };
  }));
}

/** The weights of a JSON text model file, by tensor name. */
function weightsOf(json) {
  return Object.fromEntries(Object.entries(JSON.parse(json).weights).map(([k, v]) => [k, v.data]));
}

test('a reload restores the autosaved text model: the same text for the same seed, its settings and metrics', async () => {
  const { page, problems } = await openPage(b.context, `${b.url}#task=text`);
  await waitState(page, ['ready']);
  const before = await page.evaluate(async (small) => {
    const el = document.querySelector('rnn-playground');
    await el.textMode.configure(small);
    const metrics = await el.train();
    return {
      metrics, settings: el.textMode.readSettings(),
      text: await el.generate({ prime: 'Shall I', length: 150, temperature: 0.8, seed: 5 }),
    };
  }, SMALL);
  assert.equal(before.metrics.epochs_run, 2);
  // the autosave is written after the run: wait for that write, then reload
  await page.evaluate(() => document.querySelector('rnn-playground').textMode.saved);
  const stored = await storedSnapshot(page);
  assert.equal(stored?.hasMetrics, true, JSON.stringify(stored));
  assert.equal(stored.hasModel, true);
  assert.equal(stored.source, 'corpus');

  await page.reload();
  await waitState(page, ['ready', 'done']);
  assert.match(await notice(page), /Restored the model autosaved/);
  const after = await page.evaluate(async () => {
    const el = document.querySelector('rnn-playground');
    return {
      settings: el.textMode.readSettings(),
      metricsLine: el.shadowRoot.querySelector('[data-role=metrics]').textContent,
      text: await el.generate({ prime: 'Shall I', length: 150, temperature: 0.8, seed: 5 }),
    };
  });
  assert.equal(after.text, before.text, 'the same seed writes the same text after the reload');
  assert.deepEqual(after.settings, before.settings);
  assert.match(after.metricsLine, new RegExp(`model ${before.metrics.test_bpc.toFixed(3)}`));
  await shot(page, 'text-restored-after-reload');
  assert.deepEqual(problems, []);
  // leave no autosave behind for the other tests of this profile
  await page.evaluate(() => new Promise((resolve) => {
    const open = indexedDB.open('rnn-playground', 1);
    open.onsuccess = () => {
      const tx = open.result.transaction('autosave', 'readwrite');
      tx.objectStore('autosave').delete('text:page');
      tx.oncomplete = () => { open.result.close(); resolve(undefined); };
    };
  }));
  await page.close();
});

test('a real trap in the text worker: the page says so, a new worker starts, the text, settings and last checkpoint are back', async (t) => {
  const context = b.context;
  await withFaultsBuild(t, context);
  await context.addInitScript(countWorkers);
  const { page } = await openPage(context, `${b.url}www/text.html`);
  await waitState(page, ['ready']);
  await oneWorker(page);
  // A long run; once an epoch has ended (a checkpoint came) the wasm traps mid-training.
  await page.evaluate(async (small) => {
    const el = document.querySelector('rnn-playground');
    await el.textMode.configure({ ...small, epochs: 500 });
    window.__trainError = null;
    el.train().catch((err) => { window.__trainError = err.message; });
  }, SMALL);
  await page.waitForFunction(() => {
    const tm = document.querySelector('rnn-playground').textMode;
    return tm.checkpoint !== null && tm.progress && tm.progress.epoch >= 3;
  }, null, { timeout: 120000 });
  const before = await page.evaluate(() => {
    const el = document.querySelector('rnn-playground');
    const tm = el.textMode;
    window.__crash = null;
    tm.worker.addEventListener('crash', (e) => { window.__crash = e.detail.message; }, { once: true });
    const saved = { checkpoint: tm.checkpoint, settings: tm.readSettings(), summary: el.shadowRoot.querySelector('[data-role=summary]').textContent,
      chartPoints: tm.chart.series.train.filter((v) => v != null).length };
    tm.worker.request('crash', { kind: 'trap' }).catch(() => {}); // answered by the crash
    return saved;
  });
  await page.waitForFunction(() => window.__crash !== null, null, { timeout: 120000 });
  assert.match(await page.evaluate(() => window.__crash), /WebAssembly module stopped in crash \(unreachable/);
  await page.waitForFunction(() => /checkpoint is restored/.test(
    document.querySelector('rnn-playground').shadowRoot.querySelector('[data-role=notice]').textContent), null, { timeout: 60000 });
  await waitState(page, ['ready']);
  const after = await page.evaluate(async () => {
    const el = document.querySelector('rnn-playground');
    const tm = el.textMode;
    const file = await tm.exportModel('json');
    return {
      model: await file.text(), settings: tm.readSettings(), restarts: tm.worker.restarts,
      summary: el.shadowRoot.querySelector('[data-role=summary]').textContent,
      error: el.shadowRoot.querySelector('[data-role=error]').textContent,
      trainError: window.__trainError,
      chartPoints: tm.chart.series.train.filter((v) => v != null).length,
    };
  });
  assert.equal(after.restarts, 1);
  assert.match(after.trainError, /training worker crashed/);
  assert.match(after.error, /training worker crashed/, 'the error box says what happened');
  assert.deepEqual(after.settings, before.settings);
  assert.equal(after.summary.split('\n')[0], before.summary.split('\n')[0], 'the same text is loaded');
  assert.deepEqual(weightsOf(after.model), weightsOf(before.checkpoint), 'the weights are the last checkpoint\'s');
  assert.ok(after.chartPoints >= before.chartPoints, 'the chart of the lost run stays');
  await oneWorker(page); // the dead one was terminated
  await shot(page, 'text-restored-after-crash');
  // training continues from the checkpoint in the new worker
  const progress = await page.evaluate(async () => {
    const el = document.querySelector('rnn-playground');
    const p = await el.step();
    await el.stop();
    return p;
  });
  assert.ok(progress.batch > 0 || progress.epoch > 1, JSON.stringify(progress));
  await page.close();
});

test('stop, a new model and a reload during text training leave exactly one worker', async () => {
  const context = b.context;
  await context.addInitScript(countWorkers);
  const { page, problems } = await openPage(context, `${b.url}www/text.html`);
  await waitState(page, ['ready']);
  await oneWorker(page);
  const startTraining = () => page.evaluate(async (small) => {
    const el = document.querySelector('rnn-playground');
    await el.textMode.configure({ ...small, epochs: 500 });
    el.train().catch(() => {});
    return new Promise((resolve) => el.addEventListener('progress', () => resolve(undefined), { once: true }));
  }, SMALL);
  await startTraining();
  await page.evaluate(() => document.querySelector('rnn-playground').stop());
  await waitState(page, ['done']);
  await oneWorker(page);
  await startTraining();
  await page.evaluate(() => document.querySelector('rnn-playground').textMode.configure({ hidden: 8 }));
  await waitState(page, ['ready']);
  await oneWorker(page);
  await startTraining();
  await page.reload();
  await waitState(page, ['ready']);
  await oneWorker(page);
  assert.equal(await page.evaluate(() => window.__workers.created), 1);
  assert.deepEqual(problems.filter((p) => !/replaced this one/.test(p)), []);
  await page.close();
});

test('fine-tuning a model file with its first layer frozen leaves that layer\'s weights as they were', async () => {
  const { page, problems } = await openPage(b.context, `${b.url}www/text.html`);
  await waitState(page, ['ready']);
  const res = await page.evaluate(async (small) => {
    const el = document.querySelector('rnn-playground');
    const tm = el.textMode;
    await tm.configure({ ...small, layers: 2, epochs: 1 });
    await el.train();
    const file = await el.exportModel('json');
    const select = el.shadowRoot.querySelector('[data-role=freeze]');
    const disabledBefore = select.disabled;
    await el.importModel(file);
    const options = [...select.options].map((o) => o.value);
    select.value = 'first:1';
    const reimported = new Promise((resolve) => {
      const status = el.shadowRoot.querySelector('[data-role=status]');
      new MutationObserver((_, obs) => {
        if (/Fine-tuning the model file with/.test(status.textContent)) { obs.disconnect(); resolve(undefined); }
      }).observe(status, { childList: true, characterData: true, subtree: true });
    });
    select.dispatchEvent(new Event('change'));
    await reimported;
    const summary = el.shadowRoot.querySelector('[data-role=summary]').textContent;
    await el.train();
    const tuned = await el.exportModel('json');
    return { before: await file.text(), after: await tuned.text(), disabledBefore, disabledAfter: select.disabled, options, summary };
  }, SMALL);
  assert.equal(res.disabledBefore, true, 'no freeze choice before a model file is loaded');
  assert.equal(res.disabledAfter, false);
  assert.deepEqual(res.options, ['none', 'recurrent', 'first:1']);
  assert.match(res.summary, /fine-tuning [\d,]+ of them; the rest are frozen/);
  const a = weightsOf(res.before);
  const z = weightsOf(res.after);
  const names = Object.keys(a);
  const layer0 = names.filter((n) => /_l0$/.test(n));
  assert.ok(layer0.length >= 2, `layer 0 tensors: ${names}`);
  for (const n of layer0) assert.deepEqual(z[n], a[n], `${n} is frozen`);
  for (const n of names.filter((x) => /_l1$/.test(x) || x.startsWith('fc.') || x.startsWith('embed.'))) {
    assert.notDeepEqual(z[n], a[n], `${n} trains`);
  }
  assert.deepEqual(problems, []);
  await page.close();
});
