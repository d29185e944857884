// The "Inside the network" panel and `<rnn-playground>.inspect()`: the panel
// renders for LSTM, GRU and RNN with no console errors, hovering (or keying
// to) a heatmap cell shows the value `inspect()` returns for it, `inspect()`
// has the contract's shapes and refuses bad arguments, a click on the
// prediction chart picks the window there, the panel follows training without
// a main-thread task of 50 ms or more, and nothing breaks a strict
// `style-src 'self'` CSP. Screenshots of each view go to test-results/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { launch, openPage, waitReady, waitState, nextEvent, shot, RESULTS } from './helpers.js';
import { watchMainThread } from './trace.js';

let b;
before(async () => { b = await launch(); });
after(async () => { await b?.close(); });

const GATES = { lstm: ['i', 'f', 'g', 'o', 'c', 'h'], gru: ['r', 'z', 'n', 'h'], rnn_tanh: ['h'] };

/**
 * Scrolls the panel into view (it inspects only while it can be seen), then
 * waits until it has drawn an inspection made after the last change and asks
 * for no other: the pacer is idle and the panel holds data.
 */
async function panelSettled(page) {
  await page.locator('rnn-playground section[data-panel=inspect]').scrollIntoViewIfNeeded();
  await page.waitForFunction(() => {
    const el = document.querySelector('rnn-playground');
    const live = el.inspector;
    const p = live?.pacer;
    return p && !p.inFlight && !p.pending && p.timer === null && live.panel.data !== null && !live.panel.drawing;
  }, null, { timeout: 60000 });
}

/** Trains to the end with the page's Train button. */
async function trainToEnd(page) {
  const trained = nextEvent(page, 'trained');
  await page.click('rnn-playground [data-action=train]');
  await trained;
  await waitState(page, ['done']);
}

/**
 * Saves a screenshot of the panel alone as test-results/NAME.png (cut from the
 * full page, where the sticky toolbar does not cover it).
 */
async function shotPanel(page, name) {
  const box = await page.evaluate(() => {
    const r = document.querySelector('rnn-playground').shadowRoot.querySelector('section[data-panel=inspect]').getBoundingClientRect();
    return { x: r.left + scrollX, y: r.top + scrollY, width: r.width, height: r.height };
  });
  await page.screenshot({ path: join(RESULTS, `${name}.png`), fullPage: true, clip: box });
}

/** `el.inspect(opts)` in the page (a rejection comes back as `{error}`). */
function inspectIn(page, opts) {
  return page.evaluate((o) => document.querySelector('rnn-playground').inspect(o)
    .then((r) => r, (err) => ({ error: String(err?.message ?? err) })), opts);
}

