/**
 * The worker protocol's vocabulary: request and reply types, with the shapes
 * of their messages. Nothing here runs; both sides import the names from here
 * (the page: www/request-client.js, www/worker-client.js and the element; the
 * worker: www/engine.js, www/worker.js).
 *
 * The page sends requests `{id, type, payload}`; the worker answers with
 * replies that echo the id: any number of `progress` (throttled) and
 * `checkpoint` messages, then exactly one `result` or `error`. The worker also
 * sends one unsolicited `ready` (id 0) after the wasm module is loaded, or an
 * `error` with id 0 when it cannot load it. The page drops replies to requests
 * it no longer waits for.
 */
import { TextRequest } from './protocol-text.js';

/**
 * Request types, by name. Payloads and results:
 * - `INFO` `info`: `{}` → `{backend, datasets}`
 * - `LOAD_DATA` `load-data`: {@link DataSource} → DataSummary (the worker fetches a real
 *   dataset's CSV file when the wasm build does not embed it; `load-data`, `configure`,
 *   `reset` and `import` apply in arrival order). Over 10,000 dates travel as `dates: null`
 *   and `dates_packed` (www/packed-dates.js), which `WorkerClient.request` turns back into `dates`
 * - `CONFIGURE` `configure`: `{config}` (shared vocabulary) → ConfigSummary
 * - `TRAIN` `train`: `{}` trains until done or stopped → progress…, then {@link RunResult}
 * - `STEP` `step`: `{}` trains one epoch, then pauses → `{progress, predictions, paused: true}`
 * - `PAUSE` / `RESUME` / `STOP`: `{}` → `{state, progress?}` (`stop` ends the running `train`)
 * - `RESET` `reset`: `{}` a fresh seeded model with the last config → ConfigSummary
 * - `EVALUATE` `evaluate`: `{}` → Metrics
 * - `PREDICTIONS` `predictions`: `{}` → {@link Predictions}
 * - `FORECAST` `forecast`: `{steps}` → Float32Array
 * - `DRAWN_RANGE` `drawn-range`: `{from, to}` → DrawnRange (www/decimate.js `drawnRange`): rows
 *   `[from, to)` of a long series (over 20,000 rows) and its last predictions drawn at full detail,
 *   for a zoomed chart; arrays transferred
 * - `EXPORT` `export`: `{format: 'json'|'safetensors'}` → `{format, bytes: Uint8Array}`
 * - `IMPORT` `import`: `{bytes: Uint8Array}` → `{config, params, notes?}`
 * - `FREEZE` `freeze`: `{spec: 'none'|'recurrent'|'first:K'}` → `{spec}`
 * - `INSPECT` `inspect`: {@link InspectRequest} → {@link PackedInspection} (one window seen
 *   from inside the network; its arrays are transferred; www/inspection.js unpacks it). Answered
 *   at once, also while a run trains (between two chunks), without disturbing it
 * - `BACKTEST` `backtest`: `{}` runs the rolling-origin backtest of the configured run in chunks
 *   → progress `{backtest: {fold, folds, progress, done, planned}}`…, then the report
 *   `{planned, window, complete, folds, mean}`; `{stop: true}` ends the running one between two
 *   chunks (its report keeps the finished folds, `complete: false`) → `{state}` (www/engine-backtest.js)
 * - `CRASH` `crash`: `{kind?}` test hook: the worker throws from its event loop (to test the
 *   restart); `kind: 'trap'|'oom'` causes a real panic or allocation failure inside the wasm
 *   instead, in the test build only (src/bindings/faults.rs; the app's builds refuse)
 * - `TEXT_*` `text-…`: the text task's requests, listed in www/protocol-text.js
 */
export const Request = Object.freeze({
  INFO: 'info',
  LOAD_DATA: 'load-data',
  CONFIGURE: 'configure',
  TRAIN: 'train',
  PAUSE: 'pause',
  RESUME: 'resume',
  STEP: 'step',
  STOP: 'stop',
  RESET: 'reset',
  EVALUATE: 'evaluate',
  PREDICTIONS: 'predictions',
  FORECAST: 'forecast',
  DRAWN_RANGE: 'drawn-range',
  EXPORT: 'export',
  IMPORT: 'import',
  FREEZE: 'freeze',
  INSPECT: 'inspect',
  BACKTEST: 'backtest',
  CRASH: 'crash',
  ...TextRequest,
});

/**
 * Reply types, by name:
 * - `READY` `ready` (id 0): the wasm module is loaded → `{backend, variant, datasets}`
 * - `PROGRESS` `progress`: `{progress, paused, history, predictions?}` while training
 * - `CHECKPOINT` `checkpoint`: `{json, progress, start?}` the model file, now and then while training,
 *   with where its weights stand (`progress`: epoch, batch, loss; null before the first batch);
 *   `start: true` for the model a new run starts from (sent before the run's first batch)
 * - `RESULT` `result`: the request's result (last reply)
 * - `ERROR` `error`: {@link ErrorPayload} (last reply; id 0: the worker could not start)
 */
