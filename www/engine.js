/**
 * The training engine: owns one wasm `Session` and answers protocol requests.
 *
 * Runs inside the worker (www/worker.js) and, when no worker can start, on
 * the main thread (www/worker-client.js), so both paths share one piece of
 * code. Training runs in chunks of `trainBatches(n)` sized to ~40 ms and
 * yields to the event loop between chunks so `pause`/`stop` get through.
 * A real built-in dataset is fetched as a static file (www/dataset-files.js)
 * unless the wasm build embeds it; requests that replace or read the data
 * wait for an earlier one still downloading, so they apply in arrival order.
 */
import { Request, Reply } from './protocol.js';
import {
  makeThrottle, PREDICTIONS_EVERY_MS, CHECKPOINT_EVERY_MS,
} from './scheduling.js';
import { fetchDatasetText } from './dataset-files.js';
import { inspectionBuffers } from './inspection.js';
import { packDates, PACK_DATES_ABOVE } from './packed-dates.js';
import { DRAWN_IN_WORKER_ABOVE, drawnSeries, drawnSplits, drawnRange } from './decimate.js';
import { BLOB_TEXT_CHARS } from './text-blobs.js';
import { isTextRequest } from './protocol-text.js';
import { TextEngine } from './engine-text.js';
import { backtestRequest } from './engine-backtest.js';
import { runChunked, yieldToEventLoop } from './chunked-run.js';

/** @type {ReadonlySet<string>} requests that replace the data or build the model on it: applied one at a time, in order */
const DATA_REQUESTS = new Set([Request.LOAD_DATA, Request.CONFIGURE, Request.RESET, Request.IMPORT]);

/** Resolves after the event loop has had a turn (www/chunked-run.js; the backtest uses it too). */
export { yieldToEventLoop };

/** @typedef {import('./protocol.js').RequestMessage} RequestMessage */
/** @typedef {import('./protocol.js').ReplyMessage} ReplyMessage */
/** @typedef {import('./protocol.js').RequestType} RequestType */

/**
 * The wasm module as the engine needs it (www/wasm-loader.js's `LoadedWasm`, or a stand-in in tests).
 * `memoryBytes` (optional) is the size of its `WebAssembly.Memory`, reported by `info`;
 * `exports` (optional) the raw instance exports, where the test build's fault switch is.
 * @typedef {{Session: new () => RnnWasm.Session, backend: () => string, datasets: () => RnnWasm.DatasetInfo[],
 *   memoryBytes?: () => number, exports?: Record<string, unknown>}
 *   & Partial<import('./engine-text.js').TextWasm>} EngineWasm
 */

/**
 * One training run: the request it answers (-1 while parked after a step) and its controls.
 * @typedef {object} Run
 * @property {number} id
 * @property {typeof Request.TRAIN | typeof Request.STEP} mode
 * @property {boolean} paused
 * @property {boolean} stopRequested
 * @property {boolean} abandoned       new data or settings replaced the model
 * @property {RnnWasm.Progress|null} last
 * @property {number} stepBatches      batches since the last train/step request
 * @property {(() => void)|null} wake  ends the wait of a paused run
 * @property {Pick<RnnWasm.Progress, 'epoch'|'batch'|'batches_per_epoch'|'train_loss'|'val_loss'>[]} history
 *   epoch ends not yet sent
 */