for (const [cell, hash] of [
  ['lstm', 'cell=lstm&layers=2&hidden=12&window=16&epochs=2'],
  ['gru', 'cell=gru&bidirectional=true&hidden=10&window=12&epochs=2'],
  ['rnn_tanh', 'cell=rnn_tanh&layers=2&hidden=9&window=20&epochs=2'],
]) {
  test(`the panel renders for ${cell}, and inspect() has the contract's shapes`, async () => {
    const { page, problems } = await openPage(b.context, `${b.url}#dataset=sine&${hash}`);
    await waitReady(page);
    // below the fold it asks the worker for nothing, even while training
    const offScreen = () => page.evaluate(() => {
      const el = document.querySelector('rnn-playground');
      const top = el.shadowRoot.querySelector('section[data-panel=inspect]').getBoundingClientRect().top;
      return { below: top > innerHeight, started: el.inspector.pacer.started };
    });
    const before = await offScreen();
    await trainToEnd(page);
    const after = await offScreen();
    if (before.below && after.below) assert.equal(after.started, before.started, 'no inspection while the panel is off screen');
    await panelSettled(page);
    const insp = await inspectIn(page, { split: 'test', index: -1 });
    assert.equal(insp.error, undefined, insp.error);
    const D = cell === 'gru' ? 2 : 1;
    const L = cell === 'gru' ? 1 : 2;
    const T = insp.window;
    const H = insp.hidden;
    assert.equal(insp.cell, cell);
    assert.equal(insp.layers, L);
    assert.equal(T, Number(/window=(\d+)/.exec(hash)[1]));
    assert.equal(insp.split, 'test');
    assert.equal(insp.input.length, T);
    assert.equal(insp.saliency.length, T);
    assert.equal(insp.horizon, 1);
    assert.ok(insp.target.length === 1 && Number.isFinite(insp.target[0]), JSON.stringify(insp.target));
    assert.ok(insp.prediction.length === 1 && Number.isFinite(insp.prediction[0]), JSON.stringify(insp.prediction));
    assert.equal(insp.directions, D);
    assert.ok(insp.index >= 0 && insp.index === insp.windows - 1, `index −1 resolved to the last: ${insp.index} of ${insp.windows}`);
    assert.deepEqual(insp.gate_names, GATES[cell]);
    assert.equal(insp.grad_h_norm.length, L * D);
    for (const row of insp.grad_h_norm) {
      assert.equal(row.length, T);
      assert.ok(row.every((v) => Number.isFinite(v) && v >= 0));
    }
    assert.deepEqual(Object.keys(insp.gates).sort(), [...GATES[cell]].sort());
    for (const [name, g] of Object.entries(insp.gates)) {
      assert.equal(g.length, L * D, name);
      for (const steps of g) {
        assert.equal(steps.length, T, name);
        for (const units of steps) assert.equal(units.length, H, name);
      }
    }
    // the panel shows the same model: one heatmap per gate, one gradient line per layer·direction
    const shown = await page.evaluate(() => {
      const live = document.querySelector('rnn-playground').inspector;
      const r = document.querySelector('rnn-playground').shadowRoot;
      return {
        gates: [...r.querySelectorAll('.heatmap-slot')].map((s) => s.dataset.gate),
        canvas: [...r.querySelectorAll('.heatmap-canvas')].map((c) => [c.width, c.height]),
        lines: live.panel.flow.lines,
        layerChoices: [...r.querySelectorAll('[data-role=inspect-layer] option')].map((o) => o.textContent),
        saliencySteps: live.panel.saliency.steps,
        status: r.querySelector('[data-role=inspect-status]').textContent,
      };
    });
    assert.deepEqual(shown.gates, GATES[cell]);
    assert.ok(shown.canvas.every(([w, h]) => w === T && h === H), JSON.stringify(shown.canvas));
    assert.equal(shown.lines, L * D);
    assert.equal(shown.layerChoices.length, L * D);
    assert.equal(shown.saliencySteps, T);
    assert.match(shown.status, /^Test window \d+/);
    await shotPanel(page, `inspect-${cell}`);
    assert.deepEqual(problems, []);
    await page.close();
  });
}

test('hovering a heatmap cell, or keying to it, shows the value inspect() gives for it', async () => {
  const { page, problems } = await openPage(b.context, `${b.url}#dataset=sine&cell=lstm&layers=2&hidden=12&window=16&epochs=2`);
  await waitReady(page);
  await trainToEnd(page);
  await panelSettled(page);
  // the second layer's forget gate
  await page.selectOption('rnn-playground [data-role=inspect-layer]', '1');
  await page.waitForFunction(() => !document.querySelector('rnn-playground').inspector.panel.drawing);
  const insp = await inspectIn(page, { split: 'test', index: -1 });
  const T = insp.window;
  const H = insp.hidden;
  const canvas = page.locator('rnn-playground .heatmap-slot[data-gate=f] canvas.heatmap-canvas');
  await canvas.scrollIntoViewIfNeeded();
  const box = await canvas.boundingBox();
  const tip = page.locator('rnn-playground .heatmap-slot[data-gate=f] .heatmap-tip');
  for (const [t, unit] of [[T - 1, 0], [3, H - 1], [Math.floor(T / 2), Math.floor(H / 2)]]) {
    await page.mouse.move(box.x + ((t + 0.5) / T) * box.width, box.y + ((unit + 0.5) / H) * box.height);
    await tip.waitFor({ state: 'visible' });
    const read = await tip.evaluate((e) => ({ ...e.dataset, text: e.textContent }));
    assert.deepEqual([Number(read.t), Number(read.unit)], [t, unit]);
    assert.equal(Number(read.value), insp.gates.f[1][t][unit], `f of layer 2 at step ${t}, unit ${unit}`);
    assert.match(read.text, new RegExp(`forget gate f\\s*step ${t} · unit ${unit}`));
  }
  // the last cell's tooltip, as the reader sees it
  await page.screenshot({ path: join(RESULTS, 'inspect-hover.png'), clip: {
    x: Math.max(0, box.x - 200), y: Math.max(0, box.y - 40), width: box.width + 400, height: box.height + 120 } });
  await page.mouse.move(0, 0);
  await tip.waitFor({ state: 'hidden' });
  // the keyboard: focus the heatmap; the first arrow picks the newest step, unit 0; then move
  await canvas.focus();
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowDown');
  const keyed = await tip.evaluate((e) => ({ ...e.dataset }));
  assert.deepEqual([Number(keyed.t), Number(keyed.unit)], [T - 2, 1]);
  assert.equal(Number(keyed.value), insp.gates.f[1][T - 2][1]);
  assert.deepEqual(problems, []);
  await page.close();
});

