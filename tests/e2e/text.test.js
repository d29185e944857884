// <rnn-playground task="text"> (here through the playground page's `#task=text`): a character
// language model trains in the worker, samples appear as it goes, the bits-per-character chart
// has train/val and both baseline lines, the unit view colours a passage and hover reads a value,
// generate is reproducible for a seed, export → import gives the same text, and bad text (empty,
// binary) is refused with a message while the loaded text stays.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, waitState, shot } from './helpers.js';

let b;
before(async () => { b = await launch(); });
after(async () => { await b?.close(); });

const role = (page, r) => page.evaluate(([sel, name]) =>
  document.querySelector(sel).shadowRoot.querySelector(`[data-role="${name}"]`).textContent, ['rnn-playground', r]);

test('text mode trains, samples, charts, generates, shows a unit and round-trips its model', async () => {
  // A small model so the run is short (E2E_FAST_TRAINING shrinks only series `configure`
  // requests, so both passes run these settings).
  const url = `${b.url}#task=text`;
  const { page, problems } = await openPage(b.context, url);
  await waitState(page, ['ready']);
  const summary = await role(page, 'summary');
  assert.match(summary, /corpus sonnets: 95,728 characters/);
  await shot(page, 'text-loaded');

  const loaded = await page.evaluate(() => document.querySelector('rnn-playground').textMode
    .configure({ hidden: 32, embed: 16, epochs: 4, batch: 32, chunk: 32, seed: 7 }));
  assert.equal(loaded.vocab_size > 30, true, 'the Sonnets have more than 30 symbols');
  assert.ok(loaded.ngram_val_bpc < loaded.unigram_val_bpc, 'the n-gram beats the unigram');

  // Samples every 20 batches, so a short run writes several.
  const metrics = await page.evaluate(async () => {
    const p = document.querySelector('rnn-playground');
    const tm = p.textMode;
    const res = tm.worker.request('text-train', { sample_every: 20, sample: { length: 80, temperature: 0.8 } },
      { onProgress: (x) => tm.onProgress(x) });
    tm.setState('training');
    tm.running = res;
    return tm.finish(await res);
  });
  await waitState(page, ['done']);
  for (const key of ['train_bpc', 'val_bpc', 'test_bpc', 'unigram_test_bpc', 'ngram_test_bpc', 'ngram_order', 'epochs_run', 'best_epoch', 'sample']) {
    assert.ok(key in metrics, `metrics has ${key}`);
  }
  assert.equal(metrics.epochs_run, 4);
  assert.ok(metrics.test_bpc < metrics.unigram_test_bpc, `model ${metrics.test_bpc} beats the unigram ${metrics.unigram_test_bpc}`);

  const samples = await page.evaluate(() => [...document.querySelector('rnn-playground').shadowRoot
    .querySelectorAll('[data-role=samples] li')].map((li) => ({ batch: Number(li.dataset.batch), text: li.querySelector('pre').textContent })));
  assert.ok(samples.length >= 3, `several samples (${samples.length})`);
  assert.deepEqual(samples.map((s) => s.batch), [...samples.map((s) => s.batch)].sort((x, y) => y - x), 'newest first');
  assert.ok(samples.every((s) => s.batch % 20 === 0 && s.text.length === 80), 'every 20 batches, 80 characters');

  const series = await page.evaluate(() => document.querySelector('rnn-playground').textMode.chart.series);
  assert.ok(series.train.filter((v) => v != null).length >= 4, 'training points');
  assert.equal(series.val.filter((v) => v != null).length, 4, 'one validation point per epoch');
  assert.ok(series.ngram.every((v) => v === loaded.ngram_val_bpc), 'the n-gram line');
  assert.ok(series.unigram.every((v) => v === loaded.unigram_val_bpc), 'the unigram line');

  // Generate: the same seed gives the same text, another seed another text.
  const gen = (seed) => page.evaluate((s) => document.querySelector('rnn-playground')
    .generate({ prime: 'Shall I', length: 120, temperature: 0.9, seed: s }), seed);
  const [g1, g2, g3] = [await gen(5), await gen(5), await gen(6)];
  assert.equal(g1.length, 120);
  assert.equal(g1, g2, 'same seed, same text');
  assert.notEqual(g1, g3, 'another seed, another text');
  await page.evaluate(() => document.querySelector('rnn-playground').shadowRoot.querySelector('[data-action=generate]').click());
  await page.waitForFunction(() => document.querySelector('rnn-playground').shadowRoot
    .querySelector('[data-role=generated]').textContent.length > 100);

  // The unit view: one span per character, coloured by class; hover reads the value.
  await page.evaluate(() => document.querySelector('rnn-playground').shadowRoot.querySelector('[data-action=units]').click());
  await page.waitForFunction(() => document.querySelector('rnn-playground').shadowRoot
    .querySelectorAll('[data-role=unit-view] span').length > 50);
  const spans = await page.evaluate(() => [...document.querySelector('rnn-playground').shadowRoot
    .querySelectorAll('[data-role=unit-view] span')].map((s) => s.className));
  assert.ok(spans.every((c) => /^act-(\d|10)$/.test(c)), 'every character has a colour class');
  assert.ok(new Set(spans).size > 2, 'more than two colours');
  await page.locator('rnn-playground [data-role=unit-view] span[data-t="10"]').hover();
  await page.waitForFunction(() => document.querySelector('rnn-playground').shadowRoot
    .querySelector('[data-role=readout]').dataset.value != null);
  const readout = await role(page, 'readout');
  assert.match(readout, / at 10: unit \d+ = -?\d\.\d{3}/);
  await shot(page, 'text-trained');

  // Export → import (onto the loaded text) gives the same text for the same seed.
  const file = await page.evaluate(async () => {
    const blob = await document.querySelector('rnn-playground').exportModel('json');
    return blob.text();
  });
  assert.equal(JSON.parse(file).format, 'rnn-playground-text-model');
  await page.evaluate(async () => document.querySelector('rnn-playground').textMode
    .configure({ hidden: 32, embed: 16, epochs: 1, seed: 99 }));
  assert.notEqual(await gen(5), g1, 'a fresh model writes something else');
  await page.evaluate(async (text) => document.querySelector('rnn-playground')
    .importModel(new TextEncoder().encode(text)), file);
  assert.equal(await gen(5), g1, 'the imported model writes the same text');
  const st = await page.evaluate(async () => new Uint8Array(await (await document.querySelector('rnn-playground')
    .exportModel('safetensors')).arrayBuffer()));
  await page.evaluate(async (bytes) => document.querySelector('rnn-playground')
    .importModel(new Uint8Array(Object.values(bytes))), st);
  assert.equal(await gen(5), g1, 'through safetensors too');

  // Bad text: a message naming the problem, and the Sonnets stay loaded.
  for (const [bad, pattern] of [['', /empty/i], [new Uint8Array([0, 1, 2, 0, 255, 254, 0, 3, 0, 0, 7, 8]), /binary|UTF-8|control/i]]) {
    const err = await page.evaluate(async (x) => {
      try {
        await document.querySelector('rnn-playground').loadText(typeof x === 'string' ? x : new Uint8Array(Object.values(x)), { name: 'bad.txt' });
        return null;
      } catch (e) {
        return e.message;
      }
    }, bad);
    assert.match(err ?? '', pattern);
    const shown = await page.evaluate(() => document.querySelector('rnn-playground').shadowRoot.querySelector('[data-role=error]'));
    assert.ok(shown, 'error box exists');
    assert.match(await role(page, 'error'), pattern);
    assert.match(await role(page, 'summary'), /corpus sonnets/, 'the loaded text stays');
    assert.equal(await gen(5), g1, 'and so does the model');
  }
  await shot(page, 'text-bad-input');
  assert.deepEqual(problems.filter((p) => !/bad\.txt|empty|binary|UTF-8|control/i.test(p)), []);
  await page.close();
});

