// Long sessions: 30 train → reset cycles in one page, then three widgets training
// at once, several rounds. The worker's wasm memory (`info` → wasm_memory_bytes) and
// the page's JS heap (CDP Runtime.getHeapUsage after a collection) must stop growing
// over the second half, and no main-thread task may reach 50 ms (building the three
// elements is set-up and not watched). Figures are printed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { loadavg } from 'node:os';
import { launch, openPage, waitReady } from './helpers.js';

const CYCLES = 30;
/** Rounds of the three widgets training at once. */
const ROUNDS = 8;
const MB = 1048576;

let b;
before(async () => { b = await launch(); });
after(async () => { await b?.close(); });

const load = () => loadavg().map((v) => v.toFixed(1)).join(', ');

/** The page's used JS heap after a full collection, in bytes. */
async function heapAfterGc(cdp) {
  await cdp.send('HeapProfiler.collectGarbage');
  return (await cdp.send('Runtime.getHeapUsage')).usedSize;
}

function watchLongTasks() {
  window.__longTasks = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__longTasks.push({ start: Math.round(e.startTime), duration: Math.round(e.duration) });
  }).observe({ type: 'longtask' });
}

test(`${CYCLES} train → reset cycles, then three widgets training at once: memory stops growing`, async () => {
  const { page, problems } = await openPage(b.context, `${b.url}#dataset=sine&epochs=1&hidden=8&window=12`);
  await waitReady(page);
  const cdp = await page.context().newCDPSession(page);
  await page.evaluate(watchLongTasks);
  /** @type {{cycle: number, wasm: number, heap: number}[]} */
  const samples = [];
  for (let cycle = 1; cycle <= CYCLES; cycle++) {
    const wasm = await page.evaluate(async () => {
      const el = document.querySelector('rnn-playground');
      await el.train();
      await el.reset();
      return (await el.worker.call('info')).wasm_memory_bytes;
    });
    if (cycle === 1 || cycle % 5 === 0) samples.push({ cycle, wasm, heap: await heapAfterGc(cdp) });
  }
  const cycleTasks = await page.evaluate(() => window.__longTasks.splice(0));
  const at15 = samples.find((s) => s.cycle === 15);
  const last = samples[samples.length - 1];
  const single = samples.map((s) => `${s.cycle}: wasm ${(s.wasm / MB).toFixed(1)} MB, heap ${(s.heap / MB).toFixed(1)} MB`).join('; ');

  // three widgets, each with its own worker, training at once; a few rounds
  await page.evaluate(() => {
    document.querySelector('rnn-playground').remove();
    for (const id of ['w1', 'w2', 'w3']) {
      const el = document.createElement('rnn-playground');
      el.id = id;
      for (const [k, v] of Object.entries({ dataset: 'sine', epochs: '2', hidden: '8', window: '12' })) el.setAttribute(k, v);
      document.body.append(el);
    }
  });
  for (const id of ['w1', 'w2', 'w3']) await waitReady(page, `#${id}`);
  await page.evaluate(() => window.__longTasks.splice(0)); // building three elements is set-up, not the session
  /** @type {{round: number, wasm: number[], heap: number}[]} */
  const rounds = [];
  for (let round = 1; round <= ROUNDS; round++) {
    const wasm = await page.evaluate(() => Promise.all(['w1', 'w2', 'w3'].map(async (id) => {
      const el = document.getElementById(id);
      await el.train();
      await el.reset();
      return (await el.worker.call('info')).wasm_memory_bytes;
    })));
    rounds.push({ round, wasm, heap: await heapAfterGc(cdp) });
  }
  const tasks = [...cycleTasks, ...await page.evaluate(() => window.__longTasks)];
  const multi = rounds.map((r) => `${r.round}: wasm ${r.wasm.map((w) => (w / MB).toFixed(1)).join('/')} MB, heap ${(r.heap / MB).toFixed(1)} MB`).join('; ');
  console.log(`# soak: one widget, cycle ${single}. Three widgets, round ${multi}. Long tasks ${JSON.stringify(tasks)} (load average ${load()})`);

  // wasm memory only grows, a 64 KiB page at a time, and the allocator may take one more page
  // late (it did in one run, in all three workers at the same round: a deterministic step, not a
  // leak). Over the second half at most one page: a leak of 30 KB a cycle would add seven pages
  // over cycles 15–30, and two over rounds 4–8.
  const PAGE = 65536;
  assert.ok(last.wasm - at15.wasm <= PAGE, `wasm memory grew by more than a page between cycle 15 and ${CYCLES}: ${single}`);
  const half = ROUNDS / 2 - 1;
  for (const [i, w] of rounds[ROUNDS - 1].wasm.entries()) {
    assert.ok(w - rounds[half].wasm[i] <= PAGE, `widget ${i + 1}'s wasm memory grew by more than a page between rounds ${half + 1} and ${ROUNDS}: ${multi}`);
  }
  // the JS heap after a collection: within 1 MB of where it was (code, caches)
  assert.ok(last.heap <= at15.heap + MB, `JS heap grew from ${at15.heap} to ${last.heap} bytes: ${single}`);
  assert.ok(rounds[ROUNDS - 1].heap <= rounds[half].heap + MB, `JS heap grew over the rounds: ${multi}`);
  assert.deepEqual(tasks, [], `main-thread tasks of 50 ms or more: ${JSON.stringify(tasks)} (load average ${load()})`);
  assert.deepEqual(problems, []);
  await page.close();
});
