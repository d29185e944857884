// The worker's `backtest` request (www/engine-backtest.js) over a stand-in Session: it runs the
// folds in chunks with progress for every fold, answers with the report, and a stop sent while
// it runs gets through between two chunks (waiting on replies, never on time).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Engine } from '../../www/engine.js';
import { Request } from '../../www/protocol.js';

/** Three folds of 25 batches each; a batch takes ~0.2 ms. */
class FakeBacktestSession {
  constructor() { this.folds = 3; this.fold = 0; this.batches = 0; this.stopped = false; this.finished = []; }
  configure() { return { params: 1, warnings: [] }; }
  startBacktest() { this.fold = 1; this.batches = 0; this.finished = []; return [0, 1, 2].map((i) => ({ index: i })); }
  backtestBatches(n) {
    const t0 = performance.now();
    while (performance.now() - t0 < n * 0.2) { /* work */ }
    // A call ends at the end of its fold, as the real session's does: at most one fold finishes per
    // call, so a stop sent after a fold's first progress gets through before the next fold ends.
    this.batches = Math.min(25, this.batches + n);
    if (this.batches === 25 && this.fold <= this.folds) {
      this.finished.push({ index: this.fold - 1, test_mase: 0.5 + this.fold / 10 });
      this.batches = 0;
      this.fold += 1;
    }
    const done = this.fold > this.folds;
    return new Map([['fold', Math.min(this.fold, this.folds)], ['folds', this.folds], ['progress', null], ['done', done]]);
  }
  stopBacktest() { this.stopped = true; }
  backtestReport() {
    const complete = this.finished.length === this.folds;
    return new Map([['planned', this.folds], ['window', 'expanding'], ['complete', complete], ['folds', this.finished],
      ['mean', new Map([['test_mase', this.finished.reduce((a, f) => a + f.test_mase, 0) / Math.max(1, this.finished.length)]])]]);
  }
}

function harness() {
  const replies = [];
  const waiters = [];
  const engine = new Engine({ Session: FakeBacktestSession, backend: () => 'fake', datasets: () => [] }, (r) => {
    replies.push(r);
    for (const w of waiters.splice(0)) w();
  });
  const until = async (pred) => { while (!pred()) await new Promise((r) => waiters.push(r)); };
  return { engine, replies, until, of: (id, type) => replies.filter((r) => r.id === id && (!type || r.type === type)) };
}

test('a backtest runs its folds in chunks, reports each fold, and answers with the report', async () => {
  const h = harness();
  await h.engine.handle({ id: 1, type: Request.BACKTEST, payload: {} });
  await h.until(() => h.of(1, 'result').length === 1);
  const folds = h.of(1, 'progress').map((r) => r.payload.backtest.fold);
  assert.deepEqual([...new Set(folds)], [1, 2, 3], 'progress walks every fold');
  const report = h.of(1, 'result')[0].payload;
  assert.equal(report.complete, true);
  assert.equal(report.folds.length, 3);
  assert.equal(typeof report.mean.test_mase, 'number', 'Maps become objects');
});

test('stop during a backtest gets through between chunks; the report keeps the finished folds', async () => {
  const h = harness();
  await h.engine.handle({ id: 1, type: Request.BACKTEST, payload: {} });
  await h.until(() => h.of(1, 'progress').some((r) => r.payload.backtest.fold === 2));
  await h.engine.handle({ id: 2, type: Request.BACKTEST, payload: { stop: true } });
  await h.until(() => h.of(1, 'result').length === 1 && h.of(2, 'result').length === 1);
  assert.deepEqual(h.of(2, 'result')[0].payload, { state: 'stopped' });
  const report = h.of(1, 'result')[0].payload;
  assert.equal(report.complete, false);
  assert.ok(report.folds.length >= 1 && report.folds.length < 3, `${report.folds.length} folds`);
  assert.equal(h.engine.session.stopped, true);
  // a new backtest can start after the stop
  await h.engine.handle({ id: 3, type: Request.BACKTEST, payload: {} });
  await h.until(() => h.of(3, 'result').length === 1);
  assert.equal(h.of(3, 'result')[0].payload.complete, true);
});
