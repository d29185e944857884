import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaults } from '../../www/config.js';
import {
  parseCells, parseOverride, planFromAttributes, runColors, runLabel, shortQuote,
  DEFAULT_CELLS, OVERRIDE_KEYS, CELL_COLORS, QUOTE_CHARS,
} from '../../www/compare-runs.js';

test('cells: canonical names and aliases in any case, 2 to 4 entries', () => {
  assert.deepEqual(parseCells('rnn_tanh,lstm,gru'), { ok: true, cells: ['rnn_tanh', 'lstm', 'gru'] });
  assert.deepEqual(parseCells(' RNN , Tanh,relu, GRU '), { ok: true, cells: ['rnn_tanh', 'rnn_tanh', 'rnn_relu', 'gru'] });
  assert.deepEqual(parseCells('lstm,gru'), { ok: true, cells: ['lstm', 'gru'] });
});

test('cells: a bad entry is named by its position and quoted', () => {
  assert.deepEqual(parseCells('lstm,lsmt,gru'),
    { ok: false, message: 'cells: entry 2 "lsmt" is not one of lstm, gru, rnn_tanh, rnn_relu' });
  assert.deepEqual(parseCells('lstm,,gru'), { ok: false, message: 'cells: entry 2 is empty' });
  const long = 'x'.repeat(100);
  const r = parseCells(`lstm,${long}`);
  assert.equal(r.ok, false);
  assert.ok(!r.ok && r.message.includes(`"${'x'.repeat(QUOTE_CHARS)}…"`), !r.ok ? r.message : '');
});

test('cells: too few or too many entries', () => {
  assert.deepEqual(parseCells('lstm'), { ok: false, message: 'cells: "lstm" has 1 entry; <rnn-compare> compares 2 to 4 cells' });
  const five = parseCells('lstm,gru,rnn,relu,lstm');
  assert.equal(five.ok, false);
  assert.match(!five.ok ? five.message : '', /has 5 entries; <rnn-compare> compares 2 to 4 cells/);
});

test('shortQuote keeps 40 characters, then an ellipsis', () => {
  assert.equal(shortQuote('abc'), 'abc');
  assert.equal(shortQuote('y'.repeat(40)), 'y'.repeat(40));
  assert.equal(shortQuote('y'.repeat(41)), `${'y'.repeat(40)}…`);
});

test('overrides: one value per cell, each read as its field', () => {
  assert.deepEqual(parseOverride('hidden', '32, 64,64', 3), { ok: true, values: [32, 64, 64] });
  assert.deepEqual(parseOverride('bidirectional', 'true,false', 2), { ok: true, values: [true, false] });
  assert.deepEqual(parseOverride('optimizer', 'adam,SGD', 2), { ok: true, values: ['adam', 'sgd'] });
  assert.deepEqual(parseOverride('hidden', '32,64', 3),
    { ok: false, message: 'hidden: "32,64" has 2 values for 3 cells; give one value per cell, or one value for all' });
  assert.deepEqual(parseOverride('hidden', '32,0,64', 3), { ok: false, message: 'hidden: entry 2: hidden: 0 is below 1' });
  assert.deepEqual(parseOverride('lr', '0.01,fast', 2), { ok: false, message: 'lr: entry 2: lr: "fast" is not a number' });
});

test('only model and training keys can be overridden per run, and never the cell', () => {
  assert.ok(OVERRIDE_KEYS.includes('hidden') && OVERRIDE_KEYS.includes('lr') && OVERRIDE_KEYS.includes('seed'));
  for (const k of ['cell', 'dataset', 'window', 'transform', 'train_frac']) assert.ok(!OVERRIDE_KEYS.includes(k), k);
});

