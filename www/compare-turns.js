/**
 * How `<rnn-compare>` shares the machine's cores: at most `computing` runs
 * train at any moment, and the others wait their turn, paused in their worker
 * between two chunks. Every TURN_MS the run that has computed longest hands
 * its turn to the one that has waited longest, so every run keeps moving on
 * the charts. With one core fewer than the machine has, the page keeps a core
 * to itself: three busy workers on two cores would otherwise stretch the
 * page's own tasks past 50 ms.
 */

/** How long one run computes before the next waiting run takes its turn, in ms. */
export const TURN_MS = 400;

/**
 * How many runs may compute at once on a machine with `cores` logical cores:
 * one fewer than the cores, at least one.
 * @param {number|undefined} cores  `navigator.hardwareConcurrency` (may be missing)
 */
export function computingRuns(cores) {
  const n = Number.isInteger(cores) && /** @type {number} */ (cores) > 0 ? /** @type {number} */ (cores) : 2;
  return Math.max(1, n - 1);
}

/**
 * Turns for a set of runs. The owner says how a run is paused and resumed
 * (a request to its worker) and when a run has ended; the scheduler decides
 * who computes.
 */
export class Turns {
  /**
   * @param {object} options
   * @param {number} options.runs            how many runs take turns (0…runs−1)
   * @param {number} options.computing       how many compute at once (≥ 1)
   * @param {(run: number) => void} options.pause   asks run `run` to wait
   * @param {(run: number) => void} options.resume  lets run `run` compute again
   * @param {number} [options.turnMs]        the length of a turn
   * @param {(fn: () => void, ms: number) => unknown} [options.every]  a repeating timer (tests replace it)
   * @param {(timer: unknown) => void} [options.cancel]                 ends that timer
   */
  constructor(options) {
    this.computing = Math.max(1, options.computing);
    this.pause = options.pause;
    this.resume = options.resume;
    this.turnMs = options.turnMs ?? TURN_MS;
    this.every = options.every ?? ((fn, ms) => setInterval(fn, ms));
    this.cancel = options.cancel ?? ((timer) => clearInterval(/** @type {any} */ (timer)));
    /** @type {number[]} runs computing now, the one that started first at the front */
    this.active = [];
    /** @type {number[]} runs waiting, the one that has waited longest at the front */
    this.waiting = [];
    for (let run = 0; run < options.runs; run++) (run < this.computing ? this.active : this.waiting).push(run);
    /** @type {unknown} the rotation timer while there is someone to rotate */
    this.timer = null;
  }

  /**
   * Call right after every run has been asked to train: the runs past the
   * first `computing` are paused, and the rotation starts if anyone waits.
   */
  start() {
    for (const run of this.waiting) this.pause(run);
    if (this.waiting.length && this.timer === null) this.timer = this.every(() => this.rotate(), this.turnMs);
  }

  /** One turn: the longest-computing run waits, the longest-waiting run computes. */
  rotate() {
    if (!this.waiting.length || !this.active.length) return;
    const done = /** @type {number} */ (this.active.shift());
    const next = /** @type {number} */ (this.waiting.shift());
    this.pause(done); // asked first, so at most `computing` runs compute once both requests are handled
    this.resume(next);
    this.active.push(next);
    this.waiting.push(done);
  }

  /**
   * Run `run` has ended (done, stopped or failed): it leaves the rotation,
   * and if it was computing, the longest-waiting run takes its place.
   * @param {number} run
   */
  ended(run) {
    const wasActive = this.active.includes(run);
    this.active = this.active.filter((r) => r !== run);
    this.waiting = this.waiting.filter((r) => r !== run);
    if (wasActive && this.waiting.length) {
      const next = /** @type {number} */ (this.waiting.shift());
      this.resume(next);
      this.active.push(next);
    }
    if (!this.waiting.length) this.stop();
  }

  /** Ends the rotation (the runs keep whatever state they are in). */
  stop() {
    if (this.timer !== null) this.cancel(this.timer);
    this.timer = null;
  }

  /** The runs computing now, in order (for tests and the status line). */
  computingNow() {
    return [...this.active].sort((a, b) => a - b);
  }
}
