/**
 * How often the "Inside the network" panel asks the worker for an inspection
 * while training: at most one request in flight, runs at least `minInterval`
 * ms apart, and every call of `request()` is followed by a run that starts
 * after it (requests that arrive meanwhile are coalesced into one). So the
 * panel always ends up showing the newest weights, e.g. after an epoch's end
 * or a stop, without queueing work behind a busy worker.
 */

/** Least time between the starts of two inspections while training, ms. */
export const INSPECT_EVERY_MS = 500;

/**
 * @typedef {object} PacerClock
 * @property {() => number} now                                        ms
 * @property {(fn: () => void, ms: number) => unknown} setTimer
 * @property {(handle: unknown) => void} clearTimer
 */

/** The browser's clock and timers. @type {PacerClock} */
const REAL_CLOCK = {
  now: () => performance.now(),
  setTimer: (fn, ms) => setTimeout(fn, ms),
  clearTimer: (h) => clearTimeout(/** @type {ReturnType<typeof setTimeout>} */ (h)),
};

/** Runs an async job when asked, throttled as the module describes. */
export class InspectPacer {
  /**
   * @param {() => Promise<unknown>} run   the job (one inspection and drawing it); its failures are its own to report
   * @param {{minInterval?: number, clock?: PacerClock}} [options]
   */
  constructor(run, { minInterval = INSPECT_EVERY_MS, clock = REAL_CLOCK } = {}) {
    this.run = run;
    this.minInterval = minInterval;
    this.clock = clock;
    /** A job is running. */
    this.inFlight = false;
    /** A request came after the running job started (or while a timer waits). */
    this.pending = false;
    /** @type {unknown} the timer of the next start, if one waits */
    this.timer = null;
    /** Start of the last job, ms (−Infinity before the first). */
    this.lastStart = -Infinity;
    /** Jobs started so far (for tests and the page's status). */
    this.started = 0;
  }

  /** Asks for a run that starts after this call. */
  request() {
    this.pending = true;
    this.schedule();
  }

  /** Forgets a pending request (the panel was closed or the model went away). */
  cancel() {
    this.pending = false;
    if (this.timer !== null) this.clock.clearTimer(this.timer);
    this.timer = null;
  }

  /** Starts the job now, or sets a timer for when the interval has passed. */
  schedule() {
    if (!this.pending || this.inFlight || this.timer !== null) return;
    const wait = this.lastStart + this.minInterval - this.clock.now();
    if (wait > 0) {
      this.timer = this.clock.setTimer(() => {
        this.timer = null;
        this.schedule();
      }, wait);
      return;
    }
    this.pending = false;
    this.inFlight = true;
    this.lastStart = this.clock.now();
    this.started++;
    const done = () => {
      this.inFlight = false;
      this.schedule();
    };
    let job;
    try {
      job = this.run();
    } catch {
      job = Promise.resolve();
    }
    Promise.resolve(job).then(done, done);
  }
}
