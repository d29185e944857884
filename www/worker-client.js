/**
 * Starts the training worker and talks to it through the protocol.
 *
 * Start order: a module worker from the bundled URL; when the module is served
 * from another origin, a blob-URL trampoline that imports it; when no worker
 * can start at all, the same Engine on the main thread (training then runs in
 * small chunks that yield to the event loop). If a running worker dies, it
 * says so with a `crash` event (`detail.restarted` settles when a fresh one is
 * up, which a `restarted` event also announces) so that the owner can restore
 * the last checkpoint; a `crash` with `detail.final` says no fresh one started.
 */
import workerUrl from './worker.js?worker&url';
import { Reply, Request } from './protocol.js';
import { unpackSummaryDates } from './packed-dates.js';
import { rememberDrawn } from './decimate.js';
import { rememberTextBlob } from './text-blobs.js';
import { RequestClient } from './request-client.js';

/** @typedef {import('./protocol.js').RequestType} RequestType */
/** @typedef {import('./request-client.js').RequestHooks} RequestHooks */
/** @typedef {'worker'|'blob-worker'|'main-thread'} WorkerMode */
/**
 * What a started worker reports.
 * @typedef {{backend: string, variant: string, datasets: RnnWasm.DatasetInfo[]}} WorkerInfo
 */

/** How long a worker may take to load wasm and say `ready`, in ms. */
const READY_TIMEOUT_MS = 20000;

/** The page's handle on one training worker (or its main-thread stand-in). */
export class WorkerClient extends EventTarget {
  constructor() {
    super();
    /** @type {WorkerMode|null} how the engine runs (null until started) */
    this.mode = null;
    /** @type {Worker|null} */
    this.worker = null;
    /** @type {RequestClient|null} */
    this.client = null;
    /** @type {Promise<WorkerInfo>|null} */
    this.ready = null;
    /** @type {WorkerInfo|null} */
    this.info = null;
    /** How many times a crashed worker was replaced. */
    this.restarts = 0;
  }

  /**
   * Starts the worker (once); resolves with `{backend, variant, datasets}`.
   * @returns {Promise<WorkerInfo>}
   */
  start() {
    if (!this.ready) this.ready = this.boot();
    return this.ready;
  }

  /**
   * Tries a module worker, then a blob-URL worker, then the main thread.
   * @returns {Promise<WorkerInfo>}
   */
  async boot() {
    const url = new URL(workerUrl, import.meta.url).href;
    const sameOrigin = new URL(url).origin === globalThis.location?.origin;
    /** @type {('worker'|'blob-worker')[]} */
    const attempts = sameOrigin ? ['worker', 'blob-worker'] : ['blob-worker'];
    for (const mode of attempts) {
      try {
        const info = await this.spawn(mode, url);
        this.info = info;
        this.mode = mode;
        return info;
      } catch (err) {
        // The worker ran but its wasm failed: the main thread would fail the same way.
        if (err instanceof WasmStartError) throw err;
      }
    }
    const info = await this.startMainThread();
    this.info = info;
    this.mode = 'main-thread';
    return info;
  }

