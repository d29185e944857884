import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseHash, serializeHash, defaultState } from '../../www/url-state.js';
import { SECTIONS, ESSENTIAL_KEYS, OPEN_KEY, parseOpen, formatOpen } from '../../www/sections.js';
import { LESSONS, lessonByName, lessonState, lessonNotice } from '../../www/lessons.js';
import { FIELDS, FIELD_BY_KEY } from '../../www/config.js';

test('the sections are the field table\'s groups, in page order', () => {
  assert.deepEqual(SECTIONS, ['data', 'model', 'training']);
  for (const key of ESSENTIAL_KEYS) assert.ok(FIELD_BY_KEY.has(key), key);
});

test('open: names separated by commas, any case, in page order when written', () => {
  const r = parseOpen(' Training,data ');
  assert.ok(r.ok);
  assert.deepEqual([...r.value].sort(), ['data', 'training']);
  assert.equal(formatOpen(r.value), 'data,training');
  assert.equal(formatOpen(new Set()), '');
  const empty = parseOpen('');
  assert.ok(empty.ok && empty.value.size === 0);
});

test('open: an unknown section is reported with a short quote, and nothing opens', () => {
  const r = parseOpen('data,gizmos');
  assert.equal(r.ok, false);
  assert.match(r.message, /^open: "gizmos" is not a section \(data, model, training\)$/);
  const long = parseOpen('x'.repeat(5000));
  assert.equal(long.ok, false);
  assert.ok(long.message.length < 100, long.message);
  const s = parseHash('#open=model,gizmos');
  assert.equal(s.open.size, 0);
  assert.equal(s.problems.length, 1);
});

test('open sections round-trip through the hash, and none open writes nothing', () => {
  const s = defaultState();
  assert.equal(serializeHash(s), '');
  s.open = new Set(['training', 'data']);
  const hash = serializeHash(s);
  assert.equal(hash, `#${OPEN_KEY}=data%2Ctraining`);
  assert.deepEqual([...parseHash(hash).open].sort(), ['data', 'training']);
});

test('every lesson parses without problems and changes the settings', () => {
  assert.ok(LESSONS.length >= 6);
  const names = new Set();
  for (const l of LESSONS) {
    assert.ok(!names.has(l.name), `duplicate ${l.name}`);
    names.add(l.name);
    const s = parseHash(l.hash);
    assert.deepEqual(s.problems, [], l.name);
    assert.notEqual(serializeHash(s), '', `${l.name} is the default page`);
    assert.match(l.text, /^[A-Z].*[.]$/, `${l.name}: one sentence`);
    assert.equal(lessonByName(l.name), l);
  }
  assert.equal(lessonByName('nope'), undefined);
});

test('the long-lag lessons differ only in the cell, with a window that reaches the lag', () => {
  const rnn = parseHash(lessonByName('rnn-long-lag')?.hash ?? '').config;
  const gates = parseHash(lessonByName('gates-long-lag')?.hash ?? '').config;
  assert.equal(rnn.cell, 'rnn_tanh');
  assert.equal(gates.cell, 'gru');
  assert.ok(rnn.window >= rnn.lag);
  for (const f of FIELDS) if (f.key !== 'cell') assert.equal(rnn[f.key], gates[f.key], f.key);
});

test('a lesson replaces every setting but keeps the view flags and hidden controls', () => {
  const current = parseHash('#dataset=sine&hidden=7&hideText=true&cell_hide=true&open=training');
  const l = lessonByName('co2-diff');
  assert.ok(l);
  const next = lessonState(l, current);
  assert.equal(next.config.dataset, 'co2');
  assert.equal(next.config.hidden, 50); // back to its default
  assert.equal(next.view.hideText, true);
  assert.deepEqual([...next.hidden], ['cell']);
  assert.equal(next.open.size, 0); // the lesson's sections, not the old ones
  assert.match(lessonNotice(l), /^Lesson "Beat persistence: CO2 with differences": the settings were replaced\./);
});
