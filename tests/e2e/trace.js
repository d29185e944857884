// Chromium traces of the page's main thread, for the long-task checks: each main-thread task's
// wall time and CPU time (`tdur`). The checks assert the CPU time, which does not grow with the
// machine's load as wall time does (on 2 shared cores a task of 2 ms of CPU took 100 ms of wall
// time waiting for a core), and report the wall-time long tasks beside it.
import assert from 'node:assert/strict';
import { loadavg } from 'node:os';

/** Trace categories: the main-thread tasks with their CPU time, and what ran inside them. */
export const TRACE_CATEGORIES = ['toplevel', 'devtools.timeline'];

/**
 * Starts a Chromium trace for `page` (before it navigates); `stop()` ends it and returns its events.
 * @param {import('playwright-core').Page} page
 * @param {string[]} [categories]
 */
export async function startTrace(page, categories = TRACE_CATEGORIES) {
  const cdp = await page.context().newCDPSession(page);
  /** @type {any[]} */
  const events = [];
  cdp.on('Tracing.dataCollected', (d) => events.push(...d.value));
  await cdp.send('Tracing.start', { traceConfig: { includedCategories: categories }, transferMode: 'ReportEvents' });
  return {
    async stop() {
      const complete = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
      await cdp.send('Tracing.end');
      await complete;
      await cdp.detach();
      return events;
    },
  };
}

/**
 * The main-thread tasks of the page's renderer in a trace: the renderer is the one whose main
 * thread ran the scripts of `origin`. Each task: start (ms after the first), wall and CPU time
 * (ms), and the longest events inside it (their CPU ms), to say where the time went.
 * @param {any[]} events
 * @param {string} origin
 */
export function mainThreadTasks(events, origin) {
  const mains = events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  const ours = (/** @type {any} */ m) => events.filter((e) => e.pid === m.pid && e.tid === m.tid
    && String(e.args?.data?.url ?? '').startsWith(origin)).length;
  const main = mains.map((m) => ({ m, n: ours(m) })).sort((a, b) => b.n - a.n)[0]?.m;
  assert.ok(main, 'the trace has the page\'s renderer main thread');
  const own = events.filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X').sort((a, b) => a.ts - b.ts);
  const tasks = [];
  let end = -Infinity;
  for (const e of own) {
    if (e.name !== 'ThreadControllerImpl::RunTask' || e.ts < end) continue; // nested run loops belong to their task
    tasks.push(e);
    end = e.ts + e.dur;
  }
  const t0 = tasks[0]?.ts ?? 0;
  return tasks.map((t) => ({
    start: Math.round((t.ts - t0) / 1000),
    wall: Math.round(t.dur / 1000),
    cpu: Math.round((t.tdur ?? 0) / 100) / 10,
    inside: own.filter((e) => e !== t && e.ts >= t.ts && e.ts + e.dur <= t.ts + t.dur && e.name !== 'ThreadControllerImpl::RunTask')
      .sort((a, b) => (b.tdur ?? 0) - (a.tdur ?? 0)).slice(0, 5)
      .map((e) => `${e.name}${e.args?.data?.functionName ? ` ${e.args.data.functionName}` : ''} ${Math.round((e.tdur ?? 0) / 1000)}`),
  }));
}

/**
 * Watches the page's main thread from now until `stop()`: a trace for each task's CPU time and
 * the page's own `longtask` entries for the wall times. `stop()` returns the tasks of 50 ms of
 * CPU or more (`cpuLong`, as `mainThreadTasks` gives them), the wall-time long tasks
 * (`wallLong`, `{start, duration}`), how many main-thread tasks the trace held, and a
 * description for a failure message that includes the machine's load.
 * @param {import('playwright-core').Page} page
 */
export async function watchMainThread(page) {
  await page.evaluate(() => {
    window.__longTasks = [];
    if (window.__longTaskObserver) return; // one observer per page, however often it is watched
    window.__longTaskObserver = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longTasks.push({ start: Math.round(e.startTime), duration: Math.round(e.duration) });
    });
    window.__longTaskObserver.observe({ type: 'longtask' });
  });
  const trace = await startTrace(page);
  return {
    async stop() {
      const tasks = mainThreadTasks(await trace.stop(), new URL(page.url()).origin);
      const wallLong = await page.evaluate(() => window.__longTasks);
      const cpuLong = tasks.filter((t) => t.cpu >= 50);
      const load = loadavg().map((v) => v.toFixed(1)).join(', ');
      return {
        cpuLong, wallLong, tasks: tasks.length,
        describe: `tasks of 50 ms of CPU or more: ${JSON.stringify(cpuLong)}; wall-time long tasks: ${JSON.stringify(wallLong)}; `
          + `${tasks.length} main-thread tasks traced (load average ${load})`,
      };
    },
  };
}