export const Reply = Object.freeze({
  READY: 'ready',
  PROGRESS: 'progress',
  CHECKPOINT: 'checkpoint',
  RESULT: 'result',
  ERROR: 'error',
});

/** @typedef {typeof Request[keyof typeof Request]} RequestType one of the {@link Request} values */
/** @typedef {typeof Reply[keyof typeof Reply]} ReplyType one of the {@link Reply} values */

/**
 * One request from the page to the worker.
 * @typedef {object} RequestMessage
 * @property {number} id        positive, unique per client
 * @property {RequestType} type
 * @property {any} payload      see {@link Request}; shapes differ by type
 */

/**
 * One reply from the worker to the page.
 * @typedef {object} ReplyMessage
 * @property {number} id          the request's id (0 for `ready` and a start-up `error`)
 * @property {ReplyType} type
 * @property {any} payload        see {@link Reply}; shapes differ by type
 */

/**
 * The payload of an `error` reply.
 * @typedef {object} ErrorPayload
 * @property {string} message  what went wrong, as the pipeline or the session says it
 * @property {string} where    the request type (or stage) that failed
 * @property {boolean} fatal   true when the wasm instance cannot be trusted any more (a trap)
 */

/**
 * The payload of `load-data`: a built-in dataset or CSV text.
 * @typedef {{kind: 'dataset', name: string, options: Record<string, unknown>}
 *   | {kind: 'csv', text: string, name?: string, options: Record<string, unknown>}} DataSource
 */

/**
 * One progress report of the training loop (the Rust `Progress`).
 * @typedef {object} Progress
 * @property {number} epoch              1-based epoch in progress
 * @property {number} batch              batches done in that epoch (0 or batches_per_epoch at its end)
 * @property {number} batches_per_epoch
 * @property {number} train_loss         mean training loss of the epoch so far
 * @property {number|null} val_loss      validation loss, at epoch ends
 * @property {number} samples_per_s
 * @property {boolean} [done]            the run has ended
 * @property {string|null} [stop_reason] 'epochs' | 'early_stopping' | 'diverged' | 'stopped'
 * @property {string} [message]          a note to show when the run ended (e.g. divergence)
 */

/**
 * One-step predictions over the series (the Rust `Predictions`).
 * @typedef {object} Predictions
 * @property {Int32Array} target_index   series index of each prediction
 * @property {Float32Array} predicted    the predictions, original units
 * @property {Uint8Array} split          0 train, 1 validation, 2 test
 */

/**
 * The result of a `train` request, or of the page's own evaluation after a
 * parked step is stopped.
 * @typedef {object} RunResult
 * @property {Progress|null} progress
 * @property {Record<string, any>} metrics   same keys as the CLI's metrics file
 * @property {Predictions} predictions
 * @property {Progress[]} [history]          epoch ends the throttle did not send
 */

/**
 * The payload of `inspect`: which window to look inside.
 * @typedef {object} InspectRequest
 * @property {'train'|'val'|'test'} [split]  default `'test'`
 * @property {number} [index]   the window's position in its split, in time order; negative
 *   counts from the end (default -1, the last window)
 */

/**
 * The result of `inspect` (the wasm `Session.inspect`): every array flat, per-state ones
 * `[states, window, hidden]` with `states = layers·directions` (state index
 * `layer·directions + dir`, as PyTorch), `grad_h_norm` `[states, window]`.
 * @typedef {object} PackedInspection
 * @property {string} cell                 'lstm' | 'gru' | 'rnn_tanh' | 'rnn_relu'
 * @property {number} layers
 * @property {number} directions           2 when bidirectional
 * @property {number} hidden
 * @property {number} window               input steps T
 * @property {number} horizon
 * @property {'train'|'val'|'test'} split
 * @property {number} index                resolved (non-negative) position in the split
 * @property {number} windows              windows in the split
 * @property {number} target_row           series row of the window's first target
 * @property {Float32Array} input          the series at the input steps, original scale
 * @property {Float32Array} input_scaled   what the network reads (transformed, scaled)
 * @property {Float32Array} target         actual values, original scale
 * @property {Float32Array} prediction     predicted values, original scale
 * @property {number} loss                 the training loss of this window (scaled units)
 * @property {Float32Array} grad_h_norm    ‖∂loss/∂h_t‖₂, `[states, window]`
 * @property {Float32Array} saliency       ∂ȳ/∂x_t, ȳ the mean of the horizon's outputs, `[window]`
 * @property {string[]} gate_names         the keys of `gates`, in their fixed order
 * @property {Record<string, Float32Array>} gates  `[states, window, hidden]` each
 * @property {[number, number, number]} shape      `[states, window, hidden]`
 * @property {number} epoch                training position: epoch (0 before the first batch)
 * @property {number} batch                and batches done in it
 */
