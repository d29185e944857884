/**
 * The page's side of the worker protocol (www/protocol.js): numbers requests,
 * routes each reply to the request still waiting for it and drops stale ones.
 */
import { Reply } from './protocol.js';

/** @typedef {import('./protocol.js').RequestType} RequestType */
/** @typedef {import('./protocol.js').RequestMessage} RequestMessage */
/** @typedef {import('./protocol.js').ReplyMessage} ReplyMessage */

/**
 * What the caller of a request hears besides its result.
 * @typedef {object} RequestHooks
 * @property {(payload: any) => void} [onProgress]    each `progress` reply
 * @property {(payload: {json: string}) => void} [onCheckpoint]  each `checkpoint` reply
 * @property {Transferable[]} [transfer]               buffers to move with the request
 */

/**
 * An error from the worker (or from losing it): `where` names the failed
 * request, `fatal` says the worker is gone.
 * @typedef {Error & {where?: string, fatal?: boolean}} WorkerError
 */

/**
 * A request that waits for its last reply.
 * @typedef {object} Pending
 * @property {(value: any) => void} resolve
 * @property {(err: WorkerError) => void} reject
 * @property {RequestType} type
 * @property {RequestHooks['onProgress']} onProgress
 * @property {RequestHooks['onCheckpoint']} onCheckpoint
 */

/**
 * An Error carrying the protocol's flags.
 * @param {string} message
 * @param {{where?: string, fatal?: boolean}} flags
 * @returns {WorkerError}
 */
export function workerError(message, flags) {
  return Object.assign(new Error(message), flags);
}

/**
 * The message of anything thrown (an Error's, or the value as text).
 * @param {unknown} err
 */
export function errorMessage(err) {
  const m = err && typeof err === 'object' ? /** @type {{message?: unknown}} */ (err).message : undefined;
  return typeof m === 'string' ? m : String(err);
}

/** Numbers requests and routes the worker's replies to them. */
export class RequestClient {
  /** @param {(req: RequestMessage, transfer?: Transferable[]) => void} send */
  constructor(send) {
    this.send = send;
    this.nextId = 1;
    /** @type {Map<number, Pending>} */
    this.pending = new Map();
    /** Replies dropped because nobody waited for them any more (for tests and diagnostics). */
    this.dropped = 0;
  }

  /**
   * Sends a request and returns its id and the promise of its result.
   * @param {RequestType} type
   * @param {any} [payload]
   * @param {RequestHooks} [hooks]
   * @returns {{id: number, promise: Promise<any>}}
   */
  request(type, payload = {}, hooks = {}) {
    const id = this.nextId++;
    /** @type {Promise<any>} */
    const promise = new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, type, onProgress: hooks.onProgress, onCheckpoint: hooks.onCheckpoint });
    });
    this.send({ id, type, payload }, hooks.transfer);
    return { id, promise };
  }

  /**
   * Rejects every waiting request as fatal (the worker died).
   * @param {string} message
   */
  failAll(message) {
    for (const [id, p] of [...this.pending]) {
      this.pending.delete(id);
      p.reject(workerError(message, { fatal: true }));
    }
  }

  /**
   * Routes one reply. Returns false when it was dropped (stale, or of no known type).
   * @param {ReplyMessage} reply
   */
  handle(reply) {
    const p = this.pending.get(reply?.id);
    if (!p) {
      this.dropped++;
      return false;
    }
    switch (reply.type) {
      case Reply.PROGRESS:
        p.onProgress?.(reply.payload);
        break;
      case Reply.CHECKPOINT:
        p.onCheckpoint?.(reply.payload);
        break;
      case Reply.RESULT:
        this.pending.delete(reply.id);
        p.resolve(reply.payload);
        break;
      case Reply.ERROR:
        this.pending.delete(reply.id);
        p.reject(workerError(reply.payload?.message ?? 'unknown error',
          { where: reply.payload?.where, fatal: !!reply.payload?.fatal }));
        break;
      default:
        this.dropped++;
        return false;
    }
    return true;
  }
}
