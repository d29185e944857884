import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseHash, serializeHash, defaultState, shareLink, embedSnippet, stateFromPairs } from '../../www/url-state.js';
import { FIELDS, defaults } from '../../www/config.js';

test('an empty hash gives every default and no problems', () => {
  const s = parseHash('');
  assert.deepEqual(s.config, defaults());
  assert.equal(s.config.dataset, 'sp500');
  assert.equal(s.config.window, 10);
  assert.equal(s.config.train_frac, 0.7);
  assert.equal(s.config.bidirectional, false);
  assert.deepEqual(s.problems, []);
  assert.equal(serializeHash(s), '');
});

test('values are read with their types', () => {
  const s = parseHash('#dataset=co2&cell=gru&hidden=32&window=24&lr=0.003&bidirectional=true&shuffle=false');
  assert.equal(s.config.dataset, 'co2');
  assert.equal(s.config.cell, 'gru');
  assert.strictEqual(s.config.hidden, 32);
  assert.strictEqual(s.config.window, 24);
  assert.strictEqual(s.config.lr, 0.003);
  assert.strictEqual(s.config.bidirectional, true);
  assert.strictEqual(s.config.shuffle, false);
  assert.deepEqual(s.problems, []);
});

test('serialise then parse gives the same state, and only non-defaults are written', () => {
  const s = defaultState();
  s.config.cell = 'rnn_relu';
  s.config.epochs = 7;
  s.config.val_frac = 0.2;
  s.view.hideText = true;
  s.hidden.add('cell');
  s.hidden.add('data');
  const hash = serializeHash(s);
  assert.equal(hash, '#val_frac=0.2&cell=rnn_relu&epochs=7&hideText=true&cell_hide=true&data_hide=true');
  const back = parseHash(hash);
  assert.deepEqual(back.config, s.config);
  assert.deepEqual(back.view, s.view);
  assert.deepEqual([...back.hidden].sort(), ['cell', 'data']);
});

test('bad values are reported by key and leave the default', () => {
  const s = parseHash('#cell=transformer&hidden=abc&window=0&lr=NaN&bogus=1&bidirectional=maybe&zzz_hide=true');
  assert.equal(s.config.cell, 'lstm');
  assert.equal(s.config.hidden, 50);
  assert.equal(s.config.window, 10);
  assert.equal(s.config.lr, 0.01);
  assert.equal(s.config.bidirectional, false);
  assert.equal(s.problems.length, 7);
  assert.match(s.problems[0], /^cell: "transformer" is not one of lstm, gru/);
  assert.match(s.problems[1], /^hidden: "abc" is not a whole number/);
  assert.match(s.problems[2], /^window: 0 is below 1/);
  assert.ok(s.problems.some((p) => p.startsWith('bogus: unknown key')));
  assert.ok(s.problems.some((p) => p.startsWith('zzz_hide: no control named zzz')));
});

test('hide flags are read; false flags hide nothing', () => {
  const s = parseHash('#cell_hide=true&layers_hide=false&metrics_hide=1');
  assert.deepEqual([...s.hidden].sort(), ['cell', 'metrics']);
});

test('attributes (lower-cased by HTML) read like the hash; a bare boolean attribute is true', () => {
  const s = stateFromPairs([['dataset', 'co2'], ['hidetext', ''], ['compact', ''], ['autoplay', ''], ['bidirectional', '']]);
  assert.equal(s.view.hideText, true);
  assert.equal(s.view.compact, true);
  assert.equal(s.view.autoplay, true);
  assert.equal(s.config.bidirectional, true);
  assert.deepEqual(s.problems, []);
});

test('every field default parses as its own type', () => {
  for (const f of FIELDS) {
    const s = parseHash(`#${f.key}=${encodeURIComponent(String(f.default))}`);
    assert.deepEqual(s.problems, [], f.key);
    assert.strictEqual(s.config[f.key], f.default, f.key);
  }
});

test('share link replaces an old hash; embed snippet carries the same keys as attributes', () => {
  const s = parseHash('#dataset=co2&cell=gru&hidden=32&cell_hide=true');
  assert.equal(shareLink('http://127.0.0.1:8080/play/#old=1', s),
    'http://127.0.0.1:8080/play/#dataset=co2&cell=gru&hidden=32&cell_hide=true');
  const snippet = embedSnippet('http://127.0.0.1:8080/play/rnn-playground.js', s);
  assert.equal(snippet,
    '<script type="module" src="http://127.0.0.1:8080/play/rnn-playground.js"></script>\n' +
    '<rnn-playground dataset="co2" cell="gru" hidden="32" cell_hide></rnn-playground>');
});

test('the session config leaves out empty optional keys and sends a numeric column as an index', async () => {
  const { toSessionConfig } = await import('../../www/config.js');
  const c = toSessionConfig(defaults());
  assert.equal('symbol' in c, false);
  assert.equal('column' in c, false);
  assert.equal('features' in c, false);
  assert.equal(c.steps, 10);
  assert.equal(c.period, 0);
  assert.equal(Object.keys(c).length, FIELDS.length - 3);
  assert.equal(toSessionConfig({ ...defaults(), column: '2', symbol: 'AAPL' }).column, 2);
  assert.equal(toSessionConfig({ ...defaults(), column: 'close' }).column, 'close');
});
