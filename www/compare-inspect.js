/**
 * The inspections of `<rnn-compare>`'s runs: `inspectRuns` asks every run's
 * worker about the same window, and while training an `InspectRefresher`
 * asks again at most every INSPECT_EVERY_MS, one round at a time, for the
 * gradient-flow chart.
 */
import { Request } from './protocol.js';
import { unpackInspection } from './inspection.js';
import { INSPECT_EVERY_MS } from './compare-pacing.js';

/** @typedef {import('./inspection.js').Inspection} Inspection */
/** @typedef {Pick<import('./worker-client.js').WorkerClient, 'call'>} Caller */

/**
 * One inspection per run, in the order of the runs, all of the same window.
 * @param {Caller[]} workers
 * @param {import('./protocol.js').InspectRequest} [options]  the window (default: the test split's last)
 * @returns {Promise<Inspection[]>}
 */
export function inspectRuns(workers, { split = 'test', index = -1 } = {}) {
  return Promise.all(workers.map(async (w) => unpackInspection(await w.call(Request.INSPECT, { split, index }))));
}

/** Asks for the inspections again and again while a comparison trains. */
export class InspectRefresher {
  /**
   * @param {() => Promise<Inspection[]>} ask   one round of inspections
   * @param {(list: Inspection[]) => void} show  takes a round's answers
   * @param {{everyMs?: number, later?: (fn: () => void, ms: number) => unknown, cancel?: (timer: unknown) => void}} [options]
   */
  constructor(ask, show, options = {}) {
    this.ask = ask;
    this.show = show;
    this.everyMs = options.everyMs ?? INSPECT_EVERY_MS;
    this.later = options.later ?? ((fn, ms) => setTimeout(fn, ms));
    this.cancel = options.cancel ?? ((t) => clearTimeout(/** @type {number} */ (t)));
    this.on = false;
    /** @type {unknown} the timer of the next round */
    this.timer = null;
    /** A round is in flight. */
    this.busy = false;
    /** Rounds that failed (a run ending under the request, say): counted, not shown. */
    this.failures = 0;
  }

  /** Starts the rounds (the first one after `everyMs`). */
  start() {
    if (this.on) return;
    this.on = true;
    this.queue();
  }

  /** Stops asking; a round in flight is still shown. */
  stop() {
    this.on = false;
    if (this.timer !== null) this.cancel(this.timer);
    this.timer = null;
  }

  /** Queues the next round. */
  queue() {
    if (!this.on || this.busy || this.timer !== null) return;
    this.timer = this.later(() => {
      this.timer = null;
      this.round();
    }, this.everyMs);
  }

  /** One round: ask, show, then queue the next. */
  async round() {
    if (!this.on || this.busy) return;
    this.busy = true;
    try {
      this.show(await this.ask());
    } catch {
      this.failures++;
    } finally {
      this.busy = false;
      this.queue();
    }
  }
}