test('pause, step and stop work on a text run (on www/text.html, under its strict CSP)', async () => {
  const { page, problems } = await openPage(b.context, `${b.url}www/text.html`);
  await waitState(page, ['ready']);
  await page.evaluate(() => document.querySelector('rnn-playground').textMode
    .configure({ hidden: 16, embed: 8, epochs: 200, batch: 16, chunk: 32 }));
  await page.evaluate(() => { document.querySelector('rnn-playground').train().catch(() => {}); });
  await page.waitForFunction(() => (document.querySelector('rnn-playground').textMode.progress?.batch ?? 0) > 0);
  await page.evaluate(() => document.querySelector('rnn-playground').pause());
  await waitState(page, ['paused']);
  const a = await page.evaluate(() => document.querySelector('rnn-playground').textMode.batches);
  // Nothing trains while paused: a generate round trip later, the count is the same.
  await page.evaluate(() => document.querySelector('rnn-playground').generate({ length: 5 }));
  assert.equal(await page.evaluate(() => document.querySelector('rnn-playground').textMode.batches), a);
  const stepped = await page.evaluate(() => document.querySelector('rnn-playground').step());
  await waitState(page, ['paused']);
  const b2 = await page.evaluate(() => document.querySelector('rnn-playground').textMode.batches);
  assert.equal(b2 - a, 100, `a step trains 100 batches (${a} → ${b2})`);
  assert.ok(stepped.epoch >= 1);
  const m = await page.evaluate(() => document.querySelector('rnn-playground').stop());
  await waitState(page, ['done']);
  assert.equal(typeof m.test_bpc, 'number');
  assert.deepEqual(problems, [], 'no console errors (a CSP refusal would show here)');
  // A phone: one column, no horizontal scrolling.
  await page.setViewportSize({ width: 360, height: 800 });
  await page.waitForFunction(() => document.documentElement.scrollWidth <= 360);
  await shot(page, 'text-360px');
  await page.close();
});
