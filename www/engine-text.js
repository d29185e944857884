/**
 * The worker's side of the text task: one wasm `TextSession` (text, character language model,
 * truncated-BPTT trainer), kept alive between messages, answering the `text-…` requests of
 * www/protocol-text.js. www/engine.js hands it every text request.
 *
 * Training runs in chunks of `trainBatches(n)` sized to ~40 ms by the loop both engines share
 * (www/chunked-run.js), yielding to the event loop so pause, stop, generate and the unit view
 * get through. A built-in corpus is fetched as a static file (its URL from www/dataset-files.js) and cached. Every
 * `sample_every` chunks it writes a sample (seeded with the chunk number) that travels with the
 * next progress reply. Loads, new settings and imports apply one at a time in arrival order; one
 * that succeeds ends a running train (its request gets an error saying so), one that fails
 * leaves the text, the model and the run as they were.
 */
import { TextRequest as T } from './protocol-text.js';
import { Reply } from './protocol.js';
import { makeThrottle, CHECKPOINT_EVERY_MS } from './scheduling.js';
import { runChunked } from './chunked-run.js';
import { datasetFileUrl } from './dataset-files.js';

/** @typedef {import('./protocol-text.js').TextSample} TextSample */
/** @typedef {import('./protocol-text.js').TextSource} TextSource */
/** @typedef {import('./protocol.js').ReplyMessage} ReplyMessage */

/** Default chunks between two samples while training. */
export const SAMPLE_EVERY = 200;
/** Default characters per sample. */
export const SAMPLE_LENGTH = 200;

/**
 * The wasm members the text engine needs (www/wasm-loader.js's `LoadedWasm`, or a stand-in in tests).
 * @typedef {{TextSession: new () => RnnWasm.TextSession, corpora: () => RnnWasm.CorpusInfo[]}} TextWasm
 */

/**
 * One text training run: the request it answers (-1 while parked after a step) and its controls.
 * @typedef {object} TextRun
 * @property {number} id
 * @property {'text-train'|'text-step'} mode
 * @property {boolean} paused
 * @property {boolean} stopRequested
 * @property {boolean} abandoned      a new text or model replaced this run's model
 * @property {RnnWasm.TextProgress|null} last
 * @property {number} stepLeft        chunks left before a step pauses
 * @property {number} sampleEvery
 * @property {number} sampleLength
 * @property {number} temperature
 * @property {(() => void)|null} wake
 * @property {RnnWasm.TextEpoch[]} history  epoch ends not sent yet
 * @property {TextSample[]} samples         samples not sent yet
 * @property {number} lastCheckpoint        when the last checkpoint was sent (ms)
 */

/**
 * A whole number ≥ 0 from a request field, or `fallback`.
 * @param {unknown} v
 * @param {number} fallback
 */
function count(v, fallback) {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? Math.floor(v) : fallback;
}

/**
 * Fetches a corpus file's bytes (the file is a static asset, listed in www/dataset-files.js).
 * @param {string} name  the corpus key (for messages)
 * @param {string} file  the file name from the wasm `corpora()` list
 * @param {typeof fetch} [fetchImpl]
 * @returns {Promise<Uint8Array>}
 */
export async function fetchCorpusBytes(name, file, fetchImpl = globalThis.fetch) {
  const url = datasetFileUrl(file);
  if (!url) throw new Error(`corpus '${name}': its file ${file} is not part of this site`);
  let response;
  try {
    response = await fetchImpl(url);
  } catch (err) {
    throw new Error(`corpus '${name}': cannot fetch ${url.href}: ${err instanceof Error ? err.message : err}`);
  }
  if (!response.ok) throw new Error(`corpus '${name}': cannot fetch ${url.href}: HTTP ${response.status} ${response.statusText}`.trim());
  return new Uint8Array(await response.arrayBuffer());
}

/** Answers the text requests against one wasm TextSession. */
export class TextEngine {
  /**
   * @param {TextWasm} wasm
   * @param {(reply: ReplyMessage, transfer?: Transferable[]) => void} post
   * @param {{fetchBytes?: (name: string, file: string) => Promise<Uint8Array>}} [options]
   *   how a corpus file is fetched (tests replace it)
   */
  constructor(wasm, post, { fetchBytes = fetchCorpusBytes } = {}) {
    this.wasm = wasm;
    this.post = post;
    this.fetchBytes = fetchBytes;
    /** @type {RnnWasm.TextSession|null} created at the first text request */
    this.textSession = null;
    /** @type {TextRun|null} */
    this.run = null;
    /** Chunks trained on the current model (the samples' batch numbers). */
    this.batches = 0;
    /** @type {Map<string, Promise<Uint8Array>>} corpus files fetched so far */
    this.files = new Map();
    /** @type {Promise<unknown>} the last data request (load, configure, import) */
    this.order = Promise.resolve();
  }

  /** The session, created on first use. */
  get session() {
    this.textSession ??= new this.wasm.TextSession();
    return this.textSession;
  }