/** Answers protocol requests against one wasm Session. */
export class Engine {
  /**
   * @param {EngineWasm} wasm  the loaded wasm-bindgen module
   * @param {(reply: ReplyMessage, transfer?: Transferable[]) => void} post
   * @param {{fetchText?: (name: string, file: string) => Promise<string>}} [options]
   *   how a dataset file's text is fetched (tests replace it)
   */
  constructor(wasm, post, { fetchText = fetchDatasetText } = {}) {
    this.wasm = wasm;
    /**
     * Posts a reply; long metrics arrays go as typed arrays, transferred (`packLongMetrics`), and a
     * checkpoint says where its weights stand (`progress`: the run's last, null before any).
     * @type {(reply: ReplyMessage, transfer?: Transferable[]) => void}
     */
    this.post = (reply, transfer) => {
      const payload = /** @type {any} */ (reply.payload);
      if (packLongMetrics(payload?.metrics)) transfer = ownBuffers(payload);
      if (reply.type === Reply.CHECKPOINT && payload && !('progress' in payload)) {
        // Where the checkpoint's weights stand, for the page's rollback (www/rollback.js).
        const last = this.run?.last;
        payload.progress = last ? lossPoint(last) : null;
      }
      post(reply, transfer);
    };
    this.session = new wasm.Session();
    /** @type {Record<string, unknown>|null} the last configuration (for `reset`) */
    this.config = null;
    /** @type {Run|null} the running `train`/`step` request, if any */
    this.run = null;
    this.fetchText = fetchText;
    /** @type {Map<string, Promise<string>>} dataset file texts fetched so far, by file name */
    this.texts = new Map();
    /** @type {Promise<void>|null} settles when the data request being applied is done */
    this.dataBusy = null;
    /** Rows of the loaded series (its predictions are decimated here when it is long). */
    this.rows = 0;
    /**
     * A long series and its last predictions, kept here (copies: the page gets the originals)
     * to draw a zoomed range at full detail (`drawn-range`).
     * @type {{values: Float32Array|null, preds: {target_index: Int32Array, predicted: Float32Array, split: Uint8Array}|null}}
     */
    this.kept = { values: null, preds: null };
    /** the text task's requests (www/engine-text.js) */
    this.text = new TextEngine(/** @type {import('./engine-text.js').TextWasm} */ (wasm), post);
  }

  /**
   * Handles one request; replies through `post`. A request that is not an
   * object gets no reply (it has no id to answer).
   * @param {RequestMessage} req
   */
  async handle(req) {
    if (!req || typeof req !== 'object') return;
    const { id, type, payload = {} } = req;
    try {
      const run = () => this.dispatch(id, type, payload);
      const out = await (DATA_REQUESTS.has(type) ? this.inOrder(run) : run());
      if (out !== NO_REPLY) this.reply(id, out);
    } catch (err) {
      this.post({ id, type: Reply.ERROR, payload: errorPayload(err, type, this.wasm.memoryBytes?.()) });
    }
  }

  /**
   * Runs `fn` once the data requests before it are done (at once when none is pending).
   * @template T
   * @param {() => Promise<T>} fn
   * @returns {Promise<T>}
   */
  async inOrder(fn) {
    while (this.dataBusy) await this.dataBusy;
    /** @type {() => void} */
    let release = () => {};
    this.dataBusy = new Promise((resolve) => { release = resolve; });
    try {
      return await fn();
    } finally {
      this.dataBusy = null;
      release();
    }
  }

  /**
   * Loads a built-in dataset; a real series the wasm build does not embed is
   * fetched first (once per file) and its text handed to the Session.
   * @param {string} name
   * @param {RnnWasm.DatasetLoadOptions} options
   */
  async loadDataset(name, options) {
    const key = String(name ?? '').trim().toLowerCase();
    const info = this.wasm.datasets().find((d) => d.name === key);
    if (!info?.file || info.embedded) return this.session.loadDataset(name, options);
    const file = info.file;
    let text = this.texts.get(file);
    if (!text) {
      text = this.fetchText(info.name, file);
      this.texts.set(file, text);
      text.catch(() => this.texts.delete(file)); // a later request tries again
    }
    return this.session.loadDataset(name, { ...options, text: await text });
  }

  /**
   * Sends a request's result; its `bytes`, if any, are transferred, not copied.
   * @param {number} id
   * @param {unknown} result
   */
  reply(id, result) {
    const payload = plain(result);
    this.post({ id, type: Reply.RESULT, payload }, ownBuffers(payload));
  }

