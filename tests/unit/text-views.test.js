// The text page's pure helpers: the unit view's colour buckets, columns, unit order and visible
// characters; the sample list's order and captions; the element's settings from attributes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { activationBucket, unitColumn, unitsByVariation, visibleChar, BUCKETS } from '../../www/unit-view.js';
import { addSamples, sampleCaption, MAX_SAMPLES } from '../../www/text-samples.js';

test('activations map onto the diverging scale, clamped', () => {
  assert.equal(BUCKETS, 11);
  assert.equal(activationBucket(-1), 0);
  assert.equal(activationBucket(0), 5);
  assert.equal(activationBucket(1), 10);
  assert.equal(activationBucket(0.5), 8);
  assert.equal(activationBucket(-0.5), 3);
  assert.equal(activationBucket(7), 10);
  assert.equal(activationBucket(-7), 0);
  assert.equal(activationBucket(NaN), 5);
});

test('one unit column out of [steps, hidden], and bad units named', () => {
  const values = new Float32Array([1, 2, 3, 4, 5, 6]); // 3 steps, 2 units
  assert.deepEqual(unitColumn(values, 2, 0), [1, 3, 5]);
  assert.deepEqual(unitColumn(values, 2, 1), [2, 4, 6]);
  assert.throws(() => unitColumn(values, 2, 2), /unit 2 does not exist: the layer has units 0 to 1/);
  assert.throws(() => unitColumn(values, 2, -1), /unit -1/);
});

test('units ordered by how much they vary, ties by number', () => {
  // unit 0 constant, unit 1 varies a little, unit 2 a lot
  const v = [0, 0, 0, 0, 0.1, -1, 0, -0.1, 1];
  assert.deepEqual(unitsByVariation(v, 3), [2, 1, 0]);
  assert.deepEqual(unitsByVariation([0, 0, 0, 0], 2), [0, 1]);
});

test('newlines and tabs stay visible', () => {
  assert.equal(visibleChar('\n'), '↵\n');
  assert.equal(visibleChar('\t'), '→');
  assert.equal(visibleChar('a'), 'a');
});

test('samples are kept newest first, at most MAX_SAMPLES', () => {
  const s = (batch) => ({ batch, epoch: 1, text: String(batch), temperature: 1 });
  let kept = addSamples([], [s(200), s(400)]);
  assert.deepEqual(kept.map((x) => x.batch), [400, 200]);
  kept = addSamples(kept, [s(600)]);
  assert.deepEqual(kept.map((x) => x.batch), [600, 400, 200]);
  const many = addSamples([], Array.from({ length: MAX_SAMPLES + 5 }, (_, i) => s(i)));
  assert.equal(many.length, MAX_SAMPLES);
  assert.equal(many[0].batch, MAX_SAMPLES + 4);
  assert.equal(sampleCaption({ batch: 1200, epoch: 3, text: '', temperature: 0.8 }), 'after 1,200 batches (epoch 3), temperature 0.8');
});
