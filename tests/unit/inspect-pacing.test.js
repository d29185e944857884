import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InspectPacer } from '../../www/inspect-pacing.js';

/** A clock the test moves by hand, with timers that fire when it passes them. */
function fakeClock() {
  let now = 0;
  /** @type {{at: number, fn: () => void, id: number}[]} */
  let timers = [];
  let ids = 0;
  return {
    now: () => now,
    setTimer: (fn, ms) => { const id = ++ids; timers.push({ at: now + ms, fn, id }); return id; },
    clearTimer: (id) => { timers = timers.filter((t) => t.id !== id); },
    /** @param {number} ms */
    advance(ms) {
      now += ms;
      for (;;) {
        const due = timers.filter((t) => t.at <= now).sort((a, b) => a.at - b.at)[0];
        if (!due) break;
        timers = timers.filter((t) => t !== due);
        due.fn();
      }
    },
    get waiting() { return timers.length; },
  };
}

/** A job whose runs the test finishes by hand. */
function manualJob() {
  /** @type {(() => void)[]} */
  const open = [];
  return {
    starts: 0,
    run() { this.starts++; return new Promise((resolve) => open.push(resolve)); },
    async finish() { open.shift()?.(); await new Promise((r) => setImmediate(r)); },
    get inFlight() { return open.length; },
  };
}

test('the first request runs at once; later ones wait for the interval', async () => {
  const clock = fakeClock();
  const job = manualJob();
  const pacer = new InspectPacer(() => job.run(), { minInterval: 400, clock });
  pacer.request();
  assert.equal(job.starts, 1);
  await job.finish();
  clock.advance(100);
  pacer.request();
  assert.equal(job.starts, 1, 'too soon: waits');
  clock.advance(299);
  assert.equal(job.starts, 1);
  clock.advance(1);
  assert.equal(job.starts, 2, 'runs when 400 ms have passed since the last start');
});

test('never two in flight: requests during a run become one run after it', async () => {
  const clock = fakeClock();
  const job = manualJob();
  const pacer = new InspectPacer(() => job.run(), { minInterval: 400, clock });
  pacer.request();
  for (let i = 0; i < 20; i++) { clock.advance(50); pacer.request(); } // 20 progress messages in 1 s
  assert.equal(job.inFlight, 1);
  assert.equal(job.starts, 1);
  await job.finish(); // the slow first run ends at t = 1000 ms
  assert.equal(job.starts, 2, 'one run for all the requests that came meanwhile');
  await job.finish();
  clock.advance(10000);
  assert.equal(job.starts, 2, 'nothing more was asked');
});

test('the last request is always followed by a run (e.g. after an epoch end or a stop)', async () => {
  const clock = fakeClock();
  const job = manualJob();
  const pacer = new InspectPacer(() => job.run(), { minInterval: 400, clock });
  pacer.request();
  await job.finish();
  clock.advance(10);
  pacer.request(); // the stop's request arrives right after a run
  assert.equal(job.starts, 1);
  clock.advance(390);
  assert.equal(job.starts, 2);
  assert.equal(clock.waiting, 0);
});

test('cancel forgets a waiting request; a failing job does not stop the pacer', async () => {
  const clock = fakeClock();
  let starts = 0;
  const pacer = new InspectPacer(() => { starts++; return Promise.reject(new Error('worker busy')); }, { minInterval: 400, clock });
  pacer.request();
  await new Promise((r) => setImmediate(r));
  pacer.request();
  pacer.cancel();
  clock.advance(1000);
  assert.equal(starts, 1);
  pacer.request();
  assert.equal(starts, 2);
  // a job that throws synchronously is survived too
  const throwing = new InspectPacer(() => { throw new Error('no'); }, { minInterval: 0, clock });
  throwing.request();
  await new Promise((r) => setImmediate(r));
  assert.equal(throwing.inFlight, false);
});
