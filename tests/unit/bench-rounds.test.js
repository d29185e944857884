// bench/rounds.mjs: folding repeated benchmark rounds into medians.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { foldRounds, median } from '../../bench/rounds.mjs';

test('median of odd and even counts, ignoring non-finite values', () => {
  assert.equal(median([3, 1, 2]), 2);
  assert.equal(median([4, 1, 3, 2]), 2.5);
  assert.equal(median([5, null, NaN, Infinity, 1]), 3);
  assert.equal(median([null, undefined]), null);
  assert.equal(median([]), null);
});

const line = (engine, cell, train, extra = {}) => ({
  engine, env: 'node', cell, config: 'w10-h50-l1',
  train_samples_per_s: train, infer_samples_per_s: train * 3, epoch_s: 1000 / train,
  warmup_epoch_s: 1, mse_after_5_epochs: 0.001, train_samples_per_cpu_s: null,
  infer_samples_per_cpu_s: null, notes: '', ...extra,
});
const key = (l) => `${l.engine} ${l.cell} ${l.config}`;

test('rounds of the same line fold into their medians, in order of first appearance', () => {
  const lines = [
    line('ours', 'lstm', 100), line('peer', 'lstm', 10, { notes: 'prefix of 5 batches' }),
    line('ours', 'lstm', 300), line('peer', 'lstm', 12, { notes: 'prefix of 5 batches' }),
    line('ours', 'lstm', 200), line('peer', 'lstm', 11, { notes: 'prefix of 5 batches' }),
  ];
  const [ours, peer] = foldRounds(lines, key);
  assert.equal(ours.engine, 'ours');
  assert.equal(ours.rounds, 3);
  assert.equal(ours.train_samples_per_s, 200);
  assert.equal(ours.infer_samples_per_s, 600);
  assert.equal(ours.epoch_s, 5);
  assert.equal(ours.train_samples_per_cpu_s, null);
  assert.equal(ours.notes, 'median of 3 rounds (train windows/s 100–300)');
  assert.equal(peer.train_samples_per_s, 11);
  assert.equal(peer.notes, 'prefix of 5 batches; median of 3 rounds (train windows/s 10.00–12.00)');
});

test('different cells stay apart, and a single round is kept as it is apart from the note', () => {
  const folded = foldRounds([line('ours', 'lstm', 100), line('ours', 'gru', 150)], key);
  assert.equal(folded.length, 2);
  assert.equal(folded[1].train_samples_per_s, 150);
  assert.equal(folded[1].notes, '1 round');
});

test('rounds whose final MSE differ say so', () => {
  const [r] = foldRounds([line('ours', 'lstm', 100), line('ours', 'lstm', 110, { mse_after_5_epochs: 0.002 })], key);
  assert.match(r.notes, /MSE after 5 epochs differs between rounds: 0.001, 0.002/);
});
