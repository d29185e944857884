// Shared set-up of the end-to-end tests: serve dist/ on 127.0.0.1, drive
// Debian's Chromium through playwright-core, collect console errors, save
// screenshots to test-results/.
import { chromium } from 'playwright-core';
import { mkdtemp, rm, mkdir, symlink } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startServer } from '../../scripts/static-server.js';

export const ROOT = resolve(import.meta.dirname, '../..');
export const DIST = join(ROOT, 'dist');
export const RESULTS = join(ROOT, 'test-results');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/**
 * Serves the built site from a sub-path (`/courses/week3/playground/`) of another static host
 * on 127.0.0.1, runs `fn(url)` with that sub-path's URL, then stops the host and removes its
 * directory.
 * @param {(url: string) => Promise<void>} fn
 */
export async function onSubpathHost(fn) {
  const dir = await mkdtemp(join(tmpdir(), 'rnn-playground-subpath-'));
  await mkdir(join(dir, 'courses', 'week3'), { recursive: true });
  await symlink(DIST, join(dir, 'courses', 'week3', 'playground'));
  const host = await startServer(dir);
  try {
    await fn(`${host.url}courses/week3/playground/`);
  } finally {
    await host.close();
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Starts the static server and a browser with a fresh profile.
 * @returns {Promise<{url: string, context: import('playwright-core').BrowserContext, close: () => Promise<void>}>}
 */
export async function launch() {
  if (!existsSync(join(DIST, 'index.html'))) throw new Error('dist/index.html missing: run npm run build first');
  await mkdir(RESULTS, { recursive: true });
  const server = await startServer(DIST, 0, { cors: true }); // CORS: the cross-origin embedding test loads modules from here
  const profile = await mkdtemp(join(tmpdir(), 'rnn-playground-e2e-'));
  let context;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM, headless: true, args: FLAGS, viewport: { width: 1280, height: 900 },
    });
  } catch (err) {
    await server.close();
    throw err;
  }
  return {
    url: server.url,
    context,
    async close() {
      await context.close();
      await server.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/**
 * Opens a page and records console errors, page errors and requests to other hosts.
 * @param {import('playwright-core').BrowserContext} context
 */
export async function openPage(context, url) {
  const page = await context.newPage();
  const problems = [];
  const foreign = [];
  page.on('console', (msg) => { if (msg.type() === 'error') problems.push(`console: ${msg.text()}`); });
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
  page.on('request', (req) => {
    const u = new URL(req.url());
    if (!['127.0.0.1', ''].includes(u.hostname) && !['blob:', 'data:'].includes(u.protocol)) foreign.push(req.url());
  });
  await page.goto(url);
  return { page, problems, foreign };
}

/** Waits until the element (default: the first) has finished starting. */
export async function waitReady(page, selector = 'rnn-playground') {
  await page.waitForFunction((sel) => {
    const el = document.querySelector(sel);
    return el && el.dataset.phase === 'idle' && el.summary;
  }, selector, { timeout: 60000 });
}

/** Saves a screenshot as test-results/NAME.png. */
export function shot(page, name) {
  return page.screenshot({ path: join(RESULTS, `${name}.png`), fullPage: true });
}

/** Evaluates `fn` in the page against the element found by `selector`. */
export function onElement(page, selector, fn, arg) {
  return page.evaluate(([sel, src, a]) => {
    const el = document.querySelector(sel);
    // eslint-disable-next-line no-new-func
    return new Function('el', 'arg', `return (${src})(el, arg);`)(el, a);
  }, [selector, fn.toString(), arg]);
}
