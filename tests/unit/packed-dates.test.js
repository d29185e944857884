import { test } from 'node:test';
import assert from 'node:assert/strict';
import { packDates, datesView } from '../../www/packed-dates.js';

test('a packed date column reads back date by date, and its packed form is one string and offsets', () => {
  const dates = ['2020-01-01', '2020-01-02', '', '2020-01-04 10:30', 'x'];
  const packed = packDates(dates);
  assert.equal(typeof packed.text, 'string');
  assert.ok(packed.ends instanceof Int32Array);
  const view = datesView(structuredClone(packed));
  assert.equal(view.length, 5);
  assert.deepEqual([...view], dates);
  for (let i = 0; i < dates.length; i++) assert.equal(view[i], dates[i]);
  assert.equal(view[5], undefined);
  assert.equal(view[-1], undefined);
  assert.equal(view?.[3], '2020-01-04 10:30');
  assert.equal(2 in view, true);
  assert.equal(5 in view, false);
  assert.throws(() => { 'use strict'; /** @type {any} */ (view)[0] = 'changed'; }, TypeError);
});
