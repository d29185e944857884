import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaults } from '../../www/config.js';
import { changedKeys, dataChange, csvOptions, sourceFromSettings, adoptModelConfig, snapshotFits } from '../../www/settings.js';

test('changedKeys names the vocabulary keys that differ, in vocabulary order', () => {
  const a = defaults();
  assert.deepEqual(changedKeys(a, { ...a }), []);
  assert.deepEqual(changedKeys(a, { ...a, hidden: 8, dataset: 'co2', unknown: 1 }), ['dataset', 'hidden']);
});

test('a change needs new data only for the keys that choose it', () => {
  const csv = { needsLoad: false, sourceKind: 'csv' };
  const dataset = { needsLoad: false, sourceKind: 'dataset' };
  assert.deepEqual(dataChange(['hidden'], dataset), { dataChanged: false, dropSource: false });
  assert.deepEqual(dataChange(['dataset'], dataset), { dataChanged: true, dropSource: true });
  assert.deepEqual(dataChange(['symbol'], dataset), { dataChanged: true, dropSource: true });
  assert.deepEqual(dataChange(['column'], csv), { dataChanged: true, dropSource: false }, 'the CSV text is read again');
  assert.deepEqual(dataChange(['missing'], dataset), { dataChanged: false, dropSource: false }, 'datasets have no gaps');
  assert.deepEqual(dataChange(['missing'], csv), { dataChanged: true, dropSource: false });
  assert.deepEqual(dataChange([], { needsLoad: true, sourceKind: null }), { dataChanged: true, dropSource: false });
});

test('the load-data payload follows the settings and keeps uploaded CSV text', () => {
  const c = { ...defaults(), dataset: 'stocks', symbol: 'IBM', seed: 7 };
  assert.deepEqual(sourceFromSettings(c, null), { kind: 'dataset', name: 'stocks', options: { seed: 7, symbol: 'IBM' } });
  assert.deepEqual(sourceFromSettings({ ...c, dataset: 'memory', symbol: '', lag: 30 }, null),
    { kind: 'dataset', name: 'memory', options: { seed: 7, lag: 30 } }, 'the memory series takes its lag');
  const csv = { kind: 'csv', text: 'a,b\n1,2\n', name: 'x.csv', options: { source: 'x.csv', missing: 'error' } };
  assert.deepEqual(sourceFromSettings({ ...c, column: '1', missing: 'drop' }, csv),
    { ...csv, options: { source: 'x.csv', missing: 'drop', column: 1 } });
  assert.deepEqual(csvOptions({ ...c, column: 'close', missing: 'ffill' }), { missing: 'ffill', column: 'close' });
  assert.deepEqual(csvOptions({ ...c, column: '', missing: 'error' }), { missing: 'error' });
});

test('an imported model brings its model and training settings, not the data keys or bad values', () => {
  const c = defaults();
  const next = adoptModelConfig(c, { cell: 'gru', hidden: 16, lr: 0.009999999776482582, dataset: 'co2', layers: 'many',
    bidirectional: true, extra: 'ignored', dropout: null });
  assert.equal(next.cell, 'gru');
  assert.equal(next.hidden, 16);
  assert.equal(next.lr, 0.01, 'f32 noise is rounded away');
  assert.equal(next.bidirectional, true);
  assert.equal(next.dataset, c.dataset, 'the data stays');
  assert.equal(next.layers, c.layers, 'a bad value is ignored');
  assert.equal(next.dropout, c.dropout);
  assert.equal('extra' in next, false);
  for (const bad of [null, undefined, 'text', 3]) assert.deepEqual(adoptModelConfig(c, bad), c);
  assert.notEqual(adoptModelConfig(c, {}), c, 'a copy');
});

test('a snapshot fits only with a model, a source and exactly the current settings', () => {
  const c = defaults();
  const snap = { config: { ...c }, source: { kind: 'dataset', name: 'sine', options: {} }, model: '{}', metrics: null, savedAt: 1 };
  assert.equal(snapshotFits(snap, c), true);
  assert.equal(snapshotFits({ ...snap, config: { ...c, hidden: 9 } }, c), false);
  assert.equal(snapshotFits({ ...snap, model: null }, c), false);
  assert.equal(snapshotFits({ ...snap, source: undefined }, c), false);
  for (const bad of [null, undefined, 'x', 0]) assert.equal(snapshotFits(bad, c), false);
});