test('inspect() refuses a bad split or index, naming it; the picker and a click on the prediction chart pick windows', async () => {
  const { page, problems } = await openPage(b.context, `${b.url}#dataset=sine&cell=gru&hidden=8&window=12&epochs=1`);
  await waitReady(page);
  assert.match((await inspectIn(page, { split: 'testing' })).error, /inspect\(\): split must be one of train, val, test/);
  assert.match((await inspectIn(page, { index: 1.5 })).error, /inspect\(\): index must be a whole number/);
  const tooFar = await inspectIn(page, { split: 'val', index: 1e6 });
  assert.ok(tooFar.error && /1000000/.test(tooFar.error), `out-of-range window: ${JSON.stringify(tooFar.error)}`);
  await trainToEnd(page);
  await panelSettled(page);
  // the picker: training window 3
  await page.selectOption('rnn-playground [data-role=inspect-split]', 'train');
  await page.fill('rnn-playground [data-role=inspect-index]', '3');
  await page.press('rnn-playground [data-role=inspect-index]', 'Enter');
  await page.waitForFunction(() => {
    const d = document.querySelector('rnn-playground').inspector.panel.data;
    return d?.split === 'train' && d.index === 3;
  });
  const picked = await page.evaluate(() => Array.from(document.querySelector('rnn-playground').inspector.panel.data.input));
  const direct = await inspectIn(page, { split: 'train', index: 3 });
  assert.deepEqual(picked, direct.input.map(Math.fround));
  // a click on the prediction chart, 80 % of the way along: the window whose target is nearest
  const over = page.locator('rnn-playground [data-role=prediction-chart] .u-over');
  await over.scrollIntoViewIfNeeded();
  const ob = await over.boundingBox();
  await page.mouse.click(ob.x + ob.width * 0.8, ob.y + ob.height / 2);
  await page.locator('rnn-playground section[data-panel=inspect]').scrollIntoViewIfNeeded(); // it inspects once seen
  const want = await page.evaluate((fx) => {
    const el = document.querySelector('rnn-playground');
    const plot = el.predChart.plot;
    const x = plot.posToVal(plot.over.clientWidth * fx, 'x');
    const p = el.predictions;
    let best = 0;
    for (let k = 0; k < p.target_index.length; k++) {
      if (Math.abs(p.target_index[k] - x) <= Math.abs(p.target_index[best] - x)) best = k;
    }
    const names = ['train', 'val', 'test'];
    let index = 0;
    for (let k = 0; k < best; k++) if (p.split[k] === p.split[best]) index++;
    return { split: names[p.split[best]], index };
  }, 0.8);
  await page.waitForFunction((w) => {
    const d = document.querySelector('rnn-playground').inspector.panel.data;
    return d?.split === w.split && d.index === w.index;
  }, want);
  const pick = await page.evaluate(() => document.querySelector('rnn-playground').inspector.panel.pick);
  assert.deepEqual(pick, want);
  await shot(page, 'inspect-picked');
  assert.deepEqual(problems, []);
  await page.close();
});

