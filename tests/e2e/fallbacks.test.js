// Embedding from another origin starts the worker through a blob-URL
// trampoline; where no worker can start, training runs on the main thread.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launch, onSubpathHost, openPage, waitReady, shot } from './helpers.js';
import { startServer } from '../../scripts/static-server.js';

let b;
before(async () => { b = await launch(); });
after(async () => { await b?.close(); });

test('an element served from another origin trains through a blob-URL worker', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'rnn-playground-host-'));
  // same host name, other port: another origin
  await writeFile(join(dir, 'index.html'), `<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,">
<script type="module" src="${b.url}rnn-playground.js"></script></head>
<body><h1>Someone else's page</h1><rnn-playground dataset="sine" hidden="8" epochs="2" compact></rnn-playground></body></html>`);
  const host = await startServer(dir);
  try {
    assert.notEqual(new URL(host.url).origin, new URL(b.url).origin);
    const { page, problems } = await openPage(b.context, host.url);
    await waitReady(page);
    const out = await page.evaluate(async () => {
      const el = document.querySelector('rnn-playground');
      const metrics = await el.train();
      return { mode: el.worker.mode, epochs: metrics.epochs_run };
    });
    assert.deepEqual(out, { mode: 'blob-worker', epochs: 2 });
    await shot(page, 'cross-origin-embed');
    assert.deepEqual(problems, []);
    await page.close();
  } finally {
    await host.close();
    await rm(dir, { recursive: true, force: true });
  }
});

test('with workers blocked, training runs on the main thread', async () => {
  const page = await b.context.newPage();
  await page.addInitScript(() => {
    window.Worker = function BlockedWorker() { throw new DOMException('workers are blocked here', 'SecurityError'); };
  });
  await page.goto(`${b.url}#dataset=sine&hidden=8&epochs=2`);
  await waitReady(page);
  const out = await page.evaluate(async () => {
    const el = document.querySelector('rnn-playground');
    const metrics = await el.train();
    return { mode: el.worker.mode, epochs: metrics.epochs_run,
      badge: el.shadowRoot.querySelector('[data-role=backend]').textContent };
  });
  assert.equal(out.mode, 'main-thread');
  assert.equal(out.epochs, 2);
  assert.match(out.badge, /\(main thread\)$/);
  await page.close();
});

test('the built site works from a sub-path of another static host', async () => {
  await onSubpathHost(async (url) => {
    const { page, problems } = await openPage(b.context, `${url}#dataset=sine&hidden=8&epochs=1`);
    await waitReady(page);
    const epochs = await page.evaluate(async () => (await document.querySelector('rnn-playground').train()).epochs_run);
    assert.equal(epochs, 1);
    assert.deepEqual(problems, []);
    await page.close();
  });
});