  /**
   * Does what one text request asks; returns its result, or `noReply` when it answers later.
   * @param {number} id
   * @param {string} type
   * @param {any} p  the payload
   * @param {symbol} noReply  the caller's "answered later" marker
   * @returns {Promise<unknown>}
   */
  async dispatch(id, type, p, noReply) {
    const s = this.session;
    switch (type) {
      case T.TEXT_INFO:
        return { corpora: this.wasm.corpora() };
      case T.TEXT_LOAD:
        return this.inOrder(async () => {
          const { bytes, source } = await this.sourceBytes(p);
          return this.replaced(s.loadText(bytes, source, p.settings ?? {}));
        });
      case T.TEXT_CONFIGURE:
        return this.inOrder(async () => this.replaced(s.configure(p.settings ?? {})));
      case T.TEXT_IMPORT:
        return this.inOrder(async () => this.replaced(
          s.importModel(p.bytes instanceof Uint8Array ? p.bytes : new Uint8Array(p.bytes), typeof p.freeze === 'string' ? p.freeze : undefined)));
      case T.TEXT_TRAIN:
      case T.TEXT_STEP:
        this.startRun(id, type, p);
        return noReply;
      case T.TEXT_PAUSE:
        if (this.run) this.run.paused = true;
        return { state: this.run ? 'paused' : 'idle', progress: this.run?.last ?? null };
      case T.TEXT_STOP:
        if (this.run) {
          this.run.stopRequested = true;
          this.run.paused = false;
          this.run.wake?.();
        } else {
          s.stop();
        }
        return { state: 'stopped' };
      case T.TEXT_EVALUATE:
        return s.evaluate();
      case T.TEXT_GENERATE:
        return s.generate(p ?? {});
      case T.TEXT_ACTIVATIONS: {
        const out = s.activations(String(p.passage ?? ''), count(p.layer, 0));
        this.post({ id, type: Reply.RESULT, payload: out }, [out.values.buffer]);
        return noReply;
      }
      case T.TEXT_EXPORT:
        if (p.format === 'safetensors') return { format: 'safetensors', bytes: s.exportSafetensors() };
        return { format: 'json', bytes: new TextEncoder().encode(s.exportJson()) };
      default:
        throw new Error(`unknown text request type "${type}"`);
    }
  }

  /**
   * Runs `fn` after the data requests before it (they apply one at a time, in arrival order).
   * @template R
   * @param {() => Promise<R>} fn
   * @returns {Promise<R>}
   */
  inOrder(fn) {
    const next = this.order.then(fn, fn);
    this.order = next.catch(() => {});
    return next;
  }

  /**
   * After a load, configure or import succeeded: the old run's model is gone, so it ends.
   * @template R
   * @param {R} result
   * @returns {R}
   */
  replaced(result) {
    this.batches = 0;
    if (this.run) {
      this.run.abandoned = true;
      this.run.stopRequested = true;
      this.run.paused = false;
      this.run.wake?.();
    }
    return result;
  }

  /**
   * The bytes and source name of a `text-load` payload (a corpus is fetched once per file).
   * @param {TextSource} p
   * @returns {Promise<{bytes: Uint8Array, source: string}>}
   */
  async sourceBytes(p) {
    if (p?.kind === 'corpus') {
      const key = String(p.name ?? '').trim().toLowerCase();
      const list = this.wasm.corpora();
      const info = list.find((c) => c.key === key);
      if (!info) {
        throw new Error(`corpus '${String(p.name ?? '').slice(0, 40)}' is not built in (built in: ${list.map((c) => c.key).join(', ')})`);
      }
      let bytes = this.files.get(info.file);
      if (!bytes) {
        bytes = this.fetchBytes(info.key, info.file);
        this.files.set(info.file, bytes);
        bytes.catch(() => this.files.delete(info.file)); // a later request tries again
      }
      return { bytes: await bytes, source: `corpus ${info.key}` };
    }
    if (p?.kind === 'text') {
      const bytes = typeof p.text === 'string' ? new TextEncoder().encode(p.text) : new Uint8Array(p.text);
      return { bytes, source: p.name || 'pasted text' };
    }
    throw new Error("text-load: the payload must be {kind: 'corpus', name} or {kind: 'text', text}");
  }

  /**
   * Starts (or, when paused, continues) the training loop for request `id`.
   * @param {number} id
   * @param {'text-train'|'text-step'} mode
   * @param {any} p
   */
  startRun(id, mode, p) {
    const sampleEvery = count(p?.sample_every, SAMPLE_EVERY);
    const sampleLength = count(p?.sample?.length, SAMPLE_LENGTH);
    const temperature = typeof p?.sample?.temperature === 'number' ? p.sample.temperature : 1;
    const stepLeft = mode === T.TEXT_STEP ? Math.max(1, count(p?.batches, 1)) : Infinity;
    const old = this.run;
    if (old) {
      if (old.id > 0) this.post({ id: old.id, type: Reply.RESULT, payload: { superseded: true, progress: old.last } });
      Object.assign(old, { id, mode, paused: false, stepLeft, sampleEvery, sampleLength, temperature });
      old.wake?.();
      return;
    }
    /** @type {TextRun} */
    const run = {
      id, mode, paused: false, stopRequested: false, abandoned: false, last: null, stepLeft,
      sampleEvery, sampleLength, temperature, wake: null, history: [], samples: [], lastCheckpoint: performance.now(),
    };
    this.run = run;
    this.loop(run);
  }

