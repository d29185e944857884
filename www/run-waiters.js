/**
 * The callers of `train()` waiting for the run to end. Every caller waiting
 * when the run ends gets its metrics (or its error), however many there are.
 */
export class RunWaiters {
  constructor() {
    /** @type {{resolve: (metrics: any) => void, reject: (err: Error) => void}[]} */
    this.waiting = [];
  }

  /**
   * A promise of the metrics of the run that ends next.
   * @returns {Promise<any>}
   */
  wait() {
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }

  /**
   * Ends every wait: with `err` when given (anything thrown; not an Error, it becomes one), else with `metrics`.
   * @param {any} metrics
   * @param {unknown} [err]
   */
  settle(metrics, err = null) {
    const error = err == null ? null : err instanceof Error ? err : new Error(String(err));
    for (const w of this.waiting.splice(0)) (error ? w.reject(error) : w.resolve(metrics));
  }

  /** How many callers wait. */
  get size() {
    return this.waiting.length;
  }
}
