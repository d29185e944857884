// The first run teaches: the default page trains to a result that does not lose to persistence
// and says what it means, which epoch's weights it holds (marked in the loss chart); no
// main-thread task from navigation to the first trained model takes 50 ms of CPU or more
// (measured with a Chromium trace: CPU time does not grow with the machine's load as wall time
// does; the wall-time long tasks are reported beside it); the settings sections remember
// their state in the URL; each lesson replaces the settings and says so. Screenshots of the
// default page, at 360 px and of each lesson go to test-results/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { loadavg } from 'node:os';
import { launch, openPage, waitReady, waitState, shot } from './helpers.js';
import { startTrace, mainThreadTasks } from './trace.js';

let b;
before(async () => { b = await launch(); });
after(async () => { await b?.close(); });

/**
 * What the first run's start-up measured: the renderer's main-thread tasks of 50 ms of CPU or
 * more (from the trace), the longest task's CPU time, the wall-time long tasks and long animation
 * frames the page saw, and the load average.
 * @type {{cpuLong: object[], longest: {cpu: number, wall: number}, tasks: number, longTasks: object[], longFrames: object[], load: string}|null}
 */
let startup = null;

/** The load average, for failure messages of timing-sensitive checks. */
const load = () => loadavg().map((v) => v.toFixed(1)).join(', ');

/**
 * Runs in the page before its scripts: records every long task (window.__longTasks) and the
 * scripts of every long animation frame (window.__longFrames), presses Train as soon as the
 * element is ready, and logs "first-run: trained" when the first run has ended. The test talks to
 * the page only through that console line until then, so no script of the test driver runs on
 * the page's main thread inside the window it measures.
 */
function firstRunProbe() {
  window.__longTasks = [];
  window.__longFrames = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__longTasks.push({ start: Math.round(e.startTime), duration: Math.round(e.duration) });
  }).observe({ type: 'longtask', buffered: true });
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        const scripts = (e.scripts ?? []).filter((x) => x.duration >= 10)
          .map((x) => `${x.invoker} ${String(x.sourceURL).split('/').pop()}:${x.sourceCharPosition} ${Math.round(x.duration)} ms`);
        window.__longFrames.push({ start: Math.round(e.startTime), duration: Math.round(e.duration), scripts });
      }
    }).observe({ type: 'long-animation-frame', buffered: true });
  } catch { /* no long-animation-frame timing: the long tasks alone */ }
  const timer = setInterval(() => {
    const el = document.querySelector('rnn-playground');
    if (!el || el.dataset.phase !== 'idle' || !el.summary) return;
    clearInterval(timer);
    el.addEventListener('trained', () => console.log('first-run: trained'), { once: true });
    el.shadowRoot.querySelector('[data-action=train]').click();
  }, 25);
}

/** What the page shows after a run. */
function readResult(page) {
  return page.evaluate(() => {
    const el = document.querySelector('rnn-playground');
    const r = el.shadowRoot;
    const text = (sel) => {
      const n = r.querySelector(sel);
      return n && !n.hidden ? n.textContent : null;
    };
    return {
      skill: el.metrics?.skill ?? null,
      bestEpoch: el.metrics?.best_epoch ?? null,
      epochsRun: el.metrics?.epochs_run ?? null,
      marked: el.lossChart.best,
      markedIsDrawn: el.lossChart.xs.includes(el.lossChart.best),
      sentence: text('[data-role=result-sentence]'),
      tone: r.querySelector('[data-role=result-sentence]').dataset.tone,
      best: text('[data-role=best-epoch]'),
      hint: text('[data-role=transform-hint]'),
      notice: text('[data-role=notice]'),
    };
  });
}

