/**
 * The worker protocol: one file, with types.
 *
 * The page sends requests `{id, type, payload}`; the worker answers with
 * replies that echo the id: any number of `progress` (throttled) and
 * `checkpoint` messages, then exactly one `result` or `error`. The worker also
 * sends one unsolicited `ready` (id 0) after the wasm module is loaded.
 * The page drops replies to requests it no longer waits for.
 */

/**
 * @typedef {'info'|'load-data'|'configure'|'train'|'pause'|'resume'|'step'|'stop'|'reset'
 *   |'evaluate'|'predictions'|'forecast'|'export'|'import'|'freeze'|'crash'} RequestType
 *
 * Payloads, by request type:
 * - `info`:      `{}` → result `{backend, datasets}`
 * - `load-data`: `{kind:'dataset', name, options:{symbol?, seed?, column?}}` or
 *                `{kind:'csv', text, options:{column?, missing?}}` → result DataSummary
 *                (the worker fetches a real dataset's CSV file when the wasm build does not
 *                embed it; `load-data`, `configure`, `reset` and `import` apply in arrival order)
 * - `configure`: `{config}` (shared vocabulary) → result ConfigSummary
 * - `train`:     `{}` trains until done/stopped → progress…, result `{progress, metrics, predictions}`
 * - `step`:      `{}` trains one epoch, then pauses → result `{progress, predictions}`
 * - `pause` / `resume` / `stop`: `{}` → result `{state}` (`stop` ends the running `train`)
 * - `reset`:     `{}` a fresh seeded model with the last config → result ConfigSummary
 * - `evaluate`:  `{}` → result Metrics
 * - `predictions`: `{}` → result Predictions
 * - `forecast`:  `{steps}` → result Float32Array
 * - `export`:    `{format:'json'|'safetensors'}` → result `{format, bytes: Uint8Array}`
 * - `import`:    `{bytes: Uint8Array}` → result `{config, params}`
 * - `freeze`:    `{spec:'none'|'recurrent'|'first:K'}` → result `{spec}`
 * - `crash`:     `{}` test hook: the worker throws from its event loop (used to test restart)
 */

/**
 * @typedef {object} Request
 * @property {number} id        positive, unique per client
 * @property {RequestType} type
 * @property {any} payload
 */

/**
 * @typedef {'ready'|'progress'|'checkpoint'|'result'|'error'} ReplyType
 * @typedef {object} Reply
 * @property {number} id          the request's id (0 for `ready`)
 * @property {ReplyType} type
 * @property {any} payload        `progress`: {progress, predictions?}; `checkpoint`: {json};
 *                                `error`: {message, where, fatal}
 */

/** Progress messages per second, at most. */
export const MAX_PROGRESS_PER_SECOND = 20;

/** Time budget of one training chunk in the worker, in ms (keeps pause/stop responsive). */
export const CHUNK_BUDGET_MS = 40;

/** How often the worker attaches current one-step predictions to a progress message, in ms. */
export const PREDICTIONS_EVERY_MS = 1000;

/** How often the worker sends a checkpoint (the model file) while training, in ms. */
export const CHECKPOINT_EVERY_MS = 5000;

/**
 * A rate limiter: `ready(now)` is true at most `perSecond` times a second.
 * @param {number} perSecond
 */
export function makeThrottle(perSecond = MAX_PROGRESS_PER_SECOND) {
  const gap = 1000 / perSecond;
  let last = -Infinity;
  return {
    /** True when a message may be sent at time `now` (ms); records the send. */
    ready(now) {
      if (now - last < gap) return false;
      last = now;
      return true;
    },
    /** Forgets the last send, so the next `ready` is true (for final messages). */
    reset() {
      last = -Infinity;
    },
  };
}

/**
 * The next training chunk size, aiming at `CHUNK_BUDGET_MS` per chunk.
 * @param {number} batches   size of the chunk just run
 * @param {number} elapsedMs how long it took
 */
export function nextChunkSize(batches, elapsedMs, budgetMs = CHUNK_BUDGET_MS) {
  if (!(elapsedMs > 0)) return Math.min(batches * 2, 4096);
  const ideal = Math.floor((batches * budgetMs) / elapsedMs);
  return Math.max(1, Math.min(ideal, batches * 2, 4096));
}

/**
 * The page's side of the protocol: numbers requests, routes replies to the
 * request that is still waiting and drops stale ones.
 */
export class RequestClient {
  /** @param {(req: Request, transfer?: Transferable[]) => void} send */
  constructor(send) {
    this.send = send;
    this.nextId = 1;
    /** @type {Map<number, {resolve, reject, onProgress, onCheckpoint, type}>} */
    this.pending = new Map();
    /** Replies dropped because nobody waited for them any more (for tests and diagnostics). */
    this.dropped = 0;
  }

  /**
   * Sends a request and returns the promise of its result.
   * @param {RequestType} type
   * @param {any} [payload]
   * @param {{onProgress?: (p:any)=>void, onCheckpoint?: (c:any)=>void, transfer?: Transferable[]}} [hooks]
   * @returns {{id: number, promise: Promise<any>}}
   */
  request(type, payload = {}, hooks = {}) {
    const id = this.nextId++;
    const promise = new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, type, onProgress: hooks.onProgress, onCheckpoint: hooks.onCheckpoint });
    });
    this.send({ id, type, payload }, hooks.transfer);
    return { id, promise };
  }

  /** Stops waiting for request `id`: its later replies are dropped, its promise rejects. */
  abandon(id, reason = 'abandoned') {
    const p = this.pending.get(id);
    if (!p) return;
    this.pending.delete(id);
    p.reject(Object.assign(new Error(reason), { abandoned: true }));
  }

  /** Rejects every waiting request (the worker died). */
  failAll(message) {
    for (const id of [...this.pending.keys()]) {
      const p = this.pending.get(id);
      this.pending.delete(id);
      p.reject(Object.assign(new Error(message), { fatal: true }));
    }
  }

  /**
   * Routes one reply. Returns false when it was dropped as stale.
   * @param {Reply} reply
   */
  handle(reply) {
    const p = this.pending.get(reply.id);
    if (!p) {
      this.dropped++;
      return false;
    }
    switch (reply.type) {
      case 'progress':
        p.onProgress?.(reply.payload);
        break;
      case 'checkpoint':
        p.onCheckpoint?.(reply.payload);
        break;
      case 'result':
        this.pending.delete(reply.id);
        p.resolve(reply.payload);
        break;
      case 'error': {
        this.pending.delete(reply.id);
        const e = new Error(reply.payload?.message ?? 'unknown error');
        e.where = reply.payload?.where;
        e.fatal = !!reply.payload?.fatal;
        p.reject(e);
        break;
      }
      default:
        this.dropped++;
        return false;
    }
    return true;
  }
}

/**
 * Turns anything thrown (a JS Error from wasm-bindgen, a string, a trap) into
 * the error payload `{message, where, fatal}`. A WebAssembly trap (panic,
 * out of memory) is fatal: the wasm instance cannot be trusted afterwards.
 * @param {unknown} err
 * @param {string} where  the request type that failed
 */
export function errorPayload(err, where) {
  const fatal = typeof WebAssembly !== 'undefined' && err instanceof WebAssembly.RuntimeError;
  let message;
  if (err instanceof Error) message = err.message;
  else if (typeof err === 'string') message = err;
  else message = String(err);
  return { message, where, fatal };
}
