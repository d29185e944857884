import { launch, openPage, waitReady } from './tests/e2e/helpers.js';
const b = await launch();
try {
  const { page } = await openPage(b.context, b.url + '#epochs=1000');
  await waitReady(page);
  const cdp = await b.context.newCDPSession(page);
  const events = [];
  cdp.on('Tracing.dataCollected', (d) => events.push(...d.value));
  const done = new Promise((r) => cdp.once('Tracing.tracingComplete', r));
  await cdp.send('Tracing.start', { categories: 'devtools.timeline,v8,disabled-by-default-devtools.timeline', transferMode: 'ReportEvents' });
  await page.click('rnn-playground [data-action=train]');
  await page.waitForTimeout(6000);
  await cdp.send('Tracing.end');
  await done;
  // main thread of the renderer: find thread of 'RunTask' with most events in renderer
  const tasks = events.filter((e) => e.name === 'RunTask' && e.dur > 30000);
  for (const t of tasks) {
    const kids = events.filter((e) => e.pid === t.pid && e.tid === t.tid && e.ts >= t.ts && e.ts + (e.dur || 0) <= t.ts + t.dur && e.dur > 3000 && e.name !== 'RunTask');
    const tn = events.find((e) => e.name === 'thread_name' && e.pid === t.pid && e.tid === t.tid);
    console.log((t.dur / 1000).toFixed(1), 'ms', tn?.args?.name, kids.map((k) => `${k.name}:${(k.dur / 1000).toFixed(1)}${k.args?.data?.functionName ? '(' + k.args.data.functionName + ')' : ''}${k.args?.data?.url ? '[' + k.args.data.url.split('/').pop() + ':' + k.args.data.lineNumber + ']' : ''}`).slice(0, 12).join(' | '));
  }
} finally { await b.close(); }