test('the default page: the first run does not lose to persistence and says what it means', async () => {
  const page = await b.context.newPage();
  await page.addInitScript(firstRunProbe);
  const problems = [];
  page.on('pageerror', (err) => problems.push(err.message));
  page.on('console', (msg) => { if (msg.type() === 'error') problems.push(msg.text()); });
  const trained = page.waitForEvent('console', { predicate: (m) => m.text() === 'first-run: trained', timeout: 120000 });
  const trace = await startTrace(page);
  await page.goto(b.url);
  await trained;
  const tasks = mainThreadTasks(await trace.stop(), new URL(b.url).origin);
  const longTasks = await page.evaluate(() => window.__longTasks.filter((t) => t.duration >= 50));
  const longFrames = await page.evaluate(() => window.__longFrames);
  const longest = tasks.reduce((a, t) => (t.cpu > a.cpu ? t : a), { cpu: 0, wall: 0 });
  startup = { cpuLong: tasks.filter((t) => t.cpu >= 50), longest: { cpu: longest.cpu, wall: longest.wall }, tasks: tasks.length, longTasks, longFrames, load: load() };
  console.log(`# start-up: ${tasks.length} main-thread tasks, the longest ${longest.cpu} ms of CPU (${longest.wall} ms wall); ` +
    `tasks of 50 ms or more of wall time: ${JSON.stringify(longTasks)} (load average ${startup.load})`);
  // the essentials are in view, the sections closed
  const view = await page.evaluate(() => {
    const r = document.querySelector('rnn-playground').shadowRoot;
    const visible = (k) => r.querySelector(`[name=${k}]`).checkVisibility();
    return {
      essentials: ['dataset', 'cell', 'hidden', 'window', 'transform', 'epochs'].map(visible),
      hidden: ['lr', 'scaler', 'layers'].map(visible),
      open: [...r.querySelectorAll('details[data-section]')].filter((d) => d.open).length,
      transform: r.querySelector('[name=transform]').value,
    };
  });
  assert.deepEqual(view, { essentials: [true, true, true, true, true, true], hidden: [false, false, false], open: 0, transform: 'diff' });
  const res = await readResult(page);
  console.log(`# default run: skill ${res.skill}, ${res.best}`);
  assert.ok(res.skill >= -0.05, `skill ${res.skill} < -0.05`);
  assert.match(res.sentence ?? '', /close to a random walk/);
  assert.equal(res.tone, 'tie');
  assert.match(res.best ?? '', /^Best validation loss at epoch \d+ of \d+ \((weights restored|the last epoch)\)\.$/);
  assert.ok(res.best?.includes(`epoch ${res.bestEpoch} of ${res.epochsRun}`), res.best);
  assert.equal(res.marked, res.bestEpoch);
  assert.ok(res.markedIsDrawn, 'the best epoch is a point of the loss chart');
  assert.match(res.hint ?? '', /logret/);
  await shot(page, 'first-run-default');
  assert.deepEqual(problems, []);
  await page.close();
});

test('no main-thread task of 50 ms of CPU or more from navigation to the first trained model', () => {
  assert.ok(startup, 'the first-run test measured the start-up');
  assert.ok(startup.tasks > 20, `the trace has the page's tasks (${startup.tasks})`);
  assert.deepEqual(startup.cpuLong, [], `main-thread tasks of 50 ms of CPU or more from navigation to the first trained model ` +
    `(start ms, wall ms, CPU ms, the events inside with their CPU ms): ${JSON.stringify(startup.cpuLong)}; wall-time long tasks ` +
    `${JSON.stringify(startup.longTasks)}, long animation frames and their scripts ${JSON.stringify(startup.longFrames)} (load average ${startup.load})`);
});

test('at 360 px the page fits and the essentials and toolbar stay usable', async () => {
  const page = await b.context.newPage();
  await page.setViewportSize({ width: 360, height: 800 });
  await page.goto(`${b.url}#dataset=co2`);
  await waitReady(page);
  const fit = await page.evaluate(() => {
    const r = document.querySelector('rnn-playground').shadowRoot;
    return {
      scroll: document.documentElement.scrollWidth,
      train: r.querySelector('[data-action=train]').checkVisibility(),
      dataset: r.querySelector('[name=dataset]').getBoundingClientRect().right <= 360,
    };
  });
  assert.ok(fit.scroll <= 360, `the page is ${fit.scroll} px wide at 360 px`);
  assert.ok(fit.train && fit.dataset, JSON.stringify(fit));
  await shot(page, 'first-run-360px');
  await page.close();
});

