/**
 * What `<rnn-compare>` makes of its runs' answers, as pure functions: the
 * object `train()` resolves with, the message when runs failed, and the rows
 * of the one metrics table (every run beside persistence, with its wall time).
 */
import { metricRows } from './metrics-table.js';

/** @typedef {import('./compare-runs.js').RunSpec} RunSpec */

/**
 * What one run's worker answered to `train`, and how long it took.
 * @typedef {object} RunOutcome
 * @property {Record<string, any>} metrics   same keys as the CLI's metrics file
 * @property {number} wall_s                 seconds from the request to its result, on the page's clock
 * @property {import('./protocol.js').Progress|null} progress  the last progress report
 */

/**
 * One run in the result of `train()`.
 * @typedef {object} RunEntry
 * @property {string} cell
 * @property {string} label
 * @property {Record<string, any>|null} metrics  null when the run failed
 * @property {number|null} wall_s
 * @property {string|null} stop_reason          'epochs' | 'early_stopping' | 'diverged' | 'stopped', or null
 * @property {string|null} error                why the run failed, or null
 */

/**
 * The result of `train()`: one entry per run, in the order of `cells`.
 * @param {RunSpec[]} runs
 * @param {PromiseSettledResult<RunOutcome>[]} settled  each run's outcome, same order
 * @returns {{runs: RunEntry[]}}
 */
export function assembleResult(runs, settled) {
  return {
    runs: runs.map((run, i) => {
      const s = settled[i];
      if (!s || s.status === 'rejected') {
        return { cell: run.cell, label: run.label, metrics: null, wall_s: null, stop_reason: null, error: reason(s) };
      }
      const { metrics, wall_s: wall, progress } = s.value;
      return { cell: run.cell, label: run.label, metrics, wall_s: wall, stop_reason: progress?.stop_reason ?? null, error: null };
    }),
  };
}

/**
 * Why a settled run failed (its error's message).
 * @param {PromiseSettledResult<unknown>|undefined} s
 */
function reason(s) {
  if (!s) return 'the run did not start';
  if (s.status === 'fulfilled') return null;
  const e = s.reason;
  return e && typeof e === 'object' && typeof e.message === 'string' ? e.message : String(e);
}

/**
 * The message for the runs that failed, naming each by run number and label, or null.
 * @param {{runs: RunEntry[]}} result
 */
export function failureMessage(result) {
  const failed = result.runs.map((r, i) => ({ r, i })).filter(({ r }) => r.error !== null);
  if (!failed.length) return null;
  return failed.map(({ r, i }) => `run ${i + 1} (${r.label}): ${r.error}`).join('\n');
}

/**
 * One row of the comparison table.
 * @typedef {object} CompareRow
 * @property {string} name      `run-0` … for the runs, `persistence` for the baseline
 * @property {string} label
 * @property {number|null} run  the run's index, null for the baseline
 * @property {Record<string, number|null>} values  test_rmse, val_rmse
 * @property {number|null} skill   1 − RMSE / persistence RMSE on test
 * @property {number|null} epochs
 * @property {number|null} wall_s
 * @property {boolean} best     the lowest test RMSE of the runs
 */

/** The error columns of the table, by metrics key. */
export const TABLE_COLUMNS = Object.freeze([
  ['test_rmse', 'Test RMSE'], ['val_rmse', 'Val. RMSE'],
]);

/**
 * The table's rows: each run with its metrics so far (or dashes), then
 * persistence on the same test range (the runs share the data, so the first
 * run with metrics gives it).
 * @param {{label: string, metrics: Record<string, any>|null, wall_s: number|null}[]} runs
 * @returns {CompareRow[]}
 */
export function compareRows(runs) {
  /** @type {CompareRow[]} */
  const rows = [];
  /** @type {import('./metrics-table.js').MetricRow|null} */
  let persistence = null;
  for (const [i, r] of runs.entries()) {
    const table = r.metrics ? metricRows(r.metrics) : null;
    const model = table?.[0] ?? null;
    persistence ??= table?.find((row) => row.name === 'persistence') ?? null;
    /** @type {Record<string, number|null>} */
    const values = {};
    for (const [key] of TABLE_COLUMNS) values[key] = model?.values[key] ?? null;
    const epochs = r.metrics && Number.isFinite(r.metrics.epochs_run) ? r.metrics.epochs_run : null;
    rows.push({ name: `run-${i}`, label: r.label, run: i, values, skill: model?.skill ?? null, epochs, wall_s: r.wall_s, best: false });
  }
  const scored = rows.filter((row) => row.values.test_rmse !== null);
  if (scored.length > 1) {
    const best = scored.reduce((a, b) => (/** @type {number} */ (b.values.test_rmse) < /** @type {number} */ (a.values.test_rmse) ? b : a));
    best.best = true;
  }
  if (persistence) {
    /** @type {Record<string, number|null>} */
    const values = {};
    for (const [key] of TABLE_COLUMNS) values[key] = persistence.values[key] ?? null;
    rows.push({ name: 'persistence', label: 'Persistence', run: null, values, skill: persistence.skill, epochs: null, wall_s: null, best: false });
  }
  return rows;
}

/** Why a run ended, as the legend says it (the Rust `StopReason`s). */
const STOP_REASONS = /** @type {Record<string, string>} */ ({
  epochs: 'done', early_stopping: 'early stopping', diverged: 'diverged', stopped: 'stopped',
});

/**
 * A run's line in the legend: where training stands, then how it ended and its wall time.
 * @param {import('./protocol.js').Progress|null} p  the run's last progress report
 * @param {number} epochs   the epochs it was asked for
 * @param {{wall_s: number|null}} [result]
 */
export function runStatusText(p, epochs, result) {
  if (!p) return '';
  const val = p.val_loss == null ? '' : `, val. ${p.val_loss.toPrecision(3)}`;
  const where = `epoch ${p.epoch}/${epochs}: train ${p.train_loss.toPrecision(3)}${val}`;
  if (!p.done || !result || result.wall_s === null) return where;
  return `${where} · ${STOP_REASONS[p.stop_reason ?? ''] ?? 'done'} in ${result.wall_s.toFixed(1)} s`;
}
