// The page's side of covariates (`features`): the field travels as one comma-separated string,
// the load payloads carry the list, and the picker offers the numeric columns but the target.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaults, FIELD_BY_KEY, DATASETS, parseValue, toSessionConfig } from '../../www/config.js';
import { csvOptions, featureList, sourceFromSettings } from '../../www/settings.js';
import { featureChoices, parseFeatures } from '../../www/feature-select.js';

test('features is a string field whose default is empty and which the session gets only when set', () => {
  const f = FIELD_BY_KEY.get('features');
  assert.equal(f?.type, 'string');
  assert.equal(f?.default, '');
  assert.deepEqual(parseValue(/** @type {any} */ (f), ' open, volume '), { ok: true, value: 'open, volume' });
  assert.equal('features' in toSessionConfig(defaults()), false);
  assert.equal(toSessionConfig({ ...defaults(), features: 'open,volume' }).features, 'open,volume');
});

test('the load payloads carry the feature list', () => {
  const c = { ...defaults(), features: 'open, ,volume' };
  assert.deepEqual(featureList(c), ['open', 'volume']);
  assert.deepEqual(csvOptions({ ...c, column: 'close' }), { missing: 'error', column: 'close', features: ['open', 'volume'] });
  assert.deepEqual(sourceFromSettings({ ...c, dataset: 'sp500' }, null),
    { kind: 'dataset', name: 'sp500', options: { seed: 42, features: ['open', 'volume'] } });
  assert.equal('features' in csvOptions(defaults()), false);
});

test('the picker offers every numeric column but the target, and built-ins list theirs', () => {
  assert.deepEqual(featureChoices(['open', 'high', 'Close', 'volume'], 'close'), ['open', 'high', 'volume']);
  assert.deepEqual(parseFeatures('a,, b ,'), ['a', 'b']);
  const sp = DATASETS.find((d) => d.name === 'sp500');
  assert.deepEqual(sp?.columns, ['open', 'high', 'low', 'close', 'adjclose', 'volume']);
  assert.equal(sp?.column, 'close');
});