test('sections open and close from the keyboard, and restore from the URL', async () => {
  const { page, problems } = await openPage(b.context, `${b.url}#dataset=sine&open=model`);
  await waitReady(page);
  const open = () => page.evaluate(() => [...document.querySelector('rnn-playground').shadowRoot
    .querySelectorAll('details[data-section]')].filter((d) => d.open).map((d) => d.dataset.section));
  assert.deepEqual(await open(), ['model']);
  assert.ok(await page.locator('rnn-playground [name=layers]').isVisible());
  assert.equal(await page.locator('rnn-playground [name=lr]').isVisible(), false);
  // open Training and close Model with the keyboard
  await page.locator('rnn-playground details[data-section=training] > summary').focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => location.hash.includes('open=model%2Ctraining'));
  await page.locator('rnn-playground details[data-section=model] > summary').focus();
  await page.keyboard.press('Space');
  await page.waitForFunction(() => /open=training(&|$)/.test(location.hash));
  assert.ok(await page.locator('rnn-playground [name=lr]').isVisible());
  await page.reload();
  await waitReady(page);
  assert.deepEqual(await open(), ['training']);
  // a hash change from outside opens what it names
  await page.evaluate(() => { location.hash = '#dataset=sine&open=data,model'; });
  await page.waitForFunction(() => document.querySelector('rnn-playground').shadowRoot
    .querySelector('details[data-section=data]').open);
  assert.deepEqual(await open(), ['data', 'model']);
  assert.deepEqual(problems, []);
  await page.close();
});

test('each lesson replaces the settings, says so, and trains', async () => {
  const { page, problems } = await openPage(b.context, `${b.url}#dataset=sine&hidden=7`);
  await waitReady(page);
  const lessons = await page.evaluate(() => [...document.querySelector('rnn-playground').shadowRoot
    .querySelectorAll('[data-role=lessons] option')].filter((o) => o.value).map((o) => ({ name: o.value, title: o.textContent })));
  assert.ok(lessons.length >= 6, JSON.stringify(lessons));
  for (const lesson of lessons) {
    await page.selectOption('rnn-playground [data-role=lessons]', lesson.name);
    await page.waitForFunction((title) => document.querySelector('rnn-playground').shadowRoot
      .querySelector('[data-role=notice]').textContent.includes(title), lesson.title);
    await waitReady(page);
    const state = await page.evaluate(() => {
      const el = document.querySelector('rnn-playground');
      return { hidden: el.state.config.hidden, hash: location.hash, menu: el.shadowRoot.querySelector('[data-role=lessons]').value };
    });
    assert.notEqual(state.hidden, 7, `${lesson.name}: the old hidden size stayed`);
    assert.equal(state.menu, '', 'the menu goes back to its prompt');
    const notice = (await readResult(page)).notice ?? '';
    assert.match(notice, new RegExp(`^Lesson "${lesson.title.replace(/[()/]/g, '.')}": the settings were replaced\\.`));
    await page.click('rnn-playground [data-action=train]');
    await waitState(page, ['done']);
    const res = await readResult(page);
    const next = await page.evaluate(() => document.querySelector('rnn-playground').forecastValues?.[0]);
    console.log(`# lesson ${lesson.name}: skill ${res.skill?.toFixed(3)}, next forecast ${next?.toFixed(4)}, ${res.best}; ${state.hash}`);
    assert.ok(res.sentence, `${lesson.name}: no result sentence`);
    assert.match(res.notice ?? '', /the settings were replaced/, 'the lesson notice stays while it trains');
    await shot(page, `lesson-${lesson.name}`);
    // the state survives a reload (it is in the URL)
    await page.reload();
    await waitReady(page);
    assert.deepEqual(await page.evaluate(() => [location.hash, document.querySelector('rnn-playground').state.config.hidden]),
      [state.hash, state.hidden]);
    // back to a non-default state, so the next lesson visibly replaces it
    await page.evaluate(() => { location.hash = '#dataset=sine&hidden=7'; });
    await page.waitForFunction(() => document.querySelector('rnn-playground').state.config.hidden === 7);
  }
  assert.deepEqual(problems, []);
  await page.close();
});
