// Prepares the repository root for `npm pack`, which yields the `<rnn-playground>` / `<rnn-compare>`
// element package (rnn-playground-element): package.json is its manifest (`files`, `exports`,
// `types`), and its `prepack` / `postpack` scripts run this:
//   node scripts/build-package.mjs           # prepack: checks, builds standalone/, prints the sizes
//   node scripts/build-package.mjs --clean   # postpack: removes standalone/ again
// Needs the three wasm builds in www/pkg/ (scripts/build-wasm.sh). The package holds
//  - www/…, data/…: the element's ES module sources as they are in the repository, the files
//    reached by following their imports from www/rnn-playground.js, with the three wasm-bindgen
//    builds and the dataset files they locate through `new URL(…, import.meta.url)`. The main
//    entry: for Vite projects, which build the worker (`?worker&url`) and copy the files those
//    URLs name.
//  - standalone/: the same element built by Vite into one module plus standalone/assets/, for
//    `<script type="module">` from any static host or sub-path (no bundler). It uses the wasm and
//    dataset files of www/ and data/ (one copy of each in the package).
//  - packages/element/index.d.ts (the `types`) and packages/element/README.md, and the
//    repository's README.md (npm always packs it).
// The checks: package.json's `files` select exactly those files (a module added to the element's
// imports and left out of `files`, or a page module let in, stops the pack with its name), and its
// `dependencies` are exactly the bare packages the element imports (the site's own, KaTeX, are
// dev dependencies).
import { build } from 'vite';
import { cp, mkdir, readFile, rm, readdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { gzipSync } from 'node:zlib';

const ROOT = resolve(import.meta.dirname, '..');
const ENTRY = join(ROOT, 'www', 'rnn-playground.js');
/** Where the standalone build goes (git-ignored; removed again after the pack). */
export const STANDALONE = join(ROOT, 'standalone');
/** Packed beside the module graph: declarations, READMEs, the datasets' sources and licence. */
const EXTRAS = ['package.json', 'README.md', 'packages/element/index.d.ts', 'packages/element/README.md',
  'data/README.md', 'data/vega-datasets/ATTRIBUTION.md', 'data/vega-datasets/LICENSE'];

/** Relative module or asset references in a source file: imports, dynamic imports, `new URL` literals. */
const REFERENCE = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|new URL\(\s*)'([^']+)'/g;

/**
 * Every file the entry needs (repository-relative paths) and the bare packages it imports.
 * @param {string} [entry]  absolute path
 */
export async function moduleGraph(entry = ENTRY) {
  const files = new Set();
  const packages = new Set();
  const todo = [entry];
  while (todo.length) {
    const file = /** @type {string} */ (todo.pop());
    const rel = relative(ROOT, file).split(sep).join('/');
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

/** Every file under `dir`, relative to it, with `/` separators. @param {string} dir @returns {Promise<string[]>} */
async function listFiles(dir) {
  const out = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) for (const f of await listFiles(p)) out.push(`${entry.name}/${f}`);
    else out.push(entry.name);
  }
  return out.sort();
}

/**
 * Whether package.json's `files` select `file`, for the patterns it uses: a file, a folder
 * (`dir/`), a `*` within one path segment, and `!` before any of them to leave out.
 * @param {string[]} patterns
 * @param {string} file  repository-relative
 */
export function selects(patterns, file) {
  let chosen = false;
  for (const raw of patterns) {
    const negated = raw.startsWith('!');
    const pattern = negated ? raw.slice(1) : raw;
    const re = pattern.endsWith('/')
      ? new RegExp(`^${escape(pattern)}`)
      : new RegExp(`^${pattern.split('*').map(escape).join('[^/]*')}$`);
    if (re.test(file)) chosen = !negated;
  }
  return chosen;
}

/** @param {string} s */
function escape(s) {
  return s.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The files `npm pack` should put in the package (repository-relative, sorted): the module graph,
 * the extras and the standalone build (as it is on disk; empty before the build).
 */
export async function expectedFiles() {
  const { files } = await moduleGraph();
  const standalone = existsSync(STANDALONE) ? (await listFiles(STANDALONE)).map((f) => `standalone/${f}`) : [];
  return [...new Set([...files, ...EXTRAS, ...standalone])].sort();
}

/** Checks the manifest against the element's module graph; throws naming what differs. */
export async function checkManifest() {
  const manifest = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8'));
  const { files, packages } = await moduleGraph();
  const deps = Object.keys(manifest.dependencies ?? {}).sort();
  if (deps.join() !== packages.join()) {
    throw new Error(`package.json: "dependencies" must be exactly what the element imports (${packages.join(', ')}), not ${deps.join(', ') || 'none'}; the site's other packages are devDependencies`);
  }
  const missing = files.filter((f) => !selects(manifest.files, f));
  if (missing.length) throw new Error(`package.json: "files" leaves out ${missing.join(', ')}, which the element needs`);
  // Every source file under www/ and data/ that `files` selects must be one the element needs.
  const extra = [];
  for (const dir of ['www', 'data']) {
    for (const f of (await listFiles(join(ROOT, dir))).map((x) => `${dir}/${x}`)) {
      if (selects(manifest.files, f) && !files.includes(f) && !EXTRAS.includes(f)) extra.push(f);
    }
  }
  if (extra.length) throw new Error(`package.json: "files" takes in ${extra.join(', ')}, which the element does not import`);
}

/**
 * Builds standalone/: the element bundled by Vite. Each wasm or dataset file the bundle names is
 * written at its place among the sources in a scratch directory (byte for byte the source file,
 * which is checked), so that the standalone modules name the package's own copies as
 * ../www/pkg/…, ../data/…; only standalone/ is kept.
 */
export async function buildStandalone() {
  const { files } = await moduleGraph();
  const scratch = join(ROOT, 'target', 'standalone-build');
  await rm(scratch, { recursive: true, force: true });
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
      outDir: scratch,
      emptyOutDir: true,
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
  for (const rel of await listFiles(scratch)) {
    if (rel.startsWith('standalone/')) continue;
    const [built, source] = await Promise.all([readFile(join(scratch, rel)), readFile(join(ROOT, rel)).catch(() => null)]);
    if (!source || !built.equals(source)) throw new Error(`the standalone build wrote ${rel}, which is not the package's copy of that file`);
  }
  await rm(STANDALONE, { recursive: true, force: true });
  await cp(join(scratch, 'standalone'), STANDALONE, { recursive: true });
  await rm(scratch, { recursive: true, force: true });
}

/** Each file of the package with its size and gzip size (level 9). */
export async function packageSizes() {
  const sizes = [];
  for (const file of await expectedFiles()) {
    const body = await readFile(join(ROOT, file));
    sizes.push({ file, bytes: body.length, gzip: gzipSync(body, { level: 9 }).length });
  }
  return sizes;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  if (process.argv[2] === '--clean') {
    await rm(STANDALONE, { recursive: true, force: true });
  } else {
    await checkManifest();
    await buildStandalone();
    const files = await packageSizes();
    const kib = (/** @type {number} */ n) => (n / 1024).toFixed(1).padStart(8);
    // To stderr: `npm pack --json` prints the package's description on stdout.
    for (const f of files) console.error(`${kib(f.bytes)} KiB ${kib(f.gzip)} KiB gzip  ${f.file}`);
    const total = files.reduce((a, f) => [a[0] + f.bytes, a[1] + f.gzip], [0, 0]);
    console.error(`${kib(total[0])} KiB ${kib(total[1])} KiB gzip  total, ${files.length} files`);
  }
}
