import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeThrottle, nextChunkSize, MAX_PROGRESS_PER_SECOND } from '../../www/scheduling.js';

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

