// The worker's text engine (www/engine-text.js) against a stand-in TextSession: requests reach it
// through Engine, samples land on their chunk numbers, step trains exactly its chunks, pause holds,
// stop ends with metrics, a refused load keeps the run and a successful one ends it, corpora are
// fetched once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Engine } from '../../www/engine.js';
import { isTextRequest, TextRequest } from '../../www/protocol-text.js';
import { Request } from '../../www/protocol.js';

/** 10 chunks an epoch of 0.3 ms each, `epochs` epochs; generate says which chunk it was seeded with. */
class FakeText {
  constructor() { this.batches = 0; this.epochs = 5; this.loads = []; this.stopped = false; }
  loadText(bytes, source, settings) {
    if (bytes.length === 0) throw new Error(`${source}: the text is empty`);
    this.loads.push({ source, length: bytes.length, settings });
    this.batches = 0;
    this.epochs = settings.epochs ?? 5;
    return { source, chars: bytes.length, batches_per_epoch: 10 };
  }
  configure(settings) { this.batches = 0; this.epochs = settings.epochs ?? 5; return { source: 'again', batches_per_epoch: 10 }; }
  trainBatches(n) {
    const bpe = 10;
    const left = bpe - (this.batches % bpe);
    const k = Math.min(n, left, this.epochs * bpe - this.batches);
    const t0 = performance.now();
    while (performance.now() - t0 < k * 0.3) { /* a chunk takes 0.3 ms */ }
    this.batches += k;
    const epochEnd = this.batches % bpe === 0;
    const done = this.batches >= this.epochs * bpe;
    return { epoch: Math.ceil(this.batches / bpe), batch: epochEnd ? bpe : this.batches % bpe, batches_per_epoch: bpe,
      train_bpc: 3, val_bpc: epochEnd ? 2.5 : null, lr: 0.003, chars_per_s: 1, elapsed_ms: 1, done, stop_reason: done ? 'epochs' : null, message: null };
  }
  generate(o) { return `sample@${o.seed}:${o.length}:${o.temperature}`; }
  stop() { this.stopped = true; }
  evaluate() { return { test_bpc: 2.4, epochs_run: Math.floor(this.batches / 10) }; }
  activations(passage) { return { chars: [...passage], layer: 0, hidden: 2, unknown: 0, values: new Float32Array(passage.length * 2) }; }
  exportJson() { return '{"format":"rnn-playground-text-model"}'; }
}

function harness({ fetchCount } = {}) {
  const replies = [];
  const waiters = [];
  const corpora = () => [{ key: 'sonnets', file: 'shakespeare-sonnets.txt' }];
  const engine = new Engine({ Session: class {}, backend: () => 'fake', datasets: () => [], TextSession: FakeText, corpora },
    (r) => { replies.push(r); for (const w of waiters.splice(0)) w(); });
  engine.text.fetchBytes = async () => { if (fetchCount) fetchCount.n++; return new TextEncoder().encode('abc'.repeat(100)); };
  const until = async (pred) => { while (!pred()) await new Promise((r) => waiters.push(r)); };
  const of = (id, type) => replies.filter((r) => r.id === id && (!type || r.type === type));
  const call = async (id, type, payload) => {
    await engine.handle({ id, type, payload });
    await until(() => of(id, 'result').length + of(id, 'error').length > 0);
    return of(id)[of(id).length - 1];
  };
  return { engine, replies, until, of, call };
}

test('the text request names are part of Request and recognised', () => {
  for (const v of Object.values(TextRequest)) {
    assert.ok(Object.values(Request).includes(v), v);
    assert.ok(isTextRequest(v));
  }
  assert.equal(isTextRequest('train'), false);
  assert.equal(isTextRequest(undefined), false);
});

