// The playground page loads with no console errors, shows which wasm build
// runs, asks no other host for anything, and fits a 360 px wide screen.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, waitReady, waitState, shot } from './helpers.js';

let b;
before(async () => { b = await launch(); });
after(async () => { await b?.close(); });

test('the page loads with no console errors and shows the wasm build', async () => {
  const { page, problems, foreign } = await openPage(b.context, b.url);
  await waitReady(page);
  await shot(page, 'page-loaded');
  const badge = page.locator('rnn-playground [data-role=backend]');
  const text = await badge.textContent();
  const expected = await page.evaluate(async () => {
    // the same checks the worker makes (wasm-feature-detect's relaxedSimd(), then simd())
    const relaxed = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 15, 1, 13, 0, 65, 1, 253, 15, 65, 2, 253, 15, 253, 128, 2, 11]);
    const simd = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98, 11]);
    if (WebAssembly.validate(relaxed)) return 'relaxed-simd';
    return WebAssembly.validate(simd) ? 'simd128' : 'scalar';
  });
  assert.equal(text, `wasm: ${expected}`);
  assert.equal(await badge.getAttribute('data-mode'), 'worker');
  const status = await page.locator('rnn-playground [data-role=status]').textContent();
  assert.match(status, /Ready to train/);
  const source = await page.locator('rnn-playground [data-role=source]').textContent();
  assert.match(source, /\d+ rows/);
  assert.deepEqual(problems, []);
  assert.deepEqual(foreign, []);
});

test('at 360 px the page has no horizontal scrolling and the controls stay usable', async () => {
  const page = await b.context.newPage();
  await page.setViewportSize({ width: 360, height: 780 });
  // Training runs until stopped (no early stopping, the most epochs), so the second Enter finds it running.
  await page.goto(`${b.url}#epochs=10000&patience=0`);
  await waitReady(page);
  const widths = await page.evaluate(() => ({
    doc: document.documentElement.scrollWidth,
    app: document.querySelector('rnn-playground').shadowRoot.querySelector('.app').scrollWidth,
  }));
  assert.ok(widths.doc <= 360, `document is ${widths.doc}px wide`);
  assert.ok(widths.app <= 360, `app is ${widths.app}px wide`);
  await shot(page, 'page-360px');
  // keyboard only: Tab reaches the Train button, Enter starts training, Enter again pauses
  await page.locator('body').click({ position: { x: 1, y: 1 } });
  let reached = false;
  for (let i = 0; i < 10 && !reached; i++) {
    await page.keyboard.press('Tab');
    reached = await page.evaluate(() => {
      const el = document.querySelector('rnn-playground');
      return el.shadowRoot.activeElement?.dataset.action === 'train';
    });
  }
  assert.ok(reached, 'Tab reaches the Train button');
  await page.keyboard.press('Enter');
  await waitState(page, ['training']);
  await page.waitForFunction(() => document.querySelector('rnn-playground').dataset.phase === 'running');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelector('rnn-playground').dataset.phase === 'paused');
  // every form control has a label
  const unlabelled = await page.evaluate(() => [...document.querySelector('rnn-playground').shadowRoot
    .querySelectorAll('input:not([type=hidden]), select, textarea')]
    .filter((c) => !c.labels?.length && !c.getAttribute('aria-label')).map((c) => c.name || c.outerHTML.slice(0, 60)));
  assert.deepEqual(unlabelled, []);
  await page.close();
});
