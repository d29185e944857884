// `npm run typecheck` checks only the www/ modules that opt in with `// @ts-check` (tsconfig.json
// has checkJs off, so that www/config.js and www/dataset-files.js, owned elsewhere, are used for
// their types without their bodies being checked). This test keeps every other module opted in.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');
/** Modules not checked yet, and why: they are being replaced by ones generated from Rust. */
const NOT_YET = new Set(['www/config.js', 'www/dataset-files.js']);

/** Every .js file under `dir`, except the wasm-bindgen output in www/pkg/. */
async function jsFiles(dir) {
  const out = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (relative(ROOT, path) !== join('www', 'pkg')) out.push(...await jsFiles(path));
    } else if (entry.name.endsWith('.js')) out.push(relative(ROOT, path).split('\\').join('/'));
  }
  return out;
}

test('every www/ module is type-checked (starts with // @ts-check)', async () => {
  const files = await jsFiles(join(ROOT, 'www'));
  assert.ok(files.includes('www/rnn-playground.js') && files.includes('www/lifecycle.js'), files.join(' '));
  const missing = [];
  for (const f of files) {
    if (NOT_YET.has(f)) continue;
    const first = (await readFile(join(ROOT, f), 'utf8')).split('\n', 1)[0];
    if (first.trim() !== '// @ts-check') missing.push(f);
  }
  assert.deepEqual(missing, [], 'add `// @ts-check` as the first line');
});

test('the type check is strict and covers www/', async () => {
  // tsconfig.json allows comments; strip whole-line ones before parsing.
  const text = (await readFile(join(ROOT, 'tsconfig.json'), 'utf8')).replace(/^\s*\/\/.*$/gm, '');
  const config = JSON.parse(text);
  assert.equal(config.compilerOptions.strict, true);
  assert.equal(config.compilerOptions.noEmit, true);
  assert.ok(config.include.includes('www/**/*.js'));
  const pkg = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8'));
  assert.equal(pkg.scripts.typecheck, 'tsc --noEmit -p tsconfig.json');
});
