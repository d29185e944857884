// No source under www/ evaluates a string as code (eval, new Function, string timers): the
// page must run under script-src without 'unsafe-eval' (tests/e2e/csp.test.js checks the
// built bundle the same way, and the page under that policy).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';

const WWW = resolve(import.meta.dirname, '../../www');
export const EVAL = /\beval\s*\(|\bnew\s+Function\s*\(|(?<![.\w])Function\s*\(\s*['"`]|\bset(?:Timeout|Interval)\s*\(\s*['"`]/;

test('the pattern finds string evaluation and nothing else', () => {
  for (const bad of ['x = new Function("a", "return a")', 'eval(s)', "setTimeout('go()', 1)", 'Function(`return 1`)()']) {
    assert.ok(EVAL.test(bad), bad);
  }
  assert.ok(!EVAL.test('obj.eval_loss(1); isFunction(f); setTimeout(() => {}, 0); x.evaluate()'));
});

test('no www/ source evaluates strings as code', async () => {
  const hits = [];
  let files = 0;
  const walk = async (dir) => {
    for (const e of await readdir(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) await walk(p);
      else if (/\.(m?js|html)$/.test(e.name)) {
        files++;
        const text = await readFile(p, 'utf8');
        const m = EVAL.exec(text);
        if (m) hits.push(`${p}: …${text.slice(Math.max(0, m.index - 40), m.index + 40)}…`);
      }
    }
  };
  await walk(WWW); // with www/pkg/ (the wasm-bindgen glue) when it is built
  assert.ok(files > 20, `files: ${files}`);
  assert.deepEqual(hits, []);
});
