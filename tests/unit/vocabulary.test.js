// The page's vocabulary is the crate's (tests/vocabulary.rs checks the generated file against
// Rust); these tests check what the page builds from it.
import test from 'node:test';
import assert from 'node:assert/strict';
import { VOCABULARY } from '../../www/vocabulary.generated.js';
import { DATASETS, DATA_KEYS, FIELDS, FIELD_BY_KEY, parseValue } from '../../www/config.js';
import { datasetFileUrl } from '../../www/dataset-files.js';

test('every field of the crate becomes a control field, in the same order (the page-only task a view key)', () => {
  assert.deepEqual(FIELDS.map((f) => f.key), VOCABULARY.fields.filter((f) => !f.page_only).map((f) => f.key));
  assert.deepEqual(DATA_KEYS, ['dataset', 'symbol', 'lag', 'column', 'missing', 'features']);
  assert.equal(FIELD_BY_KEY.get('hidden').max, 4096);
  assert.equal(FIELD_BY_KEY.get('layers').max, 16);
  const task = FIELD_BY_KEY.get('task');
  assert.equal(task.default, 'series');
  assert.deepEqual(parseValue(task, 'TEXT'), { ok: true, value: 'text' });
  assert.equal(parseValue(task, 'poetry').ok, false);
});

test('choices accept the crate aliases and any case, and give the canonical name', () => {
  const cell = FIELD_BY_KEY.get('cell');
  assert.deepEqual(parseValue(cell, 'rnn'), { ok: true, value: 'rnn_tanh' });
  assert.deepEqual(parseValue(cell, 'GRU'), { ok: true, value: 'gru' });
  assert.equal(parseValue(cell, 'transformer').ok, false);
});

test('open bounds refuse the bound itself, closed ones accept it', () => {
  const lr = FIELD_BY_KEY.get('lr');
  assert.match(parseValue(lr, '0').message, /^lr: 0 must be above 0/);
  assert.deepEqual(parseValue(lr, '1e30'), { ok: true, value: 1e30 });
  assert.match(parseValue(FIELD_BY_KEY.get('train_frac'), '1').message, /must be below 1/);
  assert.deepEqual(parseValue(FIELD_BY_KEY.get('clip'), '0'), { ok: true, value: 0 });
});

test('the dataset menu is the catalogue and the site ships every real series file', () => {
  assert.deepEqual(FIELD_BY_KEY.get('dataset').choices, DATASETS.map((d) => d.name));
  for (const d of DATASETS) {
    if (d.file) assert.ok(datasetFileUrl(d.file), `${d.name}: ${d.file} is not shipped`);
  }
});
