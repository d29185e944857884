// Shared set-up of the end-to-end tests: serve dist/ on 127.0.0.1, drive
// Debian's Chromium through playwright-core, collect console errors, save
// screenshots to test-results/.
//
// E2E_FAST_TRAINING=1 runs the same tests against a much faster engine, as on
// a faster machine: every model the pages build is shrunk (hidden size at most
// 4, batches of at least 256 windows), which makes an epoch of the classic
// configuration about 8 times shorter. Epochs, data and what the tests assert
// stay as they are, so a test that passes only because training is slow fails.
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

/** True when the suite runs against the faster engine (see the top of this file). */
export const FAST_TRAINING = process.env.E2E_FAST_TRAINING === '1';

/**
 * Runs in every page before its scripts: shrinks the model of each `configure`
 * request the page sends to a worker (the element's settings stay as they are).
 */
function shrinkModels() {
  const send = Worker.prototype.postMessage;
  /** @this {Worker} */
  Worker.prototype.postMessage = function postMessage(message, ...rest) {
    const config = message?.type === 'configure' ? message.payload?.config : null;
    if (config) {
      const small = { ...config, hidden: Math.min(config.hidden ?? 50, 4), batch: Math.max(config.batch ?? 32, 256) };
      message = { ...message, payload: { ...message.payload, config: small } };
    }
    return send.call(this, message, ...rest);
  };
}

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
    if (FAST_TRAINING) await context.addInitScript(shrinkModels);
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

/**
 * Waits until the element's lifecycle state (`data-state`, www/lifecycle.js) is one of `names`.
 * @param {import('playwright-core').Page} page
 * @param {string[]} names
 * @param {string} [selector]
 */
export async function waitState(page, names, selector = 'rnn-playground') {
  await page.waitForFunction(([sel, want]) => want.includes(document.querySelector(sel)?.dataset.state),
    [selector, names], { timeout: 120000 });
}

/**
 * The `detail` of the element's next `name` event. Call it before the action that
 * causes the event (the page starts listening before any later action reaches it)
 * and await it after.
 * @param {import('playwright-core').Page} page
 * @param {string} name
 * @param {string} [selector]
 * @returns {Promise<any>}
 */
export function nextEvent(page, name, selector = 'rnn-playground') {
  return page.evaluate(([sel, type]) => new Promise((resolve) => {
    document.querySelector(sel).addEventListener(type, (e) => resolve(e.detail ?? null), { once: true });
  }), [selector, name]);
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
