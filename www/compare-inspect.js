/**
 * The inspections of `<rnn-compare>`'s runs: `inspectRuns` asks every run's
 * worker about the same window, and for the gradient-flow chart an
 * `InspectRefresher` asks `inspectFlows` again at most every
 * INSPECT_EVERY_MS while the runs train, one round at a time.
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

/**
 * The gradient flow of one packed inspection, without unpacking its gates:
 * `grad_h_norm` as one view per state onto the transferred array.
 * @param {import('./protocol.js').PackedInspection} packed
 * @returns {import('./charts/compare-gradient-chart.js').GradientFlow & {epoch: number}}
 */
export function flowOf(packed) {
  const [states, steps] = packed.shape;
  if (packed.grad_h_norm?.length !== states * steps) {
    throw new Error(`inspection: grad_h_norm has ${packed.grad_h_norm?.length ?? 'no'} values, expected ${states * steps}`);
  }
  const grad = Array.from({ length: states }, (_, k) => packed.grad_h_norm.subarray(k * steps, (k + 1) * steps));
  return { layers: packed.layers, directions: packed.directions, grad_h_norm: grad, epoch: packed.epoch };
}

/**
 * Every run's gradient flow for the test split's last window (what the chart
 * shows while training: the main thread skips the gates it does not draw).
 * @param {Caller[]} workers
 */
export function inspectFlows(workers) {
  return Promise.all(workers.map(async (w) => flowOf(await w.call(Request.INSPECT, { split: 'test', index: -1 }))));
}

/**
 * Asks for the inspections again and again while a comparison trains.
 * @template T
 */
export class InspectRefresher {
  /**
   * @param {() => Promise<T[]>} ask   one round of inspections
   * @param {(list: T[]) => void} show  takes a round's answers
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
    if (!this.on || this.timer !== null) return;
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