  /**
   * Trains `run` chunk by chunk until it is done, stopped or replaced.
   * @param {TextRun} run
   */
  async loop(run) {
    const s = this.session;
    const throttle = makeThrottle();
    try {
      const ended = await runChunked(run, {
        onPause: () => this.sendProgress(run, true),
        limit: (chunk) => {
          let n = Math.min(chunk, run.stepLeft);
          const prev = run.last;
          // Never past an epoch's end (its validation point reaches the chart) nor a sample's chunk.
          if (prev && prev.batches_per_epoch > 0) n = Math.min(n, prev.batches_per_epoch - (prev.batch % prev.batches_per_epoch));
          if (run.sampleEvery > 0) n = Math.min(n, run.sampleEvery - (this.batches % run.sampleEvery));
          return n;
        },
        train: (n) => s.trainBatches(n),
        after: (progress, n, now) => this.afterChunk(run, progress, n, now, throttle),
      });
      if (ended === 'abandoned') {
        if (run.id > 0) {
          this.post({ id: run.id, type: Reply.ERROR,
            payload: { message: 'training ended: a new text or model replaced this one', where: run.mode, fatal: false } });
        }
        return;
      }
      if (ended === 'stopped') {
        s.stop();
        if (run.last && !run.last.done) run.last = { ...run.last, done: true, stop_reason: 'stopped' };
      }
      const metrics = s.evaluate();
      this.checkpoint(run); // the model as training left it (the best validation epoch's weights)
      this.post({ id: run.id, type: Reply.RESULT,
        payload: { progress: run.last, metrics, history: run.history.splice(0), samples: run.samples.splice(0) } });
    } catch (err) {
      this.post({ id: run.id, type: Reply.ERROR,
        payload: { message: err instanceof Error ? err.message : String(err), where: run.mode, fatal: err instanceof WebAssembly.RuntimeError } });
    } finally {
      if (this.run === run) this.run = null;
    }
  }

  /**
   * Records a trained chunk: its epoch end, a sample when one is due, the step's end (the run
   * parks), a progress reply when the throttle allows. True when training is done.
   * @param {TextRun} run
   * @param {RnnWasm.TextProgress} progress
   * @param {number} n  batches the chunk trained
   * @param {number} now
   * @param {ReturnType<typeof makeThrottle>} throttle
   */
  afterChunk(run, progress, n, now, throttle) {
    const s = this.session;
    run.last = progress;
    this.batches += n;
    run.stepLeft -= n;
    if (progress.val_bpc != null) {
      run.history.push({ epoch: progress.epoch, train_bpc: progress.train_bpc, val_bpc: progress.val_bpc, lr: progress.lr });
    }
    const sampled = run.sampleEvery > 0 && this.batches % run.sampleEvery === 0;
    if (sampled) {
      const text = s.generate({ length: run.sampleLength, temperature: run.temperature, seed: this.batches });
      run.samples.push({ batch: this.batches, epoch: progress.epoch, text, temperature: run.temperature });
    }
    if (progress.done) return true;
    // A checkpoint at each epoch's end and every few seconds: what a crash restore puts back.
    if (progress.val_bpc != null || now - run.lastCheckpoint >= CHECKPOINT_EVERY_MS) this.checkpoint(run);
    if (run.stepLeft <= 0) {
      this.post({ id: run.id, type: Reply.RESULT,
        payload: { progress, paused: true, history: run.history.splice(0), samples: run.samples.splice(0) } });
      run.id = -1;
      run.paused = true;
      run.stepLeft = Infinity;
      return false;
    }
    if (throttle.ready(now) || sampled) this.sendProgress(run, false);
    return false;
  }

  /**
   * Sends the model file (JSON text) as a `checkpoint` reply of the run's request.
   * @param {TextRun} run
   */
  checkpoint(run) {
    run.lastCheckpoint = performance.now();
    if (run.id > 0) this.post({ id: run.id, type: Reply.CHECKPOINT, payload: { json: this.session.exportJson() } });
  }

  /**
   * Sends a progress reply with the epoch ends and samples not sent yet.
   * @param {TextRun} run
   * @param {boolean} paused
   */
  sendProgress(run, paused) {
    if (!run.last || run.id < 0) return;
    this.post({ id: run.id, type: Reply.PROGRESS,
      payload: { progress: run.last, paused, history: run.history.splice(0), samples: run.samples.splice(0) } });
  }
}
