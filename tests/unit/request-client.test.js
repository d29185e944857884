import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RequestClient } from '../../www/request-client.js';

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

test('replies to finished or unknown requests are dropped', async () => {
  const c = new RequestClient(() => {});
  const seen = [];
  const r = c.request('train', {}, { onProgress: (p) => seen.push(p) });
  c.handle({ id: r.id, type: 'result', payload: 0 });
  assert.equal(await r.promise, 0);
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

test('a reply of no known type, or without an id, is dropped and the request keeps waiting', async () => {
  const c = new RequestClient(() => {});
  const r = c.request('evaluate');
  assert.equal(c.handle({ id: r.id, type: 'bogus', payload: 1 }), false);
  assert.equal(c.handle(/** @type {any} */ ({})), false);
  assert.equal(c.pending.size, 1);
  c.handle({ id: r.id, type: 'result', payload: 'late' });
  assert.equal(await r.promise, 'late');
});
