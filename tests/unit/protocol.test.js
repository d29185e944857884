import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RequestClient, makeThrottle, nextChunkSize, errorPayload, MAX_PROGRESS_PER_SECOND } from '../../www/protocol.js';

test('requests get increasing ids and results reach the right promise', async () => {
  const sent = [];
  const c = new RequestClient((req) => sent.push(req));
  const a = c.request('evaluate');
  const b = c.request('forecast', { steps: 5 });
  assert.deepEqual(sent.map((r) => [r.id, r.type]), [[1, 'evaluate'], [2, 'forecast']]);
  assert.deepEqual(sent[1].payload, { steps: 5 });
  c.handle({ id: 2, type: 'result', payload: 'B' });
  c.handle({ id: 1, type: 'result', payload: 'A' });
  assert.equal(await a.promise, 'A');
  assert.equal(await b.promise, 'B');
});

test('progress goes to the hook; errors reject with message and where', async () => {
  const c = new RequestClient(() => {});
  const seen = [];
  const r = c.request('train', {}, { onProgress: (p) => seen.push(p.epoch) });
  c.handle({ id: r.id, type: 'progress', payload: { epoch: 1 } });
  c.handle({ id: r.id, type: 'progress', payload: { epoch: 2 } });
  c.handle({ id: r.id, type: 'error', payload: { message: 'row 3, column "close": not a number', where: 'train', fatal: false } });
  await assert.rejects(r.promise, (e) => e.message === 'row 3, column "close": not a number' && e.where === 'train');
  assert.deepEqual(seen, [1, 2]);
});

test('replies to abandoned or finished requests are dropped', async () => {
  const c = new RequestClient(() => {});
  const seen = [];
  const r = c.request('train', {}, { onProgress: (p) => seen.push(p) });
  c.abandon(r.id);
  await assert.rejects(r.promise, (e) => e.abandoned === true);
  assert.equal(c.handle({ id: r.id, type: 'progress', payload: 1 }), false);
  assert.equal(c.handle({ id: r.id, type: 'result', payload: 2 }), false);
  assert.equal(c.handle({ id: 99, type: 'result', payload: 3 }), false);
  assert.equal(c.dropped, 3);
  assert.deepEqual(seen, []);
});

test('failAll rejects everything as fatal', async () => {
  const c = new RequestClient(() => {});
  const a = c.request('train');
  const b = c.request('evaluate');
  c.failAll('worker died');
  await assert.rejects(a.promise, (e) => e.fatal && e.message === 'worker died');
  await assert.rejects(b.promise, (e) => e.fatal);
  assert.equal(c.pending.size, 0);
});

test('the throttle lets through at most 20 messages per second', () => {
  assert.equal(MAX_PROGRESS_PER_SECOND, 20);
  const t = makeThrottle();
  let sent = 0;
  for (let now = 0; now < 3000; now += 1) if (t.ready(now)) sent++;
  assert.ok(sent <= 60 && sent >= 59, `sent ${sent}`);
  assert.equal(t.ready(2960), false); // last send was at 2950
  t.reset();
  assert.equal(t.ready(2961), true);
});

test('chunk size follows the time budget and stays within bounds', () => {
  assert.equal(nextChunkSize(4, 10, 40), 8); // would be 16, but grows at most 2x
  assert.equal(nextChunkSize(8, 80, 40), 4);
  assert.equal(nextChunkSize(1, 500, 40), 1);
  assert.equal(nextChunkSize(3, 0, 40), 6);
  assert.equal(nextChunkSize(4096, 1, 40), 4096);
});

test('error payloads keep the message; wasm traps are fatal', () => {
  assert.deepEqual(errorPayload(new Error('window: 0 must be at least 1'), 'configure'),
    { message: 'window: 0 must be at least 1', where: 'configure', fatal: false });
  assert.equal(errorPayload(new WebAssembly.RuntimeError('unreachable'), 'train').fatal, true);
  assert.equal(errorPayload('plain', 'x').message, 'plain');
});