  /**
   * Does what one request asks; returns its result, or `NO_REPLY` when it answers later.
   * @param {number} id
   * @param {RequestType} type
   * @param {any} p  the payload
   * @returns {Promise<unknown>}
   */
  async dispatch(id, type, p) {
    if (isTextRequest(type)) return this.text.dispatch(id, type, p, NO_REPLY);
    const s = this.session;
    switch (type) {
      case Request.INFO:
        // wasm_memory_bytes: what the soak and large-input tests watch (0 when unknown).
        return { backend: this.wasm.backend(), datasets: this.wasm.datasets(), wasm_memory_bytes: this.wasm.memoryBytes?.() ?? 0 };
      case Request.LOAD_DATA: {
        this.interrupt();
        const summary = packSummaryDates(p.kind === 'csv' ? s.loadCsv(p.text, p.options ?? {}) : await this.loadDataset(p.name, p.options ?? {}));
        this.rows = summary.values?.length ?? 0;
        this.kept = { values: this.rows > DRAWN_IN_WORKER_ABOVE ? summary.values.slice() : null, preds: null };
        // A long series: the chart's drawn form from here (www/decimate.js), and the CSV text
        // back as a Blob the page keeps for its autosave (www/text-blobs.js), both made off the main thread.
        if (this.rows > DRAWN_IN_WORKER_ABOVE) summary.drawn = drawnSeries(summary.values);
        if (p.kind === 'csv' && typeof p.text === 'string' && p.text.length > BLOB_TEXT_CHARS) {
          summary.text_blob = new Blob([p.text], { type: 'text/csv' });
        }
        return summary;
      }
      case Request.CONFIGURE: {
        this.interrupt();
        this.kept.preds = null;
        const summary = s.configure(p.config);
        this.config = p.config;
        return summary;
      }
      case Request.RESET:
        this.interrupt();
        if (!this.config) throw new Error('reset: nothing configured yet');
        this.kept.preds = null;
        return s.configure(this.config);
      case Request.TRAIN:
      case Request.STEP:
        // A new run (not a paused one continued) starts with the model it starts from, for the
        // page's rollback after a divergence (www/rollback.js).
        if (!this.run) this.postStartCheckpoint(id);
        return this.startRun(id, type);
      case Request.PAUSE:
        // Handled between chunks, so `last` is where training stands and stays while paused.
        if (this.run) this.run.paused = true;
        return { state: this.run ? 'paused' : 'idle', progress: this.run?.last ?? null };
      case Request.RESUME:
        if (this.run) {
          this.run.paused = false;
          this.run.mode = Request.TRAIN;
          this.run.wake?.();
        }
        return { state: this.run ? 'running' : 'idle' };
      case Request.STOP:
        if (this.run) {
          this.run.stopRequested = true;
          this.run.paused = false;
          this.run.wake?.();
        } else {
          s.stop();
        }
        return { state: 'stopped' };
      case Request.EVALUATE: {
        const metrics = plain(s.evaluate());
        packLongMetrics(metrics);
        return metrics;
      }
      case Request.PREDICTIONS:
        return this.predictions();
      case Request.FORECAST:
        return s.forecast(p.steps);
      case Request.DRAWN_RANGE:
        if (!this.kept.values) throw new Error('drawn-range: no series longer than 20,000 rows is loaded');
        return drawnRange(this.kept.values, this.kept.preds, Number(p.from), Number(p.to));
      case Request.EXPORT:
        if (p.format === 'safetensors') return { format: 'safetensors', bytes: s.exportSafetensors() };
        return { format: 'json', bytes: new TextEncoder().encode(s.exportJson()) };
      case Request.IMPORT:
        this.interrupt();
        this.kept.preds = null;
        return s.importModel(p.bytes instanceof Uint8Array ? p.bytes : new Uint8Array(p.bytes));
      case Request.FREEZE:
        s.freeze(p.spec);
        return { spec: p.spec };
      case Request.INSPECT: {
        // Between two training chunks when a run trains: the Session is not disturbed by it.
        const packed = s.inspect(p.split ?? 'test', p.index ?? -1);
        this.post({ id, type: Reply.RESULT, payload: packed }, inspectionBuffers(packed));
        return NO_REPLY;
      }
      case Request.BACKTEST: return backtestRequest(this, id, p, { noReply: NO_REPLY, plain, yieldToEventLoop });
      case Request.CRASH:
        if (p.kind === 'trap' || p.kind === 'oom') return this.injectFault(p.kind);
        setTimeout(() => { throw new Error('crash requested by the page (restart test)'); }, 0);
        return NO_REPLY;
      default:
        throw new Error(`unknown request type "${type}"`);
    }
  }

  /**
   * A real fault inside the wasm instance (`crash` with `kind` `trap` or `oom`): only the test
   * build has the switch (`session_injectFault`, src/bindings/faults.rs, built by
   * `scripts/build-wasm.sh faults`); the app's builds refuse. Throws the trap it causes.
   * @param {'trap'|'oom'} kind
   */
  injectFault(kind) {
    const inject = this.wasm.exports?.session_injectFault;
    if (typeof inject !== 'function') {
      throw new Error(`crash "${kind}": this wasm build has no fault injection (a test build: scripts/build-wasm.sh faults)`);
    }
    inject(/** @type {any} */ (this.session).__wbg_ptr, kind === 'trap' ? 1 : 2);
    return { injected: false };
  }

