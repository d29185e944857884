// The element as an npm package: plain `npm pack` at the repository root yields it (package.json is
// its manifest; `prepack` runs scripts/build-package.mjs, which checks the manifest against the
// element's imports and builds standalone/). The tarball holds exactly the files the element's
// module graph names, the standalone build and the declarations and READMEs. It is installed
// offline into a scratch Vite project (a lockfile pins the tarball and takes the element's two
// dependencies from npm's cache, as the repository's own install left them; Vite itself is the
// repository's, linked in), which imports the package and is built with Vite. Served on
// 127.0.0.1, its widget trains in Chromium. The package's `standalone/` build, served as installed
// from a sub-path of another static host and loaded with a plain `<script type="module">`, trains
// too. The declarations name every method the elements have.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { createHash } from 'node:crypto';
import { mkdtemp, mkdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launch, openPage, shot, ROOT, FAST_TRAINING } from './helpers.js';
import { expectedFiles } from '../../scripts/build-package.mjs';
import { startServer } from '../../scripts/static-server.js';

const run = promisify(execFile);
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

let b;
let dir;
/** @type {{app: string, tarball: string, files: string[]}} */
let made;

// Packing, installing and two Vite builds cost about 30 s of CPU; the faster-training pass of the
// suite (E2E_FAST_TRAINING=1) would repeat them for nothing, since these tests race no training.
const skip = FAST_TRAINING ? 'the package is checked in the suite\'s first pass' : false;

