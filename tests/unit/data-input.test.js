import { test } from 'node:test';
import assert from 'node:assert/strict';
import { csvHeader, isModelFile } from '../../www/data-input.js';

test('csvHeader reads the header row with quotes, BOM and other separators', () => {
  assert.deepEqual(csvHeader('date,open,close\n2020-01-01,1,2\n'), ['date', 'open', 'close']);
  assert.deepEqual(csvHeader('\uFEFF"Date","Adj Close","say ""hi"", ok"\r\n1,2,3'), ['Date', 'Adj Close', 'say "hi", ok']);
  assert.deepEqual(csvHeader('a;b;c\n1;2;3'), ['a', 'b', 'c']);
  assert.deepEqual(csvHeader('a\tb\n1\t2'), ['a', 'b']);
  assert.deepEqual(csvHeader('value'), ['value']);
  assert.deepEqual(csvHeader(''), []);
});

test('model files are told from data by their name', () => {
  assert.equal(isModelFile('lstm.safetensors'), true);
  assert.equal(isModelFile('model.JSON'), true);
  assert.equal(isModelFile('prices.csv'), false);
});