  /**
   * Spawns one worker and waits for its `ready`.
   * @param {'worker'|'blob-worker'} mode
   * @param {string} url  the worker module's URL
   * @returns {Promise<WorkerInfo>}
   */
  spawn(mode, url) {
    return new Promise((resolve, reject) => {
      /** @type {Worker} */
      let worker;
      try {
        if (mode === 'worker') {
          worker = new Worker(url, { type: 'module', name: 'rnn-playground' });
        } else {
          const blob = new Blob([`import ${JSON.stringify(url)};\n`], { type: 'text/javascript' });
          worker = new Worker(URL.createObjectURL(blob), { type: 'module', name: 'rnn-playground' });
        }
      } catch (err) {
        reject(err);
        return;
      }
      const client = new RequestClient((req, transfer) => worker.postMessage(req, transfer ?? []));
      let booted = false;
      const timer = setTimeout(() => {
        if (!booted) {
          worker.terminate();
          reject(new Error('the training worker did not start in time'));
        }
      }, READY_TIMEOUT_MS);
      worker.onmessage = (event) => {
        /** @type {import('./protocol.js').ReplyMessage} */
        const msg = event.data;
        if (msg.id === 0) {
          if (msg.type === Reply.READY && !booted) {
            booted = true;
            clearTimeout(timer);
            this.worker = worker;
            this.client = client;
            resolve(msg.payload);
          } else if (msg.type === Reply.ERROR && !booted) {
            clearTimeout(timer);
            worker.terminate();
            reject(new WasmStartError(msg.payload?.message ?? 'the wasm module did not load'));
          }
          return;
        }
        if (msg.type === Reply.ERROR && msg.payload?.fatal) {
          client.handle(msg);
          this.crashed(worker, msg.payload.message);
          return;
        }
        client.handle(msg);
      };
      worker.onerror = (event) => {
        event.preventDefault?.();
        if (!booted) {
          clearTimeout(timer);
          worker.terminate();
          reject(new Error(event.message || 'the training worker failed to load'));
        } else {
          this.crashed(worker, event.message || 'the training worker stopped unexpectedly');
        }
      };
    });
  }

  /**
   * Runs the engine on the main thread (no worker could start).
   * @returns {Promise<WorkerInfo>}
   */
  async startMainThread() {
    const [{ loadWasm }, { Engine }] = await Promise.all([import('./wasm-loader.js'), import('./engine.js')]);
    const wasm = await loadWasm();
    const client = new RequestClient((req) => {
      // Structured-clone semantics are not needed here: the engine copies what it keeps.
      queueMicrotask(() => engine.handle(req));
    });
    const engine = new Engine(wasm, (reply) => client.handle(reply));
    this.client = client;
    return { backend: wasm.backend(), variant: wasm.variant, datasets: wasm.datasets() };
  }

  /**
   * The worker died: fail its requests, start a new one, say so.
   * @param {Worker} worker
   * @param {string} message
   */
  crashed(worker, message) {
    if (worker !== this.worker) return;
    this.worker = null;
    worker.terminate();
    this.client?.failAll(`the training worker crashed: ${message}`);
    this.client = null;
    this.restarts++;
    const restarted = this.boot().then((info) => {
      this.dispatchEvent(new CustomEvent('restarted', { detail: info }));
      return info;
    });
    this.ready = restarted;
    restarted.catch((err) => this.dispatchEvent(new CustomEvent('crash', { detail: { message: err.message, final: true } })));
    this.dispatchEvent(new CustomEvent('crash', { detail: { message, restarted } }));
  }

  /**
   * Sends a request once the worker is ready; resolves with its result.
   * @param {RequestType} type
   * @param {any} [payload]
   * @param {RequestHooks} [hooks]  progress and checkpoint replies, buffers to transfer
   * @returns {Promise<any>}
   */
  async request(type, payload, hooks) {
    await this.start();
    if (!this.client) throw new Error('the training worker is not running');
    const result = await this.client.request(type, payload, hooks).promise;
    return type === Request.LOAD_DATA ? adoptSummary(payload, result) : result;
  }

  /**
   * Shorthand for a request without hooks.
   * @param {RequestType} type
   * @param {any} [payload]
   * @returns {Promise<any>}
   */
  call(type, payload) {
    return this.request(type, payload);
  }

  /** Ends the worker for good (the element was removed). */
  terminate() {
    this.worker?.terminate();
    this.worker = null;
    this.client?.failAll('the playground was closed');
  }
}

/**
 * A DataSummary as the page uses it: its dates unpacked, its drawn form and the CSV text's
 * Blob (both made by the worker for a long series) recorded where the charts and the
 * autosave look for them (www/decimate.js, www/text-blobs.js).
 * @param {any} source  the load-data payload
 * @param {any} summary
 */
function adoptSummary(source, summary) {
  const { drawn, text_blob: blob, ...rest } = unpackSummaryDates(summary);
  if (drawn && rest.values) rememberDrawn(rest.values, drawn);
  if (blob instanceof Blob && typeof source?.text === 'string') rememberTextBlob(source.text, blob);
  return rest;
}

/** The worker started but could not load its wasm module. */
class WasmStartError extends Error {}