before(async () => {
  if (skip) return;
  dir = await mkdtemp(join(tmpdir(), 'rnn-playground-package-'));
  // As a package author would: `npm pack` at the root (prepack builds standalone/, postpack removes it).
  const { stdout } = await run(NPM, ['pack', '--pack-destination', dir, '--json'], { cwd: ROOT });
  const packed = JSON.parse(stdout)[0];
  const tarball = join(dir, packed.filename);
  const files = packed.files.map((/** @type {{path: string}} */ f) => f.path).sort();
  const app = join(dir, 'app');
  await mkdir(app);
  await writeScratchProject(app, tarball, packed);
  await run(NPM, ['ci', '--offline', '--no-audit', '--no-fund', '--ignore-scripts'], { cwd: app });
  await symlink(join(ROOT, 'node_modules', 'vite'), join(app, 'node_modules', 'vite'));
  await run(process.execPath, [join(app, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'], { cwd: app });
  made = { app, tarball, files };
  b = await launch();
});
after(async () => {
  await b?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/**
 * A Vite project that depends on the tarball only, with a lockfile: the element's dependencies
 * at the versions (and integrity) of the repository's own lockfile, so `npm ci --offline` finds
 * them in npm's cache.
 */
async function writeScratchProject(app, tarball, packed) {
  const repoLock = JSON.parse(await readFile(join(ROOT, 'package-lock.json'), 'utf8'));
  const manifest = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8'));
  const spec = `file:${tarball}`;
  const integrity = `sha512-${createHash('sha512').update(await readFile(tarball)).digest('base64')}`;
  const packages = {
    '': { name: 'scratch', dependencies: { 'rnn-playground-element': spec } },
    [`node_modules/${packed.name}`]: {
      version: packed.version, resolved: spec, integrity, license: manifest.license, dependencies: manifest.dependencies,
    },
  };
  for (const name of Object.keys(manifest.dependencies)) {
    const entry = repoLock.packages[`node_modules/${name}`];
    assert.ok(entry, `the repository's lockfile has ${name}`);
    packages[`node_modules/${name}`] = entry;
  }
  await writeFile(join(app, 'package.json'), JSON.stringify({
    name: 'scratch', private: true, type: 'module', dependencies: { 'rnn-playground-element': spec },
  }, null, 2));
  await writeFile(join(app, 'package-lock.json'), JSON.stringify({ name: 'scratch', lockfileVersion: 3, requires: true, packages }, null, 2));
  // The configuration the package's README gives, plus a relative base (served from a sub-path).
  await writeFile(join(app, 'vite.config.js'), `export default {
  base: './',
  worker: { format: 'es' },
  optimizeDeps: { exclude: ['rnn-playground-element'] },
  build: { target: 'es2022' },
};
`);
  await writeFile(join(app, 'main.js'), "import 'rnn-playground-element';\n");
  await writeFile(join(app, 'index.html'), `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>scratch</title><script type="module" src="./main.js"></script></head>
<body><rnn-playground id="w" dataset="co2" transform="diff" cell="gru" hidden="4" window="12" epochs="2" patience="2"></rnn-playground></body></html>
`);
}

/** Opens `url`, waits for the widget, trains it and returns its metrics and the page's problems. */
async function trainAt(url) {
  const { page, problems, foreign } = await openPage(b.context, url);
  await page.waitForFunction(() => document.querySelector('#w')?.dataset.phase === 'idle', null, { timeout: 90000 });
  await page.click('#w [data-action=train]');
  await page.waitForFunction(() => ['done', 'error'].includes(document.querySelector('#w').dataset.state), null, { timeout: 120000 });
  const state = await page.evaluate(() => document.querySelector('#w').dataset.state);
  assert.equal(state, 'done', `the widget ended in state ${state}:\n${problems.join('\n')}`);
  const out = await page.evaluate(() => {
    const el = document.querySelector('#w');
    return { metrics: el.metrics, rows: el.summary.rows, source: el.summary.source };
  });
  return { page, problems, foreign, ...out };
}

test('the packed element, installed offline into a Vite project and built, trains in Chromium', { skip }, async () => {
  const server = await startServer(join(made.app, 'dist'));
  try {
    const { page, problems, foreign, metrics, source } = await trainAt(`${server.url}index.html`);
    assert.equal(source, 'dataset co2', 'the dataset file came with the package');
    assert.equal(metrics.epochs_run, 2);
    assert.ok(Number.isFinite(metrics.test_rmse) && Number.isFinite(metrics.persistence_test_rmse));
    await shot(page, 'package-vite');
    assert.deepEqual(problems, []);
    assert.deepEqual(foreign, []);
    await page.close();
  } finally {
    await server.close();
  }
  const names = made.files;
  // Exactly the element's files: its module graph, declarations, READMEs, licences, standalone/.
  const standalone = names.filter((f) => f.startsWith('standalone/'));
  assert.deepEqual(names, [...await expectedFiles(), ...standalone].sort(), 'the files npm packed');
  for (const v of ['relaxed', 'simd', 'scalar']) assert.ok(names.includes(`www/pkg/${v}/rnn_playground_bg.wasm`), v);
  for (const f of ['packages/element/index.d.ts', 'packages/element/README.md', 'README.md', 'package.json', 'standalone/rnn-playground.js', 'standalone/worker.js']) {
    assert.ok(names.includes(f), f);
  }
  for (const f of ['www/tutorial.js', 'www/compare-page.js', 'www/pkg/faults/rnn_playground_bg.wasm', 'index.html']) assert.ok(!names.includes(f), `${f} is not the element's`);
  assert.equal(names.filter((f) => f.endsWith('.wasm')).length, 3, 'one copy of each wasm build');
});

test('the standalone build, served as installed from a sub-path of another host, trains', { skip }, async () => {
  const host = await mkdtemp(join(tmpdir(), 'rnn-playground-host-'));
  const server = await startServer(host, 0);
  try {
    await mkdir(join(host, 'lib'), { recursive: true });
    await symlink(join(made.app, 'node_modules', 'rnn-playground-element'), join(host, 'lib', 'rnn-playground-element'));
    await mkdir(join(host, 'course', 'week3'), { recursive: true });
    await writeFile(join(host, 'course', 'week3', 'index.html'), `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>standalone</title>
<script type="module" src="../../lib/rnn-playground-element/standalone/rnn-playground.js"></script></head>
<body><rnn-playground id="w" dataset="sp500" transform="diff" cell="lstm" hidden="4" window="10" epochs="1" patience="1"></rnn-playground></body></html>
`);
    const { page, problems, foreign, metrics, source } = await trainAt(`${server.url}course/week3/index.html`);
    assert.equal(source, 'dataset sp500');
    assert.equal(metrics.epochs_run, 1);
    assert.deepEqual(problems, []);
    assert.deepEqual(foreign, []);
    await page.close();
  } finally {
    await server.close();
    await rm(host, { recursive: true, force: true });
  }
});

test('index.d.ts declares every public method of both elements', { skip }, async () => {
  const dts = await readFile(join(ROOT, 'packages', 'element', 'index.d.ts'), 'utf8');
  const declared = (cls) => {
    const body = dts.slice(dts.indexOf(`export class ${cls} `));
    return new Set([...body.slice(0, body.indexOf('\n}')).matchAll(/^ {2}(\w+)\(/gm)].map((m) => m[1]));
  };
  // The documented API (docs/embedding.md), each of which the element's class has.
  const api = {
    RnnPlayground: ['loadCsv', 'train', 'step', 'pause', 'stop', 'reset', 'forecast', 'inspect', 'exportModel', 'importModel', 'backtest'],
    RnnCompare: ['loadCsv', 'train', 'stop', 'inspect'],
  };
  const { page } = await openPage(b.context, `${b.url}www/embed-example.html`);
  const have = await page.evaluate(async (names) => {
    await customElements.whenDefined('rnn-compare');
    const classes = { RnnPlayground: customElements.get('rnn-playground'), RnnCompare: customElements.get('rnn-compare') };
    return Object.fromEntries(Object.entries(names).map(([cls, list]) => [cls, list.filter((m) => typeof classes[cls].prototype[m] === 'function')]));
  }, api);
  await page.close();
  for (const [cls, list] of Object.entries(api)) {
    assert.deepEqual(have[cls], list, `${cls} has every documented method`);
    assert.deepEqual([...declared(cls)].filter((m) => m !== 'addEventListener').sort(), [...list].sort(), `${cls} in index.d.ts`);
  }
  // A TypeScript user of the installed package: the declarations resolve through its `exports`
  // and type the elements, their results and their events.
  await writeFile(join(made.app, 'use.ts'), `import type { Metrics, Inspection } from 'rnn-playground-element';
const el = document.querySelector('rnn-playground');
const metrics: Promise<Metrics> | undefined = el?.train();
el?.addEventListener('trained', (e) => { const skill: number | null = e.detail.skill; console.log(skill, metrics); });
const compare = document.createElement('rnn-compare');
compare.inspect({ split: 'test', index: -1 }).then((runs: Inspection[]) => runs[0].gates.f);
compare.addEventListener('progress', (e) => console.log(e.detail.cell, e.detail.train_loss));
`);
  await run(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '--ignoreConfig', '--noEmit', '--strict',
    '--lib', 'es2023,dom', '--module', 'esnext', '--moduleResolution', 'bundler', 'use.ts'], { cwd: made.app });
});