test('the plan: shared settings for every run, the run\'s cell and overrides on top', () => {
  const plan = planFromAttributes([['cells', 'rnn,lstm,gru'], ['dataset', 'co2'], ['hidden', '16,32,32'], ['epochs', '7']]);
  assert.equal(plan.error, null);
  assert.deepEqual(plan.problems, []);
  assert.deepEqual(plan.runs.map((r) => r.cell), ['rnn_tanh', 'lstm', 'gru']);
  assert.deepEqual(plan.runs.map((r) => r.config.hidden), [16, 32, 32]);
  assert.deepEqual(plan.runs.map((r) => r.config.epochs), [7, 7, 7]);
  assert.deepEqual(plan.runs.map((r) => r.config.dataset), ['co2', 'co2', 'co2']);
  assert.deepEqual(plan.runs.map((r) => r.label), ['RNN (tanh) · hidden 16', 'LSTM · hidden 32', 'GRU · hidden 32']);
  assert.deepEqual(plan.runs.map((r) => r.index), [0, 1, 2]);
  for (const r of plan.runs) {
    const { cell, hidden, ...rest } = r.config;
    const { cell: c0, hidden: h0, ...base } = { ...defaults(), dataset: 'co2', epochs: 7 };
    assert.deepEqual(rest, base, `run ${r.index} differs only in cell and hidden`);
  }
});

test('the plan: without cells, RNN vs LSTM vs GRU', () => {
  const plan = planFromAttributes([]);
  assert.equal(plan.error, null);
  assert.deepEqual(plan.runs.map((r) => r.cell), [...DEFAULT_CELLS]);
  assert.deepEqual(plan.runs.map((r) => r.label), ['RNN (tanh)', 'LSTM', 'GRU']);
});

test('the plan: a repeated cell needs an override that tells the runs apart', () => {
  const same = planFromAttributes([['cells', 'lstm,gru,LSTM']]);
  assert.match(same.error ?? '', /^cells: entries 1 and 3 are both lstm with the same settings; a repeated cell needs a per-run override/);
  assert.deepEqual(same.runs, []);
  const apart = planFromAttributes([['cells', 'lstm,lstm'], ['hidden', '8,64']]);
  assert.equal(apart.error, null);
  assert.deepEqual(apart.runs.map((r) => r.label), ['LSTM · hidden 8', 'LSTM · hidden 64']);
  const seeds = planFromAttributes([['cells', 'gru,gru'], ['seed', '1,2']]);
  assert.equal(seeds.error, null);
  const sameValues = planFromAttributes([['cells', 'gru,gru'], ['hidden', '8,8']]);
  assert.match(sameValues.error ?? '', /entries 1 and 2 are both gru with the same settings/);
});

test('the plan: bad overrides refuse the comparison, bad shared values keep their default', () => {
  const bad = planFromAttributes([['cells', 'lstm,gru'], ['hidden', '8,x']]);
  assert.equal(bad.error, 'hidden: entry 2: hidden: "x" is not a whole number');
  const shared = planFromAttributes([['cells', 'lstm,gru'], ['epochs', 'many'], ['cell', 'gru']]);
  assert.equal(shared.error, null);
  assert.deepEqual(shared.runs.map((r) => r.config.epochs), [defaults().epochs, defaults().epochs]);
  assert.deepEqual(shared.problems, ['cell: <rnn-compare> takes cells="…" (2 to 4 cells) and ignores cell', 'epochs: "many" is not a whole number']);
  // a data key with a comma is not a per-run list: it is read (and refused) as the shared value
  const data = planFromAttributes([['cells', 'lstm,gru'], ['window', '10,20']]);
  assert.equal(data.error, null);
  assert.deepEqual(data.problems, ['window: "10,20" is not a whole number']);
});

test('the plan keeps the page-only flags (autoplay, hidetext)', () => {
  const plan = planFromAttributes([['autoplay', ''], ['hidetext', 'hidetext']]);
  assert.equal(plan.state.view.autoplay, true);
  assert.equal(plan.state.view.hideText, true);
});

test('run labels and colours: one colour per cell, spare ones for repeats', () => {
  assert.equal(runLabel('rnn_relu', {}), 'RNN (ReLU)');
  assert.equal(runLabel('lstm', { bidirectional: true, lr: 0.1 }), 'LSTM · bidirectional on, lr 0.1');
  assert.deepEqual(runColors(['rnn_tanh', 'lstm', 'gru']), [CELL_COLORS.rnn_tanh, CELL_COLORS.lstm, CELL_COLORS.gru]);
  const repeated = runColors(['lstm', 'lstm', 'lstm', 'gru']);
  assert.equal(repeated[0], CELL_COLORS.lstm);
  assert.equal(repeated[3], CELL_COLORS.gru);
  assert.equal(new Set(repeated).size, 4, `distinct colours ${repeated}`);
});
