// Builds the `<rnn-playground>` / `<rnn-compare>` element as an npm package in pkg-element/
// (git-ignored, like every /pkg-*/), ready for `npm pack ./pkg-element`:
//   node scripts/build-package.mjs [OUT_DIR]
//   npm run pack:element        # this, then the tarball in target/rnn-playground-element-VERSION.tgz
// The repository's own package.json stays private (its scripts, dev dependencies and site build are
// untouched); the published package is this build directory, with its manifest from
// packages/element/package.json (version taken from the root package.json).
// Needs the three wasm builds in www/pkg/ (scripts/build-wasm.sh). The package holds
//  - www/…, data/…: the element's ES module sources, copied by following their imports from
//    www/rnn-playground.js, with the three wasm-bindgen builds and the dataset files they locate
//    through `new URL(…, import.meta.url)`. The package's main entry: for Vite projects, which
//    build the worker (`?worker&url`) and copy the files those URLs name.
//  - standalone/: the same element built by Vite into one module plus standalone/assets/, for
//    `<script type="module">` from any static host or sub-path (no bundler). It uses the wasm and
//    dataset files of www/ and data/ (one copy of each in the package).
//  - package.json, README.md and index.d.ts from packages/element/.
// Prints every packed file with its size and gzip size.
import { build } from 'vite';
import { cp, mkdir, readFile, rm, writeFile, readdir, stat } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { gzipSync } from 'node:zlib';

const ROOT = resolve(import.meta.dirname, '..');
const TEMPLATE = join(ROOT, 'packages', 'element');
const ENTRY = join(ROOT, 'www', 'rnn-playground.js');

/** Relative module or asset references in a source file: imports, dynamic imports, `new URL` literals. */
const REFERENCE = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|new URL\(\s*)'([^']+)'/g;

/**
 * Every file the entry needs (repository-relative paths) and the bare packages it imports.
 * @param {string} entry  absolute path
 */
export async function moduleGraph(entry) {
  const files = new Set();
  const packages = new Set();
  const todo = [entry];
  while (todo.length) {
    const file = /** @type {string} */ (todo.pop());
    const rel = relative(ROOT, file);
    if (files.has(rel)) continue;
    if (!existsSync(file)) throw new Error(`${rel} is needed by the element but missing (run scripts/build-wasm.sh for www/pkg/)`);
    files.add(rel);
    if (!file.endsWith('.js')) continue;
    const text = await readFile(file, 'utf8');
    for (const [, spec] of text.matchAll(REFERENCE)) {
      const path = spec.split('?')[0];
      if (/^[a-z]+:/i.test(path)) continue; // data:, https:
      if (path.startsWith('.') || /^[\w-]+\.[a-z]+$/i.test(path)) {
        todo.push(resolve(dirname(file), path));
      } else {
        packages.add(path.startsWith('@') ? path.split('/').slice(0, 2).join('/') : path.split('/')[0]);
      }
    }
  }
  return { files: [...files].sort(), packages: [...packages].sort() };
}

/** Every file under `dir`, relative to it. @param {string} dir @returns {Promise<string[]>} */
async function listFiles(dir) {
  const out = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) for (const f of await listFiles(p)) out.push(join(entry.name, f));
    else out.push(entry.name);
  }
  return out.sort();
}

/**
 * Builds the package into `out` and returns its files with their sizes.
 * @param {string} out
 */
export async function buildPackage(out = join(ROOT, 'pkg-element')) {
  const { files, packages } = await moduleGraph(ENTRY);
  const template = JSON.parse(await readFile(join(TEMPLATE, 'package.json'), 'utf8'));
  const root = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8'));
  for (const name of packages) {
    if (template.dependencies?.[name] !== root.dependencies?.[name]) {
      throw new Error(`packages/element/package.json: dependency ${name} must be ${root.dependencies?.[name]} as in package.json (the element imports it)`);
    }
  }
  for (const name of Object.keys(template.dependencies ?? {})) {
    if (!packages.includes(name)) throw new Error(`packages/element/package.json: dependency ${name} is not imported by the element`);
  }
  await rm(out, { recursive: true, force: true });
  await mkdir(out, { recursive: true });
  for (const rel of files) {
    await mkdir(dirname(join(out, rel)), { recursive: true });
    await cp(join(ROOT, rel), join(out, rel));
  }
  await cp(join(ROOT, 'data', 'README.md'), join(out, 'data', 'README.md')); // the datasets' sources and licence
  await writeFile(join(out, 'package.json'), `${JSON.stringify({ ...template, version: root.version }, null, 2)}\n`);
  for (const f of ['README.md', 'index.d.ts']) await cp(join(TEMPLATE, f), join(out, f));
  // The standalone build writes its modules to standalone/ and each wasm or dataset file at its
  // place among the sources (byte for byte the file copied there above), so that the package holds
  // one copy of each: the standalone modules name them as ../www/pkg/…, ../data/….
  const assetFileNames = (/** @type {{originalFileNames?: string[]}} */ info) => {
    const from = info.originalFileNames?.[0];
    return from && files.includes(from) ? from : 'standalone/assets/[name]-[hash][extname]';
  };
  const naming = { entryFileNames: 'standalone/[name].js', chunkFileNames: 'standalone/assets/[name]-[hash].js', assetFileNames };
  await build({
    configFile: false,
    root: ROOT,
    base: './',
    logLevel: 'warn',
    build: {
      outDir: out,
      emptyOutDir: false,
      assetsDir: 'standalone/assets',
      target: 'es2022',
      assetsInlineLimit: 0,
      copyPublicDir: false,
      rollupOptions: {
        input: { 'rnn-playground': ENTRY },
        output: naming,
        preserveEntrySignatures: 'exports-only',
      },
    },
    worker: { format: 'es', rollupOptions: { output: naming } },
  });
  const sizes = [];
  for (const rel of await listFiles(out)) {
    const body = await readFile(join(out, rel));
    sizes.push({ file: rel.split(sep).join('/'), bytes: (await stat(join(out, rel))).size, gzip: gzipSync(body, { level: 9 }).length });
  }
  return { out, files: sizes };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const target = process.argv[2] ? resolve(process.argv[2]) : undefined;
  const { out, files } = await buildPackage(target);
  const kib = (n) => (n / 1024).toFixed(1).padStart(8);
  for (const f of files) console.log(`${kib(f.bytes)} KiB ${kib(f.gzip)} KiB gzip  ${f.file}`);
  const total = files.reduce((a, f) => [a[0] + f.bytes, a[1] + f.gzip], [0, 0]);
  console.log(`${kib(total[0])} KiB ${kib(total[1])} KiB gzip  total, ${files.length} files in ${relative(ROOT, out)}/`);
}
