/**
 * How `<rnn-compare>` keeps the main thread free while several workers
 * report at once: updates only mark a part of the view as out of date, and a
 * pacer draws the marked parts at most every RENDER_EVERY_MS, each part in a
 * task of its own, so no single task pays for every chart.
 */

/** The shortest time between two rounds of drawing, in ms. */
export const RENDER_EVERY_MS = 500;

/** The shortest time between two gradient-flow refreshes while training, in ms. */
export const INSPECT_EVERY_MS = 1500;

/**
 * Draws marked parts of a view, coalesced and paced.
 */
export class Pacer {
  /**
   * @param {Record<string, () => void>} parts  how each part is drawn
   * @param {{everyMs?: number, now?: () => number, later?: (fn: () => void, ms: number) => unknown}} [options]
   *   the pace, the clock and how a task is queued (tests replace them)
   */
  constructor(parts, options = {}) {
    this.parts = parts;
    this.everyMs = options.everyMs ?? RENDER_EVERY_MS;
    this.now = options.now ?? (() => performance.now());
    this.later = options.later ?? ((fn, ms) => setTimeout(fn, ms));
    /** @type {Set<string>} parts to draw in the next round */
    this.dirty = new Set();
    /** A round is queued or under way. */
    this.busy = false;
    /** When the last round started. */
    this.last = -Infinity;
    /** Set by `cancel`: nothing is drawn any more. */
    this.cancelled = false;
  }

  /**
   * Marks a part out of date; it is drawn in the next round.
   * @param {string} part  a key of `parts`
   */
  mark(part) {
    if (!(part in this.parts)) throw new Error(`Pacer: no part named ${part}`);
    this.dirty.add(part);
    if (!this.busy) this.queue();
  }

  /** Queues the next round, no sooner than `everyMs` after the last one began. */
  queue() {
    if (this.cancelled) return;
    this.busy = true;
    this.later(() => this.round(), Math.max(0, this.last + this.everyMs - this.now()));
  }

  /** Draws the parts marked now, one per task; parts marked meanwhile wait for the next round. */
  round() {
    if (this.cancelled) return;
    this.last = this.now();
    const todo = [...this.dirty];
    this.dirty.clear();
    const next = () => {
      if (this.cancelled) return;
      const part = todo.shift();
      if (part === undefined) {
        this.busy = false;
        if (this.dirty.size) this.queue();
        return;
      }
      try {
        this.parts[part]();
      } finally {
        this.later(next, 0); // a part that throws must not stop the others
      }
    };
    next();
  }

  /** Stops drawing for good (the element left the page). */
  cancel() {
    this.cancelled = true;
    this.dirty.clear();
  }
}