  /**
   * Sends the model a run starts from as a checkpoint (`start: true`); nothing when there is no
   * model to export (the run then fails with the trainer's own message).
   * @param {number} id  the train/step request
   */
  postStartCheckpoint(id) {
    let json;
    try {
      json = this.session.exportJson();
    } catch {
      return;
    }
    this.post({ id, type: Reply.CHECKPOINT, payload: { json, progress: null, start: true } });
  }

  /** Ends a running train/step request (a new configuration or data replaces it). */
  interrupt() {
    if (!this.run) return;
    this.run.stopRequested = true;
    this.run.abandoned = true;
    this.run.paused = false;
    this.run.wake?.();
  }

  /**
   * Starts (or, when paused, continues) the training loop for request `id`.
   * A `step` trains one epoch and pauses; a `train` trains until done.
   * @param {number} id
   * @param {Run['mode']} mode
   */
  startRun(id, mode) {
    if (this.run) {
      // A paused run is continued under the new request; the old request ends now.
      const old = this.run;
      if (old.id > 0) this.post({ id: old.id, type: Reply.RESULT, payload: { superseded: true, progress: old.last } });
      old.id = id;
      old.mode = mode;
      old.paused = false;
      old.stepBatches = 0;
      old.wake?.();
      return NO_REPLY;
    }
    /** @type {Run} */
    const run = {
      id, mode, paused: false, stopRequested: false, abandoned: false,
      last: null, stepBatches: 0, wake: null, history: [],
    };
    this.run = run;
    this.loop(run);
    return NO_REPLY;
  }

  /**
   * Trains `run` chunk by chunk until it is done, stopped or replaced, sending
   * progress, predictions and checkpoints on the way and its result at the end.
   * @param {Run} run
   */
  async loop(run) {
    const s = this.session;
    const throttle = makeThrottle();
    let lastPredictions = -Infinity;
    let predictionCost = 0;
    let lastCheckpoint = performance.now();
    try {
      const ended = await runChunked(run, {
        onPause: () => this.sendProgress(run, run.last, true),
        // Never run past an epoch's end: every epoch's losses reach the chart and step stops there.
        limit: (chunk) => {
          const prev = run.last;
          return prev && prev.batches_per_epoch > 0 ? Math.min(chunk, prev.batches_per_epoch - (prev.batch % prev.batches_per_epoch)) : chunk;
        },
        train: (n) => s.trainBatches(n),
        after: (progress, n, now) => {
          run.last = progress;
          run.stepBatches += n;
          const epochEnded = progress.batch === 0 || progress.batch >= progress.batches_per_epoch;
          // Epoch ends travel with the next progress message even when the throttle skips this one.
          if (progress.val_loss != null || epochEnded) run.history.push(lossPoint(progress));
          if (progress.done) return true;
          if (run.mode === Request.STEP && run.stepBatches > 0 && epochEnded) {
            // One epoch done: answer the step and park the run until the next train/step.
            const stepped = { progress, predictions: this.predictions(), paused: true, history: run.history.splice(0) };
            this.post({ id: run.id, type: Reply.RESULT, payload: stepped }, ownBuffers(stepped));
            run.id = -1;
            run.paused = true;
            run.stepBatches = 0;
            return false;
          }
          if (throttle.ready(now)) {
            // Predictions over the whole series cost time that training wants: at most every
            // PREDICTIONS_EVERY_MS, and never more than ~10 % of the time.
            const withPredictions = now - lastPredictions >= Math.max(PREDICTIONS_EVERY_MS, 10 * predictionCost);
            const t1 = performance.now();
            this.sendProgress(run, progress, withPredictions);
            if (withPredictions) {
              lastPredictions = performance.now();
              predictionCost = lastPredictions - t1;
            }
          }
          if (now - lastCheckpoint >= CHECKPOINT_EVERY_MS) {
            lastCheckpoint = now;
            this.post({ id: run.id, type: Reply.CHECKPOINT, payload: { json: s.exportJson() } });
          }
          return false;
        },
      });
      if (ended === 'abandoned') {
        // New data or settings replaced this run's model: leave that alone, end the request.
        if (run.id > 0) {
          this.post({ id: run.id, type: Reply.ERROR,
            payload: { message: 'training ended: new data or settings replaced the model', where: run.mode, fatal: false } });
        }
        return;
      }
      if (ended === 'stopped') {
        s.stop();
        if (run.last && !run.last.done) run.last = { ...run.last, done: true, stop_reason: 'stopped' };
      }
      /** @type {any} */
      let metrics;
      /** @type {ReturnType<Engine['predictions']>} */
      let predictions;
      try {
        metrics = plain(s.evaluate());
        predictions = this.predictions();
      } catch (err) {
        // A diverged run keeps the last good step's weights; at a huge learning rate they are
        // finite but make the outputs overflow, and evaluating them fails. Say both, in one message.
        const note = run.last?.stop_reason === 'diverged' ? run.last.message : null;
        if (!note) throw err;
        throw new Error(`${note}; evaluating those weights failed: ${err instanceof Error ? err.message : String(err)}`);
      }
      this.post({ id: run.id, type: Reply.CHECKPOINT, payload: { json: s.exportJson() } });
      const result = { progress: run.last, metrics, predictions, history: run.history.splice(0) };
      this.post({ id: run.id, type: Reply.RESULT, payload: result }, ownBuffers(result));
    } catch (err) {
      this.post({ id: run.id, type: Reply.ERROR, payload: errorPayload(err, run.mode, this.wasm.memoryBytes?.()) });
    } finally {
      if (this.run === run) this.run = null;
    }
  }