test('a corpus is fetched once; a refused text keeps the loaded one', async () => {
  const fetchCount = { n: 0 };
  const h = harness({ fetchCount });
  const a = await h.call(1, 'text-load', { kind: 'corpus', name: ' Sonnets ', settings: { epochs: 2 } });
  assert.equal(a.payload.source, 'corpus sonnets');
  await h.call(2, 'text-load', { kind: 'corpus', name: 'sonnets' });
  assert.equal(fetchCount.n, 1, 'fetched once');
  const bad = await h.call(3, 'text-load', { kind: 'text', text: '', name: 'empty.txt' });
  assert.equal(bad.type, 'error');
  assert.match(bad.payload.message, /empty\.txt: the text is empty/);
  const unknown = await h.call(4, 'text-load', { kind: 'corpus', name: 'macbeth' });
  assert.match(unknown.payload.message, /'macbeth' is not built in \(built in: sonnets\)/);
  assert.equal(h.engine.text.session.loads.length, 2, 'the refused loads replaced nothing');
});

test('train samples on every sample_every-th chunk and ends with metrics', async () => {
  const h = harness();
  await h.call(1, 'text-load', { kind: 'text', text: 'hello world', settings: { epochs: 5 } });
  await h.engine.handle({ id: 2, type: 'text-train', payload: { sample_every: 15, sample: { length: 7, temperature: 0.5 } } });
  await h.until(() => h.of(2, 'result').length === 1);
  const res = h.of(2, 'result')[0].payload;
  const samples = [...h.of(2, 'progress').flatMap((r) => r.payload.samples), ...res.samples];
  assert.deepEqual(samples.map((s) => s.batch), [15, 30, 45], 'chunks 15, 30, 45 of 50');
  assert.equal(samples[0].text, 'sample@15:7:0.5', 'seeded with the chunk number');
  const history = [...h.of(2, 'progress').flatMap((r) => r.payload.history), ...res.history];
  assert.deepEqual(history.map((e) => e.epoch), [1, 2, 3, 4, 5], 'every epoch end reaches the page');
  assert.equal(res.metrics.test_bpc, 2.4);
  assert.equal(res.progress.done, true);
});

test('step trains exactly its chunks and parks; pause holds; stop ends with the best weights', { timeout: 20000 }, async () => {
  const h = harness();
  await h.call(1, 'text-load', { kind: 'text', text: 'hello world', settings: { epochs: 100 } });
  const s = h.engine.text.session;
  const step = await h.call(2, 'text-step', { batches: 23, sample_every: 0 });
  assert.equal(step.payload.paused, true);
  assert.equal(s.batches, 23);
  await h.engine.handle({ id: 3, type: 'text-train', payload: { sample_every: 0 } });
  await h.until(() => s.batches > 40);
  await h.call(4, 'text-pause', {});
  await h.until(() => h.of(3, 'progress').some((r) => r.payload.paused));
  const held = s.batches;
  await h.call(5, 'text-generate', { length: 3, seed: 1 });
  await new Promise((r) => setTimeout(r, 0));
  assert.equal(s.batches, held, 'nothing trains while paused');
  await h.call(6, 'text-stop', {});
  await h.until(() => h.of(3, 'result').length === 1);
  assert.equal(s.stopped, true);
  assert.equal(h.of(3, 'result')[0].payload.progress.stop_reason, 'stopped');
});

test('a new text ends a running train with a message; activations transfer their values', { timeout: 20000 }, async () => {
  const h = harness();
  await h.call(1, 'text-load', { kind: 'text', text: 'hello world', settings: { epochs: 1000 } });
  await h.engine.handle({ id: 2, type: 'text-train', payload: {} });
  await h.until(() => h.engine.text.session.batches > 5);
  const units = await h.call(3, 'text-activations', { passage: 'abc', layer: 0 });
  assert.equal(units.payload.values.length, 6);
  await h.call(4, 'text-load', { kind: 'text', text: 'another text', name: 'b.txt' });
  await h.until(() => h.of(2, 'error').length === 1);
  assert.match(h.of(2, 'error')[0].payload.message, /a new text or model replaced this one/);
});
