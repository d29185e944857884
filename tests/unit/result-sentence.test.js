import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resultSentence, bestEpochText, transformHint, TIE, CLEAR_WIN } from '../../www/result-sentence.js';

const sp500 = { dataset: 'sp500', transform: 'diff', patience: 10 };
const co2 = { dataset: 'co2', transform: 'diff', patience: 10 };

test('no skill, no sentence', () => {
  assert.equal(resultSentence(null, sp500), null);
  assert.equal(resultSentence({ skill: null }, sp500), null);
  assert.equal(resultSentence({ skill: Number.NaN }, sp500), null);
});

test('a skill near 0 on prices says they are close to a random walk', () => {
  const r = resultSentence({ skill: 0.013 }, sp500);
  assert.equal(r?.tone, 'tie');
  assert.match(r.text, /skill \+0\.013/);
  assert.match(r.text, /stock prices are close to a random walk/);
  assert.match(r.text, /tomorrow = today" is hard to beat/);
  const neg = resultSentence({ skill: -0.02 }, sp500);
  assert.equal(neg?.tone, 'tie');
  assert.match(neg.text, /skill −0\.020/);
});

test('the random walk itself is named as one', () => {
  const r = resultSentence({ skill: 0.001 }, { ...sp500, dataset: 'random_walk' });
  assert.match(r?.text ?? '', /this series is a random walk/);
});

test('a tie on a series that is not a price suggests what to try', () => {
  const r = resultSentence({ skill: 0.01 }, co2);
  assert.equal(r?.tone, 'tie');
  assert.doesNotMatch(r.text, /random walk/);
  assert.match(r.text, /longer window/);
});

test('the tie band ends at TIE, a clear win starts at CLEAR_WIN', () => {
  assert.equal(resultSentence({ skill: TIE - 1e-9 }, co2)?.tone, 'tie');
  assert.equal(resultSentence({ skill: TIE }, co2)?.tone, 'win');
  assert.equal(resultSentence({ skill: -TIE }, co2)?.tone, 'loss');
  assert.match(resultSentence({ skill: CLEAR_WIN - 0.01 }, co2)?.text ?? '', /^A small win/);
  assert.match(resultSentence({ skill: CLEAR_WIN }, co2)?.text ?? '', /^A clear win/);
});

test('a clear win gives the error reduction in per cent', () => {
  const r = resultSentence({ skill: 0.6459 }, co2);
  assert.equal(r?.tone, 'win');
  assert.match(r.text, /skill \+0\.646/);
  assert.match(r.text, /test error is 65 % below/);
  assert.match(resultSentence({ skill: 0.061 }, co2)?.text ?? '', /6\.1 % below/);
  assert.match(resultSentence({ skill: 0.998 }, co2)?.text ?? '', /99\.8 % below/);
});

test('a loss names the better forecast and a fix that fits the settings', () => {
  const raw = resultSentence({ skill: -7.9 }, { ...sp500, transform: 'none' });
  assert.equal(raw?.tone, 'loss');
  assert.match(raw.text, /skill −7\.900/);
  assert.match(raw.text, /790 % better than the model/);
  assert.match(raw.text, /transform = diff/);
  const prices = resultSentence({ skill: -0.3 }, sp500);
  assert.match(prices?.text ?? '', /transform = logret/);
  const other = resultSentence({ skill: -0.3 }, co2);
  assert.match(other?.text ?? '', /smaller learning rate/);
});

test('best epoch: restored, the last one, untracked, none', () => {
  assert.equal(bestEpochText({ best_epoch: 3, epochs_run: 12, val_rmse: 1 }, sp500),
    'best validation loss at epoch 3 of 12 (weights restored)');
  assert.equal(bestEpochText({ best_epoch: 12, epochs_run: 12, val_rmse: 1 }, sp500),
    'best validation loss at epoch 12 of 12 (the last epoch)');
  assert.equal(bestEpochText({ best_epoch: 12, epochs_run: 12, val_rmse: 1 }, { ...sp500, patience: 0 }),
    'weights of the last epoch (12)');
  assert.equal(bestEpochText({ best_epoch: 12, epochs_run: 12, val_rmse: null }, sp500),
    'weights of the last epoch (12)');
  assert.equal(bestEpochText({ best_epoch: null, epochs_run: 4 }, sp500), null);
  assert.equal(bestEpochText(null, sp500), null);
});

test('the transform hint: prices not as log returns only', () => {
  assert.match(transformHint(sp500) ?? '', /logret/);
  assert.match(transformHint({ dataset: 'stocks', transform: 'none' }) ?? '', /logret/);
  assert.equal(transformHint({ ...sp500, transform: 'logret' }), null);
  assert.equal(transformHint(co2), null);
});

test('a win that a simpler baseline matches says so', () => {
  const metrics = {
    skill: 0.272, test_rmse: 2.501, persistence_test_rmse: 3.434,
    baselines: {
      test: {
        persistence: { rmse: 3.434 }, moving_average: { rmse: 2.557 }, seasonal_naive: null,
        ma_window: 40, season: null,
      },
    },
  };
  const r = resultSentence(metrics, { dataset: 'memory', transform: 'none' });
  assert.equal(r?.tone, 'tie');
  assert.match(r.text, /but the moving average \(window 40\) does about as well \(skill \+0\.255\)/);
  const clear = resultSentence({ ...metrics, skill: 0.72, test_rmse: 0.96 }, { dataset: 'memory', transform: 'none' });
  assert.equal(clear?.tone, 'win');
  assert.doesNotMatch(clear.text, /about as well/);
});