  /**
   * The session's one-step predictions; for a long series with their drawn form by split
   * (`drawn`, www/decimate.js), so the page redraws them without a pass over every row.
   * @returns {RnnWasm.Predictions & {drawn?: ReturnType<typeof drawnSplits>}}
   */
  predictions() {
    /** @type {RnnWasm.Predictions & {drawn?: ReturnType<typeof drawnSplits>}} */
    const preds = this.session.predictions();
    if (this.rows > DRAWN_IN_WORKER_ABOVE) {
      preds.drawn = drawnSplits(preds, this.rows);
      this.kept.preds = { target_index: preds.target_index.slice(), predicted: preds.predicted.slice(), split: preds.split.slice() };
    }
    return preds;
  }

  /**
   * Sends a progress reply for `run` (with the epoch ends not sent yet, and optionally predictions).
   * @param {Run} run
   * @param {RnnWasm.Progress|null} progress
   * @param {boolean} withPredictions
   */
  sendProgress(run, progress, withPredictions) {
    if (!progress) return;
    /** @type {{progress: RnnWasm.Progress, paused: boolean, history: Run['history'], predictions?: RnnWasm.Predictions}} */
    const payload = { progress, paused: run.paused, history: run.history.splice(0) };
    if (withPredictions) {
      try {
        payload.predictions = this.predictions();
      } catch {
        // Weights growing towards divergence can make the forecast overflow before the loss
        // does: the progress goes without predictions and training goes on to say what happened.
      }
    }
    this.post({ id: run.id, type: Reply.PROGRESS, payload }, ownBuffers(payload));
  }
}

/**
 * Deep copy of a wasm result with every `Map` (serde-wasm-bindgen's default
 * for Rust maps) turned into a plain object, so the page sees one shape.
 * Typed arrays and other values pass through.
 * @param {unknown} v
 * @returns {any}
 */
export function plain(v) {
  if (v instanceof Map) {
    /** @type {Record<string, unknown>} */
    const o = {};
    for (const [k, x] of v) o[String(k)] = plain(x);
    return o;
  }
  if (Array.isArray(v)) return v.map(plain);
  if (v && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
    const from = /** @type {Record<string, unknown>} */ (v);
    /** @type {Record<string, unknown>} */
    const o = {};
    for (const k of Object.keys(from)) o[k] = plain(from[k]);
    return o;
  }
  return v;
}

/**
 * A DataSummary whose long date column travels packed (`dates: null`, `dates_packed`:
 * www/packed-dates.js; www/worker-client.js gives the page `dates` back as a view).
 * @param {unknown} summary
 * @returns {any}
 */
export function packSummaryDates(summary) {
  const out = plain(summary);
  if (Array.isArray(out?.dates) && out.dates.length > PACK_DATES_ABOVE) {
    out.dates_packed = packDates(out.dates);
    out.dates = null;
  }
  return out;
}

/** A metrics array of numbers longer than this crosses to the page as a Float64Array (`packLongMetrics`). */
export const PACK_METRICS_ABOVE = 10_000;

