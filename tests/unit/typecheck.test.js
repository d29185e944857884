// `npm run typecheck` runs TypeScript over every www/ module's JSDoc types (checkJs, strict);
// this test keeps the configuration that way.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');
test('the type check is strict and covers www/', async () => {
  // tsconfig.json allows comments; strip whole-line ones before parsing.
  const text = (await readFile(join(ROOT, 'tsconfig.json'), 'utf8')).replace(/^\s*\/\/.*$/gm, '');
  const config = JSON.parse(text);
  assert.equal(config.compilerOptions.strict, true);
  assert.equal(config.compilerOptions.noEmit, true);
  assert.equal(config.compilerOptions.checkJs, true);
  assert.ok(config.include.includes('www/**/*.js'));
  const pkg = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8'));
  assert.equal(pkg.scripts.typecheck, 'tsc --noEmit -p tsconfig.json');
});
