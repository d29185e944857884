/**
 * Starts the training worker and talks to it through the protocol.
 *
 * Start order: a module worker from the bundled URL; when the module is served
 * from another origin, a blob-URL trampoline that imports it; when no worker
 * can start at all, the same Engine on the main thread (training then runs in
 * small chunks that yield to the event loop). If a running worker dies, it
 * says so with a `crash` event and starts a fresh one; the owner restores the
 * last checkpoint on `restarted`.
 */
import workerUrl from './worker.js?worker&url';
import { Reply } from './protocol.js';
import { RequestClient } from './request-client.js';

/** How long a worker may take to load wasm and say `ready`, in ms. */
const READY_TIMEOUT_MS = 20000;

export class WorkerClient extends EventTarget {
  constructor() {
    super();
    /** 'worker' | 'blob-worker' | 'main-thread' (null until started) */
    this.mode = null;
    this.worker = null;
    this.client = null;
    this.ready = null;
    this.info = null;
    this.restarts = 0;
  }

  /** Starts the worker (once); resolves with `{backend, variant, datasets}`. */
  start() {
    if (!this.ready) this.ready = this.boot();
    return this.ready;
  }

  async boot() {
    const url = new URL(workerUrl, import.meta.url).href;
    const sameOrigin = new URL(url).origin === globalThis.location?.origin;
    const attempts = sameOrigin ? [['worker', url], ['blob-worker', url]] : [['blob-worker', url]];
    for (const [mode, u] of attempts) {
      try {
        this.info = await this.spawn(mode, u);
        this.mode = mode;
        return this.info;
      } catch (err) {
        if (err?.fromWasm) throw err; // the worker ran but wasm failed: same on the main thread
      }
    }
    this.info = await this.startMainThread();
    this.mode = 'main-thread';
    return this.info;
  }

  /** Spawns one worker and waits for its `ready`. */
  spawn(mode, url) {
    return new Promise((resolve, reject) => {
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
            reject(Object.assign(new Error(msg.payload.message), { fromWasm: true }));
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

  /** The worker died: fail its requests, say so, start a new one. */
  crashed(worker, message) {
    if (worker !== this.worker) return;
    this.worker = null;
    worker.terminate();
    this.client?.failAll(`the training worker crashed: ${message}`);
    this.client = null;
    this.dispatchEvent(new CustomEvent('crash', { detail: { message } }));
    this.restarts++;
    this.ready = this.boot().then((info) => {
      this.dispatchEvent(new CustomEvent('restarted', { detail: info }));
      return info;
    });
    this.ready.catch((err) => this.dispatchEvent(new CustomEvent('crash', { detail: { message: err.message, final: true } })));
  }

  /**
   * Sends a request once the worker is ready.
   * @returns {{id: Promise<number>, promise: Promise<any>}}
   */
  request(type, payload, hooks) {
    let resolveId;
    const id = new Promise((r) => { resolveId = r; });
    const promise = this.start().then(() => {
      const r = this.client.request(type, payload, hooks);
      resolveId(r.id);
      return r.promise;
    });
    return { id, promise };
  }

  /** Shorthand: the result promise of a request. */
  call(type, payload, hooks) {
    return this.request(type, payload, hooks).promise;
  }

  /** Stops waiting for a request; its late replies are dropped. */
  async abandon(idPromise) {
    const id = await idPromise;
    this.client?.abandon(id);
  }

  /** Ends the worker for good (the element was removed). */
  terminate() {
    this.worker?.terminate();
    this.worker = null;
    this.client?.failAll('the playground was closed');
  }
}