/**
 * Turns the long arrays of numbers in `metrics` (in place) into Float64Arrays: at 1,000,000 rows
 * the recursive test forecast and its errors (`test_recursive`, `test_recursive_abs_error`) hold
 * 150,000 numbers each, which as arrays cost the page tens of ms to receive and the autosave as
 * much to store; a typed array is transferred and stored as one copy of its bytes. Short arrays
 * stay arrays, so a short series' metrics look as before.
 * @param {unknown} metrics
 * @returns {boolean} whether anything was packed
 */
export function packLongMetrics(metrics) {
  if (!metrics || typeof metrics !== 'object') return false;
  const m = /** @type {Record<string, unknown>} */ (metrics);
  let packed = false;
  for (const [key, v] of Object.entries(m)) {
    if (Array.isArray(v) && v.length > PACK_METRICS_ABOVE && v.every((x) => typeof x === 'number')) {
      m[key] = Float64Array.from(v);
      packed = true;
    }
  }
  return packed;
}

/**
 * The buffers of the typed arrays in `payload` and up to four levels below it (a DataSummary's
 * `values`, a result's `predictions` and their `drawn.splits`, an export's `bytes`), to transfer instead of copy:
 * a 1,000,000-row series then crosses to the page without a structured clone. Only a
 * typed array that owns its whole buffer is taken (the wasm-bindgen results do: they are
 * copies out of the wasm memory), never a view into a larger buffer such as the memory.
 * @param {unknown} payload
 * @returns {ArrayBuffer[]}
 */
export function ownBuffers(payload) {
  /** @type {Set<ArrayBuffer>} */
  const found = new Set();
  /** @param {unknown} v */
  const take = (v) => {
    if (ArrayBuffer.isView(v) && v.buffer instanceof ArrayBuffer && v.byteOffset === 0 && v.byteLength === v.buffer.byteLength) {
      found.add(v.buffer);
    }
  };
  /** @param {unknown} v @param {number} depth */
  const walk = (v, depth) => {
    take(v);
    if (depth > 0 && v && typeof v === 'object' && !ArrayBuffer.isView(v) && !(v instanceof Blob)) {
      for (const w of Object.values(v)) walk(w, depth - 1);
    }
  };
  walk(payload, 4);
  return [...found];
}

/**
 * The loss-chart fields of one progress report.
 * @param {RnnWasm.Progress} p
 */
function lossPoint(p) {
  return { epoch: p.epoch, batch: p.batch, batches_per_epoch: p.batches_per_epoch, train_loss: p.train_loss, val_loss: p.val_loss };
}

/**
 * Turns anything thrown (a JS Error from wasm-bindgen, a string, a trap) into
 * the error payload `{message, where, fatal}`. A WebAssembly trap (panic,
 * out of memory) is fatal: the wasm instance cannot be trusted afterwards. Its
 * message says so, and says "out of memory" when the trap came with the wasm
 * memory grown to within 256 MiB of its 4 GiB limit (a failed allocation
 * aborts with the same `unreachable` trap as a panic).
 * @param {unknown} err
 * @param {string} where  the request type (or stage) that failed
 * @param {number} [memoryBytes]  the size of the wasm memory now, when known
 * @returns {import('./protocol.js').ErrorPayload}
 */
export function errorPayload(err, where, memoryBytes = 0) {
  const fatal = typeof WebAssembly !== 'undefined' && err instanceof WebAssembly.RuntimeError;
  let message;
  if (err instanceof Error) message = err.message;
  else if (typeof err === 'string') message = err;
  else message = String(err);
  if (fatal) {
    const mb = Math.round(memoryBytes / 1048576);
    message = memoryBytes >= OUT_OF_MEMORY_BYTES
      ? `out of memory in ${where}: the WebAssembly memory reached its limit (${mb} MB) and an allocation failed (${message})`
      : `the WebAssembly module stopped in ${where} (${message}${mb ? `; memory ${mb} MB` : ''})`;
  }
  return { message, where, fatal };
}

/** A trap with the wasm memory at least this large is reported as out of memory (4 GiB − 256 MiB). */
const OUT_OF_MEMORY_BYTES = 4 * 1024 ** 3 - 256 * 1024 ** 2;

/** Marker: the request answers later (or never, for `crash`). */
const NO_REPLY = Symbol('no-reply');