test('the panel follows training with no main-thread task of 50 ms or more (LSTM, window 50, hidden 128)', async () => {
  const { page, problems } = await openPage(b.context,
    `${b.url}#dataset=sine&cell=lstm&window=50&hidden=128&epochs=10000&patience=0`);
  await waitReady(page);
  await panelSettled(page);
  const watch = await watchMainThread(page);
  const first = await page.evaluate(() => document.querySelector('rnn-playground').inspector.pacer.started);
  await page.click('rnn-playground [data-action=train]');
  await waitState(page, ['training']);
  // at least three inspections drawn while training (the pacer allows a few per second)
  await page.waitForFunction((n) => document.querySelector('rnn-playground').inspector.pacer.started >= n + 3,
    first, { timeout: 120000 });
  const seen = await watch.stop();
  const info = await page.evaluate(() => ({
    phase: document.querySelector('rnn-playground').dataset.phase,
    drawn: document.querySelector('rnn-playground').inspector.panel.data?.hidden,
  }));
  await shotPanel(page, 'inspect-live-training');
  await page.click('rnn-playground [data-action=stop]');
  await waitState(page, ['done']);
  assert.equal(info.phase, 'running');
  assert.ok(info.drawn > 0);
  assert.ok(seen.tasks > 20, seen.describe);
  assert.deepEqual(seen.cpuLong, [], `while the panel followed training: ${seen.describe}`); // by CPU time: tests/e2e/trace.js
  assert.deepEqual(problems, []);
  await page.close();
});

test('no style is refused under a strict style-src CSP', async () => {
  const page = await b.context.newPage();
  const problems = [];
  page.on('console', (msg) => { if (msg.type() === 'error') problems.push(`console: ${msg.text()}`); });
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
  await page.addInitScript(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(`${e.violatedDirective}: ${e.sample}`), true);
  });
  // The page as served, with its one inline <style> (html, body margins) moved out and the CSP header added.
  await page.route((u) => u.pathname.endsWith('/') || u.pathname.endsWith('/index.html'), async (route) => {
    const response = await route.fetch();
    const body = (await response.text()).replace(/<style>[^<]*<\/style>/, '');
    await route.fulfill({ response, body, headers: { ...response.headers(), 'content-security-policy': "style-src 'self'" } });
  });
  await page.goto(`${b.url}#dataset=sine&cell=lstm&hidden=8&window=12&epochs=1`);
  await waitReady(page);
  await trainToEnd(page);
  await panelSettled(page);
  const canvas = page.locator('rnn-playground .heatmap-slot[data-gate=c] canvas.heatmap-canvas');
  await canvas.scrollIntoViewIfNeeded();
  await canvas.hover();
  await page.locator('rnn-playground .heatmap-slot[data-gate=c] .heatmap-tip').waitFor({ state: 'visible' });
  const violations = await page.evaluate(() => window.__violations);
  assert.deepEqual(violations, []);
  assert.deepEqual(problems, []);
  await page.close();
});

test('inspect_hide hides the panel and it asks the worker for nothing; inspect() still answers', async () => {
  const { page, problems } = await openPage(b.context, `${b.url}#dataset=sine&cell=rnn_tanh&hidden=6&window=8&epochs=1&inspect_hide=true`);
  await waitReady(page);
  await trainToEnd(page);
  const seen = await page.evaluate(() => {
    const el = document.querySelector('rnn-playground');
    return {
      visible: el.shadowRoot.querySelector('section[data-panel=inspect]').checkVisibility(),
      started: el.inspector.pacer.started,
    };
  });
  assert.deepEqual(seen, { visible: false, started: 0 });
  const insp = await inspectIn(page, {});
  assert.equal(insp.error, undefined, insp.error);
  assert.deepEqual(Object.keys(insp.gates), ['h']);
  assert.deepEqual(problems, []);
  await page.close();
});
